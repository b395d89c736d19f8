"""The words and pictures of the consolidated deliverable, computed once for both formats.

`deliverable_context` gathers what the lead partner's document places: the project's cover
facts, the cross-partner `Summary`, the timeline chart (PNG for Word, a vector PDF for the
PDF, with its alt text; the learning flows are a table in both formats, which a reviewer reads
faster than the same matrix drawn as a heat map), and every plan's `PlanContext` in partner order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Partnership
from ..words.emblem import Emblem, eu_emblem
from ..words.format import format_date, format_months, word_language
from ..words.labels import Labels
from ..words.logos import Logo, programme_logo, project_logo
from ..words.markdown import Text, parse_markdown
from ..words.plan import PageOf, PlanContext, plan_context
from .charts import timeline_alt_text, timeline_charts
from .timeline_chart import timeline_size, timeline_slices
from .values import Summary


@dataclass(frozen=True)
class Chart:
    """A chart as the formats need it (None when not made): PNG for Word; for the PDF, a
    one-page vector PDF that is stamped into the page (`deliverable_context` makes this one),
    or else an SVG that WeasyPrint draws itself (slower: every glyph is an outline)."""

    png: bytes | None
    svg: bytes | None
    alt: str
    pdf: bytes | None = None
    size: tuple[float, float] | None = None
    """Width and height of its PDF's page in points, known before it is drawn
    (`timeline_size`): a layout leaves that room and the PDF is stamped in later."""


DrawTimeline = Callable[[Summary, Sequence[str]], list[tuple[str, dict[str, bytes]]]]
"""`charts.timeline_charts`, or what gives the same (a cache of them): each chart of the
timeline as its alt text and its pictures by kind."""

ACTIONS_IN_CONTENTS = 20
"""Up to this many plans the contents list every action too; beyond, the plans only (each
plan's bookmarks still list its actions): 300 entries help no reader, and the PDF's page
counters behind the numbers cost time with the square of their number."""
PAGE_MARK = "\ue000{}\ue001"
"""What a contents line's page number reads until the PDF tells it (`ContentsLine.page`):
private-use characters, which validation refuses in every text a partner types."""
SECTIONS = ("overview", "flows", "timeline", "money", "topics", "open_points")
"""The summary's sections, in order; each one's heading is the label `d_<key>`."""


@dataclass(frozen=True)
class ContentsLine:
    """One line of the contents, the same in both formats."""

    kind: str
    """`section` (of the summary), `plan` or `action`."""
    key: str
    """Stable name of the line: `overview`, `plan-2`, `plan-2-action-3`."""
    title: str
    plan_id: str | None = None
    destination: str | None = None
    """For an action, its anchor in the plan's PDF (`<plan>-action-<id>`)."""
    keep_with_next: bool = False
    """The line stays on the page of the next one: a plan's line with its first action, the
    last two actions of a plan together, so no contents page carries one line alone."""
    bookmark: str = field(init=False)
    """The Word bookmark of the line's heading (letters, digits and `_` only)."""
    page: str = field(init=False)
    """The page number placeholder, replaced once the PDF is laid out."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "bookmark", "_Toc_" + self.key.replace("-", "_"))
        object.__setattr__(self, "page", PAGE_MARK.format(self.key))


@dataclass
class DeliverableContext:
    """Everything the consolidated templates place, already in words, in the deliverable's
    language (`project.language`); each plan's context is in the plan's own language."""

    document_title: str
    author: str
    language: str
    acronym: str
    project_title: str
    programme: str
    project_index: str | None
    period: str
    lead_partner: str
    date: str
    """The deliverable's date in words, e.g. 29 March 2019: `deliverable.date` of
    project.yaml, else the build date."""
    disclaimer: Text | None
    project_logo: Logo | None
    programme_logo: Logo | None
    eu_emblem: Emblem
    """The EU emblem on every cover (words/emblem.py), and the words beside it."""
    funding_line: str
    running_header: str
    summary: Summary
    timeline: Chart
    """The first of `timelines`: the whole timeline unless it needs several charts."""
    plans: list[PlanContext]
    contents: list[ContentsLine]
    labels: dict[str, str] = field(default_factory=dict)
    """The fixed words of the consolidated templates by key (`labels.d_contents`)."""
    page_of: PageOf = PageOf("Page ", " of ", "")
    word_language: str = "en-GB"
    """The language Word proof-reads the deliverable's own pages in (`hu-HU`)."""
    plans_count: str = ""
    """E.g. `6 action plans`."""
    actions_count: str = ""
    """E.g. `17 actions`."""
    total_plans: str = ""
    """The overview's totals row, e.g. `Total (6 plans)`."""
    timeline_lead: str = ""
    """E.g. `17 actions of 6 plans, April 2019 – March 2021; phase 2: April 2019 – March 2021.`"""
    timelines: tuple[Chart, ...] = ()
    """The timeline as the charts a page holds, in partner order (`timeline_slices`): one
    for most partnerships; each is printed at its size, never shrunk to fit a page."""


def deliverable_context(partnership: Partnership, summary: Summary, build_time: dt.datetime,
                        formats: tuple[str, ...] = ("docx", "pdf"),
                        template_dirs: list[Path] | None = None,
                        draw_timeline: DrawTimeline = timeline_charts, *,
                        drawn: bool = True) -> DeliverableContext:
    """The consolidated deliverable's context; `build_time` is the date printed on its cover
    unless project.yaml gives the deliverable a date.
    Its words are those of `summary.labels` (the deliverable's language); each plan's, those of
    the plan's language, from the catalogues of `template_dirs` (default: the partnership's
    templates, then the built-in ones).

    Charts are drawn only in the forms `formats` need (PNG for docx, PDF for pdf), each chart
    once for both: a drawing costs a few tenths of a second. `draw_timeline(summary, kinds)`
    gives them (a build passes one that keeps them, build/work_cache.py). With `drawn=False`
    none is drawn: each chart has its alt text and size only (`Chart.size`), enough to lay
    the summary's pages out while the charts are drawn elsewhere (issue 15).
    """
    pictures = [kind for fmt, kind in (("docx", "png"), ("pdf", "pdf")) if fmt in formats]
    slices = timeline_slices(summary.timeline)
    charts = (draw_timeline(summary, pictures) if pictures and drawn else
              [(timeline_alt_text(summary, part), {}) for part in slices])
    timelines = tuple(Chart(made.get("png"), None, alt, pdf=made.get("pdf"),
                            size=timeline_size(part))
                      for (alt, made), part in zip(charts, slices, strict=True))
    project = partnership.project.project
    deliverable = partnership.project.deliverable
    lead = partnership.partner(project.lead_partner)
    words = summary.labels
    language = words.language
    totals, span = summary.totals, summary.timeline
    plans = [_in_deliverable(plan_context(partnership, entry, template_dirs), words)
             for entry in partnership.plans]
    plans_words = words.count("n_plans", totals.plans)
    lead_words = {"actions": words.count("n_actions", len(span.bars)),
                  "plans": words.count("n_plans", span.plans), "span": span.span}
    return DeliverableContext(
        document_title=words.fill("d_document_title", acronym=project.acronym),
        author=lead.name,
        language=language,
        acronym=project.acronym,
        project_title=project.title,
        programme=project.programme,
        project_index=project.index,
        period=format_months(project.period.start, project.period.end, language),
        lead_partner=lead.name,
        date=format_date(deliverable.date if deliverable and deliverable.date
                         else build_time.date(), language),
        disclaimer=parse_markdown(project.disclaimer) if project.disclaimer else None,
        project_logo=project_logo(partnership, words),
        programme_logo=programme_logo(partnership, words),
        eu_emblem=eu_emblem(words["eu_emblem_alt"]),
        funding_line=words["funding_line"],
        running_header=words.fill("d_running_header", acronym=project.acronym),
        summary=summary,
        timeline=timelines[0],
        timelines=timelines,
        plans=plans,
        contents=contents_lines(plans, words),
        labels=dict(words.texts),
        page_of=PageOf(*words.split("page_of", "page", "pages")),
        word_language=word_language(language),
        plans_count=words.count("n_action_plans", totals.plans),
        actions_count=words.count("n_actions", totals.actions),
        total_plans=words.fill("d_total_plans", plans=plans_words),
        timeline_lead=(words.fill("d_timeline_lead_phase2", phase2=span.phase2_text, **lead_words)
                       if span.phase2_text else words.fill("d_timeline_lead", **lead_words)),
    )


def _in_deliverable(plan: PlanContext, words: Labels) -> PlanContext:
    """A plan's context with its title and heading in the deliverable (its language)."""
    plan.deliverable_title = words.fill("d_plan_title", partner=plan.partner_name)
    plan.deliverable_heading = words.fill("d_plan_heading", partner=plan.partner_name)
    return plan


def plan_title(plan: PlanContext) -> str:
    """How the contents and the PDF's bookmarks name a plan: "Partner – Action plan", in the
    deliverable's language."""
    return plan.deliverable_title or f"{plan.partner_name} – Action plan"


def contents_lines(plans: list[PlanContext], words: Labels | None = None) -> list[ContentsLine]:
    """The contents: the summary's sections (their headings in the language of `words`,
    English by default), then every plan with its actions (up to `ACTIONS_IN_CONTENTS` plans)."""
    if words is None:
        from ..load.templates import builtin_dir
        from ..words.labels import labels_for

        words = labels_for("en", [builtin_dir()])
    lines = [ContentsLine("section", key, words[f"d_{key}"]) for key in SECTIONS]
    with_actions = len(plans) <= ACTIONS_IN_CONTENTS
    for number, plan in enumerate(plans, start=1):
        actions = plan.actions if with_actions else []
        lines.append(ContentsLine("plan", f"plan-{number}", plan_title(plan), plan.plan_id,
                                  keep_with_next=bool(actions)))
        for n, action in enumerate(actions, start=1):
            lines.append(ContentsLine("action", f"plan-{number}-action-{action.number}",
                                      action.heading, plan.plan_id,
                                      f"{plan.plan_id}-action-{action.id}",
                                      keep_with_next=n == len(actions) - 1))
    return lines
