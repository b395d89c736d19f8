"""Syntax errors found where the mistake is, in words a partner can act on, all at once.

libyaml reports where it *noticed* a problem, often lines later and in parser terms ("while
parsing a block mapping … did not find expected key"). Here each error is traced back to the
line the partner has to change: the line where a quoted text began but never ended, the
mis-indented field, the colon inside an unquoted title, the no-break space pasted from a web
page. The mistake is then repaired *in a copy of the text* (same line numbers) and the copy
parsed again, so a file's syntax errors are all reported in one run, not one per run.

The repaired copy also gives back what could be read of the file (`SyntaxReport.data`). It is
never validated as the partner's data; other files' checks may use the parts no repair touched
(the ids of project.yaml's sections, a neighbouring plan's `partner:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Issue
from .quoting import KEY_LINE as _KEY_LINE
from .quoting import block_follows, early_close, quoted, strip_comment, unquoted
from .separators import hidden  # libyaml breaks lines at U+2028; editors do not
from .stray import stray_character
from .yamlsource import Locations

MAX_ERRORS = 12
"""Beyond this many, a file is more broken than a list of errors can help with."""

_TYPOGRAPHIC = "“”„‟‘’‚«»"


@dataclass
class SyntaxReport:
    """Every syntax error of one file, and what could be read once they were repaired.

    `data`/`locations` come from the repaired copy (None when it could not be repaired);
    `unsure` holds the 1-based lines a repair touched and `cut` the first line from which on
    nothing could be read: values standing there are guesses, not the partner's.
    """

    issues: list[Issue]
    data: Any = None
    locations: Locations | None = None
    unsure: set[int] = field(default_factory=set)
    cut: int | None = None

    def is_sure(self, first: int, last: float) -> bool:
        """True when no repair touched lines `first`..`last` (1-based, inclusive)."""
        if self.data is None or (self.cut is not None and last >= self.cut):
            return False
        return not any(first <= line <= last for line in self.unsure)


def syntax_report(text: str, display: str) -> SyntaxReport | None:
    """Every syntax error of `text`, located and worded, or None when there is none."""
    lines = text.split("\n")
    report = SyntaxReport([])
    inside_texts = _text_lines(text)
    for number, line in enumerate(lines):
        found = None if number in inside_texts else stray_character(line)
        if found:
            column, message, hint, fixed = found
            report.issues.append(Issue(display, number + 1, column + 1, "", message, hint))
            lines[number] = fixed
            report.unsure.add(number + 1)
    last: int | None = None
    for _ in range(MAX_ERRORS):
        error = _first_error("\n".join(lines))
        if error is None:
            break
        mark = error.problem_mark or error.context_mark
        if mark is None or "nesting depth" in str(error.problem) or len(report.issues) >= MAX_ERRORS:
            report.cut = 1
            break
        told, number, repaired = _diagnose(error, lines, display)
        issue = Issue(told.file, told.line, told.column, told.field, told.message, told.hint,
                      detail=_parser_words(error))
        if number == last or number + 1 in report.unsure:
            report.cut = number + 1  # the same place again: the repair did not help
            break
        last = number
        report.issues.append(issue)
        if repaired is None:  # no safe guess at what was meant: read no further
            report.cut = number + 1
            break
        lines[number] = repaired
        report.unsure.add(number + 1)
    if not report.issues:
        return None
    _read_back(report, lines, display)
    return report


def _read_back(report: SyntaxReport, lines: list[str], display: str) -> None:
    from .yamlsource import parse_yaml

    kept = lines if report.cut is None else lines[: report.cut - 1]
    if _first_error("\n".join(kept)) is not None:
        return
    source = parse_yaml("\n".join(kept), display)
    if isinstance(source.data, dict):
        report.data, report.locations = source.data, source.locations


def _text_lines(text: str) -> set[int]:
    """The 0-based lines that continue a text over several lines (`|` and `>` blocks, long
    plain or quoted texts), as far as the parser gets: there a no-break space or a `：` is
    the partner's text, not structure."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lines: set[int] = set()
    try:
        for event in yaml.parse(hidden(text)[0], Loader=loader):
            if isinstance(event, yaml.ScalarEvent) and event.end_mark.line > event.start_mark.line:
                lines.update(range(event.start_mark.line + 1, event.end_mark.line + 1))
    except yaml.YAMLError:
        pass
    return lines


def _first_error(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _ in yaml.parse(hidden(text)[0], Loader=loader):
            pass
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:  # the reader's errors (bad characters) are reported elsewhere
        return None
    return None


def _parser_words(error: Any) -> str:
    """libyaml's own words, for `-v`: context and problem with their places."""
    parts = []
    for words, mark in ((error.context, error.context_mark), (error.problem, error.problem_mark)):
        if words:
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            parts.append(f"{words}{where}")
    return "YAML parser: " + ", ".join(parts)


def _diagnose(error: Any, lines: list[str], display: str) -> tuple[Issue, int, str | None]:
    """The mistake behind libyaml's `error`: (issue, 0-based line to repair, the line repaired
    or None when there is no safe guess)."""
    problem, context = str(error.problem or ""), str(error.context or "")
    mark = error.problem_mark or error.context_mark
    number, column = min(mark.line, len(lines) - 1), mark.column
    line = lines[number]

    def issue(at: int, col: int, message: str, hint: str) -> Issue:
        return Issue(display, at + 1, col + 1, "", message, hint)

    lead = len(line) - len(line.lstrip(" \t"))
    if "\t" in line[:lead + 1] or "'\\t'" in problem:
        tab = line.index("\t") if "\t" in line else column
        return (issue(number, tab, "a tab character here; YAML indents with spaces only.",
                      "Replace the tab with spaces (two per level)."),
                number, line.replace("\t", "  ") if "\t" in line[:lead] else "")
    quote = _unclosed_quote(error, lines)
    if quote is not None:
        at, col, char = quote
        return (issue(at, col, "the text in quotes that starts here is never closed.",
                      f"Add the closing {char} at the end of the text, or remove this one."),
                at, lines[at].rstrip() + char)
    bracket = _unclosed_bracket(error, lines)
    if bracket is not None:
        at, col, opening = bracket
        closing = "]" if opening == "[" else "}"
        what = "list" if opening == "[" else "group"
        return (issue(at, col, f"the {what} opened with `{opening}` here is never closed.",
                      f"Add `{closing}` at the end of the {what}."), at, lines[at].rstrip() + closing)
    if "escape" in problem:
        return (issue(number, column, "a `\\` in quotes starts an escape code YAML does not know.",
                      "Write the character itself, or delete the `\\` escape."),
                number, _placeholder(line))
    if "mapping values are not allowed" in problem:
        return _colon_problem(lines, number, column, display)
    if "simple key" in context and error.context_mark is not None:
        at = error.context_mark.line
        return (issue(at, error.context_mark.column, "this line holds text without a field name, "
                      "so YAML cannot tell which field it belongs to.",
                      "Write it as `field: text`, or join it to the text on the line above."),
                at, "")
    if "cannot start any token" in problem or "alias" in context or "anchor" in context:
        if "cannot start any token" not in problem and error.context_mark is not None:
            number, column = error.context_mark.line, error.context_mark.column
            line = lines[number]
        char = line[column] if column < len(line) else "?"
        return (issue(number, column, f"a text cannot start with `{char}` unless it is in quotes.",
                      f"Put the text in quotes: {_quoted_example(line)}"), number, _quote_value(line))
    for at in (number, number - 1):  # `title: 'North's vouchers'`: the quote ends too soon
        early = early_close(lines[at]) if at >= 0 else None
        if early is not None:
            col, rest = early
            return (issue(at, col, "the text in quotes ends here, but the line goes on after it "
                          f"(`{rest}`).", "Put the whole text in quotes of the other kind: "
                          f"{_quoted_example(lines[at], unquoted(lines[at]))}"),
                    at, _quote_value(lines[at], unquoted(lines[at])))
    if any(words in problem for words in ("expected key", "'-' indicator", "expected <block end>")):
        return _indentation_problem(lines, number, display)
    if "block scalar" in context and not block_follows(lines, number):
        # `role: > 10 staff`: no indented text below, so the `>` was meant as text
        key = _KEY_LINE.match(line)
        at = key.start(4) if key else column
        char = line[at] if at < len(line) else ">"
        return (issue(number, at, f"a text cannot start with `{char}` unless it is in quotes: YAML "
                      "reads it as the start of a text block.",
                      f"Put the text in quotes: {_quoted_example(line)}"), number, _quote_value(line))
    if "block scalar" in context:
        return (issue(number, column, "after `|` or `>` the text starts on the next line; only a "
                      "comment may follow them on their own line.",
                      "Move what follows the `|` to the next line, indented."),
                number, line[: column].rstrip())
    return (issue(number, column, "YAML cannot read the file from here on.",
                  "Check the indentation of this line and the line above, and put texts that "
                  "hold ': ' or ' #' in quotes."), number, None)


def _colon_problem(lines: list[str], number: int, column: int, display: str
                   ) -> tuple[Issue, int, str | None]:
    line = lines[number]
    own = _KEY_LINE.match(line)
    value_start = own.start(4) if own else 0
    if own and column >= value_start and own.group(4):
        value = strip_comment(own.group(4))
        if value[:1] in _TYPOGRAPHIC:
            message = (f"`{value[0]}` is not a quote mark to YAML (word processors type these "
                       "curly quotes), so the colon inside the text starts a new field.")
            hint = "Use straight quotes: " + _quoted_example(line, value.strip(_TYPOGRAPHIC))
        else:
            message = (f"the text after `{own.group(3)}:` holds a colon followed by a space, which "
                       "YAML reads as the start of another field.")
            hint = "Put the whole text in quotes: " + _quoted_example(line)
        return (Issue(display, number + 1, column + 1, "", message, hint), number,
                _quote_value(line))
    return _indentation_problem(lines, number, display)


def _indentation_problem(lines: list[str], number: int, display: str) -> tuple[Issue, int, str]:
    """A field indented unlike its neighbours: name the line(s) it should line up with."""
    line = lines[number]
    indent = len(line) - len(line.lstrip(" "))
    own = _KEY_LINE.match(line)
    name = f"`{own.group(3)}:`" if own else "this line"
    above = _keys_above(lines, number)
    if not above:
        return (Issue(display, number + 1, indent + 1, "", f"{name} is indented, but nothing above "
                      "it opens a group of fields.", "Remove the spaces before it."),
                number, line.lstrip(" "))
    near_line, near_key, near_col = above[0]
    options = [f"like `{near_key}:` on line {near_line + 1} ({_spaces(near_col)})"]
    outer = next((a for a in above if a[2] < min(indent, near_col)), None)
    if outer is not None and outer[2] != near_col:
        options.append(f"like `{outer[1]}:` on line {outer[0] + 1} ({_spaces(outer[2])})")
    hint = ("Indent it " + " or ".join(options) + ", whichever group it belongs to."
            if len(options) > 1 else f"Indent it {options[0]}.")
    message = f"{name} is indented by {_spaces(indent)}, which lines up with no field above it."
    if near_col < indent and _continues_text(lines, near_line):
        message = (f"{name} is indented more than `{near_key}:` on line {near_line + 1}, so YAML "
                   f"reads it as more of the text of `{near_key}`.")
        hint = f"Line it up with `{near_key}:` ({_spaces(near_col)} before it)."
    fixed = " " * near_col + line.lstrip(" ") if own and own.group(2) is None else \
        " " * max(near_col - 2, 0) + line.lstrip(" ")
    return Issue(display, number + 1, indent + 1, "", message, hint), number, fixed


def _spaces(count: int) -> str:
    return "no space" if count == 0 else f"{count} space{'s' if count != 1 else ''}"


def _keys_above(lines: list[str], number: int) -> list[tuple[int, str, int]]:
    """(line, key, column of the key) of the fields above `number`, nearest first, each one
    less indented than the one before: the groups that are open at that line."""
    found: list[tuple[int, str, int]] = []
    for at in range(number - 1, -1, -1):
        key = _KEY_LINE.match(lines[at])
        if not key:
            continue
        col = len(key.group(1)) + len(key.group(2) or "")
        if not found or col < found[-1][2]:
            found.append((at, key.group(3), col))
        if col == 0:
            break
    return found


def _continues_text(lines: list[str], at: int) -> bool:
    """True when line `at` is `key: plain text`, which a deeper line would continue."""
    key = _KEY_LINE.match(lines[at])
    value = key.group(4).strip() if key else ""
    return bool(value) and value[0] not in "\"'|>[{&*!#"


def _unclosed_quote(error: Any, lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first quoted text that never closes, if closing it on
    its own line lets the parser read past where it stopped."""
    if "quoted scalar" in str(error.context or "") and "escape" not in str(error.problem or ""):
        mark = error.context_mark
        return mark.line, mark.column, lines[mark.line][mark.column]
    stop = (error.problem_mark or error.context_mark).line
    for at in range(0, min(stop, len(lines) - 1) + 1):
        start = _open_quote(lines[at])
        if start is None:
            continue
        char = lines[at][start]
        trial = lines[:at] + [lines[at].rstrip() + char] + lines[at + 1:]
        later = _first_error("\n".join(trial))
        if later is None or (later.problem_mark or later.context_mark).line > stop:
            return at, start, char
    return None


def _open_quote(line: str) -> int | None:
    """The column of a quote that opens a value on this line and is not closed on it."""
    key = _KEY_LINE.match(line)
    value_at = key.start(4) if key else len(line) - len(line.lstrip(" -"))
    if value_at >= len(line) or line[value_at] not in "\"'":
        return None
    char, rest = line[value_at], line[value_at + 1:]
    closed = re.search(r'(?<!\\)"', rest) if char == '"' else re.search(r"'(?!')", rest.replace("''", ""))
    return None if closed else value_at


def _unclosed_bracket(error: Any, lines: list[str]) -> tuple[int, int, str] | None:
    context = str(error.context or "")
    mark = error.context_mark
    if "flow" not in context or mark is None:
        return None
    line = lines[mark.line]
    opening = line[mark.column] if mark.column < len(line) else ""
    closing = {"[": "]", "{": "}"}.get(opening)
    if closing is None or line.count(opening) <= line.count(closing):
        return None
    return mark.line, mark.column, opening


def _quoted_example(line: str, value: str | None = None) -> str:
    key = _KEY_LINE.match(line)
    if not key:
        return quoted(line.strip())
    text = value if value is not None else strip_comment(key.group(4))
    return f"{key.group(3)}: {quoted(text)}"


def _quote_value(line: str, value: str | None = None) -> str:
    """The line with its value (or `value`) in quotes: the repair `_quoted_example` advises."""
    key = _KEY_LINE.match(line)
    if not key:
        return ""
    text = value if value is not None else strip_comment(key.group(4)).strip(_TYPOGRAPHIC)
    return line[: key.start(4)] + quoted(text)


def _placeholder(line: str) -> str:
    """The line with its value replaced by an empty text: the structure stays, the text goes."""
    key = _KEY_LINE.match(line)
    return line[: key.start(4)] + '""' if key else ""
