"""Stage 3: the cross-partner summary of the consolidated deliverable.

`compute.build_summary` turns a `Partnership` into the plain values of `values`; `charts` draws
the timeline and the learning flows from them; `deliverable` joins summary, charts and every
plan's context into the `DeliverableContext` that both consolidated renderers place.
"""

from .compute import build_summary
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

__all__ = [
    "build_summary", "ActionRef", "FlowMatrix", "Money", "MoneyRow", "MoneySummary", "NONE",
    "OpenPoints", "OverviewRow", "OverviewTotals", "PartnerRef", "PracticeUse", "PracticeUser",
    "SkippedPlan", "SourceRow", "Summary", "Timeline", "TimelineBar", "TopicGroup",
    "TopicLearning", "YearMonth",
]
