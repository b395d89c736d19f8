"""Markdown `Text` as Word paragraphs, for the DOCX template to place with `{{p field }}`.

A `WordText` stands in the template context for one parsed markdown field. When docxtpl
places it, it writes WordprocessingML: one `w:p` per paragraph, list items as paragraphs in the
template's "List Bullet" / "List Number" styles with real numbering (`w:numPr`, the level for
nesting, and a fresh `w:num` for every numbered list, and again wherever an item's typed number
does not follow on, so each item shows the number typed), bold and italic runs, hyperlinks as
`w:hyperlink` elements with a relationship, and tables in the template's "Plan Table" style
with "Table Heading" / "Table Text" paragraphs. It never writes markdown syntax.

This module builds strings only and imports neither docx nor docxtpl: the document-specific
work (relationship ids, new `w:num` elements, style ids) comes in through `WordTarget`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ...words.markdown import Block, Run, Text

LIST_INDENT = 357  # twips per list level; matches the template's numbering definitions
MAX_LEVEL = 8
TABLE_WIDTH = 9638  # twips: the grid of a pipe table before Word fits it to the text width
_JUSTIFY = {"left": "left", "center": "center", "right": "right"}


@dataclass
class WordTarget:
    """What a document gives the writer: its styles and a way to add links and lists."""

    style_ids: dict[str, str]              # style name ("List Bullet") → style id
    link_id: Callable[[str], str]          # URL → relationship id in the part being rendered
    numbered_list: Callable[[int, int, str], int | None]  # (level, start, "." or ")") → new numId
    bullet_num: int | None                 # the numId that "List Bullet" uses
    heading_fill: str | None = None        # fill of a table's heading cells (hex), if any

    def style(self, name: str) -> str | None:
        return self.style_ids.get(name)


class WordText:
    """A markdown field, written as Word paragraphs when the template places it."""

    def __init__(self, text: Text, target: WordTarget, style: str | None = None):
        self.text, self.target, self.style_name = text, target, style

    def styled(self, style: str) -> WordText:
        """The same text with its plain paragraphs in another paragraph style (by name)."""
        return WordText(self.text, self.target, style)

    def __bool__(self) -> bool:
        return bool(self.text.blocks)

    def __html__(self) -> str:
        # every placement writes its own paragraphs, so a numbered list placed twice still
        # gets a w:num of its own each time
        return paragraphs_xml(self.text.blocks, self.target, self.style_name)

    __str__ = __html__

    def __repr__(self) -> str:
        return f"WordText({self.text.source!r})"


def paragraphs_xml(blocks: list[Block], target: WordTarget, style: str | None = None) -> str:
    """The blocks as `w:p` elements; at least one, so the result can also fill a table cell."""
    writer = _Writer(target, target.style(style) if style else None)
    for block in blocks:
        writer.block(block, 0)
    return "".join(writer.out) or _paragraph([], writer.body_style)


class _Writer:
    def __init__(self, target: WordTarget, body_style: str | None):
        self.target, self.body_style = target, body_style
        self.bullet_style = target.style("List Bullet")
        self.number_style = target.style("List Number")
        self.continue_style = target.style("List Continue")
        self.link_style = target.style("Hyperlink")
        self.out: list[str] = []

    def block(self, block: Block, level: int) -> None:
        if block.kind == "paragraph":
            self.out.append(_paragraph(self.runs(block.runs), self.body_style,
                                       bidi=_right_to_left(block.runs)))
        elif block.kind == "table":
            self.table(block)
        else:
            self.list_block(block, level)

    def list_block(self, block: Block, level: int) -> None:
        level = min(level, MAX_LEVEL)
        style, num = self.bullet_style, self.target.bullet_num
        expected: int | None = None
        if block.kind == "numbers":
            style = self.number_style
        for n, item in enumerate(block.items):
            if block.kind == "numbers":
                number = block.numbers[n]
                if number != expected:  # a list, or an item whose typed number does not follow
                    num = self.target.numbered_list(level, number, block.delimiter)
                expected = number + 1
            first = True
            for sub in item:
                if sub.kind == "table":
                    if first:
                        self.out.append(_paragraph([], style, numbering=(level, num)))
                        first = False
                    self.table(sub)
                elif sub.kind != "paragraph":
                    if first:  # an item that opens with a list still shows its marker
                        self.out.append(_paragraph([], style, numbering=(level, num)))
                        first = False
                    self.list_block(sub, level + 1)
                elif first:
                    self.out.append(_paragraph(self.runs(sub.runs), style, numbering=(level, num),
                                               bidi=_right_to_left(sub.runs)))
                    first = False
                else:  # a further paragraph of the same item: indented, no marker
                    self.out.append(_paragraph(self.runs(sub.runs), self.continue_style,
                                               indent=LIST_INDENT * (level + 1),
                                               bidi=_right_to_left(sub.runs)))
            if first:  # an empty item
                self.out.append(_paragraph([], style, numbering=(level, num)))

    def table(self, block: Block) -> None:
        """A pipe table: the template's "Plan Table" style, its heading rows repeated on every
        page, equal columns across the text width, and an empty "Table End" paragraph after
        it (as after the template's own tables, and because a table cell must end with a
        paragraph)."""
        columns = max((len(row) for row in block.rows), default=0)
        if not columns:
            return
        table_style = self.target.style("Plan Table")
        props = f'<w:tblStyle w:val="{table_style}"/>' if table_style else ""
        props += ('<w:tblW w:w="5000" w:type="pct"/>'
                  f'<w:tblLook w:val="0000" w:firstRow="{int(block.head > 0)}" w:lastRow="0" '
                  'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
        width = TABLE_WIDTH // columns
        grid = f'<w:gridCol w:w="{width}"/>' * columns
        fill = self.target.heading_fill
        rows = []
        for n, row in enumerate(block.rows):
            head = n < block.head
            # white heading text only where the cell is filled (Word and LibreOffice alike)
            style = self.target.style("Table Heading" if head and fill else "Table Text")
            shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if head and fill else ""
            cells = []
            for c in range(columns):
                runs = [Run(r.text, r.bold or (head and not fill), r.italic, r.link)
                        for r in (row[c] if c < len(row) else [])]
                align = _JUSTIFY.get(block.align[c] if c < len(block.align) else "")
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{5000 // columns}" w:type="pct"/>{shading}'
                             f"</w:tcPr>{_paragraph(self.runs(runs), style, align=align)}</w:tc>")
            header = "<w:trPr><w:tblHeader/></w:trPr>" if head else ""
            rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
        self.out.append(f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
                        f"{''.join(rows)}</w:tbl>")
        self.out.append(_paragraph([], self.target.style("Table End")))

    def runs(self, runs: list[Run]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(runs):
            link = runs[i].link
            if link is None:
                out.append(_run(runs[i]))
                i += 1
                continue
            group = []
            while i < len(runs) and runs[i].link == link:
                group.append(_run(runs[i], self.link_style))
                i += 1
            rid = self.target.link_id(link)
            out.append(f'<w:hyperlink r:id="{rid}" w:history="1">{"".join(group)}</w:hyperlink>')
        return out


def _paragraph(runs: list[str], style: str | None, *, numbering: tuple[int, int | None] | None = None,
               indent: int | None = None, bidi: bool = False, align: str | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbering and numbering[1] is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{numbering[0]}"/><w:numId w:val="{numbering[1]}"/></w:numPr>'
    if bidi:
        ppr += "<w:bidi/>"
    if indent:
        ppr += f'<w:ind w:left="{indent}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def _run(run: Run, link_style: str | None = None) -> str:
    rpr = f'<w:rStyle w:val="{link_style}"/>' if run.link and link_style else ""
    if run.bold:
        rpr += "<w:b/><w:bCs/>"
    if run.italic:
        rpr += "<w:i/><w:iCs/>"
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    pieces = []
    for n, line in enumerate(run.text.split("\n")):
        if n:
            pieces.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape_text(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                          # braces as character references: docxtpl rewrites `{_{` in its
                          # output, and no value should ever look like a template tag
                          "{": "&#123;", "}": "&#125;"})


def escape_text(value: str) -> str:
    """Text for a `w:t` element."""
    return value.translate(_ESCAPES)


def _right_to_left(runs: list[Run]) -> bool:
    """Whether a paragraph reads right to left: its first strong character is Hebrew/Arabic."""
    for run in runs:
        for char in run.text:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return False
