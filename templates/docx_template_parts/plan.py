"""One partner's plan: the cover, Parts I-III with the signature block, and the plan's
running header and footers.

Every piece refers only to a variable `var` (a `PlanContext`): `action-plan.docx` names it
`plan`, and `consolidated.docx` places the same body inside its loop over the plans.
"""

from __future__ import annotations

from .identity import ACCENT, BAND_TEXT, BLUE, GREY, MARGIN_X, PAGE_W, RED, SYMBOLS, TEXT_W, TINT, WHITE
from .ooxml import (
    NO_BORDERS,
    TABLE_END,
    border,
    cell,
    field,
    heading,
    language,
    para,
    row,
    run,
    table,
    tag,
    tag_row,
    text,
)

# --- cover ------------------------------------------------------------------------------------

def plan_cover(var: str = "plan", anchor: str | None = None) -> list[str]:
    """The cover page of one plan: the programme's identity, logos, a blue band across the
    page with the title and partner (one heading, as the PDF's) and the region, then the
    project and the version facts. The disclaimer goes to the cover's footer (see
    `cover_footer`), so it sits at the foot of the page. With `anchor` (a Jinja expression
    numbering the plan) the title carries the contents' bookmark `_Toc_plan_<n>`."""
    p = var
    logos = para(
        language(f"{p}.word_language"),
        run(f"{{% if {p}.project_logo %}}{{{{ {p}.project_logo }}}}{{% endif %}}"),
        run(tab_before=True),
        run(f"{{% if {p}.partner_logo %}}{{{{ {p}.partner_logo }}}}{{% endif %}}"),
        style="CoverLogos")
    title = [run(f"{{{{ {p}.labels.cover_title }}}}", color=WHITE), '<w:r><w:br/></w:r>',
             run(f"{{{{ {p}.partner_name }}}}", color=WHITE, size=17, bold=False)]
    if anchor:
        name = f"_Toc_plan_{{{{ {anchor} }}}}"
        title = [f'<w:bookmarkStart w:id="900" w:name="{name}"/>', *title,
                 '<w:bookmarkEnd w:id="900"/>']
    band = blue_band([
        text(f"{{{{ {p}.programme }}}}", "CoverKicker"),
        para(*title, style="Title"),
        text(f"{{{{ {p}.region }}}}", "CoverText", color=BAND_TEXT),
    ])
    label = {"size": 7, "color": GREY, "caps": True, "spacing": 20}
    value = {"size": 11, "bold": True, "color": BLUE}
    facts = ((f"{{{{ {p}.labels.cover_version }}}}", "version"),
             (f"{{{{ {p}.labels.cover_status }}}}", "status"), (f"{{{{ {p}.labels.cover_date }}}}", "date"))
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
        cover_identity(p),
        tag(f"{{%p if {p}.project_logo or {p}.partner_logo %}}"),
        logos,
        tag("{%p else %}"),
        para(language(f"{p}.word_language"), style="CoverSpacer"),
        tag("{%p endif %}"),
        band,
        tag(f"{{%p if {p}.draft %}}"),
        text(f"{{{{ {p}.labels.draft_mark }}}}", "CoverDraft"),
        tag("{%p endif %}"),
        text(f"{{{{ {p}.acronym }}}}", "CoverProject"),
        text(f"{{{{ {p}.project_title }}}}", "CoverProjectTitle"),
        meta,
    ]


def cover_identity(var: str = "plan") -> str:
    """The programme's identity at the top of a cover: the EU emblem (as tall as a logo may
    be), the funding line beside it in two lines, the programme logo at the right when the
    partnership names one; a borderless table across the text width."""
    p = var
    widths = (1900, 3900, TEXT_W - 5800)
    line = (f"{{% for part in {p}.funding_line.split(' | ') %}}{{{{ part }}}}"
            "{% if not loop.last %} |{% endif %}{% if not loop.last %}")
    funding = para(run(line, bold=True, color=BLUE, size=8.5), '<w:r><w:br/></w:r>',
                   run("{% endif %}{% endfor %}", bold=True, color=BLUE, size=8.5),
                   style="CoverMeta")
    xml = table(list(widths), row(
        # the cover's language starts here: the funding line is in the document's language
        cell(para(language(f"{p}.word_language"), run(f"{{{{ {p}.eu_emblem }}}}"),
                  style="CoverMeta"), widths[0]),
        cell(funding, widths[1], valign="center"),
        cell(para(run(f"{{% if {p}.programme_logo %}}{{{{ {p}.programme_logo }}}}{{% endif %}}"),
                  style="CoverMeta", ppr='<w:jc w:val="right"/>'), widths[2], valign="center")),
        style=None, borders=NO_BORDERS)
    # no cell margin at the outer edges: the emblem lines up with the logos below
    margins = ('<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
               '</w:tblCellMar>')
    xml = xml.replace('<w:tblLayout w:type="fixed"/>', f'<w:tblLayout w:type="fixed"/>{margins}', 1)
    return xml + text("", "CoverSpacerSmall")


def blue_band(paragraphs: list[str]) -> str:
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


# --- body -------------------------------------------------------------------------------------

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


PLAN_PARTS = ("part_general", "part_policy", "part_learnings", "part_actions")
"""The label keys of the plan's four parts (Heading `level`)."""


def plan_body(var: str = "plan", level: int = 1, *, new_page: bool = True,
              anchor: str | None = None) -> list[str]:
    """Parts I-III and the signature block of one plan; headings start at Heading `level`,
    Part I on a new page unless `new_page` is false (when a plan heading already starts one).
    With `anchor` (a Jinja expression numbering the plan) each action heading carries the
    contents' bookmark `_Toc_plan_<n>_action_<m>`."""
    p, h1, h2, h3 = var, level, level + 1, level + 2

    def part(n: int, ppr: str = "", lang: str = "") -> str:
        return heading(h1, f"{{{{ {p}.labels.{PLAN_PARTS[n - 1]} }}}}", ppr, lang=lang)

    action_mark = ((f"_Toc_plan_{{{{ {anchor} }}}}_action_{{{{ action.number }}}}", "901")
                   if anchor else None)

    wide = (3300, TEXT_W - 3300)
    tick = para(run("{{ '☒' if tick.ticked else '☐' }}", font=SYMBOLS, color=BLUE, size=12),
                run(tab_before=True), run("{{ tick.label }}"), style="TickBox")
    new_page_ppr = "<w:pageBreakBefore/>" if new_page else ""
    return [
        # the English summary of a plan in another language, proof-read in English
        tag(f"{{%p if {p}.summary_en %}}"),
        heading(h1, f"{{{{ {p}.summary_en_heading }}}}", new_page_ppr,
                lang=language(f"{p}.english_word_language")),
        tag(f"{{{{p {p}.summary_en }}}}"),
        tag("{%p endif %}"),
        # Part I
        part(1, new_page_ppr, lang=language(f"{p}.word_language")),
        _two_columns(f"{p}.general", "row", "label", "value", heads=None, widths=wide),
        # Part II
        part(2),
        _label(f"{{{{ {p}.labels.policy_aims }}}}"),
        tag(f"{{%p for tick in {p}.instrument_types %}}"),
        tick,
        tag("{%p endfor %}"),
        _label(f"{{{{ {p}.labels.policy_instrument }}}}"),
        text(f"{{{{ {p}.instrument }}}}"),
        tag(f"{{%p if {p}.managing_authority %}}"),
        _label(f"{{{{ {p}.labels.policy_managing_authority }}}}"),
        text(f"{{{{ {p}.managing_authority }}}}"),
        tag("{%p endif %}"),
        tag(f"{{%p if {p}.policy_details %}}"),
        _label(f"{{{{ {p}.labels.policy_details }}}}"),
        tag(f"{{{{p {p}.policy_details }}}}"),
        tag("{%p endif %}"),
        # Learnings
        part(3),
        tag(f"{{%p for learning in {p}.learnings %}}"),
        heading(h2, "{{ learning.title }}"),
        tag("{%p if learning.topic %}"),
        para(run(f"{{{{ {p}.labels.learning_topic }}}} ", bold=True), run("{{ learning.topic }}"),
             style="Meta"),
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
        heading(h2, "{{ action.heading }}", mark=action_mark),
        tag("{%p if action.improvement %}"),
        text("{{ action.improvement }}", "Meta"),
        tag("{%p endif %}"),
        heading(h3, f"{{{{ {p}.labels.action_background }}}}"),
        tag("{{p action.background }}"),
        tag("{%p if action.inspired_by %}"),
        _label(f"{{{{ {p}.labels.action_inspired_by }}}}"),
        tag("{%p for learning in action.inspired_by %}"),
        text("{{ learning }}", "ListBullet"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        heading(h3, f"{{{{ {p}.labels.action_activities }}}}"),
        tag("{{p action.activities }}"),
        heading(h3, f"{{{{ {p}.labels.action_players }}}}"),
        tag("{%p if action.players %}"),
        _two_columns("action.players", "player", "label", "value",
                     heads=(f"{{{{ {p}.labels.players_organisation }}}}",
                            f"{{{{ {p}.labels.players_role }}}}"),
                     widths=(3800, TEXT_W - 3800)),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        heading(h3, f"{{{{ {p}.labels.action_timeframe }}}}"),
        text("{{ action.timeframe }}"),
        heading(h3, f"{{{{ {p}.labels.action_costs }}}}"),
        tag("{%p if action.costs %}"),
        text("{{ action.costs }}"),
        tag("{%p if action.costs_note %}"),
        text("{{ action.costs_note }}", "Note"),
        tag("{%p endif %}"),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        heading(h3, f"{{{{ {p}.labels.action_funding }}}}"),
        tag("{%p if action.funding %}"),
        _two_columns("action.funding", "line", "source", "amount",
                     heads=(f"{{{{ {p}.labels.funding_source }}}}", f"{{{{ {p}.labels.funding_amount }}}}"),
                     widths=(TEXT_W - 2600, 2600)),
        tag("{%p else %}"),
        text("–"),
        tag("{%p endif %}"),
        tag("{%p if action.indicators %}"),
        heading(h3, f"{{{{ {p}.labels.indicators }}}}"),
        _two_columns("action.indicators", "indicator", "label", "value",
                     heads=(f"{{{{ {p}.labels.indicator_name }}}}", f"{{{{ {p}.labels.indicator_target }}}}"),
                     widths=(TEXT_W - 2600, 2600)),
        tag("{%p endif %}"),
        tag("{%p if action.monitoring_status %}"),
        heading(h3, f"{{{{ {p}.labels.monitoring }}}}"),
        para(run(f"{{{{ {p}.labels.monitoring_status }}}} ", bold=True),
             run("{{ action.monitoring_status }}")),
        tag("{%p if action.monitoring_notes %}"),
        tag("{{p action.monitoring_notes }}"),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        # closing block, under its heading (as in the PDF)
        heading(h1, f"{{{{ {p}.labels.signature_signature }}}}"),
        _two_columns(f"{p}.signature", "row", "label", "value", heads=None,
                     widths=wide, keep=True, suffix=":"),
    ]


# --- headers and footers ----------------------------------------------------------------------

def cover_footer(var: str = "plan") -> list[str]:
    """The cover's footer: the project's disclaimer, kept at the foot of the cover."""
    return [tag(f"{{%p if {var}.disclaimer %}}"),
            tag(f"{{{{p {var}.disclaimer.styled('Disclaimer') }}}}"),
            tag("{%p endif %}")]


def running_header(var: str = "plan") -> list[str]:
    """Pages after the cover: the running header, with DRAFT at the right for a draft."""
    return [para(run(f"{{{{ {var}.running_header }}}}"),
                 run(f"{{% if {var}.draft %}}"), run(tab_before=True),
                 run(f"{{{{ {var}.labels.draft_mark }}}}", bold=True, color=RED, spacing=20),
                 run("{% endif %}"), style="Header")]


def page_footer(var: str = "plan") -> list[str]:
    """Pages after the cover: the programme, and "Page n of N" at the right."""
    return [para(run(f"{{{{ {var}.programme }}}}"),
                 run(f"{{{{ {var}.page_of.before }}}}", tab_before=True), field("PAGE"),
                 run(f"{{{{ {var}.page_of.between }}}}"), field("NUMPAGES"),
                 run(f"{{{{ {var}.page_of.after }}}}"), style="Footer")]
