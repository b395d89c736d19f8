"""Line and paragraph separators (U+2028, U+2029, U+0085) inside texts.

They arrive with text pasted from PDFs, web pages and some word processors. libyaml follows
YAML 1.1 and breaks lines at them, which editors do not: a separator inside a plain value
splits it, and every message after it names a line the editor does not show. So the reader
hides them from libyaml (`hidden`, `restored`) and they reach the data as typed.

What they mean then (issue 10): in a markdown field a line break (`words.markdown` writes each
as a hard break, in both formats); in a one-line field a mistake, refused at its place
(`one_line_breaks`), since a title or a name has no room for a second line.
"""

from __future__ import annotations

import re

SEPARATORS = "\u2028\u2029\x85"
NAMES = {"\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR",
         "\x85": "U+0085 NEXT LINE"}

# Stand-ins libyaml reads as ordinary characters, each as long in UTF-8 as the separator it
# stands for (libyaml reports reader errors as byte offsets). No one types them: two are
# non-characters the reader refuses anyway, one is unassigned. A file that holds one of them
# is read unchanged.
_STAND_INS = {"\u2028": "\ufdd0", "\u2029": "\ufdd1", "\x85": "\u0378"}
_HIDE = str.maketrans(_STAND_INS)
_RESTORE = str.maketrans({v: k for k, v in _STAND_INS.items()})


def hidden(text: str) -> tuple[str, bool]:
    """`text` with each separator replaced by its stand-in, and whether any was replaced."""
    if not any(s in text for s in SEPARATORS) or any(s in text for s in _STAND_INS.values()):
        return text, False
    return text.translate(_HIDE), True


def restored(value: str) -> str:
    """A scalar's value with the separators back in place of their stand-ins."""
    return value.translate(_RESTORE)


_ANY = re.compile(f"[{SEPARATORS}]")


def first_line_break(value: str) -> tuple[int, str] | None:
    """The first separator in a one-line value: (its index in `value`, the message)."""
    found = _ANY.search(value)
    if found is None:
        return None
    return found.start(), f"a line break ({NAMES[found.group()]}) cannot stand in a one-line text."
