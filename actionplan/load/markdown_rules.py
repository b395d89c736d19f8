"""The rules of the markdown subset that `validate` checks and `words/markdown.py` renders.

Text fields are markdown, but only a documented subset of it is markup (README, "Fill it
in"); every other character is shown as typed. Three of its rules are needed both when a
plan is checked and when it is rendered, so they live here, below both:

- Lists pasted from Word, Outlook or a PDF start their lines with a mark and whatever space
  the paste put before the text: a space, a tab, no-break spaces (Outlook writes `·` and seven
  of them). A bullet (•, ▪, –, ✓, or the private-use Symbol/Wingdings bullets U+F0B7, U+F0A7 …
  that Word writes for its own bullet fonts) then starts a bullet list item, as if typed with
  `- `; so do the letters those fonts' bullets become in plain text (`o` for Word's second
  level, `§`, `Ø`, `ü`, `v`) when a tab or two spaces follow them, since `o Porto` is words.
  `-`, `1.` or `1)` before a no-break space is a list item as it is before a space. A lettered
  label (`a)`, `(c)`, `iv.`) before a tab or two spaces is no markdown list, so it stays as
  typed, but on a line of its own rather than joined to the line before (`pasted_lists`).
- A link points to a web or e-mail address. An address typed without its scheme gets one
  (`www.example.org` → `https://www.example.org`, `info@example.org` → `mailto:…`); any other
  address (a file name, `ftp://…`, `#part`) would be lost in both documents, so `validate`
  refuses it where it stands (`check_links`), and the renderer shows such a link as typed.
- A row of a pipe table has at most as many cells as the table's header: markdown-it leaves
  out the cells beyond the header's (GFM tables take their columns from the header), so
  `validate` refuses such a row at its first lost cell (`check_tables`). A row with fewer
  cells is fine: the missing ones are empty.

The markdown parser of both documents is set up here too (`markdown_parser`, `as_markdown`),
so that `validate` reads tables exactly as they are drawn. It is imported only when a text
holds a row wider than the header line above it, which a plain look at the lines finds first:
`validate` stays light (tests/test_architecture.py). Links are found with a pattern that
follows CommonMark's inline links closely enough for messages; what the renderer does not
take for a link is shown as typed either way.
"""

from __future__ import annotations

import functools
import itertools
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import Issue
from ..model.fields import Markdown
from .yamlsource import Locations, Mark, PathKey, dotted

# Bullets Word, Outlook and PDF readers put at the start of pasted list lines: the typographic
# ones, and the private-use code points of Word's Symbol (U+F0B7 •, U+F0A7 ▪) and Wingdings
# (U+F0D8 ➢, U+F076 ❖, U+F0FC ✓) bullet fonts, which no ordinary font can draw.
PASTED_BULLETS = "•◦▪▫●○■□◆◇►▸➢➤‣⁃∙⦁❖✓✔·–—\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc"
# The same fonts' bullets pasted as plain text: Courier New's `o` (Word's second level) and
# Wingdings' `§` ▪, `Ø` ➢, `ü` ✓ and `v` ❖. Words too, so bullets only before a wide space.
FONT_LETTER_BULLETS = "o§Øüv"
# Space within a line: what a paste may put between a mark and the text.
_SPACE = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_ODD_SPACE = "[ \t]*[\u00a0\u2000-\u200a\u202f\u205f\u3000]"  # not one markdown reads as space
_WIDE_SPACE = f"(?:\t|{_SPACE}{{2}})"  # what a paste puts after a mark, and words rarely have
_ROMAN = "(?:[ivxlc]{1,6}|[IVXLC]{1,6})"
PASTED_LIST_LINE = re.compile(
    rf"^(?P<indent>[ \t]*)(?:"
    rf"(?P<bullet>[{PASTED_BULLETS}]\ufe0f?(?={_SPACE})|[{FONT_LETTER_BULLETS}](?={_WIDE_SPACE}))"
    rf"|(?P<marker>[-*+]|[0-9]{{1,9}}[.)])(?={_ODD_SPACE})"
    rf"|(?P<label>\((?:[0-9]{{1,9}}|[A-Za-z]|{_ROMAN})\)|(?:[A-Za-z]|{_ROMAN})[.)])(?={_WIDE_SPACE}))"
    rf"{_SPACE}+(?=\S)", re.MULTILINE)
_HARD_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\\$| {2,}$")

WEB_SCHEMES = ("https://", "http://", "mailto:")
_EMAIL = re.compile(r"[^\s@<>()\[\]\\/:]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,63}")
_WEB = re.compile(r"(?P<host>(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?P<top>[^\W\d_]{2,63}))"
                  r"(?::[0-9]{1,5})?(?:[/?#][^\s<>]*)?")
# A name ending in one of these is a file, not a web site (`annex.pdf`), unless it starts
# with www.
FILE_ENDINGS = frozenset("pdf doc docx odt rtf txt xls xlsx ods csv ppt pptx odp jpg jpeg png "
                         "gif svg tif tiff htm html xml json yaml yml zip md".split())

# `[text](address …)`, as CommonMark reads inline links: not after a backslash, the text
# without unescaped brackets, the address in <…> or up to a space, an optional title.
LINK = re.compile(r"(?<!\\)\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\((?P<space>[ \t\n]*)"
                  r"(?:<(?P<angled>[^<>\n]*)>|(?P<address>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*))"
                  r"(?:[ \t\n]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t\n]*\)")


def pasted_lists(text: str) -> str:
    """`text` with its pasted list lines (module docstring) written as markdown reads them:
    `- ` for a bullet, the marker and one space for `-`, `1.` or `1)`, and a lettered label with
    one space after a hard line break (two spaces ending the line before), so that each label
    starts a line as it did where it was copied from. Other lines are returned as they are."""
    if not PASTED_LIST_LINE.search(text):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        found = PASTED_LIST_LINE.match(line)
        if found is None:
            continue
        mark = "-" if found["bullet"] else found["marker"] or found["label"]
        lines[n] = f"{found['indent']}{mark} {line[found.end():]}"
        if found["label"] and n and lines[n - 1].strip() and not _HARD_BREAK.search(lines[n - 1]):
            lines[n - 1] += "  "  # a hard break; a `\\` would be a cell of a table row
    return "\n".join(lines)


def without_pasted_bullets(text: str) -> str:
    """`text` with the bullets that start pasted list items blanked, at the same places: what
    the documents draw of it (a list's own bullet instead), for checks that point into it."""
    def blank(found: re.Match[str]) -> str:
        start, end = (at - found.start() for at in found.span("bullet"))
        line = found.group()
        return line if found["bullet"] is None else line[:start] + " " * (end - start) + line[end:]

    return PASTED_LIST_LINE.sub(blank, text)


def link_target(address: str) -> str | None:
    """The address a link opens: `address` when it starts with https://, http:// or mailto:,
    completed with https:// for a web address typed without it (`www.example.org`,
    `stat.example.org/x`) and with mailto: for an e-mail address; None for anything else
    (file names, other schemes, empty), which no document can open."""
    address = address.strip()
    if address.lower().startswith(WEB_SCHEMES):
        return address if len(address) > len(address.split(":", 1)[0]) + 3 else None
    if _EMAIL.fullmatch(address):
        return "mailto:" + address
    web = _WEB.fullmatch(address)
    if web and (address.lower().startswith("www.") or web.group("top").lower() not in FILE_ENDINGS):
        return "https://" + address
    return None


# CommonMark rules that are not part of the documented subset: what they would read as
# markup is shown as typed instead.
_OFF = ["blockquote", "heading", "lheading", "reference", "html_block", "code", "fence",
        "html_inline", "backticks", "autolink", "entity", "image"]

# A line or paragraph separator pasted into a text (load/separators.py) is a line break:
# CommonMark's hard break (two spaces at the end of a line), in both formats.
_SEPARATORS_AS_BREAKS = str.maketrans(dict.fromkeys("\u2028\u2029\x85", "  \n"))


def as_markdown(source: str) -> str:
    """A markdown field's text as the parser reads it: separators as line breaks, pasted
    lists as markdown lists."""
    return pasted_lists(source.translate(_SEPARATORS_AS_BREAKS))


@functools.lru_cache(maxsize=1)
def markdown_parser() -> Any:
    """markdown-it-py reading the documented subset (module docstring of words/markdown.py)."""
    from markdown_it import MarkdownIt

    class Parser(MarkdownIt):
        def normalizeLink(self, url: str) -> str:  # noqa: N802 (markdown-it's name)
            # an address without its scheme gets one before markdown-it normalizes it
            return str(super().normalizeLink(link_target(url) or url))

        def validateLink(self, url: str) -> bool:  # noqa: N802
            # a link whose address opens nothing is no link at all: it stays text as typed
            return url.lower().startswith(WEB_SCHEMES)

    parser = Parser("commonmark", {"html": False, "linkify": False, "typographer": False})
    return parser.disable(_OFF).enable("table")


def check_links(model: BaseModel, locations: Locations, path: Path) -> list[Issue]:
    """Every link in the markdown fields of one file whose address `link_target` cannot
    complete, as an error at the address (file:line:column; the value's own place when the
    address cannot be found in the file as typed, e.g. in a folded scalar)."""
    issues: list[Issue] = []
    lines: list[str] | None = None
    for field_path, text in markdown_fields(model):
        after = (0, 0)
        for link in LINK.finditer(text):
            address = link.group("angled") if link.group("angled") is not None else link.group("address")
            if link_target(address) is not None:
                continue
            if lines is None:
                lines = _lines(path)
            typed = re.compile(r"\([ \t]*<?(?P<at>" + re.escape(address) + ")")
            line, column = _typed_place(lines, typed, locations.of(field_path), after)
            after = (line, column + 1)
            issues.append(Issue(locations.file, line + 1, column + 1, dotted(field_path),
                                *_refusal(link.group("text"), address)))
    return issues


def check_tables(model: BaseModel, locations: Locations, path: Path) -> list[Issue]:
    """Every row of a pipe table in the markdown fields of one file that has cells beyond its
    header's, with text in them, as an error at the first lost cell (file:line:column; the
    value's own place when the row cannot be found in the file as typed): both documents
    would leave that text out without a word."""
    issues: list[Issue] = []
    lines: list[str] | None = None
    for field_path, text in markdown_fields(model):
        after = (0, 0)
        for row, cells, columns in _wide_rows(text):
            if lines is None:
                lines = _lines(path)
            # each lost cell's text, and where it starts in the row
            lost = [(at + len(cell) - len(cell.lstrip()), cell.strip())
                    for at, cell in cells[columns:] if cell.strip()]
            first = lost[0][0]
            typed = re.compile(re.escape(row[:first]) + "(?P<at>)" + re.escape(row[first:]))
            line, column = _typed_place(lines, typed, locations.of(field_path), after)
            after = (line, column + 1)
            issues.append(Issue(locations.file, line + 1, column + 1, dotted(field_path),
                                *_lost_cells(len(cells), columns, [cell for _, cell in lost])))
    return issues


def _typed_place(lines: list[str], typed: re.Pattern[str], mark: Mark,
                 after: tuple[int, int]) -> tuple[int, int]:
    """(0-based line, column) of `typed`'s `at` group in the file, searched from the value's
    `mark` on and past `after` (the field's previous finding); the value's own place when the
    text is not found as typed (a folded scalar, an escape)."""
    line, column = _find(lines, typed, max(after, (mark.line - 1, mark.column - 1)))
    return (line, column) if line >= 0 else (mark.line - 1, mark.column - 1)


def _wide_rows(text: str) -> Iterator[tuple[str, list[tuple[int, str]], int]]:
    """The rows of the pipe tables of a markdown text that have text in cells beyond the
    header's: each row as typed (trimmed), its cells (where each starts in the row, and its
    text) and the header's number of cells. Only a text where a plain look at the lines finds
    such a row is parsed (`_may_lose_cells`), as both documents parse it."""
    typed = as_markdown(text)
    lines = typed.split("\n")
    if not _may_lose_cells(lines):
        return
    columns, body = 0, False
    for token in markdown_parser().parse(typed):
        if token.type == "table_open":
            columns = 0
        elif token.type == "th_open":
            columns += 1
        elif token.type in ("tbody_open", "tbody_close"):
            body = token.type == "tbody_open"
        elif token.type == "tr_open" and body and token.map:
            row = lines[token.map[0]].strip(_TRIM)
            cells = _cells(row)
            if any(cell.strip() for _, cell in cells[columns:]):
                yield row, cells, columns


# What markdown-it trims from a table row and its cells (common/utils.py, MD_TRIM_CHARS).
_TRIM = "\t\n\x0b\x0c\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_CELL_END = re.compile(r"(?<!\\)\|")  # as markdown-it's escapedSplit: a `|` right after a backslash is text
_DELIMITER_ROW = re.compile(r"[ \t]*[|:-][-:| \t]*")


def _cells(row: str) -> list[tuple[int, str]]:
    """The cells of a trimmed table row as markdown-it splits it, each with where it starts."""
    ends = [-1, *(found.start() for found in _CELL_END.finditer(row)), len(row)]
    cells = [(start + 1, row[start + 1:end]) for start, end in itertools.pairwise(ends)]
    if cells and not cells[0][1]:
        cells.pop(0)
    if cells and not cells[-1][1]:
        cells.pop()
    return cells


def _may_lose_cells(lines: list[str]) -> bool:
    """Whether a line under a delimiter row (`|---|--:|`), before the next blank line, has
    text in cells beyond those of the line above that delimiter row: every row that loses
    cells does (and few others), so the parser is imported only for texts that may need it."""
    for n in range(1, len(lines) - 1):
        if "-" not in lines[n] or not _DELIMITER_ROW.fullmatch(lines[n]):
            continue
        columns = len(_cells(lines[n - 1].strip(_TRIM)))
        for row in lines[n + 1:]:
            if not row.strip(_TRIM):
                break
            if any(cell.strip() for _, cell in _cells(row.strip(_TRIM))[columns:]):
                return True
    return False


def _lost_cells(count: int, columns: int, lost: list[str]) -> tuple[str, str]:
    shown = [f"`{cell}`" for cell in lost]
    named = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    one = len(lost) == 1
    return (f"this table row has {count} cells but its header has {columns}: "
            f"the {'cell' if one else 'cells'} {named} would be lost.",
            f"Add {'a column' if one else 'columns'} to the header, or remove the "
            f"{'cell' if one else 'cells'}; a `|` meant as text is written `\\|`.")


def _refusal(text: str, address: str) -> tuple[str, str]:
    shown = " ".join(text.split())
    if not address.strip():
        return (f"the link `[{shown}]` has no address, so the documents could not open it.",
                "Write the web address between the round brackets: [text](https://www.example.org).")
    return (f"the link `[{shown}]` points to `{address}`, which is not a web or e-mail address, "
            "so the documents could not open it.",
            "Write the whole web address, starting with https:// (a file must be online to be "
            "linked), or leave out the square brackets to show the text as typed.")


def markdown_fields(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every markdown text of a validated file, with its path as typed (aliases, list indexes)."""
    markdown = _markdown_names(type(model))
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*path, info.alias or name)
        if isinstance(value, str) and name in markdown:
            yield here, value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, here)
        elif isinstance(value, (list, tuple)):
            for n, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from markdown_fields(item, (*here, n))


@functools.cache
def _markdown_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a model typed `Markdown` (or `Markdown | None`)."""
    hints = typing.get_type_hints(model, include_extras=True)
    return frozenset(name for name, hint in hints.items()
                     if hint == Markdown or Markdown in typing.get_args(hint))


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _find(lines: list[str], typed: re.Pattern[str], start: tuple[int, int]) -> tuple[int, int]:
    """Where the group `at` of `typed` is in the file, found at or after `start` (0-based line,
    column); (-1, -1) if not."""
    line, column = start
    while 0 <= line < len(lines):
        found = typed.search(lines[line], column)
        if found:
            return line, found.start("at")
        line, column = line + 1, 0
    return -1, -1
