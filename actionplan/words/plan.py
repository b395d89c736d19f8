"""The words of a plan document, computed once for both formats.

`plan_context` turns a validated plan into plain values: every label, every formatted date,
month range and amount, every learning source named in words, every markdown field parsed.
The DOCX and the HTML/PDF templates only place these values; they never compute wording, so
the two documents say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.templates import search_path
from ..model import Action, Learning, Partnership, PlanEntry
from .emblem import Emblem, eu_emblem
from .format import (
    countries_text,
    country_name,
    format_date,
    format_days,
    format_money,
    format_months,
    format_number,
    is_english,
    partner_label,
    regions_text,
    word_language,
)
from .labels import Labels, labels_for
from .logos import Logo, partner_logo, programme_logo, project_logo
from .markdown import Text, parse_markdown

SUMMARY_EN_HEADING = "Summary in English"
"""The heading of a plan's English summary: in English whatever the plan's language, as the
programme reads it."""

# --- the plan document -------------------------------------------------------------------

@dataclass
class Row:
    label: str
    value: str


@dataclass
class Tick:
    label: str
    ticked: bool


@dataclass
class LearningView:
    id: str
    title: str
    topic: str | None
    sources: list[str]
    text: Text | None


@dataclass
class MoneyLine:
    source: str
    amount: str


@dataclass
class ActionView:
    id: str
    number: int
    heading: str
    title: str
    improvement: str | None
    background: Text
    inspired_by: list[str]
    activities: Text
    players: list[Row]
    timeframe: str
    costs: str | None
    costs_note: str | None
    funding: list[MoneyLine]
    indicators: list[Row]
    monitoring_status: str | None
    monitoring_notes: Text | None


@dataclass(frozen=True)
class PageOf:
    """"Page n of N" around its two numbers, which each format counts itself: the words
    before the page number, between the two, and after the total."""

    before: str
    between: str
    after: str

    @property
    def label(self) -> str:
        """The words as a format string with `{page}` and `{pages}` (PDF footers)."""
        def escape(text: str) -> str:
            return text.replace("{", "{{").replace("}", "}}")

        return f"{escape(self.before)}{{page}}{escape(self.between)}{{pages}}{escape(self.after)}"


@dataclass
class PlanContext:
    """Everything the plan templates place, already in words, in the plan's language."""

    plan_id: str
    document_title: str
    author: str
    language: str
    """The plan's language as the file gives it (BCP-47): HTML `lang`, the PDF's /Lang."""
    draft: bool
    status: str
    version: str
    date: str
    acronym: str
    project_title: str
    programme: str
    project_index: str | None
    disclaimer: Text | None
    project_logo: Logo | None
    partner_name: str
    partner_logo: Logo | None
    programme_logo: Logo | None
    eu_emblem: Emblem
    """The EU emblem on every cover (words/emblem.py), and the words beside it."""
    funding_line: str
    region: str
    running_header: str
    general: list[Row]
    instrument_types: list[Tick]
    instrument: str
    managing_authority: str | None
    policy_details: Text | None
    learnings: list[LearningView]
    actions: list[ActionView]
    signature: list[Row]
    labels: dict[str, str] = field(default_factory=dict)
    """The fixed words of the templates by key (`labels.cover_title`), in the plan's language."""
    page_of: PageOf = PageOf("Page ", " of ", "")
    word_language: str = "en-GB"
    """The language Word proof-reads the plan in, with its region (`bg-BG`)."""
    summary_en: Text | None = None
    """The English summary of a plan not written in English (None for an English plan)."""
    summary_en_heading: str = SUMMARY_EN_HEADING
    english_language: str = "en"
    """The language of the English summary: HTML `lang`."""
    english_word_language: str = "en-GB"
    """The language Word proof-reads the English summary in."""
    draft_mark_size: str = ""
    """How long the word of the DRAFT mark is, for the PDF to fit it across the page: "" (as
    DRAFT, up to 6 letters), `draft-mark-long` (8), `draft-mark-longer` (10) or
    `draft-mark-longest`."""
    deliverable_title: str = ""
    """In the consolidated deliverable: the plan's title in its contents and bookmarks, in the
    deliverable's language (`PBN – Action plan`)."""
    deliverable_heading: str = ""
    """In the consolidated deliverable: the heading the Word document gives the plan
    (`Partner: PBN`)."""
    extra: dict[str, Any] = field(default_factory=dict)


def plan_context(partnership: Partnership, entry: PlanEntry,
                 template_dirs: list[Path] | None = None) -> PlanContext:
    """The words of one plan document, in the plan's language; its labels from the catalogues
    of `template_dirs` (default: the partnership's templates, then the built-in ones)."""
    project = partnership.project.project
    plan = entry.plan
    language = plan.language
    words = labels_for(language, template_dirs or search_path(partnership.folder))
    partner = partnership.partner(plan.partner)
    others = [partnership.partner(p) for p in plan.other_partners]
    learnings = {learning.id: learning for learning in plan.learnings}
    sig = plan.signature

    general = [
        Row(words["general_project"],
            f"{project.acronym} ({project.index})" if project.index else project.acronym),
        Row(words["general_partner"], partner.name),
        Row(words["general_other_partners"], "; ".join(p.name for p in others) or "–"),
        Row(words["general_country"], countries_text([partner, *others], language)),
        Row(words["general_region"], regions_text([partner, *others])),
        Row(words["general_contact"], plan.contact.name),
        Row(words["general_email"], plan.contact.email),
        Row(words["general_phone"], plan.contact.phone or "–"),
    ]
    page = words.split("page_of", "page", "pages")
    english = is_english(language)
    return PlanContext(
        plan_id=entry.id,
        document_title=words.fill("document_title", acronym=project.acronym, partner=partner.name),
        author=partner.name,
        language=language,
        draft=plan.status == "draft",
        status=words[f"status_{plan.status}"],
        version=plan.version,
        date=format_date(plan.date, language),
        acronym=project.acronym,
        project_title=project.title,
        programme=project.programme,
        project_index=project.index,
        disclaimer=parse_markdown(project.disclaimer) if project.disclaimer else None,
        project_logo=project_logo(partnership, words),
        partner_name=partner.name,
        partner_logo=partner_logo(partnership, partner, words),
        programme_logo=programme_logo(partnership, words),
        eu_emblem=eu_emblem(words["eu_emblem_alt"]),
        funding_line=words["funding_line"],
        region=f"{partner.region}, {country_name(partner.country, language)}",
        running_header=words.fill("running_header", acronym=project.acronym,
                                  partner=partner_label(partner)),
        general=general,
        instrument_types=[Tick(words[f"instrument_{key.replace('-', '_')}"],
                               plan.policy_context.instrument_type == key)
                          for key in INSTRUMENT_TYPES],
        instrument=plan.policy_context.instrument,
        managing_authority=plan.policy_context.managing_authority,
        policy_details=_text(plan.policy_context.details),
        learnings=[_learning(partnership, learning, words) for learning in plan.learnings],
        actions=[_action(n, action, learnings, words)
                 for n, action in enumerate(plan.actions, start=1)],
        signature=[
            Row(words["signature_date"], format_date(sig.date, language) if sig else ""),
            Row(words["signature_signature"],
                ", ".join((sig.name, sig.position, sig.organisation)) if sig else ""),
            Row(words["signature_place"], sig.place if sig else ""),
            Row(words["signature_stamp"], ""),
        ],
        labels=dict(words.texts),
        page_of=PageOf(*page),
        word_language=word_language(language),
        summary_en=None if english else _text(plan.summary_en),
        draft_mark_size=_mark_size(words["draft_mark"]),
    )


def _mark_size(mark: str) -> str:
    letters = max((len(word) for word in mark.split()), default=0)
    for size, most in (("", 6), ("draft-mark-long", 8), ("draft-mark-longer", 10)):
        if letters <= most:
            return size
    return "draft-mark-longest"


INSTRUMENT_TYPES = ("growth-and-jobs", "territorial-cooperation", "other")
"""The three tick boxes of Part II, in the template's order."""


def _text(source: str | None) -> Text | None:
    return parse_markdown(source) if source else None


def learning_sources(partnership: Partnership, learning: Learning, words: Labels) -> list[str]:
    """A learning's sources named in words: the event, the good practice, the partner."""
    source = learning.from_
    language = words.language
    found = []
    if source.event:
        event = partnership.event(source.event)
        kind = words[f"event_{event.kind.replace('-', '_')}"]
        dates = format_days(event.start, event.end, language)
        if event.place in event.title:
            found.append(words.fill("source_event_at_title", kind=kind, title=event.title,
                                    dates=dates))
        else:
            found.append(words.fill("source_event", kind=kind, title=event.title,
                                    place=event.place, dates=dates))
    if source.practice:
        practice = partnership.practice(source.practice)
        owner = partnership.partner(practice.owner)
        found.append(words.fill("source_practice", title=practice.title, owner=owner.name))
    if source.partner:
        partner = partnership.partner(source.partner)
        found.append(words.fill("source_partner", name=partner.name, region=partner.region,
                                country=country_name(partner.country, language)))
    return found


def _learning(partnership: Partnership, learning: Learning, words: Labels) -> LearningView:
    topic = partnership.topic(learning.topic).title if learning.topic else None
    return LearningView(learning.id, learning.title, topic,
                        learning_sources(partnership, learning, words), _text(learning.text))


def _action(number: int, action: Action, learnings: dict[str, Learning], words: Labels
            ) -> ActionView:
    language = words.language
    costs = action.costs
    currency = costs.currency if costs else "EUR"
    monitoring = action.monitoring
    return ActionView(
        id=action.id,
        number=number,
        heading=words.fill("action_heading", number=str(number), title=action.title),
        title=action.title,
        improvement=(words[f"improvement_{action.improvement.replace('-', '_')}"]
                     if action.improvement else None),
        background=parse_markdown(action.background),
        inspired_by=[learnings[i].title for i in action.learnings],
        activities=parse_markdown(action.activities),
        players=[Row(p.name, p.role) for p in action.players],
        timeframe=format_months(action.timeframe.start, action.timeframe.end, language),
        costs=format_money(costs.amount, costs.currency, language) if costs else None,
        costs_note=costs.note if costs else None,
        funding=[MoneyLine(f.source, format_money(f.amount, f.currency or currency, language)
                           if f.amount is not None else "")
                 for f in action.funding],
        indicators=[Row(i.name, f"{format_number(i.target, language)} {i.unit}" if i.unit
                        else format_number(i.target, language)) for i in action.indicators],
        monitoring_status=words[f"monitoring_{monitoring.status}"] if monitoring else None,
        monitoring_notes=_text(monitoring.notes) if monitoring else None,
    )
