"""The values of the cross-partner summary (`Summary` and its parts), already in words.

Plain frozen dataclasses: every text as it is printed, and beside it the raw numbers the charts
need. `compute.build_summary` fills them in; the renderers only place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..words.labels import Labels

NONE = "–"
"""What a cell shows when there is nothing to show (as the plan documents do)."""

YearMonth = tuple[int, int]
"""A month as (year, month), e.g. (2019, 6)."""


# --- the summary ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    """Amounts by currency (EUR first, then alphabetical) and the same in words."""

    amounts: tuple[tuple[str, Decimal], ...]
    """Exact sums of the amounts typed (decimals, not floats: to the cent however many)."""
    text: str
    """E.g. `EUR 185,000` or `EUR 1,585,000.50; BGN 298,000`; `–` when there is none."""

    def __str__(self) -> str:
        return self.text

    def get(self, currency: str) -> Decimal:
        return dict(self.amounts).get(currency, Decimal(0))


@dataclass(frozen=True)
class PartnerRef:
    id: str
    name: str
    label: str
    """The short name when there is one (charts, narrow columns)."""


@dataclass(frozen=True)
class OverviewRow:
    plan_id: str
    partner: str
    """The plan's partner organisation (full name)."""
    partner_label: str
    other_partners: str | None
    """Names of the other partners of a joint plan, `; `-joined, or None."""
    country: str
    """E.g. `Hungary (HU)`; every country of a joint plan."""
    region: str
    """E.g. `Nyugat-Dunántúl (HU22)`; every region of a joint plan."""
    instrument: str
    instrument_type: str
    """The template's words, e.g. `Investment for Growth and Jobs programme`."""
    actions: int
    costs: Money
    timeframe: str
    """Earliest start – latest end of its actions, e.g. `April 2019 – March 2021`."""
    status: str
    version: str
    language: str = "en"
    """The plan's language, in which its own texts (instrument, names) are written."""
    with_partners: str | None = None
    """The other partners of a joint plan in words, e.g. `with Leeuwarden`, or None."""


@dataclass(frozen=True)
class OverviewTotals:
    plans: int
    actions: int
    costs: Money
    timeframe: str


@dataclass(frozen=True)
class FlowMatrix:
    """Who learned from whom: `counts[r][c]` learnings of plan partner `rows[r]` draw on
    partner `columns[c]` (the owner of the practice, the host of the event, or the partner
    named; each source partner counted once per learning)."""

    rows: tuple[PartnerRef, ...]
    """The partner of each plan, in partner order."""
    columns: tuple[PartnerRef, ...]
    """Every partner of project.yaml, in partner order."""
    counts: tuple[tuple[int, ...], ...]
    row_learnings: tuple[int, ...]
    """Number of learnings of each row's plan."""
    column_totals: tuple[int, ...]
    """Number of learnings drawing on each column's partner."""
    learnings: int
    """Number of learnings of all plans."""


@dataclass(frozen=True)
class ActionRef:
    number: int
    title: str
    text: str
    """E.g. `Action 2 – Export Carousel West Transdanubia`."""


@dataclass(frozen=True)
class PracticeUser:
    plan_id: str
    partner: str
    partner_label: str
    actions: tuple[ActionRef, ...]
    """The plan's actions drawing on the practice; empty when only a learning no action uses
    names it."""
    language: str = "en"
    """The plan's language (of its action titles)."""


@dataclass(frozen=True)
class PracticeUse:
    id: str
    title: str
    owner: str
    owner_label: str
    users: tuple[PracticeUser, ...]

    @property
    def used(self) -> bool:
        return bool(self.users)


@dataclass(frozen=True)
class TimelineBar:
    plan_id: str
    partner: str
    """The partner label (short name) of the plan."""
    number: int
    title: str
    start: YearMonth
    end: YearMonth
    """The last month the action runs (inclusive)."""
    timeframe: str
    status: str | None
    """The monitoring status in words (`Cancelled`), or None."""
    cancelled: bool = False
    """The action's monitoring status is `cancelled` (drawn as an outline)."""


@dataclass(frozen=True)
class Timeline:
    bars: tuple[TimelineBar, ...]
    """Every action of every plan, in partner order, then action order."""
    plans: int
    start: YearMonth | None
    end: YearMonth | None
    span: str
    """Earliest start – latest end of all actions; `–` when there is none."""
    phase2: tuple[YearMonth, YearMonth] | None
    phase2_text: str | None


@dataclass(frozen=True)
class MoneyRow:
    plan_id: str
    partner: str
    partner_label: str
    costs: Money
    funding: Money
    """The funding amounts given (sources without an amount add nothing)."""
    unfunded: Money
    """Costs minus funding, in each currency of the costs that the funding also uses (or all
    of them when the plan gives no funding amount); `–` when it cannot be said."""


@dataclass(frozen=True)
class SourceRow:
    source: str
    amount: Money
    """`–` when the source is named without amounts."""
    partners: str
    """Labels of the partners whose plans name the source, `, `-joined."""


@dataclass(frozen=True)
class MoneySummary:
    partners: tuple[MoneyRow, ...]
    sources: tuple[SourceRow, ...]
    """Funding sources by name (case-insensitive alphabetical)."""
    costs: Money
    funding: Money
    unfunded: Money


@dataclass(frozen=True)
class TopicLearning:
    plan_id: str
    partner: str
    partner_label: str
    title: str
    language: str = "en"
    """The plan's language (of the learning's title)."""


@dataclass(frozen=True)
class TopicGroup:
    id: str
    title: str
    coordinator: str | None
    learnings: tuple[TopicLearning, ...]


@dataclass(frozen=True)
class SkippedPlan:
    file: str
    text: str
    """E.g. `plans/x.yaml was left out: 2 errors.`"""
    issues: tuple[str, ...]


@dataclass(frozen=True)
class OpenPoints:
    warnings: tuple[str, ...]
    """Validation warnings, `file:line: message`."""
    drafts: tuple[str, ...]
    without_plan: tuple[str, ...]
    """Names of partners neither writing nor joining a plan of this deliverable."""
    skipped: tuple[SkippedPlan, ...]

    @property
    def count(self) -> int:
        return (len(self.warnings) + len(self.drafts) + len(self.without_plan)
                + len(self.skipped))


@dataclass(frozen=True)
class Summary:
    """Everything the cross-partner summary places, already in words."""

    acronym: str
    overview: tuple[OverviewRow, ...]
    totals: OverviewTotals
    flows: FlowMatrix
    practices: tuple[PracticeUse, ...]
    """Every good practice of project.yaml, in its order, with the plans drawing on it."""
    unused_practices: tuple[PracticeUse, ...]
    timeline: Timeline
    money: MoneySummary
    topics: tuple[TopicGroup, ...]
    learnings_without_topic: tuple[TopicLearning, ...]
    open_points: OpenPoints
    labels: Labels
    """The fixed words of the summary and its charts, in the deliverable's language."""


# --- building it ---------------------------------------------------------------------------
