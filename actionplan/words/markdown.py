"""Markdown text fields as one neutral structure that both formats draw from.

markdown-it-py parses (CommonMark, raw HTML off, so `<img …>` stays text); the tokens become
`Block`s and `Run`s. The DOCX writer turns those into Word paragraphs, the HTML writer into
tags, so the two documents cannot say different words. Links keep their target only when it
is http(s) or mailto; anything else shows as plain text and is never fetched.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

SAFE_LINK_PREFIXES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class Block:
    """A paragraph (`runs`) or a list (`items`, each a list of blocks)."""

    kind: str  # "paragraph" | "bullets" | "numbers"
    runs: list[Run] = field(default_factory=list)
    items: list[list[Block]] = field(default_factory=list)
    start: int = 1


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


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # commonmark with html off: raw HTML is text. Tables, images and headings are read but
    # flattened to paragraphs below; the action plan template has no place for them.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# A line or paragraph separator pasted into a text (load/separators.py) is a line break:
# CommonMark's hard break (two spaces at the end of a line), in both formats.
_SEPARATORS_AS_BREAKS = str.maketrans(dict.fromkeys("\u2028\u2029\x85", "  \n"))


def parse_markdown(source: str) -> Text:
    """Parse one markdown text field."""
    tokens = _parser().parse(source.translate(_SEPARATORS_AS_BREAKS))
    blocks, _ = _blocks(tokens, 0, None)
    return Text(blocks, source)


def _blocks(tokens: list[Any], i: int, until: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if until and token.type == until:
            return blocks, i + 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            close = token.type.replace("_open", "_close")
            block = Block("bullets" if token.type.startswith("bullet") else "numbers",
                          start=int(token.attrs.get("start", 1) or 1))
            i += 1
            while tokens[i].type != close:
                item, i = _blocks(tokens, i + 1, "list_item_close")  # skip list_item_open
                block.items.append(item)
            blocks.append(block)
            i += 1
        elif token.type == "inline":
            runs = _runs(token.children or [])
            if runs:
                blocks.append(Block("paragraph", runs=runs))
            i += 1
        elif token.type in ("code_block", "fence"):
            blocks.append(Block("paragraph", runs=[Run(token.content.rstrip("\n"))]))
            i += 1
        else:  # paragraph/heading/blockquote open and close tags, hr: structure only
            i += 1
    return blocks, i


def _runs(children: list[Any]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
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
            href = str(child.attrs.get("href", ""))
            link = href if href.startswith(SAFE_LINK_PREFIXES) else None
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline", "html_inline"):
            _append(runs, Run(child.content, bold > 0, italic > 0, link))
        elif kind == "image":  # never fetched: its description stands in for it
            _append(runs, Run(child.content or "", bold > 0, italic > 0, None))
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
        return f"<p>{''.join(_run_html(r) for r in block.runs)}</p>"
    tag = "ul" if block.kind == "bullets" else "ol"
    start = f' start="{block.start}"' if block.kind == "numbers" and block.start != 1 else ""
    items = "".join(f"<li>{''.join(_block_html(b) for b in item)}</li>" for item in block.items)
    return f"<{tag}{start}>{items}</{tag}>"


def _block_plain(block: Block) -> str:
    if block.kind == "paragraph":
        return "".join(r.text for r in block.runs)
    return "\n".join("\n".join(_block_plain(b) for b in item) for item in block.items)
