"""The words of a plan document, computed once for both formats.

`plan_context` turns a validated plan into plain values: every label, every formatted date,
month range and amount, every learning source named in words, every markdown field parsed.
The DOCX and the HTML/PDF templates only place these values; they never compute wording, so
the two documents say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Action, Learning, Partnership, PlanEntry
from .emblem import FUNDING_LINE, Emblem, eu_emblem
from .format import (
    EVENT_KINDS,
    IMPROVEMENTS,
    INSTRUMENT_TYPES,
    countries_text,
    country_name,
    format_date,
    format_days,
    format_money,
    format_months,
    format_number,
    partner_label,
    regions_text,
)
from .logos import Logo, partner_logo, programme_logo, project_logo
from .markdown import Text, parse_markdown

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


@dataclass
class PlanContext:
    """Everything the plan templates place, already in words."""

    plan_id: str
    document_title: str
    author: str
    language: str
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
    extra: dict[str, Any] = field(default_factory=dict)


def plan_context(partnership: Partnership, entry: PlanEntry) -> PlanContext:
    """The words of one plan document."""
    project = partnership.project.project
    plan = entry.plan
    partner = partnership.partner(plan.partner)
    others = [partnership.partner(p) for p in plan.other_partners]
    learnings = {learning.id: learning for learning in plan.learnings}
    sig = plan.signature

    general = [
        Row("Project", f"{project.acronym} ({project.index})" if project.index else project.acronym),
        Row("Partner organisation", partner.name),
        Row("Other partner organisations involved (if relevant)",
            "; ".join(p.name for p in others) or "–"),
        Row("Country", countries_text([partner, *others])),
        Row("NUTS2 region", regions_text([partner, *others])),
        Row("Contact person", plan.contact.name),
        Row("E-mail address", plan.contact.email),
        Row("Phone number", plan.contact.phone or "–"),
    ]
    return PlanContext(
        plan_id=entry.id,
        document_title=f"{project.acronym} action plan – {partner.name}",
        author=partner.name,
        language=plan.language,
        draft=plan.status == "draft",
        status=plan.status.capitalize(),
        version=plan.version,
        date=format_date(plan.date),
        acronym=project.acronym,
        project_title=project.title,
        programme=project.programme,
        project_index=project.index,
        disclaimer=parse_markdown(project.disclaimer) if project.disclaimer else None,
        project_logo=project_logo(partnership),
        partner_name=partner.name,
        partner_logo=partner_logo(partnership, partner),
        programme_logo=programme_logo(partnership),
        eu_emblem=eu_emblem(),
        funding_line=FUNDING_LINE,
        region=f"{partner.region}, {country_name(partner.country)}",
        running_header=f"{project.acronym} · Action plan · {partner_label(partner)}",
        general=general,
        instrument_types=[Tick(label, plan.policy_context.instrument_type == key)
                          for key, label in INSTRUMENT_TYPES],
        instrument=plan.policy_context.instrument,
        managing_authority=plan.policy_context.managing_authority,
        policy_details=_text(plan.policy_context.details),
        learnings=[_learning(partnership, learning) for learning in plan.learnings],
        actions=[_action(n, action, learnings)
                 for n, action in enumerate(plan.actions, start=1)],
        signature=[
            Row("Date", format_date(sig.date) if sig else ""),
            Row("Signature", ", ".join((sig.name, sig.position, sig.organisation)) if sig else ""),
            Row("Place", sig.place if sig else ""),
            Row("Stamp of the organisation (if available)", ""),
        ],
    )


def _text(source: str | None) -> Text | None:
    return parse_markdown(source) if source else None


def learning_sources(partnership: Partnership, learning: Learning) -> list[str]:
    """A learning's sources named in words: the event, the good practice, the partner."""
    source = learning.from_
    words = []
    if source.event:
        event = partnership.event(source.event)
        place = "" if event.place in event.title else f", {event.place}"
        words.append(f"{EVENT_KINDS[event.kind]}: {event.title}{place}, "
                     f"{format_days(event.start, event.end)}")
    if source.practice:
        practice = partnership.practice(source.practice)
        owner = partnership.partner(practice.owner)
        words.append(f"Good practice: {practice.title} ({owner.name})")
    if source.partner:
        partner = partnership.partner(source.partner)
        words.append(f"Partner: {partner.name}, {partner.region} ({country_name(partner.country)})")
    return words


def _learning(partnership: Partnership, learning: Learning) -> LearningView:
    topic = partnership.topic(learning.topic).title if learning.topic else None
    return LearningView(learning.id, learning.title, topic,
                        learning_sources(partnership, learning), _text(learning.text))


def _action(number: int, action: Action, learnings: dict[str, Learning]) -> ActionView:
    costs = action.costs
    currency = costs.currency if costs else "EUR"
    return ActionView(
        id=action.id,
        number=number,
        heading=f"ACTION {number} – {action.title}",
        title=action.title,
        improvement=IMPROVEMENTS[action.improvement] if action.improvement else None,
        background=parse_markdown(action.background),
        inspired_by=[learnings[i].title for i in action.learnings],
        activities=parse_markdown(action.activities),
        players=[Row(p.name, p.role) for p in action.players],
        timeframe=format_months(action.timeframe.start, action.timeframe.end),
        costs=format_money(costs.amount, costs.currency) if costs else None,
        costs_note=costs.note if costs else None,
        funding=[MoneyLine(f.source, format_money(f.amount, f.currency or currency)
                           if f.amount is not None else "")
                 for f in action.funding],
        indicators=[Row(i.name, f"{format_number(i.target)} {i.unit}" if i.unit
                        else format_number(i.target)) for i in action.indicators],
        monitoring_status=action.monitoring.status.capitalize() if action.monitoring else None,
        monitoring_notes=_text(action.monitoring.notes) if action.monitoring else None,
    )
