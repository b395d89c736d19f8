"""The words of a plan document, computed once for both formats.

`plan_context` turns a validated plan into plain values: every label, every formatted date,
month range and amount, every learning source named in words, every markdown field parsed.
The DOCX and the HTML/PDF templates only place these values; they never compute wording, so
the two documents say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import NUTS_PREFIX
from .model import Action, Learning, Partner, Partnership, PlanEntry
from .paths import inside
from .text import Text, parse_markdown

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

COUNTRY_NAMES = {
    "AL": "Albania", "AT": "Austria", "BA": "Bosnia and Herzegovina", "BE": "Belgium",
    "BG": "Bulgaria", "CH": "Switzerland", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DK": "Denmark", "EE": "Estonia", "EL": "Greece", "GR": "Greece", "ES": "Spain",
    "FI": "Finland", "FR": "France", "HR": "Croatia", "HU": "Hungary", "IE": "Ireland",
    "IS": "Iceland", "IT": "Italy", "LI": "Liechtenstein", "LT": "Lithuania", "LU": "Luxembourg",
    "LV": "Latvia", "MD": "Moldova", "ME": "Montenegro", "MK": "North Macedonia", "MT": "Malta",
    "NL": "Netherlands", "NO": "Norway", "PL": "Poland", "PT": "Portugal", "RO": "Romania",
    "RS": "Serbia", "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia", "TR": "Türkiye",
    "UA": "Ukraine", "UK": "United Kingdom", "GB": "United Kingdom", "XK": "Kosovo",
}

INSTRUMENT_TYPES = (
    ("growth-and-jobs", "Investment for Growth and Jobs programme"),
    ("territorial-cooperation", "European Territorial Cooperation programme"),
    ("other", "Other regional development policy instrument"),
)

IMPROVEMENTS = {
    "new-projects": "Implementation of new projects",
    "management": "Change in the management of the policy instrument",
    "structural-change": "Change in the strategic focus of the policy instrument",
}

EVENT_KINDS = {
    "interregional-meeting": "Interregional meeting", "study-visit": "Study visit",
    "peer-review": "Peer review", "workshop": "Workshop", "conference": "Conference",
    "survey": "Survey", "other": "Event",
}


# --- formatting --------------------------------------------------------------------------

def format_month(month: str) -> str:
    """`2019-06` → `June 2019`."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def format_months(start: str, end: str) -> str:
    """`2019-06`, `2020-12` → `June 2019 – December 2020`."""
    return format_month(start) if start == end else f"{format_month(start)} – {format_month(end)}"


def format_date(day: dt.date) -> str:
    """`2019-03-29` → `29 March 2019`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_days(start: dt.date, end: dt.date | None) -> str:
    """One day, or a span written as short as it reads: `16–17 October 2018`."""
    if end is None or end == start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def format_number(value: float) -> str:
    """`120000` → `120,000`; `1641479.64` → `1,641,479.64`."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(amount: float, currency: str) -> str:
    """`120000, EUR` → `EUR 120,000`."""
    return f"{currency} {format_number(amount)}"


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


def partner_label(partner: Partner) -> str:
    """How a partner is named in running text: its short name when it has one."""
    return partner.short_name or partner.name


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
    project_logo: Path | None
    partner_name: str
    partner_logo: Path | None
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
        project_logo=_image(partnership, project.logo),
        partner_name=partner.name,
        partner_logo=_image(partnership, partner.logo),
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


def _image(partnership: Partnership, relative: str | None) -> Path | None:
    return inside(partnership.folder, relative) if relative else None


def countries_text(partners: list[Partner]) -> str:
    """`Hungary (HU)`, each country once (ISO's GR and GB count as the EU's EL and UK)."""
    codes = list(dict.fromkeys(NUTS_PREFIX.get(p.country, p.country) for p in partners))
    return "; ".join(f"{country_name(c)} ({c})" for c in codes)


def regions_text(partners: list[Partner]) -> str:
    """`Nyugat-Dunántúl (HU22)`, each region once."""
    regions = list(dict.fromkeys((p.region, p.nuts2) for p in partners))
    return "; ".join(f"{region} ({nuts2})" for region, nuts2 in regions)


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
