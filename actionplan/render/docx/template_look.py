"""What the markdown writer takes from the Word template beyond its style names.

Numbered lists show the numbers typed: the template defines one multi-level numbering for
"List Number" (1., then a), i. for nested levels); a markdown list shows numbers as typed at
every level, with the character typed after them (`1.` or `1)`), so a list whose level reads
otherwise gets that level redefined in its own `w:num` (`w:lvlOverride/w:lvl`, ECMA-376
Part 1, 17.9.8).

Pipe tables use the "Plan Table" style. Its heading row look (`w:tblStylePr firstRow`) is
conditional formatting, which LibreOffice does not apply, so the heading cells also carry the
style's fill themselves, as the template's own tables do.
"""

from __future__ import annotations

import copy
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def add_numbered_list(numbering: Any, abstract: int, level: int, start: int, delimiter: str) -> int:
    """A new `w:num` of the "List Number" numbering `abstract` for one numbered list (or for
    items whose typed numbers do not follow on): it counts from `start` at `level`, in numbers
    followed by `delimiter` ("." or ")"). `numbering` is python-docx's numbering part element."""
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=level)
    override.add_startOverride(start)
    lvl = _decimal_level(numbering, abstract, level, delimiter)
    if lvl is not None:
        override.append(lvl)
    return int(num.numId)


def _decimal_level(numbering: Any, abstract: int, level: int, delimiter: str) -> Any:
    """The template's "List Number" level as `1.`-style numbers, as a `w:lvl` for a
    `w:lvlOverride`; None when the template's level already reads so. (The template numbers
    nested levels a), i. …; a markdown list shows the numbers typed, at every level.)"""
    found = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]')
    if not found:
        return None
    text = f"%{level + 1}{delimiter}"
    fmt, shown = found[0].find(f"{W}numFmt"), found[0].find(f"{W}lvlText")
    if fmt is not None and fmt.get(f"{W}val") == "decimal" and shown is not None \
            and shown.get(f"{W}val") == text:
        return None
    lvl = copy.deepcopy(found[0])
    for old in lvl.findall(f"{W}pStyle"):  # the style keeps its own level-0 numbering
        lvl.remove(old)
    for name, value in (("numFmt", "decimal"), ("lvlText", text)):
        element = lvl.find(f"{W}{name}")
        if element is not None:
            element.set(f"{W}val", value)
    return lvl


def table_heading_fill(styles: Any, style_id: str | None) -> str | None:
    """The fill colour (hex) of the heading row of table style `style_id`, if it has one."""
    if not style_id:
        return None
    found = styles.xpath(f'w:style[@w:styleId="{style_id}"]/w:tblStylePr[@w:type="firstRow"]'
                         '/w:tcPr/w:shd/@w:fill')
    return str(found[0]) if found else None
