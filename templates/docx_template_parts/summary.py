"""The consolidated deliverable's summary of the partnership: a Heading 1 and six Heading 2
sections (overview, learning flows, timeline, money, topics, open points).

The pieces see the `DeliverableContext` as `deliverable` and its summary as `summary`. The
overview table gets a landscape page of its own; the learning-flow matrix repeats its columns
with `{%tc for %}` and marks those cells with a width of 0 (see `ooxml.cell`).
"""

from __future__ import annotations

from .identity import BLUE, GREY, LIGHT, TEXT_W, TINT, WIDE_W
from .ooxml import TABLE_END, cell, heading, para, row, run, section_end, table, tag, tag_row, text

# The summary's headings, in order, with their bookmarks (targets of the table of contents).
# (Label keys: the words are in the deliverable's language.)
SUMMARY_TITLE = "d_summary"
SUMMARY_SECTIONS = (("d_overview", "_Toc_overview"), ("d_flows", "_Toc_flows"),
                    ("d_timeline", "_Toc_timeline"), ("d_money", "_Toc_money"),
                    ("d_topics", "_Toc_topics"), ("d_open_points", "_Toc_open_points"))
"""Each heading's bookmark is `ContentsLine.bookmark` of its contents line."""
SMALL_CELL_X = 85  # narrower cell margins for the summary's many-column tables


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
    """A table in the plan table style with the summary's narrower cell margins."""
    margins = (f'<w:tblCellMar><w:left w:w="{SMALL_CELL_X}" w:type="dxa"/>'
               f'<w:right w:w="{SMALL_CELL_X}" w:type="dxa"/></w:tblCellMar>')
    xml = table(widths, *rows, first_row=True)
    return xml.replace('<w:tblLayout w:type="fixed"/>', f'<w:tblLayout w:type="fixed"/>{margins}', 1)


def _s(value: str, style: str = "SummaryText", **look: object) -> str:
    """A paragraph of a summary table (short: the tables below are made of many)."""
    return text(value, style, **look)


def _total_cell(value: str, width: int, style: str = "SummaryText", span: int = 1) -> str:
    """A cell of a totals row: bold blue on the label tint."""
    return cell(text(value, style, bold=True, color=BLUE), width, fill=TINT, span=span)


def summary_section(d: str = "deliverable", s: str = "summary") -> list[str]:
    """The cross-partner summary: Heading 1 and its six Heading 2 sections."""
    sections = iter(enumerate(SUMMARY_SECTIONS, start=11))

    def w(key: str) -> str:
        """The label `key` of the deliverable, as the template places it."""
        return f"{{{{ {d}.labels.{key} }}}}"

    def section() -> str:
        number, (title, anchor) = next(sections)
        return heading(2, w(title), mark=(anchor, str(number)))

    # Overview: partner · country / region · instrument · actions · costs · timeframe · status · version
    # on a landscape page of its own: eight columns do not fit the width of a portrait one
    widths = [2300, 2150, 3980, 850, 1700, 1400, 1000, 850]
    assert sum(widths) == WIDE_W
    overview = _grid_table(
        widths,
        [w("d_col_partner"), w("d_col_where"), w("d_col_instrument"), w("d_col_actions"),
         w("d_col_costs"), w("d_col_timeframe"), w("cover_status"), w("cover_version")],
        [
            _s("{{ row.partner }}")
            + tag("{%p if row.other_partners %}")
            + _s("{{ row.with_partners }}", "SummaryNote")
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
            _total_cell(f"{{{{ {d}.total_plans }}}}", sum(widths[:3]), span=3),
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
        row(cell(_s(f"{w('d_learned_from')}:", "SummaryHeading") + text("", "SummaryHeading")
                 + _s(f"{w('d_plan_of')}:", "SummaryHeading"), corner, fill=BLUE, valign="bottom"),
            cell(text(f"{{%tc for col in {f}.columns %}}"), 0),
            cell(_s("{{ col.label }}", "SummaryHeading"), 0, fill=BLUE, **rotated),
            cell(text("{%tc endfor %}"), 0),
            cell(_s(w("d_learnings"), "SummaryHeading"), last, fill=BLUE, **rotated),
            header=True, height=1800),
        tag_row(f"{{%tr for ref in {f}.rows %}}", 5),
        row(cell(_s("{{ ref.label }}", "SummaryLabel"), corner, fill=TINT),
            cell(text(f"{{%tc for n in {f}.counts[loop.index0] %}}"), 0),
            cell(text("{%tc if n %}"), 0),
            cell(_s("{{ n }}", "SummaryCenter"), 0, fill=LIGHT),
            cell(text("{%tc else %}"), 0),
            cell(_s("0", "SummaryCenter", color=GREY), 0),
            cell(text("{%tc endif %}"), 0),
            cell(text("{%tc endfor %}"), 0),
            cell(_s(f"{{{{ {f}.row_learnings[loop.index0] }}}}", "SummaryCenter", bold=True), last,
                 fill=TINT)),
        tag_row("{%tr endfor %}", 5),
        row(cell(_s(w("d_drawing_on_partner"), "SummaryLabel"), corner, fill=TINT),
            cell(text(f"{{%tc for n in {f}.column_totals %}}"), 0),
            cell(_s("{{ n }}", "SummaryCenter", bold=True, color=BLUE), 0, fill=TINT),
            cell(text("{%tc endfor %}"), 0),
            cell(_s(f"{{{{ {f}.learnings }}}}", "SummaryCenter", bold=True, color=BLUE), last,
                 fill=TINT)),
    ]) + TABLE_END
    legend = para(run(f"{w('d_short_names')} ", bold=True),
                  run(f"{{% for c in {f}.columns %}}{{{{ c.label }}}}"
                      "{% if c.label != c.name %} – {{ c.name }}{% endif %}"
                      "{% if not loop.last %}; {% endif %}{% endfor %}."), style="Note")

    pw = [3000, 1500, TEXT_W - 4500]
    practices = _grid_table(
        pw, [w("d_col_practice"), w("d_col_owner"), w("d_col_used_by_long")],
        [_s("{{ practice.title }}"),
         _s("{{ practice.owner_label }}"),
         tag("{%p for user in practice.users %}")
         + para(run("{{ user.partner_label }}: ", bold=True, color=BLUE),
                run("{% for action in user.actions %}{{ action.text }}"
                    "{% if not loop.last %}; {% endif %}{% endfor %}"
                    f"{{% if not user.actions %}}{w('d_learning_no_action')}{{% endif %}}"),
                style="SummaryText")
         + tag("{%p endfor %}")
         + tag("{%p if not practice.users %}")
         + _s(w("d_not_used"), "SummaryNote")
         + tag("{%p endif %}")],
        loop=f"practice in {s}.practices")

    m = f"{s}.money"
    mw = [TEXT_W - 3 * 1750, 1750, 1750, 1750]
    by_partner = _grid_table(
        mw, [w("d_col_partner"), w("d_col_costs_short"), w("d_col_funding"), w("d_col_unfunded")],
        [_s("{{ line.partner }}"), _s("{{ line.costs.text }}", "SummaryNumber"),
         _s("{{ line.funding.text }}", "SummaryNumber"),
         _s("{{ line.unfunded.text }}", "SummaryNumber")],
        loop=f"line in {m}.partners",
        totals=row(_total_cell(w("d_total"), mw[0]),
                   *[_total_cell(f"{{{{ {m}.{key}.text }}}}", w, "SummaryNumber")
                     for key, w in zip(("costs", "funding", "unfunded"), mw[1:], strict=True)]))
    sw = [TEXT_W - 1750 - 2600, 1750, 2600]
    by_source = _grid_table(
        sw, [w("d_col_funding_source"), w("funding_amount"), w("d_col_partners")],
        [_s("{{ line.source }}"), _s("{{ line.amount.text }}", "SummaryNumber"),
         _s("{{ line.partners }}")],
        loop=f"line in {m}.sources",
        totals=row(_total_cell(w("d_total"), sw[0]), _total_cell(f"{{{{ {m}.funding.text }}}}", sw[1],
                                                            "SummaryNumber"),
                   _total_cell("", sw[2])))

    def bullets(items: str, value: str, none: str = w("d_none")) -> list[str]:
        return [tag(f"{{%p for item in {items} %}}"), text(value, "ListBullet"),
                tag("{%p endfor %}"),
                tag(f"{{%p if not {items} %}}"), text(none), tag("{%p endif %}")]

    o = f"{s}.open_points"

    def points(title: str, items: str) -> list[str]:
        """An open point's heading and list, only when it has items (as in the PDF)."""
        return [tag(f"{{%p if {items} %}}"), heading(3, title),
                tag(f"{{%p for item in {items} %}}"), text("{{ item }}", "ListBullet"),
                tag("{%p endfor %}"), tag("{%p endif %}")]

    return [
        # a section starts its page: no space above the heading there
        heading(1, w(SUMMARY_TITLE), '<w:spacing w:before="0"/>', ("_TocSummary", "10")),
        section(),  # Overview
        overview,
        section(),  # Learning flows
        text(w("d_flows_explained"), ppr="<w:keepNext/>"),
        matrix,
        legend,
        heading(3, w("d_practices")),
        tag(f"{{%p if {s}.practices %}}"),
        practices,
        tag("{%p else %}"),
        text(w("d_no_practices")),
        tag("{%p endif %}"),
        section(),  # Timeline
        text(f"{{{{ {d}.timeline_lead }}}}", ppr="<w:keepNext/>"),  # with its chart
        # one chart, or as many as a long timeline needs, each at its size
        tag(f"{{%p for chart in [{d}.timeline] + {d}.timelines[1:] %}}"),
        para(run("{{ chart.picture }}"), style="Figure"),
        text("{{ chart.alt }}", "Caption"),
        tag("{%p endfor %}"),
        section(),  # Money
        heading(3, w("d_by_partner")),
        by_partner,
        heading(3, w("d_by_source")),
        tag(f"{{%p if {m}.sources %}}"),
        by_source,
        tag("{%p else %}"),
        text(w("d_no_sources")),
        tag("{%p endif %}"),
        section(),  # Topics
        tag(f"{{%p for topic in {s}.topics %}}"),
        heading(3, "{{ topic.title }}"),
        para(run(f"{w('d_coordinator')} ", bold=True), run("{{ topic.coordinator or '–' }}"),
             style="Meta"),
        *bullets("topic.learnings", "{{ item.partner_label }} – {{ item.title }}",
                 w("d_no_topic_learnings")),
        tag("{%p endfor %}"),
        tag(f"{{%p if {s}.learnings_without_topic %}}"),
        heading(3, w("d_without_topic")),
        *bullets(f"{s}.learnings_without_topic", "{{ item.partner_label }} – {{ item.title }}"),
        tag("{%p endif %}"),
        tag(f"{{%p if not {s}.topics and not {s}.learnings_without_topic %}}"),
        text(w("d_none")),
        tag("{%p endif %}"),
        section(),  # Open points
        tag(f"{{%p if not ({o}.warnings or {o}.drafts or {o}.without_plan or {o}.skipped) %}}"),
        text(w("d_none")),
        tag("{%p endif %}"),
        *points(w("d_warnings"), f"{o}.warnings"),
        *points(w("d_drafts"), f"{o}.drafts"),
        *points(w("d_without_plan"), f"{o}.without_plan"),
        tag(f"{{%p if {o}.skipped %}}"),
        heading(3, w("d_left_out")),
        tag(f"{{%p for item in {o}.skipped %}}"),
        text("{{ item.text }}", "ListBullet"),
        tag("{%p for issue in item.issues %}"),
        text("{{ issue }}", "ListBullet",
             '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
    ]
