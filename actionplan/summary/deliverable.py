"""The words and pictures of the consolidated deliverable, computed once for both formats.

`deliverable_context` gathers what the lead partner's document places: the project's cover
facts, the cross-partner `Summary`, the charts (PNG for Word, a vector PDF for the PDF, with
alt texts), and every plan's `PlanContext` in partner order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Partnership
from ..words.format import format_date, format_months
from ..words.emblem import FUNDING_LINE, Emblem, eu_emblem
from ..words.logos import Logo, programme_logo, project_logo
from ..words.markdown import Text, parse_markdown
from ..words.plan import PlanContext, plan_context
from .charts import flows_alt_text, flows_pictures, timeline_alt_text, timeline_pictures
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
    flows: Chart
    plans: list[PlanContext]


def deliverable_context(partnership: Partnership, summary: Summary, build_time: dt.datetime,
                        formats: tuple[str, ...] = ("docx", "pdf")) -> DeliverableContext:
    """The consolidated deliverable's context; `build_time` is the date printed on its cover
    unless project.yaml gives the deliverable a date.

    Charts are drawn only in the forms `formats` need (PNG for docx, PDF for pdf), each chart
    once for both: a drawing costs a few tenths of a second.
    """
    pictures = [kind for fmt, kind in (("docx", "png"), ("pdf", "pdf")) if fmt in formats]
    timeline = timeline_pictures(summary, pictures) if pictures else {}
    flows = flows_pictures(summary, pictures) if pictures else {}
    project = partnership.project.project
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
        flows=Chart(flows.get("png"), None, flows_alt_text(summary), pdf=flows.get("pdf")),
        plans=[plan_context(partnership, entry) for entry in partnership.plans],
    )
