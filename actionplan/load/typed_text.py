"""What a partner typed, checked against what the documents would show (issue 10).

YAML and the fonts can change a text on its way to the documents without a word: a number
typed `120.000` becomes 120, the words after ` #2` vanish as a comment, a line separator breaks
a one-line field, a character no font has becomes an empty box, and a starter's example text
reaches the PDF. `check_typed_text` looks at every value of one parsed file with the kind of
its field (`field_kinds`) and its text as typed (`yamlsource` keeps both), and reports each
case at its place: file, line and column of the character, the field, and the fix.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import Issue
from . import comments, separators
from .field_kinds import FREE_TEXT, NUMBERS, field_kind
from .glyphs import Coverage, describe
from .markdown_rules import without_pasted_bullets
from .numbers import typed_number_problem
from .yamlsource import Mark, PathKey, Source, dotted

TEXT_KINDS = (*FREE_TEXT, "text")
"""Kinds of field whose text reaches a document as typed."""

GLYPH_HINT = ("Remove or replace {them}; the documents' fonts cover Latin, Greek, Cyrillic, "
              "Hebrew, Arabic, Chinese, Japanese and Korean text and emoji.")


class TypedText:
    """The checks of `check_typed_text` for the files of one partnership folder: the fonts of
    its templates (looked up once, when a text first needs them), and the example texts of
    its starter for the plans."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._coverage: Coverage | None = None

    def check(self, model: type[BaseModel], source: Source) -> tuple[list[Issue], set[str]]:
        from ..model import Plan
        from .starter import starter_placeholders

        placeholders = starter_placeholders(self.folder) if model is Plan else frozenset()
        return check_typed_text(model, source, self.fonts, placeholders)

    def fonts(self) -> Coverage:
        if self._coverage is None:
            from .glyphs import coverage
            from .templates import search_path

            self._coverage = coverage(search_path(self.folder))
        return self._coverage


def check_typed_text(model: type[BaseModel], source: Source,
                     fonts: Callable[[], Coverage] | None = None,
                     placeholders: frozenset[str] = frozenset()) -> tuple[list[Issue], set[str]]:
    """Every problem of one file's values as typed, and the fields whose value was set aside.

    A number refused here is replaced in `source.data` by its text as typed, so the model's
    rules do not go on with the wrong number (no "funding above costs" for `120.000`); those
    fields are returned (dotted), and the model's own message about them is not needed.
    `fonts` gives the coverage of the documents' fonts when some text needs it, and should
    remember it (`TypedText.fonts` does; None: not checked); `placeholders` are the starter's
    example texts, whitespace collapsed.
    """
    places = _Places(source)
    issues: list[Issue] = []
    set_aside: set[str] = set()
    for path, value in _scalars(source.data, ()):
        mark = source.locations.values.get(path)
        kind = field_kind(model, path)
        if mark is None or kind is None:
            continue
        if kind in NUMBERS:
            typed = mark.raw if mark.raw is not None else value  # quoted: the text itself
            problem = (typed_number_problem(typed, value, money=kind == "money")
                       if isinstance(typed, str) else None)
            if problem:
                issues.append(places.issue(path, mark, *problem))
                _replace(source.data, path, typed)
                set_aside.add(dotted(path))
            continue
        if not isinstance(value, str) or kind not in TEXT_KINDS:
            continue
        if kind in FREE_TEXT and mark.raw is not None and mark.end is not None:
            issues += _comments(places, path, mark, value)
        if kind in ("line", "email", "text") and (found := separators.first_line_break(value)):
            issues.append(places.issue(path, places.at(mark, value, found[0]), found[1],
                                       "Replace it with a space."))
        if fonts is not None and not value.isascii():
            issues += _glyphs(places, path, mark, value, kind, fonts())
        if placeholders and kind in FREE_TEXT and _collapsed(value) in placeholders:
            issues.append(places.issue(
                path, mark, f"`{_collapsed(value)}` is the starter's example text.",
                "Write your own, or remove the field if it is optional.", "warning"))
    return issues, set_aside


def placeholder_texts(starter: Source, model: type[BaseModel]) -> frozenset[str]:
    """The example texts of a parsed starter: its values in free-text fields."""
    return frozenset(_collapsed(value) for path, value in _scalars(starter.data, ())
                     if isinstance(value, str) and field_kind(model, path) in FREE_TEXT)


def _comments(places: _Places, path: PathKey, mark: Mark, value: str) -> Iterator[Issue]:
    key = places.source.locations.keys.get(path)
    key_column = key.column if key is not None and isinstance(path[-1], str) else None
    assert mark.end is not None
    for line, column, lost in comments.hidden_by_comments(places.lines, mark.end, key_column):
        yield places.issue(path, Mark(line, column),
                           f"`{lost}` would be left out: after a space, `#` starts a comment.",
                           comments.HINT.format(quoted=comments.quoted(f"{value} {lost}")))


_SEPARATORS_AS_SPACES = str.maketrans(dict.fromkeys(separators.SEPARATORS, " "))


def _glyphs(places: _Places, path: PathKey, mark: Mark, value: str, kind: str,
            coverage: Coverage) -> list[Issue]:
    # Separators are line breaks in markdown and refused above in other fields.
    text = value.translate(_SEPARATORS_AS_SPACES) if separators.first_line_break(value) else value
    if kind == "markdown":  # bullets pasted from Word become list items (words/markdown)
        text = without_pasted_bullets(text)  # at the same places: the index below points into value
    missing = coverage.missing(text)
    if not missing:
        return []
    shown = ", ".join(describe(c) for c in missing[:3])
    if len(missing) > 3:
        shown += f" and {len(missing) - 3} more"
    one = len(missing) == 1
    message = (f"no font of the documents can draw {shown}; the PDF would show "
               f"{'an empty box' if one else 'empty boxes'}.")
    hint = GLYPH_HINT.format(them="it" if one else "them")
    return [places.issue(path, places.at(mark, value, text.index(missing[0])), message, hint)]


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _scalars(data: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _scalars(value, (*path, index))
    else:
        yield path, data


def _replace(data: Any, path: PathKey, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Places:
    """Lines and columns of one file's text, as libyaml counts them (line breaks are
    `\\n`, `\\r\\n` and `\\r`; see `separators` for the others)."""

    def __init__(self, source: Source):
        self.source = source
        self.lines = _LINE_BREAK.split(source.text)
        self._starts: list[int] = []

    @property
    def starts(self) -> list[int]:
        """The offset in the text where each line starts."""
        if not self._starts:
            self._starts = [0, *(found.end() for found in _LINE_BREAK.finditer(self.source.text))]
        return self._starts

    def issue(self, path: PathKey, mark: Mark, message: str, hint: str,
              severity: str = "error") -> Issue:
        return Issue(self.source.locations.file, mark.line, mark.column, dotted(path), message,
                     hint, severity)  # type: ignore[arg-type]

    def at(self, mark: Mark, value: str, index: int) -> Mark:
        """Where `value[index]` was typed: the same character found again in the value's
        text, after a quote or a block's `|` line; the value's start when it was written as
        an escape (`"\\u0915"`)."""
        text = self.source.text
        start = self._offset(mark.line, mark.column)
        end = self._offset(*mark.end) if mark.end else len(text)
        if text[start:start + 1] in ("|", ">"):
            start = text.find("\n", start) + 1 or end
        elif text[start:start + 1] in ("'", '"'):
            start += 1
        char = value[index]
        position = start - 1
        for _ in range(value.count(char, 0, index) + 1):
            position = text.find(char, position + 1, end)
            if position < 0:
                return Mark(mark.line, mark.column)
        line = max(0, bisect.bisect_right(self.starts, position) - 1)
        return Mark(line + 1, position - self.starts[line] + 1)

    def _offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column - 1

