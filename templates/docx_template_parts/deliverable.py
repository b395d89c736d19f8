"""The consolidated deliverable around its summary: the cover, "Contents", every plan under
a Heading 1 of its partner, and the running header and footer.

The pieces see the `DeliverableContext` as `deliverable`; each plan inside the loop is `plan`,
laid out by `plan.plan_body` one heading level down.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .identity import ACCENT, BAND_TEXT, BLUE, GREY, RED, TEXT_W, WHITE
from .ooxml import NO_BORDERS, border, cell, field, heading, para, row, run, section_end, table, tag, text
from .plan import PLAN_PARTS, blue_band, cover_identity, plan_body, plan_mark
from .summary import SUMMARY_SECTIONS, SUMMARY_TITLE

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def deliverable_cover(var: str = "deliverable") -> list[str]:
    """The cover of the consolidated deliverable, in the look of a plan's cover."""
    d = var
    band = blue_band([
        text(f"{{{{ {d}.programme }}}}", "CoverKicker"),
        text("Action plans of the partnership", "Title", color=WHITE),
        text(f"{{{{ {d}.acronym }}}}", "Subtitle", color=WHITE),
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
        cover_identity(d),
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
    """One line of the contents, linked to the bookmark `anchor`."""
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


def consolidated_plans(var: str = "deliverable") -> list[str]:
    """Every plan under a Heading 1 of its partner, each on a new page; the plan's own
    headings one level down (Part I-III at Heading 2, actions at 3, their sections at 4)."""
    return [
        tag(f"{{%p for plan in {var}.plans %}}"),
        heading(1, "Partner: {{ plan.partner_name }}", "<w:pageBreakBefore/>",
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
    """Pages after the cover: the running header."""
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
