"""Generate the built-in Word templates: `python3 templates/make_docx_templates.py`.

The outputs, `templates/action-plan.docx` and `templates/consolidated.docx`, are committed
beside this script. Each is a real Word document a partner can open in Word or LibreOffice
and keep editing: A4, named styles (Title,
Subtitle, Heading 1-4, List Bullet/List Number backed by real numbering definitions, a table
style, Hyperlink), Open Sans with Arial as fallback, the Interreg palette (EU blue #003399 with
EU yellow #FFCC00 as the one accent), a cover without header, then a running header and a
"Page n of N" footer built from PAGE and NUMPAGES fields.

The text is docxtpl/Jinja: `{{ }}` places a value, `{%p %}` paragraphs and `{%tr %}` table
rows repeat or hide whole paragraphs and rows, `{{p field }}` places a markdown field as
paragraphs and lists. Every value comes from `actionplan.context.PlanContext`, seen by the
template as `plan`; the template only places values and adds the fixed wording of the Interreg
Europe action plan form (headings and labels).

The plan is built from pieces that refer only to a variable `var`: `plan_cover(var)` and
`plan_body(var, level, new_page=..., anchor=...)`. `consolidated.docx`, the lead partner's
deliverable, sees a `DeliverableContext` as `deliverable` (its summary also as `summary`):
a cover, "Contents" with a TOC field of Heading 1-2 (Word refreshes it on opening; until then,
and in LibreOffice, its result lists the headings, linked to their bookmarks), the summary
(Heading 1, six Heading 2 sections; the overview table on a landscape page of its own), then
`{%p for plan in deliverable.plans %}` a Heading 1 "Partner: …" on a new page with
`plan_body("plan", level=2, new_page=False)` under it, so the TOC and the PDF bookmarks nest
each plan's parts under its partner. The column loop of the learning-flow matrix marks its
cells with a width of 0: the renderer shares the width left among them.

The output is byte-for-byte reproducible: run the script twice and git sees no change.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from actionplan.render.docx import reproducible_zip

HERE = Path(__file__).resolve().parent

# --- palette and page ---------------------------------------------------------------------
BLUE = "003399"      # EU / Interreg blue: headings, labels, table heads
ACCENT = "FFCC00"    # EU yellow: the one accent, for rules
INK = "1E2330"       # body text
GREY = "5B6478"      # secondary text
TINT = "EDF1FA"      # light blue: label cells
RULE = "C5CEE3"      # table borders
LIGHT = "C2CEEA"     # cells of the learning-flow matrix that count something (as the chart)
RED = "CC0033"       # the DRAFT mark
BAND_TEXT = "C9D6F5" # light text on the blue band
FONT = "Open Sans"
FALLBACK = "Arial"   # what Word substitutes where Open Sans is not installed (fontTable altName)
SYMBOLS = "Segoe UI Symbol"  # tick boxes ☐ ☒ (Open Sans has no such glyphs)

PAGE_W, PAGE_H = 11906, 16838           # A4 in twips
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 1304, 1418, 1304   # 2.3 cm, 2.5 cm, 2.3 cm
TEXT_W = PAGE_W - 2 * MARGIN_X          # 9298 twips ≈ 16.4 cm
WIDE_W = PAGE_H - 2 * MARGIN_X          # 14230 twips ≈ 25.1 cm: the text width of a landscape page
LIST_INDENT = 357                        # 0.63 cm per list level

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


# --- small OOXML writers ------------------------------------------------------------------

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
    look = (f'<w:tblLook w:val="0000" w:firstRow="{int(first_row)}" w:lastRow="0" '
            f'w:firstColumn="{int(first_column)}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    borders_xml = f"<w:tblBorders>{borders}</w:tblBorders>" if borders is not None else ""
    props = (f'{style_xml}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders_xml}'
             f'<w:tblLayout w:type="fixed"/>{look}')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def border(side: str, color: str, size: int = 4, space: int = 0, kind: str = "single") -> str:
    return f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


NO_BORDERS = "".join(border(s, "auto", 0, kind="nil")
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))


# --- the plan: cover and body -------------------------------------------------------------

# A tiny paragraph after every table: it gives the table its space below, lets a heading after
# a table keep with its text in LibreOffice (which ignores "keep with next" right after a
# table), and means a body or a loop never ends with a table.
TABLE_END = text("", "TableEnd")


def plan_cover(var: str = "plan") -> list[str]:
    """The cover page of one plan: logos, a blue band across the page with the title, partner
    and region, then the project and the version facts. The disclaimer goes to the cover's
    footer (see `cover_footer`), so it sits at the foot of the page."""
    p = var
    logos = para(
        run(f"{{% if {p}.project_logo %}}{{{{ {p}.project_logo }}}}{{% endif %}}"),
        run(tab_before=True),
        run(f"{{% if {p}.partner_logo %}}{{{{ {p}.partner_logo }}}}{{% endif %}}"),
        style="CoverLogos")
    band = _band([
        text(f"{{{{ {p}.programme }}}}", "CoverKicker"),
        text("Action plan", "Title", color="FFFFFF"),
        text(f"{{{{ {p}.partner_name }}}}", "Subtitle", color="FFFFFF"),
        text(f"{{{{ {p}.region }}}}", "CoverText", color=BAND_TEXT),
    ])
    label = {"size": 7, "color": GREY, "caps": True, "spacing": 20}
    value = {"size": 11, "bold": True, "color": BLUE}
    facts = (("Version", "version"), ("Status", "status"), ("Date", "date"))
    widths = (2000, 2400, TEXT_W - 4400)
    left_rule = border("left", ACCENT, 12, 0)
    status = para(run(f"{{% if {p}.draft %}}"), run(f"{{{{ {p}.status }}}}", **{**value, "color": RED}),
                  run("{% else %}"), run(f"{{{{ {p}.status }}}}", **value), run("{% endif %}"),
                  style="CoverMeta")
    meta = table(
        list(widths),
        row(*[cell(text(word, "CoverMeta", **label), w, borders=left_rule)
              for (word, _), w in zip(facts, widths, strict=True)]),
        row(*[cell(status if key == "status" else text(f"{{{{ {p}.{key} }}}}", "CoverMeta", **value),
                   w, borders=left_rule)
              for (_, key), w in zip(facts, widths, strict=True)]),
        style=None, borders=NO_BORDERS)
    return [
        tag(f"{{%p if {p}.project_logo or {p}.partner_logo %}}"),
        logos,
        tag("{%p else %}"),
        text("", "CoverSpacer"),
        tag("{%p endif %}"),
        band,
        tag(f"{{%p if {p}.draft %}}"),
        text("DRAFT", "CoverDraft"),
        tag("{%p endif %}"),
        text(f"{{{{ {p}.acronym }}}}", "CoverProject"),
        text(f"{{{{ {p}.project_title }}}}", "CoverProjectTitle"),
        meta,
    ]


def _band(paragraphs: list[str]) -> str:
    """A blue band across the whole page width (a one-cell table reaching into the margins),
    with the yellow rule of the Interreg identity under it."""
    margins = (f'<w:tblCellMar><w:top w:w="560" w:type="dxa"/><w:left w:w="{MARGIN_X}" '
               f'w:type="dxa"/><w:bottom w:w="480" w:type="dxa"/><w:right w:w="{MARGIN_X}" '
               'w:type="dxa"/></w:tblCellMar>')
    props = (f'<w:tblW w:w="{PAGE_W}" w:type="dxa"/><w:tblInd w:w="-{MARGIN_X}" w:type="dxa"/>'
             f'<w:tblBorders>{NO_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>{margins}'
             '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    content = cell("".join(paragraphs), PAGE_W, fill=BLUE,
                   borders=border("bottom", ACCENT, 48, 0))
    return (f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid><w:gridCol w:w=\"{PAGE_W}\"/>"
            f"</w:tblGrid>{row(content)}</w:tbl>")


def _heading(level: int, value: str, ppr: str = "", mark: tuple[str, str] | None = None) -> str:
    """A heading; `mark` (bookmark name, id; either may hold Jinja) makes it a link target."""
    if mark is None:
        return text(value, f"Heading{level}", ppr)
    name, number = mark
    return para(f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>', run(value),
                f'<w:bookmarkEnd w:id="{number}"/>', style=f"Heading{level}", ppr=ppr)


def _label(value: str) -> str:
    return text(value, "FieldLabel")


def _two_columns(rows_var: str, item: str, left: str, right: str, *, heads: tuple[str, str] | None,
                 widths: tuple[int, int], keep: bool = False, suffix: str = "") -> str:
    """A two-column table with an optional heading row and one row per item of a list."""
    head = heads and row(*[cell(text(h, "TableHeading"), w, fill=BLUE)
                           for h, w in zip(heads, widths, strict=True)], header=True)
    keep_ppr = "<w:keepNext/>" if keep else ""
    body = row(cell(text(f"{{{{ {item}.{left} }}}}{suffix}", "TableLabel" if not heads else "TableText",
                         keep_ppr), widths[0], fill=None if heads else TINT),
               cell(text(f"{{{{ {item}.{right} }}}}", "TableText", keep_ppr), widths[1]),
               height=680 if keep else None)
    return table(list(widths), *(r for r in (
        head,
        tag_row(f"{{%tr for {item} in {rows_var} %}}", 2),
        body,
        tag_row("{%tr endfor %}", 2),
    ) if r), first_row=bool(heads), first_column=not heads) + TABLE_END


PLAN_PARTS = ("Part I – General information", "Part II – Policy context",
              "Learnings from the project", "Part III – Details of the actions envisaged")


def plan_mark(anchor: str, part: int) -> tuple[str, str]:
    """The bookmark of a plan heading in the consolidated document: `anchor` is a Jinja
    expression numbering the plan (1, 2, …); part 0 is the plan's own heading. Its id stays a
    plain number (the template must open in Word); the renderer numbers the copies apart."""
    return (f"_TocPlan{{{{ {anchor} }}}}_{part}", str(1000 + part))


def plan_body(var: str = "plan", level: int = 1, *, new_page: bool = True,
              anchor: str | None = None) -> list[str]:
    """Parts I-III and the signature block of one plan; headings start at Heading `level`,
    Part I on a new page unless `new_page` is false (when a plan heading already starts one).
    With `anchor` (see `plan_mark`) the part headings carry bookmarks for a table of contents."""
    p, h1, h2, h3 = var, level, level + 1, level + 2

    def part(n: int, ppr: str = "") -> str:
        return _heading(h1, PLAN_PARTS[n - 1], ppr, plan_mark(anchor, n) if anchor else None)

    wide = (3300, TEXT_W - 3300)
    tick = para(run("{{ '☒' if tick.ticked else '☐' }}", font=SYMBOLS, color=BLUE, size=12),
                run(tab_before=True), run("{{ tick.label }}"), style="TickBox")
    return [
        # Part I
        part(1, "<w:pageBreakBefore/>" if new_page else ""),
        _two_columns(f"{p}.general", "row", "label", "value", heads=None, widths=wide),
        # Part II
        part(2),
        _label("The Action Plan aims to impact:"),
        tag(f"{{%p for tick in {p}.instrument_types %}}"),
        tick,
        tag("{%p endfor %}"),
        _label("Name of the policy instrument addressed:"),
        text(f"{{{{ {p}.instrument }}}}"),
        tag(f"{{%p if {p}.managing_authority %}}"),
        _label("Managing authority:"),
        text(f"{{{{ {p}.managing_authority }}}}"),
        tag("{%p endif %}"),
        tag(f"{{%p if {p}.policy_details %}}"),
        _label("Further details:"),
        tag(f"{{{{p {p}.policy_details }}}}"),
        tag("{%p endif %}"),
        # Learnings
        part(3),
        tag(f"{{%p for learning in {p}.learnings %}}"),
        _heading(h2, "{{ learning.title }}"),
        tag("{%p if learning.topic %}"),
        para(run("Topic: ", bold=True), run("{{ learning.topic }}"), style="Meta"),
        tag("{%p endif %}"),
        tag("{%p for source in learning.sources %}"),
        text("{{ source }}", "ListBullet"),
        tag("{%p endfor %}"),
        tag("{%p if learning.text %}"),
        tag("{{p learning.text }}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        # Part III
        part(4),
        tag(f"{{%p for action in {p}.actions %}}"),
        _heading(h2, "{{ action.heading }}"),
        tag("{%p if action.improvement %}"),
        text("{{ action.improvement }}", "Meta"),
        tag("{%p endif %}"),
        _heading(h3, "1. The background"),
        tag("{{p action.background }}"),
        tag("{%p if action.inspired_by %}"),
        _label("Learnings this action draws on:"),
        tag("{%p for learning in action.inspired_by %}"),
        text("{{ learning }}", "ListBullet"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        _heading(h3, "2. Action"),
        tag("{{p action.activities }}"),
        _heading(h3, "3. Players involved"),
        tag("{%p if action.players %}"),
        _two_columns("action.players", "player", "label", "value",
                     heads=("Organisation", "Role"), widths=(3800, TEXT_W - 3800)),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        _heading(h3, "4. Timeframe"),
        text("{{ action.timeframe }}"),
        _heading(h3, "5. Costs (if relevant)"),
        tag("{%p if action.costs %}"),
        text("{{ action.costs }}"),
        tag("{%p if action.costs_note %}"),
        text("{{ action.costs_note }}", "Note"),
        tag("{%p endif %}"),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        _heading(h3, "6. Funding sources (if relevant)"),
        tag("{%p if action.funding %}"),
        _two_columns("action.funding", "line", "source", "amount",
                     heads=("Source", "Amount"), widths=(TEXT_W - 2600, 2600)),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        tag("{%p if action.indicators %}"),
        _heading(h3, "Indicators"),
        _two_columns("action.indicators", "indicator", "label", "value",
                     heads=("Indicator", "Target"), widths=(TEXT_W - 2600, 2600)),
        tag("{%p endif %}"),
        tag("{%p if action.monitoring_status %}"),
        _heading(h3, "Monitoring"),
        para(run("Status: ", bold=True), run("{{ action.monitoring_status }}")),
        tag("{%p if action.monitoring_notes %}"),
        tag("{{p action.monitoring_notes }}"),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        # closing block
        text("", "SignatureSpace"),
        _two_columns(f"{p}.signature", "row", "label", "value", heads=None,
                     widths=wide, keep=True, suffix=":"),
    ]


# --- the consolidated deliverable -----------------------------------------------------------

# The summary's headings, in order, with their bookmarks (targets of the table of contents).
SUMMARY_TITLE = "Summary of the partnership"
SUMMARY_SECTIONS = (("Overview", "_TocOverview"), ("Learning flows", "_TocFlows"),
                    ("Timeline", "_TocTimeline"), ("Money", "_TocMoney"),
                    ("Topics", "_TocTopics"), ("Open points", "_TocOpenPoints"))
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
SMALL_CELL_X = 85  # narrower cell margins for the summary's many-column tables


def deliverable_cover(var: str = "deliverable") -> list[str]:
    """The cover of the consolidated deliverable, in the look of a plan's cover."""
    d = var
    band = _band([
        text(f"{{{{ {d}.programme }}}}", "CoverKicker"),
        text("Action plans of the partnership", "Title", color="FFFFFF"),
        text(f"{{{{ {d}.acronym }}}}", "Subtitle", color="FFFFFF"),
        text(f"{{{{ {d}.project_title }}}}", "CoverText", color=BAND_TEXT),
    ])
    label = {"size": 7, "color": GREY, "caps": True, "spacing": 20}
    value = {"size": 11, "bold": True, "color": BLUE}
    facts = (("Project index", f"{d}.project_index or '–'"), ("Project period", f"{d}.period"),
             ("Date", f"{d}.date"))
    widths = (2000, 3600, TEXT_W - 5600)
    left_rule = border("left", ACCENT, 12, 0)
    meta = table(
        list(widths),
        row(*[cell(text(word, "CoverMeta", **label), w, borders=left_rule)
              for (word, _), w in zip(facts, widths, strict=True)]),
        row(*[cell(text(f"{{{{ {key} }}}}", "CoverMeta", **value), w, borders=left_rule)
              for (_, key), w in zip(facts, widths, strict=True)]),
        style=None, borders=NO_BORDERS)
    return [
        tag(f"{{%p if {d}.project_logo %}}"),
        para(run(f"{{{{ {d}.project_logo }}}}"), style="CoverLogos"),
        tag("{%p else %}"),
        text("", "CoverSpacer"),
        tag("{%p endif %}"),
        band,
        para(run("Lead partner: ", color=GREY, bold=False, size=12),
             run(f"{{{{ {d}.lead_partner }}}}"), style="CoverProject"),
        text("", "CoverProjectTitle"),
        meta,
    ]


def _toc_entry(level: int, value: str, anchor: str, field_start: str = "") -> str:
    link = f'<w:hyperlink w:anchor="{anchor}" w:history="1">{run(value)}</w:hyperlink>'
    return para(field_start, link, style=f"TOC{level}")


def contents(var: str = "deliverable") -> list[str]:
    """"Contents" and a TOC field of Heading 1-2. Word fills it in on opening (settings ask
    it to update fields); until then, and in LibreOffice, which does not fill TOC fields when
    converting, the field shows the entries it will hold, linked to their headings, without
    page numbers."""
    start = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r><w:instrText xml:space="preserve"> {escape(TOC_INSTRUCTION)} </w:instrText></w:r>'
             f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    return [
        text("Contents", "TOCHeading", "<w:pageBreakBefore/>"),
        _toc_entry(1, SUMMARY_TITLE, "_TocSummary", start),
        *[_toc_entry(2, title, anchor) for title, anchor in SUMMARY_SECTIONS],
        tag(f"{{%p for plan in {var}.plans %}}"),
        _toc_entry(1, "Partner: {{ plan.partner_name }}", plan_mark("loop.index", 0)[0]),
        *[_toc_entry(2, title, plan_mark("loop.index", n)[0])
          for n, title in enumerate(PLAN_PARTS, start=1)],
        tag("{%p endfor %}"),
        # the field ends in a paragraph of its own: LibreOffice loses every later field (the
        # page numbers) when a TOC field ends in the paragraph that ends a section
        para('<w:r><w:fldChar w:fldCharType="end"/></w:r>', style="TableEnd"),
        section_end(),
    ]


def section_end(*runs: str, landscape: bool = False) -> str:
    """The last paragraph of a section, a tiny one: a section break. The page that ends is
    portrait or `landscape`; `_package` completes the section's properties (the first section
    keeps the cover's header and footer; later ones inherit the running ones)."""
    orient = "landscape" if landscape else "portrait"
    return para(*runs, style="TableEnd", ppr=f'<w:sectPr><w:pgSz w:orient="{orient}"/></w:sectPr>')


def _grid_table(widths: list[int], heads: list[str], body: list[str], *, loop: str,
                totals: str | None = None, end: str = TABLE_END) -> str:
    """A compact table with a heading row, one row per item of `loop` (`x in xs`) and an
    optional totals row; `body` holds the content of each cell."""
    head = row(*[cell(text(h, "SummaryHeading"), w, fill=BLUE)
                 for h, w in zip(heads, widths, strict=True)], header=True)
    rows = [head, tag_row(f"{{%tr for {loop} %}}", len(widths)),
            row(*[cell(c, w) for c, w in zip(body, widths, strict=True)]),
            tag_row("{%tr endfor %}", len(widths))]
    if totals:
        rows.append(totals)
    return _summary_table(widths, rows) + end


def _summary_table(widths: list[int], rows: list[str]) -> str:
    margins = (f'<w:tblCellMar><w:left w:w="{SMALL_CELL_X}" w:type="dxa"/>'
               f'<w:right w:w="{SMALL_CELL_X}" w:type="dxa"/></w:tblCellMar>')
    xml = table(widths, *rows, first_row=True)
    return xml.replace('<w:tblLayout w:type="fixed"/>', f'<w:tblLayout w:type="fixed"/>{margins}', 1)


def _s(value: str, style: str = "SummaryText", **look: object) -> str:
    return text(value, style, **look)


def _total_cell(value: str, width: int, style: str = "SummaryText", span: int = 1) -> str:
    return cell(text(value, style, bold=True, color=BLUE), width, fill=TINT, span=span)


def summary_section(d: str = "deliverable", s: str = "summary") -> list[str]:
    """The cross-partner summary: Heading 1 and its six Heading 2 sections."""
    sections = iter(enumerate(SUMMARY_SECTIONS, start=11))

    def section() -> str:
        number, (title, anchor) = next(sections)
        return _heading(2, title, mark=(anchor, str(number)))

    # Overview: partner · country / region · instrument · actions · costs · timeframe · status · version
    # on a landscape page of its own: eight columns do not fit the width of a portrait one
    widths = [2300, 2150, 3980, 850, 1700, 1400, 1000, 850]
    assert sum(widths) == WIDE_W
    overview = _grid_table(
        widths,
        ["Partner", "Country / region (NUTS2)", "Policy instrument", "Actions", "Total costs",
         "Timeframe", "Status", "Version"],
        [
            para(run("{{ row.partner }}"),
                 run("{% if row.partner_label != row.partner %} ({{ row.partner_label }}){% endif %}"),
                 style="SummaryText")
            + tag("{%p if row.other_partners %}")
            + _s("with {{ row.other_partners }}", "SummaryNote")
            + tag("{%p endif %}"),
            _s("{{ row.country }}") + _s("{{ row.region }}", "SummaryNote"),
            _s("{{ row.instrument }}") + _s("{{ row.instrument_type }}", "SummaryNote"),
            _s("{{ row.actions }}", "SummaryNumber"),
            _s("{{ row.costs.text }}", "SummaryNumber"),
            _s("{{ row.timeframe }}"),
            _s("{{ row.status }}"),
            _s("{{ row.version }}", "SummaryNumber"),
        ],
        loop=f"row in {s}.overview",
        totals=row(
            _total_cell(f"Total: {{{{ {s}.totals.plans }}}} "
                        f"plan{{{{ '' if {s}.totals.plans == 1 else 's' }}}}", sum(widths[:3]), span=3),
            _total_cell(f"{{{{ {s}.totals.actions }}}}", widths[3], "SummaryNumber"),
            _total_cell(f"{{{{ {s}.totals.costs.text }}}}", widths[4], "SummaryNumber"),
            _total_cell(f"{{{{ {s}.totals.timeframe }}}}", widths[5]),
            _total_cell("", widths[6]), _total_cell("", widths[7])),
        end=section_end(landscape=True),
    )

    # Learning flows: a partner × partner matrix; the columns repeat with {%tc for %}
    f = f"{s}.flows"
    corner, last = 1900, 700
    rotated = {"direction": "btLr", "valign": "center"}
    # the template's grid gives every cell a width (so it can be edited in Word); tcW 0 marks
    # the cells that share the width the fixed cells leave (see `cell`)
    # the grid: as many columns as the widest template row (the counts: seven loop cells)
    middle = [(TEXT_W - corner - last) // 7] * 7
    middle[-1] += TEXT_W - corner - last - sum(middle)
    matrix = _summary_table([corner, *middle, last], [
        row(cell(_s("Learned from →", "SummaryHeading") + text("", "SummaryHeading")
                 + _s("Plan of ↓", "SummaryHeading"), corner, fill=BLUE, valign="bottom"),
            cell(text(f"{{%tc for col in {f}.columns %}}"), 0),
            cell(_s("{{ col.label }}", "SummaryHeading"), 0, fill=BLUE, **rotated),
            cell(text("{%tc endfor %}"), 0),
            cell(_s("Learnings", "SummaryHeading"), last, fill=BLUE, **rotated),
            header=True, height=1800),
        tag_row(f"{{%tr for ref in {f}.rows %}}", 5),
        row(cell(_s("{{ ref.label }}", "SummaryLabel"), corner, fill=TINT),
            cell(text(f"{{%tc for n in {f}.counts[loop.index0] %}}"), 0),
            cell(text("{%tc if n %}"), 0),
            cell(_s("{{ n }}", "SummaryCenter"), 0, fill=LIGHT),
            cell(text("{%tc else %}"), 0),
            cell(_s("·", "SummaryCenter", color=GREY), 0),
            cell(text("{%tc endif %}"), 0),
            cell(text("{%tc endfor %}"), 0),
            cell(_s(f"{{{{ {f}.row_learnings[loop.index0] }}}}", "SummaryCenter", bold=True), last,
                 fill=TINT)),
        tag_row("{%tr endfor %}", 5),
        row(cell(_s("Learnings drawing on the partner", "SummaryLabel"), corner, fill=TINT),
            cell(text(f"{{%tc for n in {f}.column_totals %}}"), 0),
            cell(_s("{{ n }}", "SummaryCenter", bold=True, color=BLUE), 0, fill=TINT),
            cell(text("{%tc endfor %}"), 0),
            cell(_s(f"{{{{ {f}.learnings }}}}", "SummaryCenter", bold=True, color=BLUE), last,
                 fill=TINT)),
    ]) + TABLE_END
    legend = para(run("Short names: ", bold=True),
                  run(f"{{% for c in {f}.columns %}}{{{{ c.label }}}}"
                      "{% if c.label != c.name %} – {{ c.name }}{% endif %}"
                      "{% if not loop.last %}; {% endif %}{% endfor %}."), style="Note")

    pw = [3000, 1500, TEXT_W - 4500]
    practices = _grid_table(
        pw, ["Good practice", "Owner", "Plans and actions that use it"],
        [_s("{{ practice.title }}"),
         _s("{{ practice.owner_label }}"),
         tag("{%p for user in practice.users %}")
         + para(run("{{ user.partner_label }}: ", bold=True, color=BLUE),
                run("{% for action in user.actions %}{{ action.text }}"
                    "{% if not loop.last %}; {% endif %}{% endfor %}"
                    "{% if not user.actions %}a learning of the plan, no action{% endif %}"),
                style="SummaryText")
         + tag("{%p endfor %}")
         + tag("{%p if not practice.users %}")
         + _s("Not used by any plan.", "SummaryNote")
         + tag("{%p endif %}")],
        loop=f"practice in {s}.practices")

    def figure(chart: str) -> list[str]:
        """A chart across the text width, its description as caption."""
        return [para(run(f"{{{{ {d}.{chart}.picture }}}}"), style="Figure"),
                text(f"{{{{ {d}.{chart}.alt }}}}", "Caption")]

    m = f"{s}.money"
    mw = [TEXT_W - 3 * 1750, 1750, 1750, 1750]
    by_partner = _grid_table(
        mw, ["Partner", "Costs", "Funding", "Unfunded"],
        [_s("{{ line.partner }}"), _s("{{ line.costs.text }}", "SummaryNumber"),
         _s("{{ line.funding.text }}", "SummaryNumber"),
         _s("{{ line.unfunded.text }}", "SummaryNumber")],
        loop=f"line in {m}.partners",
        totals=row(_total_cell("Total", mw[0]),
                   *[_total_cell(f"{{{{ {m}.{key}.text }}}}", w, "SummaryNumber")
                     for key, w in zip(("costs", "funding", "unfunded"), mw[1:], strict=True)]))
    sw = [TEXT_W - 1750 - 2600, 1750, 2600]
    by_source = _grid_table(
        sw, ["Funding source", "Amount", "Partners"],
        [_s("{{ line.source }}"), _s("{{ line.amount.text }}", "SummaryNumber"),
         _s("{{ line.partners }}")],
        loop=f"line in {m}.sources",
        totals=row(_total_cell("Total", sw[0]), _total_cell(f"{{{{ {m}.funding.text }}}}", sw[1],
                                                            "SummaryNumber"),
                   _total_cell("", sw[2])))

    def bullets(items: str, value: str, none: str = "None.") -> list[str]:
        return [tag(f"{{%p for item in {items} %}}"), text(value, "ListBullet"),
                tag("{%p endfor %}"),
                tag(f"{{%p if not {items} %}}"), text(none), tag("{%p endif %}")]

    o = f"{s}.open_points"
    return [
        # a section starts its page: no space above the heading there
        _heading(1, SUMMARY_TITLE, '<w:spacing w:before="0"/>', ("_TocSummary", "10")),
        section(),  # Overview
        overview,
        section(),  # Learning flows
        text("Who learned from whom: each row is a plan, each column a partner it learned "
             "from – the owner of a good practice, the host of an event or the partner named "
             "as a source. A cell counts the plan's learnings drawing on that partner.",
             ppr="<w:keepNext/>"),
        matrix,
        legend,
        *figure("flows"),
        _heading(3, "Good practices and the plans that use them"),
        practices,
        section(),  # Timeline
        text(f"Every action of every plan on one time axis: {{{{ {s}.timeline.span }}}}.",
             ppr="<w:keepNext/>"),  # with its chart
        *figure("timeline"),
        section(),  # Money
        _heading(3, "By partner"),
        by_partner,
        _heading(3, "By funding source"),
        by_source,
        section(),  # Topics
        tag(f"{{%p for topic in {s}.topics %}}"),
        _heading(3, "{{ topic.title }}"),
        tag("{%p if topic.coordinator %}"),
        para(run("Coordinator: ", bold=True), run("{{ topic.coordinator }}"), style="Meta"),
        tag("{%p endif %}"),
        *bullets("topic.learnings", "{{ item.partner_label }} – {{ item.title }}",
                 "No learning of the plans is filed under this topic."),
        tag("{%p endfor %}"),
        tag(f"{{%p if {s}.learnings_without_topic %}}"),
        _heading(3, "Learnings without topic"),
        *bullets(f"{s}.learnings_without_topic", "{{ item.partner_label }} – {{ item.title }}"),
        tag("{%p endif %}"),
        section(),  # Open points
        _heading(3, "Warnings from validation"),
        *bullets(f"{o}.warnings", "{{ item }}"),
        _heading(3, "Plans in draft"),
        *bullets(f"{o}.drafts", "{{ item }}"),
        _heading(3, "Partners without a plan"),
        *bullets(f"{o}.without_plan", "{{ item }}"),
        _heading(3, "Plans left out"),
        tag(f"{{%p for item in {o}.skipped %}}"),
        text("{{ item.text }}", "ListBullet"),
        tag("{%p for issue in item.issues %}"),
        text("{{ issue }}", "ListBullet",
             '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        tag(f"{{%p if not {o}.skipped %}}"), text("None."), tag("{%p endif %}"),
    ]


def consolidated_plans(var: str = "deliverable") -> list[str]:
    """Every plan under a Heading 1 of its partner, each on a new page; the plan's own
    headings one level down (Part I-III at Heading 2, actions at 3, their sections at 4)."""
    return [
        tag(f"{{%p for plan in {var}.plans %}}"),
        _heading(1, "Partner: {{ plan.partner_name }}", "<w:pageBreakBefore/>",
                 plan_mark("loop.index", 0)),
        # no cover here: a draft shows its status as the mark, in red capitals
        para(run("{{ plan.region }} · Version {{ plan.version }} · "), run("{% if plan.draft %}"),
             run("{{ plan.status }}", bold=True, color=RED, caps=True, spacing=20),
             run("{% else %}"), run("{{ plan.status }}"), run("{% endif %}"),
             run(" · {{ plan.date }}"), style="Meta"),
        tag("{%p set number = loop.index %}"),
        *plan_body("plan", level=2, new_page=False, anchor="number"),
        tag("{%p endfor %}"),
    ]


def deliverable_header(var: str = "deliverable") -> list[str]:
    return [para(run(f"{{{{ {var}.running_header }}}}"), style="Header")]


def deliverable_footer(var: str = "deliverable") -> list[str]:
    """`page_footer` as a table across the text width: the document has landscape pages too,
    where a right tab stop of the portrait width would not reach the margin (and LibreOffice
    ignores Word's margin-relative tabs)."""
    half = TEXT_W // 2

    def half_cell(content: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="2500" w:type="pct"/></w:tcPr>{content}</w:tc>'

    props = ('<w:tblW w:w="5000" w:type="pct"/>'
             f"<w:tblBorders>{NO_BORDERS}</w:tblBorders>"
             '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
             "</w:tblCellMar>"
             '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    cells = (half_cell(para(run(f"{{{{ {var}.programme }}}}"), style="Footer"))
             + half_cell(para(run("Page "), field("PAGE"), run(" of "), field("NUMPAGES"),
                              style="Footer", ppr='<w:jc w:val="right"/>')))
    return [f'<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid><w:gridCol w:w="{half}"/>'
            f'<w:gridCol w:w="{half}"/></w:tblGrid><w:tr>{cells}</w:tr></w:tbl>',
            text("", "TableEnd")]


def cover_footer(var: str = "plan") -> list[str]:
    """The cover's footer: the project's disclaimer, kept at the foot of the cover."""
    return [tag(f"{{%p if {var}.disclaimer %}}"),
            tag(f"{{{{p {var}.disclaimer.styled('Disclaimer') }}}}"),
            tag("{%p endif %}")]


def running_header(var: str = "plan") -> list[str]:
    """Pages after the cover: the running header, with DRAFT at the right for a draft."""
    return [para(run(f"{{{{ {var}.running_header }}}}"),
                 run(f"{{% if {var}.draft %}}"), run(tab_before=True),
                 run("DRAFT", bold=True, color=RED, spacing=20),
                 run("{% endif %}"), style="Header")]


def page_footer(var: str = "plan") -> list[str]:
    return [para(run(f"{{{{ {var}.programme }}}}"), run("Page ", tab_before=True),
                 field("PAGE"), run(" of "), field("NUMPAGES"), style="Footer")]


# --- styles, numbering, fonts, settings ---------------------------------------------------

def _style(kind: str, style_id: str, name: str, *, based: str | None = "Normal",
           nxt: str | None = None, ppr: str = "", rpr: str = "", extra: str = "",
           q: bool = True, default: bool = False, ui: int | None = None) -> str:
    flag = ' w:default="1"' if default else ""
    attrs = f'w:type="{kind}"{flag} w:styleId="{style_id}"'
    parts = [f'<w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if ui is not None:
        parts.append(f'<w:uiPriority w:val="{ui}"/>')
    if q:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    return f"<w:style {attrs}>{''.join(parts)}</w:style>"


def _font(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}"/>'


def _size(points: float) -> str:
    return f'<w:sz w:val="{round(points * 2)}"/><w:szCs w:val="{round(points * 2)}"/>'


def _color(value: str) -> str:
    return f'<w:color w:val="{value}"/>'


def _spacing(before: int = 0, after: int = 0, line: int | None = None) -> str:
    rule = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{rule}/>'


BOLD = "<w:b/><w:bCs/>"
ITALIC = "<w:i/><w:iCs/>"
KEEP = "<w:keepNext/><w:keepLines/>"


def _headings() -> list[str]:
    looks = [  # size, before, after, extra pPr
        (17, 480, 200, f"<w:pBdr>{border('bottom', ACCENT, 18, 6)}</w:pBdr>"),
        (13, 360, 120, f"<w:pBdr>{border('left', ACCENT, 24, 8)}</w:pBdr>"),
        (11, 280, 80, ""),
        (10, 200, 60, ""),
    ]
    out = []
    for n, (size, before, after, bdr) in enumerate(looks, start=1):
        ppr = KEEP + bdr + _spacing(before, after) + f'<w:outlineLvl w:val="{n - 1}"/>'
        rpr = BOLD + (ITALIC if n == 4 else "") + _color(BLUE) + _size(size)
        out.append(_style("paragraph", f"Heading{n}", f"heading {n}", nxt="Normal", ppr=ppr,
                          rpr=rpr, ui=9))
    return out


def _tab(pos: int, kind: str = "right") -> str:
    return f'<w:tabs><w:tab w:val="{kind}" w:pos="{pos}"/></w:tabs>'


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FALLBACK}"/>'
        f'{_size(10)}<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_spacing(0, 120, 276)}"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    latent = '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" ' \
             'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>'
    table_borders = "".join(border(s, RULE, 4) for s in
                            ("top", "left", "bottom", "right", "insideH", "insideV"))
    plan_table = _style(
        "table", "PlanTable", "Plan Table", based="TableNormal", ui=59,
        ppr=_spacing(0, 0),
        extra=(
            "<w:tblPr>"
            f"<w:tblBorders>{table_borders}</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr>' + BOLD + _color("FFFFFF") + "</w:rPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BLUE}"/></w:tcPr>'
            "</w:tblStylePr>"
            '<w:tblStylePr w:type="firstCol"><w:rPr>' + BOLD + _color(BLUE) + "</w:rPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{TINT}"/></w:tcPr>'
            "</w:tblStylePr>"
        ))
    styles = [
        _style("paragraph", "Normal", "Normal", based=None, default=True, rpr=_color(INK)),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", based=None,
               default=True, q=False, ui=1),
        _style("table", "TableNormal", "Normal Table", based=None, default=True, q=False, ui=99,
               extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                     '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                     "</w:tblCellMar></w:tblPr>"),
        _style("numbering", "NoList", "No List", based=None, default=True, q=False, ui=99),
        _style("paragraph", "Title", "Title", nxt="Normal", ui=10,
               ppr=_spacing(0, 160, 240),
               rpr=BOLD + _color(BLUE) + '<w:kern w:val="28"/>' + _size(40)),
        _style("paragraph", "Subtitle", "Subtitle", nxt="Normal", ui=11,
               ppr=_spacing(0, 60, 252), rpr=_color(BLUE) + _size(17)),
        *_headings(),
        _style("paragraph", "ListBullet", "List Bullet", ui=36,
               ppr='<w:numPr><w:numId w:val="1"/></w:numPr>' + _spacing(0, 60)
               + "<w:contextualSpacing/>"),
        _style("paragraph", "ListNumber", "List Number", ui=37,
               ppr='<w:numPr><w:numId w:val="2"/></w:numPr>' + _spacing(0, 60)
               + "<w:contextualSpacing/>"),
        _style("paragraph", "ListContinue", "List Continue", ui=38,
               ppr=_spacing(0, 60) + f'<w:ind w:left="{LIST_INDENT}"/>'),
        _style("paragraph", "Header", "header", ui=99, q=False,
               ppr=f"<w:pBdr>{border('bottom', ACCENT, 8, 4)}</w:pBdr>"
                   + _tab(TEXT_W) + _spacing(0, 0),
               rpr=_color(BLUE) + _size(8)),
        _style("paragraph", "Footer", "footer", ui=99, q=False,
               ppr=f"<w:pBdr>{border('top', RULE, 4, 4)}</w:pBdr>"
                   + _tab(TEXT_W) + _spacing(0, 0),
               rpr=_color(GREY) + _size(7.5)),
        _style("character", "Hyperlink", "Hyperlink", based="DefaultParagraphFont", q=False,
               ui=99, rpr=_color(BLUE) + '<w:u w:val="single"/>'),
        _style("paragraph", "FieldLabel", "Field Label", nxt="Normal",
               ppr=KEEP + _spacing(200, 60), rpr=BOLD + _color(BLUE)),
        # a line under a heading that belongs with what follows (topic, type of improvement)
        _style("paragraph", "Meta", "Meta", ppr=KEEP + _spacing(0, 120), rpr=_color(GREY)),
        _style("paragraph", "Note", "Note", ppr=_spacing(0, 120), rpr=_color(GREY)),
        _style("paragraph", "TickBox", "Tick Box",
               ppr=_tab(794, "left") + _spacing(0, 40) + '<w:ind w:left="794" w:hanging="510"/>'),
        _style("paragraph", "TableText", "Table Text", ppr=_spacing(40, 40, 252),
               rpr=_size(9.5)),
        _style("paragraph", "TableLabel", "Table Label", based="TableText",
               rpr=BOLD + _color(BLUE)),
        _style("paragraph", "TableHeading", "Table Heading", based="TableText",
               ppr=KEEP, rpr=BOLD + _color("FFFFFF")),  # a heading row stays with a first row
        _style("paragraph", "SignatureSpace", "Signature Space", ppr=KEEP + _spacing(480, 0)),
        _style("paragraph", "TableEnd", "Table End",
               ppr='<w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>',
               rpr=_size(2)),
        _style("paragraph", "CoverLogos", "Cover Logos", ppr=_tab(TEXT_W) + _spacing(0, 480)),
        # stands in for the logos, so the cover looks the same without them
        _style("paragraph", "CoverSpacer", "Cover Spacer",
               ppr='<w:spacing w:before="0" w:after="0" w:line="1700" w:lineRule="exact"/>'),
        _style("paragraph", "CoverKicker", "Cover Kicker", ppr=_spacing(0, 160),
               rpr=BOLD + "<w:caps/>" + _color(ACCENT) + '<w:spacing w:val="30"/>' + _size(8)),
        _style("paragraph", "CoverDraft", "Cover Draft", nxt="Normal",
               ppr=_spacing(480, 0, 240),
               rpr=BOLD + _color(RED) + '<w:spacing w:val="60"/>' + _size(44)),
        _style("paragraph", "CoverText", "Cover Text", ppr=_spacing(0, 60), rpr=_color(GREY)
               + _size(11)),
        _style("paragraph", "CoverProject", "Cover Project", nxt="CoverProjectTitle",
               ppr=KEEP + _spacing(720, 40),
               rpr=BOLD + _color(BLUE) + _size(15)),
        _style("paragraph", "CoverProjectTitle", "Cover Project Title", ppr=_spacing(0, 480),
               rpr=_color(INK) + _size(12)),
        _style("paragraph", "CoverMeta", "Cover Meta", ppr=_spacing(60, 0)),
        _style("paragraph", "Disclaimer", "Disclaimer",
               ppr=f"<w:pBdr>{border('top', RULE, 4, 6)}</w:pBdr>" + _spacing(0, 60, 240),
               rpr=_color(GREY) + _size(7.5)),
        # the consolidated deliverable's summary: compact tables, figures with captions
        _style("paragraph", "SummaryText", "Summary Text", based="TableText",
               ppr=_spacing(20, 20, 240), rpr=_size(8)),
        _style("paragraph", "SummaryNote", "Summary Note", based="SummaryText",
               rpr=_color(GREY) + _size(8)),
        _style("paragraph", "SummaryHeading", "Summary Heading", based="SummaryText",
               ppr=KEEP, rpr=BOLD + _color("FFFFFF")),
        _style("paragraph", "SummaryLabel", "Summary Label", based="SummaryText",
               rpr=BOLD + _color(BLUE)),
        _style("paragraph", "SummaryNumber", "Summary Number", based="SummaryText",
               ppr='<w:jc w:val="right"/>'),
        _style("paragraph", "SummaryCenter", "Summary Center", based="SummaryText",
               ppr='<w:jc w:val="center"/>'),
        _style("paragraph", "Figure", "Figure", nxt="Caption",
               ppr=KEEP + _spacing(160, 60, 240) + '<w:jc w:val="center"/>'),
        _style("paragraph", "Caption", "caption", nxt="Normal", ui=35,
               ppr=_spacing(0, 240), rpr=ITALIC + _color(GREY) + _size(8.5)),
        # for the consolidated deliverable's table of contents
        _style("paragraph", "TOCHeading", "TOC Heading", based="Heading1", nxt="Normal", ui=39,
               ppr='<w:outlineLvl w:val="9"/>'),
        *[_style("paragraph", f"TOC{n}", f"toc {n}", nxt="Normal", ui=39, q=False,
                 ppr=_tab(TEXT_W) + _spacing(100 if n == 1 else 0, 20, 240)
                 + f'<w:ind w:left="{(n - 1) * 284}"/>',
                 rpr=BOLD if n == 1 else "") for n in (1, 2, 3)],
        plan_table,
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS}>'
            f"{defaults}{latent}{''.join(styles)}</w:styles>")


def numbering_xml() -> str:
    """Two multi-level lists: bullets (numId 1) and numbers (numId 2).

    The renderer gives every numbered markdown list its own `w:num` on abstractNum 1 with a
    `startOverride`, so each list counts from its own start.
    """
    def levels(kind: str) -> str:
        out = []
        for lvl in range(9):
            if kind == "bullet":
                fmt, lvl_text = "bullet", ("•", "–", "▪")[lvl % 3]
            else:
                fmt, lvl_text = (("decimal", f"%{lvl + 1}."), ("lowerLetter", f"%{lvl + 1})"),
                                 ("lowerRoman", f"%{lvl + 1}."))[lvl % 3]
            pstyle = f'<w:pStyle w:val="List{kind.capitalize()}"/>' if lvl == 0 else ""
            rpr = (BOLD if kind == "number" and lvl == 0 else "") + _color(BLUE)
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'{pstyle}<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{LIST_INDENT * (lvl + 1)}" w:hanging="{LIST_INDENT}"/>'
                f"</w:pPr><w:rPr>{rpr}</w:rPr></w:lvl>")
        return "".join(out)

    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{n}"><w:nsid w:val="4150{n:04X}"/>'
        f'<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="4150{n + 16:04X}"/>'
        f"{levels(kind)}</w:abstractNum>"
        for n, kind in enumerate(("bullet", "number")))
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS}>'
            f"{abstract}{nums}</w:numbering>")


def font_table_xml() -> str:
    fonts = [  # name, alternative name, panose, family
        (FONT, FALLBACK, "020B0606030504020204", "swiss"),
        (FALLBACK, None, "020B0604020202020204", "swiss"),
        (SYMBOLS, None, "020B0502040204020203", "swiss"),
    ]
    body = "".join(
        f'<w:font w:name="{name}">' + (f'<w:altName w:val="{alt}"/>' if alt else "") +
        f'<w:panose1 w:val="{panose}"/><w:charset w:val="00"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="variable"/></w:font>'
        for name, alt, panose, family in fonts)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NS}>{body}'
            "</w:fonts>")


def settings_xml(*, update_fields: bool = False) -> str:
    """Document settings; `update_fields` has Word refresh fields (the TOC) on opening."""
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" '
        f'w:val="{value}"/>'
        for name, value in (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                            ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1)))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {NS}>'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        + ('<w:updateFields w:val="true"/>' if update_fields else "")
        + f"<w:compat>{compat}</w:compat>"
        '<w:themeFontLang w:val="en-GB"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
        'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
        'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
        'w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def app_xml(template: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>{template}</Template><Application>actionplan</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")


def _theme(blob: bytes) -> bytes:
    """The default theme with Open Sans as heading and body font and the Interreg colours."""
    xml = blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*', rf"\g<1>{FONT}", xml)
    for name, value in (("accent1", BLUE), ("accent2", ACCENT), ("hlink", BLUE),
                        ("dk2", INK)):
        xml = re.sub(rf"(<a:{name}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}", rf"\g<1>{value}", xml)
    xml = re.sub(r'<a:clrScheme name="[^"]*"', '<a:clrScheme name="Interreg"', xml)
    xml = re.sub(r'<a:fontScheme name="[^"]*"', '<a:fontScheme name="Interreg"', xml)
    return xml.encode("utf-8")


# --- assembling a document ----------------------------------------------------------------

def _package(body: list[str], *, header: list[str], footer: list[str],
             first_header: list[str], first_footer: list[str], title: str,
             template: str = "action-plan.docx", update_fields: bool = False) -> bytes:
    """A python-docx document with our parts, body, page set-up and headers; its bytes."""
    import datetime as dt

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.shared import Twips

    doc = Document()
    part = doc.part
    # keep only what a template needs; python-docx's default carries a thumbnail, customXml,
    # stylesWithEffects and webSettings that no one edits
    for rid, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "webSettings", "customXml"):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]

    part._styles_part._element = parse_xml(styles_xml().encode())
    part.numbering_part._element = parse_xml(numbering_xml().encode())
    part._settings_part._element = parse_xml(
        settings_xml(update_fields=update_fields).encode())
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml().encode()
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = _theme(rel.target_part.blob)
    for rel in package_rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = app_xml(template).encode()

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN_X)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Twips(680), Twips(567)
    section.different_first_page_header_footer = True
    for story, paragraphs in ((section.header, header), (section.footer, footer),
                              (section.first_page_header, first_header),
                              (section.first_page_footer, first_footer)):
        story.is_linked_to_previous = False
        _replace_children(story._element, paragraphs or [para()])
    sect_pr = doc.element.body.sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]  # python-docx's rsid attributes
    body = parse_xml(f"<w:body {NS}>{''.join(body)}</w:body>".encode())
    for child in list(body):
        sect_pr.addprevious(child)
    _complete_sections(doc.element.body, sect_pr)

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "actionplan", "actionplan"
    props.comments = "Interreg Europe action plan template, filled in by `actionplan render`."
    props.subject = props.keywords = props.category = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.language = "en"
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue())  # stamped 1980-01-01


def _complete_sections(body: object, last: object) -> None:
    """Fill in the section breaks of `section_end` from the document's section properties
    (`last`, which python-docx gave the page set-up and the headers): the first section keeps
    the headers, footers and title page; every later one inherits the running header and
    footer, as does the last."""
    import copy

    from docx.oxml.ns import qn

    marks = body.xpath("./w:p/w:pPr/w:sectPr")  # type: ignore[attr-defined]
    if not marks:
        return
    for n, mark in enumerate(marks):
        landscape = mark.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
        props = copy.deepcopy(last)
        if n:
            _inherit_headers(props)
        size = props.find(qn("w:pgSz"))
        size.set(qn("w:w"), str(PAGE_H if landscape else PAGE_W))
        size.set(qn("w:h"), str(PAGE_W if landscape else PAGE_H))
        if landscape:
            size.set(qn("w:orient"), "landscape")
        mark.getparent().replace(mark, props)
    _inherit_headers(last)


def _inherit_headers(sect_pr: object) -> None:
    from docx.oxml.ns import qn

    for child in list(sect_pr):  # type: ignore[call-overload]
        if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
            sect_pr.remove(child)  # type: ignore[attr-defined]


def _replace_children(element: object, paragraphs: list[str]) -> None:
    from docx.oxml import parse_xml

    for child in list(element):  # type: ignore[call-overload]
        element.remove(child)  # type: ignore[attr-defined]
    holder = parse_xml(f"<w:hdr {NS}>{''.join(paragraphs)}</w:hdr>".encode())
    for child in list(holder):
        element.append(child)  # type: ignore[attr-defined]


def build_action_plan() -> bytes:
    """`action-plan.docx`: one partner's plan; the template sees the plan as `plan`."""
    return _package(plan_cover() + plan_body(), header=running_header(), footer=page_footer(),
                    first_header=[], first_footer=cover_footer(), title="Action plan")


def build_consolidated() -> bytes:
    """`consolidated.docx`: the lead partner's deliverable; the template sees the
    `DeliverableContext` as `deliverable` and its summary also as `summary`."""
    return _package(deliverable_cover() + contents() + summary_section() + consolidated_plans(),
                    header=deliverable_header(), footer=deliverable_footer(),
                    first_header=[], first_footer=cover_footer("deliverable"),
                    title="Action plans of the partnership", template="consolidated.docx",
                    update_fields=True)


TEMPLATES = {"action-plan.docx": build_action_plan, "consolidated.docx": build_consolidated}


def main() -> None:
    for name, build in TEMPLATES.items():
        (HERE / name).write_bytes(build())
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
