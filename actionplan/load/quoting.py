"""Reading a value's quote marks on one line of a YAML file, for the syntax messages
(`syntax.py`): where a quoted text ends, what follows it, and the value quoted right."""

from __future__ import annotations

import re

KEY = r"[A-Za-z_][\w-]*"
KEY_LINE = re.compile(rf"^( *)(- +)?({KEY}):(?: +|$)(.*)$")
"""A `key: value` line (groups: indent, list dash, key, value)."""


def strip_comment(value: str) -> str:
    return re.split(r"\s#", value, maxsplit=1)[0].rstrip()


def quoted(value: str) -> str:
    return '"' + value + '"' if '"' not in value else "'" + value.replace("'", "''") + "'"


def early_close(line: str) -> tuple[int, str] | None:
    """(column of the closing quote, what follows it) when the value on `line` is a quoted
    text that closes before the value ends: `'North's vouchers'`, `"Export" for SMEs`."""
    key = KEY_LINE.match(line)
    if not key or not key.group(4) or key.group(4)[0] not in "\"'":
        return None
    value, start = key.group(4), key.start(4)
    char = value[0]
    pattern = r'(?<!\\)"' if char == '"' else r"'(?!')"
    body = value[1:] if char == '"' else value[1:].replace("''", "\0\0")
    closed = re.search(pattern, body)
    if closed is None:
        return None
    rest = strip_comment(value[closed.end() + 1:])
    return (start + closed.end(), rest) if rest.strip() else None


def unquoted(line: str) -> str:
    """The value of `line` without the quote marks around it, if it has both."""
    value = strip_comment(KEY_LINE.match(line).group(4))  # type: ignore[union-attr]
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1]
    return value


def block_follows(lines: list[str], number: int) -> bool:
    """Whether lines indented deeper than line `number` follow it: a text block's body."""
    indent = len(lines[number]) - len(lines[number].lstrip(" "))
    for later in lines[number + 1:]:
        if later.strip():
            return len(later) - len(later.lstrip(" ")) > indent
    return False
