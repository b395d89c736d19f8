"""Text that YAML would read as a comment: `#` right after unquoted free text.

In `title: San Sebastián stand #2 at international trade fairs`, YAML ends the value at
"stand": a `#` after a space starts a comment, and the rest of the line never reaches the
documents. A partner writing a comment writes `# ` and words (`# required`, as format.md and
the starter do); a `#` directly followed by a letter or digit (`#2`, `#InterregEurope`) is a
number or a hashtag meant as text (issue 10). Those are found here, after a value typed
without quotes on its own line, and on comment lines indented as if they continued it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_AFTER_VALUE = re.compile(r"[ \t]+#(?=[^\W_])")
_COMMENT_LINE = re.compile(r"([ \t]*)#")
_TEXT_LIKE = re.compile(r"#[^\W_]")

HINT = "Put the whole text in quotes to keep it: {quoted}."


def hidden_by_comments(lines: list[str], end: tuple[int, int], key_column: int | None
                       ) -> Iterator[tuple[int, int, str]]:
    """Where text typed as part of a value was read as a comment: (line, column of the `#`,
    the words lost), 1-based.

    `lines` are the file's lines, `end` is where the unquoted value ends (line, column after
    it), `key_column` the column of its field name (None for a list item): a comment line
    indented deeper than the name would have continued the value.
    """
    line_no, column = end
    if line_no > len(lines):
        return
    rest = lines[line_no - 1][column - 1:]
    found = _AFTER_VALUE.match(rest)
    if found:
        yield line_no, column + found.end() - 1, rest[found.end() - 1:].rstrip()
        return
    if rest.strip() or key_column is None:
        return
    for number in range(line_no + 1, len(lines) + 1):
        line = lines[number - 1]
        comment = _COMMENT_LINE.match(line)
        if not comment or len(comment.group(1)) < key_column:
            return  # not a comment line, or one that belongs to the fields around
        if _TEXT_LIKE.match(line, comment.end() - 1):
            yield number, comment.end(), line[comment.end() - 1:].rstrip()


def quoted(text: str) -> str:
    """`text` as a YAML quoted value: in double quotes, or single ones when it holds `"` or `\\`."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
