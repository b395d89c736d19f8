"""The cross-partner summary of the consolidated deliverable, computed once for both formats.

`build_summary` turns a validated `Partnership` into plain values: the overview table, the
learning flows between partners, every action on one time axis, the money by partner and by
source, the learnings per topic and the open points. Every text is already in words (through
the formatting helpers of `words.format`), and the raw numbers the charts need sit beside them. It
is a pure function: no clock, no files, the same partnership gives the same summary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from decimal import Decimal

from ..errors import Issue
from ..load.templates import search_path
from ..model import Learning, Partner, Partnership, PlanEntry
from ..model.numbers import exact
from ..words.format import countries_text, format_money, format_months, partner_label, regions_text
from ..words.labels import Labels, labels_for
from .values import (
    NONE,
    ActionRef,
    FlowMatrix,
    Money,
    MoneyRow,
    MoneySummary,
    OpenPoints,
    OverviewRow,
    OverviewTotals,
    PartnerRef,
    PracticeUse,
    PracticeUser,
    SkippedPlan,
    SourceRow,
    Summary,
    Timeline,
    TimelineBar,
    TopicGroup,
    TopicLearning,
    YearMonth,
)


def build_summary(partnership: Partnership, *, skipped: list[Issue] | None = None,
                  partners_with_errors: Collection[str] = (),
                  words: Labels | None = None) -> Summary:
    """The cross-partner summary of a validated partnership, in the deliverable's language
    (`project.language`): `words` are its labels (default: from the partnership's templates
    and the built-in ones).

    `skipped` holds the issues of plans left out (`--keep-going`); they become open points.
    `partners_with_errors` are the partners whose plan was left out: they have a plan, with
    errors, so they are not listed among the partners without one.
    """
    words = words or labels_for(partnership.project.project.language,
                                search_path(partnership.folder))
    language = words.language
    partners = {p.id: p for p in partnership.project.partners}
    plans = partnership.plans
    overview = tuple(_overview_row(partnership, partners, entry, words) for entry in plans)
    starts = [a.timeframe.start for e in plans for a in e.plan.actions]
    ends = [a.timeframe.end for e in plans for a in e.plan.actions]
    totals = OverviewTotals(
        plans=len(plans),
        actions=sum(row.actions for row in overview),
        costs=_money(_add(row.costs.amounts for row in overview), language),
        timeframe=format_months(min(starts), max(ends), language) if starts else NONE,
    )
    practices = _practices(partnership, partners, words)
    topics, without_topic = _topics(partnership, partners)
    return Summary(
        acronym=partnership.project.project.acronym,
        overview=overview,
        totals=totals,
        flows=_flows(partnership, partners),
        practices=practices,
        unused_practices=tuple(p for p in practices if not p.used),
        timeline=_timeline(partnership, partners, words),
        money=_money_summary(plans, partners, language),
        topics=topics,
        learnings_without_topic=without_topic,
        open_points=_open_points(partnership, partners, skipped or [], partners_with_errors,
                                 words),
        labels=words,
    )


def _ref(partner: Partner) -> PartnerRef:
    return PartnerRef(partner.id, partner.name, partner_label(partner))


def _overview_row(partnership: Partnership, partners: dict[str, Partner],
                  entry: PlanEntry, words: Labels) -> OverviewRow:
    language = words.language
    plan = entry.plan
    partner = partners[plan.partner]
    others = [partners[p] for p in plan.other_partners]
    actions = plan.actions
    return OverviewRow(
        plan_id=entry.id,
        partner=partner.name,
        partner_label=partner_label(partner),
        other_partners="; ".join(p.name for p in others) or None,
        country=countries_text([partner, *others], language),
        region=regions_text([partner, *others]),
        instrument=plan.policy_context.instrument,
        instrument_type=words[f"instrument_{plan.policy_context.instrument_type.replace('-', '_')}"],
        actions=len(actions),
        costs=_money(_add([(a.costs.currency, a.costs.amount)] for a in actions if a.costs),
                     language),
        timeframe=format_months(min(a.timeframe.start for a in actions),
                                max(a.timeframe.end for a in actions), language),
        status=words[f"status_{plan.status}"],
        version=plan.version,
        language=plan.language,
        with_partners=(words.fill("d_with", partners="; ".join(p.name for p in others))
                       if others else None),
    )


# --- money ----------------------------------------------------------------------------------

def _add(groups: Iterable[Iterable[tuple[str, float | Decimal]]]) -> dict[str, Decimal]:
    """Sum amounts by currency exactly, in decimals: each amount as typed (`exact`), to the
    cent. (Floats added, even with fsum, end a cent off once hundreds of amounts near the
    bound of model/numbers.py pass what a float keeps to the cent, about 9·10^13.)"""
    parts: dict[str, list[Decimal]] = defaultdict(list)
    for group in groups:
        for currency, amount in group:
            parts[currency].append(exact(amount))
    return {c: sum(values, Decimal(0)) for c, values in parts.items()}


def _money(by_currency: dict[str, Decimal], language: str) -> Money:
    amounts = tuple(sorted(by_currency.items(), key=lambda item: (item[0] != "EUR", item[0])))
    text = "; ".join(format_money(amount, currency, language) for currency, amount in amounts)
    return Money(amounts, text or NONE)


def _funding(entry: PlanEntry) -> list[tuple[str, str, float | None]]:
    """Every funding line of a plan: (source, currency, amount or None)."""
    lines = []
    for action in entry.plan.actions:
        currency = action.costs.currency if action.costs else "EUR"
        lines += [(f.source, f.currency or currency, f.amount) for f in action.funding]
    return lines


def _unfunded(costs: dict[str, Decimal], funding: dict[str, Decimal]) -> dict[str, Decimal]:
    if not funding:
        return dict(costs)
    return {c: amount - funding[c] for c, amount in costs.items() if c in funding}


def _money_summary(plans: tuple[PlanEntry, ...], partners: dict[str, Partner], language: str
                   ) -> MoneySummary:
    rows = []
    by_source: dict[str, list[tuple[str, float]]] = defaultdict(list)
    users: dict[str, list[str]] = defaultdict(list)
    for entry in plans:
        partner = partners[entry.plan.partner]
        costs = _add([(a.costs.currency, a.costs.amount)] for a in entry.plan.actions if a.costs)
        lines = _funding(entry)
        funding = _add([(c, a)] for _, c, a in lines if a is not None)
        rows.append(MoneyRow(entry.id, partner.name, partner_label(partner),
                             _money(costs, language), _money(funding, language),
                             _money(_unfunded(costs, funding) if costs else {}, language)))
        for source, currency, amount in lines:
            if amount is not None:
                by_source[source].append((currency, amount))
            else:
                by_source.setdefault(source, [])
            if partner_label(partner) not in users[source]:
                users[source].append(partner_label(partner))
    sources = tuple(SourceRow(name, _money(_add([by_source[name]]), language), ", ".join(users[name]))
                    for name in sorted(by_source, key=lambda s: (s.casefold(), s)))
    return MoneySummary(
        partners=tuple(rows),
        sources=sources,
        costs=_money(_add(r.costs.amounts for r in rows), language),
        funding=_money(_add(r.funding.amounts for r in rows), language),
        unfunded=_money(_add(r.unfunded.amounts for r in rows), language),
    )


# --- learning flows and good practices -------------------------------------------------------

def _source_partners(partnership: Partnership, learning: Learning) -> list[str]:
    """The partners a learning draws on: practice owner, event host, partner; once each."""
    source = learning.from_
    ids = []
    if source.practice:
        ids.append(partnership.practice(source.practice).owner)
    if source.event:
        ids.append(partnership.event(source.event).host)
    if source.partner:
        ids.append(source.partner)
    return list(dict.fromkeys(ids))


def _flows(partnership: Partnership, partners: dict[str, Partner]) -> FlowMatrix:
    columns = tuple(_ref(p) for p in partnership.project.partners)
    index = {ref.id: n for n, ref in enumerate(columns)}
    rows, counts, row_learnings = [], [], []
    for entry in partnership.plans:
        cells = [0] * len(columns)
        for learning in entry.plan.learnings:
            for source in _source_partners(partnership, learning):
                cells[index[source]] += 1
        rows.append(_ref(partners[entry.plan.partner]))
        counts.append(tuple(cells))
        row_learnings.append(len(entry.plan.learnings))
    return FlowMatrix(
        rows=tuple(rows),
        columns=columns,
        counts=tuple(counts),
        row_learnings=tuple(row_learnings),
        column_totals=tuple(sum(row[c] for row in counts) for c in range(len(columns))),
        learnings=sum(row_learnings),
    )


def _practices(partnership: Partnership, partners: dict[str, Partner], words: Labels
               ) -> tuple[PracticeUse, ...]:
    uses = []
    for practice in partnership.project.good_practices:
        users = []
        for entry in partnership.plans:
            drawing = {lr.id for lr in entry.plan.learnings if lr.from_.practice == practice.id}
            if not drawing:
                continue
            actions = tuple(ActionRef(n, a.title, words.fill("d_action_ref", number=str(n),
                                                             title=a.title))
                            for n, a in enumerate(entry.plan.actions, start=1)
                            if drawing.intersection(a.learnings))
            partner = partners[entry.plan.partner]
            users.append(PracticeUser(entry.id, partner.name, partner_label(partner), actions,
                                      entry.plan.language))
        owner = partners[practice.owner]
        uses.append(PracticeUse(practice.id, practice.title, owner.name, partner_label(owner),
                                tuple(users)))
    return tuple(uses)


# --- time -------------------------------------------------------------------------------------

def _year_month(month: str) -> YearMonth:
    year, number = month.split("-")
    return int(year), int(number)


def _timeline(partnership: Partnership, partners: dict[str, Partner], words: Labels) -> Timeline:
    language = words.language
    bars = []
    for entry in partnership.plans:
        label = partner_label(partners[entry.plan.partner])
        for n, action in enumerate(entry.plan.actions, start=1):
            frame = action.timeframe
            bars.append(TimelineBar(
                plan_id=entry.id, partner=label, number=n, title=action.title,
                start=_year_month(frame.start), end=_year_month(frame.end),
                timeframe=format_months(frame.start, frame.end, language),
                status=words[f"monitoring_{action.monitoring.status}"] if action.monitoring else None,
                cancelled=bool(action.monitoring and action.monitoring.status == "cancelled")))
    phase2 = partnership.project.project.phase2
    starts = [a.timeframe.start for e in partnership.plans for a in e.plan.actions]
    ends = [a.timeframe.end for e in partnership.plans for a in e.plan.actions]
    return Timeline(
        bars=tuple(bars),
        plans=len(partnership.plans),
        start=_year_month(min(starts)) if starts else None,
        end=_year_month(max(ends)) if ends else None,
        span=format_months(min(starts), max(ends), language) if starts else NONE,
        phase2=(_year_month(phase2.start), _year_month(phase2.end)) if phase2 else None,
        phase2_text=format_months(phase2.start, phase2.end, language) if phase2 else None,
    )


# --- topics -----------------------------------------------------------------------------------

def _topics(partnership: Partnership, partners: dict[str, Partner]
            ) -> tuple[tuple[TopicGroup, ...], tuple[TopicLearning, ...]]:
    by_topic: dict[str | None, list[TopicLearning]] = defaultdict(list)
    for entry in partnership.plans:
        partner = partners[entry.plan.partner]
        for learning in entry.plan.learnings:
            by_topic[learning.topic].append(TopicLearning(
                entry.id, partner.name, partner_label(partner), learning.title,
                entry.plan.language))
    groups = tuple(
        TopicGroup(topic.id, topic.title,
                   partners[topic.coordinator].name if topic.coordinator else None,
                   tuple(by_topic[topic.id]))
        for topic in partnership.project.topics)
    return groups, tuple(by_topic[None])


# --- open points ------------------------------------------------------------------------------

def _issue_text(issue: Issue) -> str:
    return f"{issue.file}:{issue.line}: {issue.message}"


def _open_points(partnership: Partnership, partners: dict[str, Partner],
                 skipped: list[Issue], partners_with_errors: Collection[str],
                 words: Labels) -> OpenPoints:
    with_plan = {p for e in partnership.plans for p in (e.plan.partner, *e.plan.other_partners)}
    with_plan |= set(partners_with_errors)
    drafts = tuple(
        words.fill("d_draft_point", partner=partners[e.plan.partner].name, plan=e.id,
                   version=e.plan.version)
        for e in partnership.plans if e.plan.status == "draft")
    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in skipped:
        by_file[issue.file].append(issue)
    left_out = []
    for file in sorted(by_file):
        issues = sorted(by_file[file])
        errors = sum(1 for i in issues if i.severity == "error")
        left_out.append(SkippedPlan(
            file, words.count("d_left_out_point", errors, file=file),
            tuple(_issue_text(i) for i in issues)))
    return OpenPoints(
        warnings=tuple(_issue_text(w) for w in sorted(partnership.warnings)
                       if w.severity == "warning"),
        drafts=drafts,
        without_plan=tuple(p.name for p in partnership.project.partners if p.id not in with_plan),
        skipped=tuple(left_out),
    )
