"""Texts YAML reads otherwise than the partner's line shows: for the syntax messages
(`syntax.py`), where a quoted text ends, what follows it, and the value quoted right; for
the reader (`yamlsource.py`), texts that parse but lose part of what was typed."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..errors import Issue

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


def misread_text(event: Any, at: Issue, named: str | None) -> list[Issue]:
    """The problems of a parsed text (a libyaml scalar event) that lost part of what was
    typed, as issues at `at`'s place (a key `named`, if any):
    - `title: &Export vouchers`: `&Export` is an anchor, and the text is only `vouchers`;
    - a plain text over several lines with a blank line (no `|`): YAML folds the blank line
      into one line break, and the paragraphs print as one (a warning: the text is valid)."""
    issues = []
    if event.anchor is not None:
        text = f"&{event.anchor} {event.value}".strip()
        issues.append(dataclasses.replace(
            at, message=f"a text cannot start with `&` unless it is in quotes: YAML reads "
            f"`&{event.anchor}` as an anchor, and the text would be only `{event.value}`.",
            hint="Put the text in quotes: " + (f"{named}: " if named else "") + quoted(text)))
    if (event.style in (None, "") and "\n" in event.value
            and event.end_mark.line > event.start_mark.line):
        issues.append(dataclasses.replace(
            at, message="this text runs over several lines without `|`, so YAML joins its lines "
            "and its paragraphs print as one.", severity="warning",
            hint=f"Write `{named or 'text'}: |` and the text on the lines below it, indented."))
    return issues
