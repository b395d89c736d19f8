"""Markdown text fields as one neutral structure that both formats draw from.

Only a documented subset of markdown is markup (README, step 2 "Fill it in"): paragraphs
(single line breaks join lines, a trailing backslash or two spaces keep a line break), bullet
lists (`- `, `* `, `+ ` or a bullet pasted from Word or Outlook, whatever space follows it:
`load/markdown_rules.py`), numbered lists (`1.`, `1)`), `**bold**`, `*italic*` / `_italic_`,
`[links](https://…)`, pipe tables, and a backslash before a punctuation mark to show the mark
as typed. Every other character is shown as typed: markdown-it-py parses CommonMark with the
rules outside the subset switched off (headings, block quotes, link reference definitions,
code, raw HTML, autolinks, entities, images), so a line `> 10 employees`, `# of SMEs` or
`[1]: https://…` stays text, and a separator line (`---`, `***`) shows as typed. The parser
and what it reads of a field (`as_markdown`) live in `load/markdown_rules.py`, where
`validate` reads pipe tables with them too.

The tokens become `Block`s and `Run`s. The DOCX writer turns those into Word paragraphs,
lists and tables, the HTML writer into tags, so the two documents cannot say different words.
Pipe tables are real tables in both formats rather than text as typed: plans often hold a
small table of indicators or costs, and typed rows would run into one line, since single line
breaks join lines. Numbered items keep the number typed (`3.`, `2019.`, `1)`). Links open
web and e-mail addresses only; an address typed without its scheme gets one, any other link
is shown as typed and never fetched (`load/markdown_rules.py`, which `validate` checks too).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..load.markdown_rules import as_markdown, markdown_parser


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class Block:
    """A paragraph (`runs`), a list (`items`, each a list of blocks) or a table (`rows`).

    A numbered list keeps the number typed for each item (`numbers`) and the character after
    it (`delimiter`, "." or ")"). A table's first `head` rows are its heading; `align` holds
    each column's alignment ("", "left", "center" or "right").
    """

    kind: str  # "paragraph" | "bullets" | "numbers" | "table"
    runs: list[Run] = field(default_factory=list)
    items: list[list[Block]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    delimiter: str = "."
    rows: list[list[list[Run]]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)
    head: int = 0

    @property
    def start(self) -> int:
        """The number of a numbered list's first item."""
        return self.numbers[0] if self.numbers else 1


@dataclass
class Text:
    """A parsed markdown field: its blocks, and the same as HTML."""

    blocks: list[Block]
    source: str

    @property
    def html(self) -> str:
        return "".join(_block_html(b) for b in self.blocks)

    @property
    def plain(self) -> str:
        """The words, paragraphs separated by blank lines (for checks and alt texts)."""
        return "\n".join(_block_plain(b) for b in self.blocks)


def parse_markdown(source: str) -> Text:
    """Parse one markdown text field (the subset of the module docstring)."""
    typed = as_markdown(source)
    tokens = markdown_parser().parse(typed)
    blocks, _ = _blocks(tokens, 0, None, typed.split("\n"))
    return Text(blocks, source)


def _blocks(tokens: list[Any], i: int, until: str | None,
            lines: list[str]) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if until and token.type == until:
            return blocks, i + 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            close = token.type.replace("_open", "_close")
            numbered = token.type.startswith("ordered")
            block = Block("numbers" if numbered else "bullets",
                          delimiter=token.markup if numbered else ".")
            i += 1
            while tokens[i].type != close:
                if numbered:  # the number typed for this item (list_item_open.info)
                    block.numbers.append(int(tokens[i].info or len(block.numbers) + 1))
                item, i = _blocks(tokens, i + 1, "list_item_close", lines)
                block.items.append(item)
            blocks.append(block)
            i += 1
        elif token.type == "table_open":
            block, i = _table(tokens, i + 1)
            blocks.append(block)
        elif token.type == "inline":
            runs = _runs(token.children or [])
            if runs:
                blocks.append(Block("paragraph", runs=runs))
            i += 1
        elif token.type == "hr":  # a separator line: shown as typed
            blocks.append(Block("paragraph", runs=[Run(_typed_line(lines, token))]))
            i += 1
        else:  # paragraph open and close tags: structure only
            i += 1
    return blocks, i


def _typed_line(lines: list[str], token: Any) -> str:
    """A separator line as typed (`---`, `* * *`), without a list marker before it."""
    mark = token.markup[:1] or "-"
    line = lines[token.map[0]].rstrip() if token.map else token.markup
    typed = re.search(rf"(?:{re.escape(mark)}[ \t]*){{3,}}$", line)
    return typed.group().rstrip() if typed else token.markup


def _table(tokens: list[Any], i: int) -> tuple[Block, int]:
    block = Block("table")
    row: list[list[Run]] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_close":
            block.rows.append(row)
            row = []
        elif token.type in ("th_open", "td_open") and len(block.rows) == 0:
            style = str(token.attrs.get("style", ""))
            block.align.append(style.removeprefix("text-align:") if style else "")
        elif token.type == "inline":
            row.append(_runs(token.children or []))
        elif token.type == "thead_close":
            block.head = len(block.rows)
        i += 1
    return block, i + 1


def _runs(children: list[Any]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
    link_start = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(child.attrs.get("href", "")) or None
            link_start = sum(len(r.text) for r in runs)
        elif kind == "link_close":
            if link and sum(len(r.text) for r in runs) == link_start:  # `[](…)`: show the address
                _append(runs, Run(link.removeprefix("mailto:"), bold > 0, italic > 0, link))
            link = None
        elif kind == "text":
            _append(runs, Run(child.content, bold > 0, italic > 0, link))
        elif kind == "softbreak":
            _append(runs, Run(" ", bold > 0, italic > 0, link))
        elif kind == "hardbreak":
            _append(runs, Run("\n", bold > 0, italic > 0, link))
    return [r for r in runs if r.text]


def _append(runs: list[Run], run: Run) -> None:
    """Join runs of one look, so that formats see whole words."""
    if runs and (runs[-1].bold, runs[-1].italic, runs[-1].link) == (run.bold, run.italic, run.link):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic, run.link)
    else:
        runs.append(run)


def _run_html(run: Run) -> str:
    out = html.escape(run.text, quote=True).replace("\n", "<br>")
    if run.bold:
        out = f"<strong>{out}</strong>"
    if run.italic:
        out = f"<em>{out}</em>"
    if run.link:
        out = f'<a href="{html.escape(run.link, quote=True)}">{out}</a>'
    return out


def _block_html(block: Block) -> str:
    if block.kind == "paragraph":
        return f"<p>{_runs_html(block.runs)}</p>"
    if block.kind == "table":
        return _table_html(block)
    if block.kind == "bullets":
        items = "".join(f"<li>{''.join(_block_html(b) for b in item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    # WeasyPrint reads `start` and `value` only with presentational hints, which the
    # templates do not use: an item whose number does not follow on sets the list-item
    # counter itself. `1)` items get their marker as a string (WeasyPrint 70 cannot lay out
    # a `::marker` with generated content, and an @counter-style would have to be parsed
    # together with each document).
    out, expected = [], 1
    for number, item in zip(block.numbers, block.items, strict=True):
        if block.delimiter != ".":
            marker = f' value="{number}" style="list-style-type: \'{number}{block.delimiter} \'"'
        elif number != expected:
            marker = (f' value="{number}" style="counter-set: list-item {number}; '
                      'counter-increment: list-item 0"')
        else:
            marker = ""
        out.append(f"<li{marker}>{''.join(_block_html(b) for b in item)}</li>")
        expected = number + 1
    start = f' start="{block.start}"' if block.start != 1 else ""
    digits = len(str(max(block.numbers, default=1)))
    # markers sit left of the item: room for a long number such as 2019., inside the text
    wide = f' style="padding-left: {digits * 0.6 + 0.9:.1f}em"' if digits > 2 else ""
    return f"<ol{start}{wide}>{''.join(out)}</ol>"


def _runs_html(runs: list[Run]) -> str:
    return "".join(_run_html(r) for r in runs)


def _table_html(block: Block) -> str:
    def cells(row: list[list[Run]], tag: str) -> str:
        out = []
        for n, runs in enumerate(row):
            align = block.align[n] if n < len(block.align) else ""
            style = f' style="text-align: {align}"' if align else ""
            out.append(f"<{tag}{style}>{_runs_html(runs)}</{tag}>")
        return f"<tr>{''.join(out)}</tr>"

    head = "".join(cells(row, "th") for row in block.rows[:block.head])
    body = "".join(cells(row, "td") for row in block.rows[block.head:])
    return (f'<table class="text-table">{f"<thead>{head}</thead>" if head else ""}'
            f'{f"<tbody>{body}</tbody>" if body else ""}</table>')


def _block_plain(block: Block) -> str:
    if block.kind == "paragraph":
        return "".join(r.text for r in block.runs)
    if block.kind == "table":
        return "\n".join("\t".join("".join(r.text for r in cell) for cell in row) for row in block.rows)
    return "\n".join("\n".join(_block_plain(b) for b in item) for item in block.items)
