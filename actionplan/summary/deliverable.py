"""The words and pictures of the consolidated deliverable, computed once for both formats.

`deliverable_context` gathers what the lead partner's document places: the project's cover
facts, the cross-partner `Summary`, the timeline chart (PNG for Word, a vector PDF for the
PDF, with its alt text; the learning flows are a table in both formats, which a reviewer reads
faster than the same matrix drawn as a heat map), and every plan's `PlanContext` in partner order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Partnership
from ..words.emblem import FUNDING_LINE, Emblem, eu_emblem
from ..words.format import format_date, format_months
from ..words.logos import Logo, programme_logo, project_logo
from ..words.markdown import Text, parse_markdown
from ..words.plan import PlanContext, plan_context
from .charts import timeline_alt_text, timeline_pictures
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


ACTIONS_IN_CONTENTS = 20
"""Up to this many plans the contents list every action too; beyond, the plans only (each
plan's bookmarks still list its actions): 300 entries help no reader, and the PDF's page
counters behind the numbers cost time with the square of their number."""
PAGE_MARK = "\ue000{}\ue001"
"""What a contents line's page number reads until the PDF tells it (`ContentsLine.page`):
private-use characters, which validation refuses in every text a partner types."""
SECTIONS = (("overview", "Overview"), ("flows", "Learning flows"), ("timeline", "Timeline"),
            ("money", "Money"), ("topics", "Topics"), ("open_points", "Open points"))
"""The summary's sections: their key and heading, in order."""


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
    """Everything the consolidated templates place, already in words."""

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
    plans: list[PlanContext]
    contents: list[ContentsLine]


def deliverable_context(partnership: Partnership, summary: Summary, build_time: dt.datetime,
                        formats: tuple[str, ...] = ("docx", "pdf")) -> DeliverableContext:
    """The consolidated deliverable's context; `build_time` is the date printed on its cover
    unless project.yaml gives the deliverable a date.

    Charts are drawn only in the forms `formats` need (PNG for docx, PDF for pdf), each chart
    once for both: a drawing costs a few tenths of a second.
    """
    pictures = [kind for fmt, kind in (("docx", "png"), ("pdf", "pdf")) if fmt in formats]
    timeline = timeline_pictures(summary, pictures) if pictures else {}
    project = partnership.project.project
    plans = [plan_context(partnership, entry) for entry in partnership.plans]
    deliverable = partnership.project.deliverable
    lead = partnership.partner(project.lead_partner)
    return DeliverableContext(
        document_title=f"{project.acronym} – Action plans of the partnership",
        author=lead.name,
        language="en",
        acronym=project.acronym,
        project_title=project.title,
        programme=project.programme,
        project_index=project.index,
        period=format_months(project.period.start, project.period.end),
        lead_partner=lead.name,
        date=format_date(deliverable.date if deliverable and deliverable.date
                         else build_time.date()),
        disclaimer=parse_markdown(project.disclaimer) if project.disclaimer else None,
        project_logo=project_logo(partnership),
        programme_logo=programme_logo(partnership),
        eu_emblem=eu_emblem(),
        funding_line=FUNDING_LINE,
        running_header=f"{project.acronym} · Action plans of the partnership",
        summary=summary,
        timeline=Chart(timeline.get("png"), None, timeline_alt_text(summary),
                       pdf=timeline.get("pdf")),
        plans=plans,
        contents=contents_lines(plans),
    )


def plan_title(plan: PlanContext) -> str:
    """How the contents and the PDF's bookmarks name a plan: "Partner – Action plan"."""
    return f"{plan.partner_name} – Action plan"


def contents_lines(plans: list[PlanContext]) -> list[ContentsLine]:
    """The contents: the summary's sections, then every plan with its actions (up to
    `ACTIONS_IN_CONTENTS` plans)."""
    lines = [ContentsLine("section", key, title) for key, title in SECTIONS]
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
