"""The consolidated deliverable around its summary: the cover, "Contents", every plan with
its cover as in its own document, and the running header and footer.

The pieces see the `DeliverableContext` as `deliverable`; each plan inside the loop is `plan`,
laid out by `plan.plan_cover` and `plan.plan_body` at the plan document's heading levels.
"""

from __future__ import annotations

from .identity import ACCENT, BAND_TEXT, BLUE, GREY, TEXT_W, WHITE
from .ooxml import (
    NO_BORDERS,
    border,
    cell,
    field,
    language,
    para,
    row,
    run,
    section_end,
    table,
    tag,
    text,
)
from .plan import blue_band, cover_identity, plan_body, plan_cover


def deliverable_cover(var: str = "deliverable") -> list[str]:
    """The cover of the consolidated deliverable, in the look of a plan's cover."""
    d = var
    band = blue_band([
        text(f"{{{{ {d}.programme }}}}", "CoverKicker"),
        text(f"{{{{ {d}.labels.d_cover_title }}}}", "Title", color=WHITE),
        text(f"{{{{ {d}.acronym }}}}", "Subtitle", color=WHITE),
        text(f"{{{{ {d}.project_title }}}}", "CoverText", color=BAND_TEXT),
    ])
    label = {"size": 7, "color": GREY, "caps": True, "spacing": 20}
    value = {"size": 11, "bold": True, "color": BLUE}
    facts = ((f"{{{{ {d}.labels.d_index }}}}", f"{d}.project_index or '–'"),
             (f"{{{{ {d}.labels.d_period }}}}", f"{d}.period"),
             (f"{{{{ {d}.labels.cover_date }}}}", f"{d}.date"))
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
        para(language(f"{d}.word_language"), run(f"{{{{ {d}.project_logo }}}}"), style="CoverLogos"),
        tag("{%p else %}"),
        para(language(f"{d}.word_language"), style="CoverSpacer"),
        tag("{%p endif %}"),
        band,
        para(run(f"{{{{ {d}.labels.d_lead_partner }}}} ", color=GREY, bold=False, size=12),
             run(f"{{{{ {d}.lead_partner }}}}"), style="CoverProject"),
        text(f"{{{{ {d}.plans_count }}}} · {{{{ {d}.actions_count }}}}", "CoverProjectTitle"),
        meta,
    ]


def _toc_entry(level: int, keep: bool = False) -> str:
    """One line of the contents (`line` of `deliverable.contents`): a link to the bookmark of
    its heading, and at the right a PAGEREF field to the same bookmark. LibreOffice computes
    the field from its layout; Word shows the number stored in it (the PDF's page, set after
    the PDF is made) until it updates its fields."""
    link = ('<w:hyperlink w:anchor="{{ line.bookmark }}" w:history="1">'
            f'{run("{{ line.title }}")}</w:hyperlink>')
    number = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGEREF {{ line.bookmark }} \\h '
              '</w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
              f'{run("{{ line.page }}")}'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return para(link, run(tab_before=True), number, style=f"TOC{level}",
                ppr="<w:keepNext/>" if keep else "")


def contents(var: str = "deliverable") -> list[str]:
    """"Contents": the summary's sections, then every plan (and its actions), as in the PDF;
    each line linked to its heading with its page number (see `_toc_entry`). No TOC field and
    no "update fields" setting: Word asks nothing on opening."""
    return [
        text(f"{{{{ {var}.labels.d_contents }}}}", "TOCHeading", "<w:pageBreakBefore/>"),
        text(f"{{{{ {var}.labels.d_summary }}}}", "TOCGroup"),
        tag(f"{{%p for line in {var}.contents if line.kind == 'section' %}}"),
        _toc_entry(1),
        tag("{%p endfor %}"),
        text(f"{{{{ {var}.labels.d_action_plans }}}}", "TOCGroup"),
        tag(f"{{%p for line in {var}.contents if line.kind != 'section' %}}"),
        # a plan's line stays with its first action, a plan's last two actions together
        tag("{%p if line.kind == 'plan' and line.keep_with_next %}"),
        _toc_entry(1, keep=True),
        tag("{%p elif line.kind == 'plan' %}"),
        _toc_entry(1),
        tag("{%p elif line.keep_with_next %}"),
        _toc_entry(2, keep=True),
        tag("{%p else %}"),
        _toc_entry(2),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        section_end(),
    ]


def consolidated_plans(var: str = "deliverable") -> list[str]:
    """Every plan as in its own document: its cover, then Parts I-III and the signature at
    the same heading levels. Each plan is a section of its own (the renderer gives it the
    plan's running header and a cover page without one): a section break ends the section
    before each plan (the summary's, or the previous plan's)."""
    return [
        tag(f"{{%p for plan in {var}.plans %}}"),
        tag("{%p set number = loop.index %}"),
        section_end(),
        *plan_cover("plan", anchor="number"),
        *plan_body("plan", level=1, new_page=True, anchor="number"),
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
             + half_cell(para(run(f"{{{{ {var}.page_of.before }}}}"), field("PAGE"),
                              run(f"{{{{ {var}.page_of.between }}}}"), field("NUMPAGES"),
                              run(f"{{{{ {var}.page_of.after }}}}"),
                              style="Footer", ppr='<w:jc w:val="right"/>')))
    return [f'<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid><w:gridCol w:w="{half}"/>'
            f'<w:gridCol w:w="{half}"/></w:tblGrid><w:tr>{cells}</w:tr></w:tbl>',
            text("", "TableEnd")]
