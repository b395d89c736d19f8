"""The words and pictures of the consolidated deliverable, computed once for both formats.

`deliverable_context` gathers what the lead partner's document places: the project's cover
facts, the cross-partner `Summary`, the charts (PNG for Word, a vector PDF for the PDF, with
alt texts), and every plan's `PlanContext` in partner order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Partnership
from ..words.format import format_date, format_months, word_language
from ..words.labels import Labels
from ..words.logos import Logo, project_logo
from ..words.markdown import Text, parse_markdown
from ..words.plan import PageOf, PlanContext, plan_context
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
    """The build date in words, e.g. 29 March 2019."""
    disclaimer: Text | None
    project_logo: Logo | None
    running_header: str
    summary: Summary
    timeline: Chart
    flows: Chart
    plans: list[PlanContext]
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
    total_plans_colon: str = ""
    """The same as the Word table writes it, e.g. `Total: 6 plans`."""
    timeline_lead: str = ""
    """E.g. `17 actions of 6 plans, April 2019 – March 2021; phase 2: April 2019 – March 2021.`"""
    timeline_explained: str = ""
    """E.g. `Every action of every plan on one time axis: April 2019 – March 2021.`"""


def deliverable_context(partnership: Partnership, summary: Summary, build_time: dt.datetime,
                        formats: tuple[str, ...] = ("docx", "pdf"),
                        template_dirs: list[Path] | None = None) -> DeliverableContext:
    """The consolidated deliverable's context; `build_time` is the date printed on its cover.
    Its words are those of `summary.labels` (the deliverable's language); each plan's, those of
    the plan's language, from the catalogues of `template_dirs` (default: the partnership's
    templates, then the built-in ones).

    Charts are drawn only in the forms `formats` need (PNG for docx, PDF for pdf), each chart
    once for both: a drawing costs a few tenths of a second.
    """
    pictures = [kind for fmt, kind in (("docx", "png"), ("pdf", "pdf")) if fmt in formats]
    timeline = timeline_pictures(summary, pictures) if pictures else {}
    flows = flows_pictures(summary, pictures) if pictures else {}
    project = partnership.project.project
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
        date=format_date(build_time.date(), language),
        disclaimer=parse_markdown(project.disclaimer) if project.disclaimer else None,
        project_logo=project_logo(partnership, words),
        running_header=words.fill("d_running_header", acronym=project.acronym),
        summary=summary,
        timeline=Chart(timeline.get("png"), None, timeline_alt_text(summary),
                       pdf=timeline.get("pdf")),
        flows=Chart(flows.get("png"), None, flows_alt_text(summary), pdf=flows.get("pdf")),
        plans=plans,
        labels=dict(words.texts),
        page_of=PageOf(*words.split("page_of", "page", "pages")),
        word_language=word_language(language),
        plans_count=words.count("n_action_plans", totals.plans),
        actions_count=words.count("n_actions", totals.actions),
        total_plans=words.fill("d_total_plans", plans=plans_words),
        total_plans_colon=words.fill("d_total_plans_colon", plans=plans_words),
        timeline_lead=(words.fill("d_timeline_lead_phase2", phase2=span.phase2_text, **lead_words)
                       if span.phase2_text else words.fill("d_timeline_lead", **lead_words)),
        timeline_explained=words.fill("d_timeline_explained", span=span.span),
    )


def _in_deliverable(plan: PlanContext, words: Labels) -> PlanContext:
    """A plan's context with its title and heading in the deliverable (its language)."""
    plan.deliverable_title = words.fill("d_plan_title", partner=plan.partner_name)
    plan.deliverable_heading = words.fill("d_plan_heading", partner=plan.partner_name)
    return plan
