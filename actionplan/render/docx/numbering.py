"""Numbered lists that show the numbers typed, on top of the template's "List Number".

The Word template defines one multi-level numbering for "List Number" (1., then a), i. for
nested levels). A markdown list shows the numbers as typed at every level, with the character
typed after them (`1.` or `1)`), so a list whose level reads otherwise gets that level
redefined in its own `w:num` (`w:lvlOverride/w:lvl`, ECMA-376 Part 1, 17.9.8).
"""

from __future__ import annotations

import copy
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def decimal_level(numbering: Any, abstract: int, level: int, delimiter: str) -> Any:
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
