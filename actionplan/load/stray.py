"""Characters that break a YAML file's structure without showing: pasted no-break spaces,
full-width colons, a `-` glued to the field after it.

They look right in every editor, and libyaml reports them lines later in parser terms, or
not at all (a no-break space before `email:` makes a field named " email"). Each is named
here at its place, with its code point and Unicode name, and the line repaired so that the
search for further syntax errors can go on (`syntax.py`).
"""

from __future__ import annotations

import re
import unicodedata

_ODD_SPACE = "\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff"
_ODD_COLON = "\uff1a\ufe55\ufe13"
_KEY = r"[A-Za-z_][\w-]*"
_LEAD = re.compile(rf"^[ \t{_ODD_SPACE}]*")
_AFTER_COLON = re.compile(rf"^ *(?:- +)?{_KEY}:([{_ODD_SPACE}])")
_IN_KEY = re.compile(rf"^ *(?:- +)?{_KEY}([{_ODD_SPACE}]+):")
_WIDE_COLON = re.compile(rf"^ *(?:- +)?{_KEY} *([{_ODD_COLON}])")
_DASH_ODD = re.compile(rf"^ *-([{_ODD_SPACE}])")
_DASH_GLUED = re.compile(rf"^ *-({_KEY}):(?: |$)")
_QUICK = re.compile(rf"[{_ODD_SPACE}{_ODD_COLON}]|^ *-[A-Za-z_]", re.M)


def may_hide_errors(text: str) -> bool:
    """A quick test: could `text` hold characters that break the structure invisibly?"""
    return _QUICK.search(text) is not None


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def stray_character(line: str) -> tuple[int, str, str, str] | None:
    """An invisible or look-alike character where YAML needs a space or a colon:
    (0-based column, message, hint, the line repaired)."""
    pasted = "Type an ordinary space instead (this one often comes with text copied from a web " \
             "page, a PDF or Word)."
    lead = _LEAD.match(line)
    odd = next((n for n, c in enumerate(lead.group()) if c not in " \t"), None) if lead else None
    if odd is not None:
        char = line[odd]
        fixed = " " * len(lead.group()) + line[lead.end():]  # type: ignore[union-attr]
        return (odd, f"the indentation holds {_named(char)}, which YAML does not count as a space.",
                pasted, fixed)
    for pattern, where in ((_AFTER_COLON, "after the colon"), (_DASH_ODD, "after the `-`")):
        found = pattern.match(line)
        if found:
            start, end = found.span(1)
            return (start, f"{_named(line[start])} stands {where}; YAML needs an ordinary space "
                    "there.", pasted, line[:start] + " " + line[end:])
    found = _IN_KEY.match(line)
    if found:
        start, end = found.span(1)
        return (start, f"{_named(line[start])} stands between the field name and its colon.",
                "Delete it (it often comes with text copied from a web page, a PDF or Word).",
                line[:start] + line[end:])
    found = _WIDE_COLON.match(line)
    if found:
        start = found.start(1)
        fixed = line[:start] + ":" + (" " if line[start + 1: start + 2] != " " else "") + line[start + 1:]
        return (start, f"`{line[start]}` ({_named(line[start])}) is not a colon to YAML.",
                "Type an ordinary colon `:` (with the keyboard in Latin input mode).", fixed)
    found = _DASH_GLUED.match(line)
    if found:
        start = found.start(1)
        # The dash moves left rather than the field right: the lines below stay lined up.
        fixed = (line[: start - 2] + "- " + line[start:] if start >= 2
                 else line[: start] + " " + line[start:])
        return (start - 1, f"the `-` before `{found.group(1)}` needs a space after it to start a "
                "list item.", f"Write `- {found.group(1)}:`.", fixed)
    return None


