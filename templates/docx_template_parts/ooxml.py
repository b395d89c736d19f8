"""Small OOXML writers: runs, paragraphs, fields, cells, rows, tables, borders, headings.

Each returns WordprocessingML as a string; `package.py` parses the strings into the document.
A value may hold a docxtpl/Jinja tag, which these writers keep inside one `w:t`, so that Word's
XML never splits a tag across runs.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def run(text: str = "", *, bold: bool = False, italic: bool = False, color: str | None = None,
        size: float | None = None, font: str | None = None, caps: bool = False,
        spacing: int | None = None, tab_before: bool = False) -> str:
    """One `w:r`; `text` may hold a Jinja tag, which must stay inside one `w:t`."""
    rpr = ""
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if italic:
        rpr += "<w:i/><w:iCs/>"
    if caps:
        rpr += "<w:caps/>"
    if color:
        rpr += f'<w:color w:val="{color}"/>'
    if spacing:
        rpr += f'<w:spacing w:val="{spacing}"/>'
    if size:
        rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    body = "<w:tab/>" if tab_before else ""
    if text:
        body += f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{body}</w:r>"


def para(*runs: str, style: str | None = None, ppr: str = "") -> str:
    """One `w:p`: a style id, extra paragraph properties (in schema order), runs."""
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = pstyle + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def text(value: str, style: str | None = None, ppr: str = "", **look: object) -> str:
    """A paragraph of one run."""
    return para(run(value, **look), style=style, ppr=ppr)  # type: ignore[arg-type]


def tag(jinja: str) -> str:
    """A docxtpl paragraph tag (`{%p … %}` or `{{p … }}`): the paragraph is replaced by it."""
    return para(run(jinja))


def heading(level: int, value: str, ppr: str = "", mark: tuple[str, str] | None = None,
            lang: str = "") -> str:
    """A heading; `mark` (bookmark name, id; either may hold Jinja) makes it a link target;
    `lang` (see `language`) starts a stretch of text in another language with it."""
    if mark is None:
        return para(lang, run(value), style=f"Heading{level}", ppr=ppr)
    name, number = mark
    return para(lang, f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>', run(value),
                f'<w:bookmarkEnd w:id="{number}"/>', style=f"Heading{level}", ppr=ppr)


LANGUAGE_MARK = "_Lang_"
"""Bookmarks named `_Lang_<tag>` mark where the text's language changes: the renderer tags
every run from there on with `<w:lang w:val="<tag>"/>` (Word's proofing language) and removes
the marks (actionplan/render/docx/package.py, `tag_languages`)."""


def language(expression: str) -> str:
    """A language mark (see `LANGUAGE_MARK`) for the Jinja `expression` giving a Word language
    tag, e.g. `plan.word_language`; placed as the first child of a paragraph."""
    return (f'<w:bookmarkStart w:id="990" w:name="{LANGUAGE_MARK}{{{{ {expression} }}}}"/>'
            '<w:bookmarkEnd w:id="990"/>')


def field(instruction: str, placeholder: str = "1") -> str:
    """A complex field such as PAGE or NUMPAGES (Word and LibreOffice update it)."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{placeholder}</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def cell(content: str, width: int, *, fill: str | None = None, borders: str = "",
         valign: str | None = None, span: int = 1, direction: str | None = None) -> str:
    """One `w:tc`. A `width` of 0 marks a cell of a column loop (`{%tc for %}`): the renderer
    shares what the other cells leave of the table's width among such cells."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if borders:
        tcpr += f"<w:tcBorders>{borders}</w:tcBorders>"
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if direction:
        tcpr += f'<w:textDirection w:val="{direction}"/>'
    if valign:
        tcpr += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def row(*cells: str, header: bool = False, height: int | None = None) -> str:
    """One `w:tr` that never splits across pages; a `header` row repeats on every page."""
    trpr = "<w:cantSplit/>"
    if height:
        trpr += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
    if header:
        trpr += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def tag_row(jinja: str, columns: int) -> str:
    """A docxtpl row tag (`{%tr … %}`): the whole row is replaced by it."""
    return row(*[cell(text(jinja if i == 0 else ""), 1000) for i in range(columns)])


def table(widths: list[int], *rows: str, style: str | None = "PlanTable",
          first_row: bool = False, first_column: bool = False, borders: str | None = None) -> str:
    """A `w:tbl` of fixed column `widths` (twips); `first_row` and `first_column` take the
    table style's look for those cells, `borders` replaces the style's."""
    look = (f'<w:tblLook w:val="0000" w:firstRow="{int(first_row)}" w:lastRow="0" '
            f'w:firstColumn="{int(first_column)}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    borders_xml = f"<w:tblBorders>{borders}</w:tblBorders>" if borders is not None else ""
    props = (f'{style_xml}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders_xml}'
             f'<w:tblLayout w:type="fixed"/>{look}')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def border(side: str, color: str, size: int = 4, space: int = 0, kind: str = "single") -> str:
    """One border line: `size` in eighths of a point, `space` from the text in points."""
    return f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


NO_BORDERS = "".join(border(s, "auto", 0, kind="nil")
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))

# A tiny paragraph after every table: it gives the table its space below, lets a heading after
# a table keep with its text in LibreOffice (which ignores "keep with next" right after a
# table), and means a body or a loop never ends with a table.
TABLE_END = text("", "TableEnd")


def section_end(*runs: str, landscape: bool = False) -> str:
    """The last paragraph of a section, a tiny one: a section break. The page that ends is
    portrait or `landscape`; `package.py` completes the section's properties (the first
    section keeps the cover's header and footer; later ones inherit the running ones)."""
    orient = "landscape" if landscape else "portrait"
    return para(*runs, style="TableEnd", ppr=f'<w:sectPr><w:pgSz w:orient="{orient}"/></w:sectPr>')
