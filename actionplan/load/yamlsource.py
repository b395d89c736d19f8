"""Reading one YAML file safely, keeping where every value stands.

Partners type these files by hand and lead partners build from files they did not write, so
the reader is built from the parser's events rather than a constructor: nothing is ever
constructed from a tag, aliases (the way to an expansion bomb) are refused, nesting is bounded
before anything recurses, and every value keeps its line and column for the messages.

Scalars follow the YAML 1.2 core schema (`NO` stays a string, `1.10` stays the text it was
typed as in messages), plus plain `2019-06-30` dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Issue
from .quoting import misread_text

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """Where a value stands: 1-based line and column, and the plain text it was typed as."""

    line: int
    column: int
    raw: str | None = None
    end: tuple[int, int] | None = None
    """Where a scalar value ends (line, column of the character after it), for the checks
    that look at the text around it (`typed_text`)."""


@dataclass
class Locations:
    """Marks of every value and mapping key of one file, by field path."""

    file: str
    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)

    def of(self, path: PathKey, *, key: bool = False) -> Mark:
        """The mark of `path` (its key with `key=True`), else of its nearest located parent."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            mark = table.get(path[:end]) or self.values.get(path[:end])
            if mark:
                return mark
        return Mark(1, 1)

    def issue(self, path: PathKey, message: str, hint: str = "", *, key: bool = False,
              severity: str = "error") -> Issue:
        mark = self.of(path, key=key)
        return Issue(self.file, mark.line, mark.column, dotted(path), message, hint,
                     severity)  # type: ignore[arg-type]


@dataclass
class Source:
    """One parsed file: its data (dicts, lists, scalars), their marks, and what went wrong."""

    data: Any
    locations: Locations
    issues: list[Issue]
    text: str = ""
    """The file's text as read, for finding a character's place inside a value."""
    syntax: Any = None
    """The `syntax.SyntaxReport` when the file has syntax errors: what could be read anyway."""


def dotted(path: PathKey) -> str:
    """`('actions', 0, 'title')` → `actions[1].title`: items are counted from 1, as a partner
    counts them ("the first action"); the line and column in front say where it is."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# XML 1.0 cannot hold these; docxtpl would drop them silently or cut the document short.
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]"
)

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar under the YAML 1.2 core schema, plus ISO dates."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text  # not a real date: the model says so, with the text as typed
    return text


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, issue: Issue, report: Any = None):
        self.issue, self.report = issue, report


def read_text(path: Path, display: str) -> tuple[str | None, Issue | None]:
    """The file's text, refusing oversized and non-UTF-8 files before any parsing."""
    with open(path, "rb") as handle:
        return decode_text(handle.read(MAX_BYTES + 1), display)


def too_large(display: str) -> Issue:
    """The file is over `MAX_BYTES`: refused before it is parsed."""
    return Issue(display, 1, 1, "", f"the file is larger than {MAX_BYTES // 2**20} MiB, the "
                 "limit for one file.", "Split long texts or remove pasted material.")


def decode_text(raw: bytes, display: str) -> tuple[str | None, Issue | None]:
    """The text of a file's bytes (at most `MAX_BYTES + 1` of them), or why there is none."""
    if len(raw) > MAX_BYTES:
        return None, too_large(display)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        return None, Issue(display, line, column, "",
                           f"the file is not UTF-8 text (byte 0x{raw[offset]:02X} at byte offset {offset}).",
                           "Save the file as UTF-8 (in most editors: Save as… → Encoding: UTF-8).")


def parse_yaml(text: str, display: str) -> Source:
    """Data and marks of one YAML document; problems are returned, never raised."""
    locations = Locations(display)
    issues: list[Issue] = []
    try:
        data = _build(text, locations, issues)
    except _Stop as stop:
        if stop.report is not None:  # every syntax error, and what could be read anyway
            return Source(None, locations, [*issues, *stop.report.issues], text,
                          syntax=stop.report)
        return Source(None, locations, [*issues, stop.issue], text)
    if data is None and not issues:
        issues.append(Issue(display, 1, 1, "", "the file is empty.",
                            "Start from the file `actionplan new` writes, or copy an example."))
    elif data is not None and not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        issues.append(Issue(display, 1, 1, "", f"the file holds {kind}; it must hold fields "
                            "written as `name: value` lines.", "See examples/minimal."))
        data = None
    return Source(data, locations, issues, text)


def load_yaml(path: Path, display: str) -> Source:
    """Read and parse one file (see `read_text` and `parse_yaml`)."""
    text, problem = read_text(path, display)
    if problem:
        return Source(None, Locations(display), [problem])
    assert text is not None
    return parse_yaml(text, display)


def _events(text: str) -> Any:
    # Only the parser's events are used (no constructor runs), so libyaml's fast C parser is
    # safe here; values are typed by `resolve_plain` under YAML 1.2 rules.
    import yaml

    from .separators import hidden, restored

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text, hiding = hidden(text)  # libyaml breaks lines at U+2028, U+2029, U+0085; editors do not
    for event in yaml.parse(text, Loader=loader):
        if hiding and isinstance(event, yaml.ScalarEvent):
            event.value = restored(event.value)
        yield event


def _build(text: str, locations: Locations, issues: list[Issue]) -> Any:
    from yaml import MarkedYAMLError
    from yaml.reader import ReaderError

    from .stray import may_hide_errors
    from .syntax import syntax_report

    display = locations.file
    try:
        report = syntax_report(text, display) if may_hide_errors(text) else None
        if report is not None:
            raise _Stop(report.issues[0], report)
        return _walk(_events(text), locations, issues)
    except ReaderError as exc:
        # libyaml counts the position in bytes of the UTF-8 text.
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise _Stop(Issue(display, line, column, "",
                          f"the character U+{exc.character:04X} is not allowed in a YAML file.",
                          "Delete it (it often comes from copying text out of a PDF).")) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "nesting depth" in str(exc.problem):
            # Newer libyaml scans far ahead and stops at its own limit (1000) before our events
            # reach ours; name the place ours would have named: the bracket one level too deep.
            column = _deep_bracket(text.splitlines()[line - 1]) or column
            raise _Stop(Issue(display, line, column, _top_level_key(text, line),
                              *_TOO_DEEP)) from None
        report = syntax_report(text, display)
        if report is None:  # libyaml changed its mind: say what it said
            raise _Stop(Issue(display, line, column, "", f"YAML syntax error: {exc.problem}.")) from None
        raise _Stop(report.issues[0], report) from None


_TOO_DEEP = (f"the data is nested more than {MAX_DEPTH} levels deep.",
             "Check the indentation; plans are at most a few levels deep.")


def _deep_bracket(line: str) -> int | None:
    """The column of the opening bracket that goes MAX_DEPTH levels deep (with the file's
    top-level mapping as the first level), as `_walk` would refuse it."""
    depth = 1
    for column, char in enumerate(line, start=1):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(char, 0)
        if depth > MAX_DEPTH:
            return column
    return None


def _top_level_key(text: str, line: int) -> str:
    """The field at the top of the file that line `line` belongs to, as far as lines tell."""
    for candidate in reversed(text.splitlines()[:line]):
        found = re.match(r"([A-Za-z_][\w-]*):", candidate)
        if found:
            return found.group(1)
    return ""


def _walk(events: Any, locations: Locations, issues: list[Issue]) -> Any:
    """Turn parser events into plain data; every value's mark goes into `locations`."""
    display = locations.file
    # Each open container: [container, its path, the pending key (mappings), key mark]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def place(value: Any, mark: Mark) -> PathKey | None:
        nonlocal root
        if not stack:
            root = value
            locations.values[()] = mark
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            here = (*path, len(container))
            container.append(value)
        else:
            key, key_mark = top[2], top[3]
            top[2] = top[3] = None
            here = (*path, key)
            if key in container:
                first = locations.keys[here]
                issues.append(Issue(display, key_mark.line, key_mark.column, dotted(here),
                                    f"`{key}` is given twice (first at line {first.line}).",
                                    "Keep one of them; YAML never merges the two."))
                return None
            container[key] = value
            locations.keys[here] = key_mark
        locations.values[here] = mark
        return here

    def expecting_key() -> bool:
        return bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None

    for event in events:
        kind = type(event).__name__
        start = event.start_mark
        mark = Mark(start.line + 1, start.column + 1)
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise _Stop(Issue(display, mark.line, mark.column, "",
                                  "a second YAML document starts here; one file holds one plan.",
                                  "Remove the `---` line, or move the rest to its own file."))
            continue
        if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
            continue
        if kind == "AliasEvent":
            raise _Stop(Issue(display, mark.line, mark.column, _pending_path(stack),
                              f"an alias (*{event.anchor}) is not supported.",
                              "Write the value out in full instead of using & and *."))
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in ("!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                                                 "tag:yaml.org,2002:seq"):
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise _Stop(Issue(display, mark.line, mark.column, _pending_path(stack),
                              f"the tag `{shown}` is not allowed; nothing in these files is typed "
                              "with tags.", "Remove the tag (the word starting with `!`)."))
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
            continue
        if kind == "ScalarEvent":
            if expecting_key():
                key = str(event.value)
                _check_characters(key, mark, _pending_path(stack), display, issues)
                stack[-1][2], stack[-1][3] = key, mark
                continue
            named = stack[-1][2] if stack and isinstance(stack[-1][0], dict) else None
            issues += misread_text(event, Issue(display, mark.line, mark.column,
                                                _pending_path(stack), "", ""), named)
            quoted = bool(event.style) or bool(tag)  # plain style is None or ""
            value = event.value if quoted else resolve_plain(event.value)
            end = (event.end_mark.line + 1, event.end_mark.column + 1)
            here = place(value, Mark(mark.line, mark.column, None if quoted else event.value, end))
            if isinstance(value, str) and here is not None:
                _check_characters(value, mark, here, display, issues)
            continue
        # A mapping or a sequence opens.
        if expecting_key():
            raise _Stop(Issue(display, mark.line, mark.column, _pending_path(stack),
                              "a list or mapping is used as a field name.",
                              "Field names are single words followed by a colon."))
        if len(stack) >= MAX_DEPTH:
            outermost = dotted(stack[1][1][:1]) if len(stack) > 1 else ""
            raise _Stop(Issue(display, mark.line, mark.column, outermost, *_TOO_DEEP))
        container: Any = {} if kind == "MappingStartEvent" else []
        here = place(container, mark)
        stack.append([container, here if here is not None else ("?",), None, None])
    if documents == 0:
        return None
    return root


def _pending_path(stack: list[list[Any]]) -> str:
    if not stack:
        return ""
    container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
    if isinstance(container, list):
        return dotted((*path, len(container)))
    return dotted((*path, key)) if key is not None else dotted(path)


def _check_characters(text: str, mark: Mark, path: PathKey | str, display: str,
                      issues: list[Issue]) -> None:
    found = _NOT_XML.search(text)
    if not found:
        return
    where = path if isinstance(path, str) else dotted(path)
    code = ord(found.group())
    issues.append(Issue(display, mark.line, mark.column, where,
                        f"the text holds the character U+{code:04X} at position {found.start() + 1}, "
                        "which a document cannot store.",
                        "Delete it (it often comes from copying text out of a PDF or Word)."))
