"""The data contract of docs/format.md as pydantic models.

`project.py` holds `project.yaml`, `plan.py` one `<plan-id>.yaml`, `fields.py` the shared
building blocks, `partnership.py` the loaded folder, `json_schema.py` the editors' schemas.
Models check one file's shape and its own rules; they never format anything for display.
"""

from .fields import ID_PATTERN, MONTH_PATTERN, MonthRange, Strict
from .partnership import Partnership, Picture, PlanEntry
from .plan import (
    Action,
    Contact,
    Costs,
    FundingSource,
    Indicator,
    Learning,
    LearningSource,
    Monitoring,
    Plan,
    Player,
    PolicyContext,
    Signature,
)
from .project import Event, GoodPractice, Partner, Project, ProjectFile, Topic

__all__ = [
    "ID_PATTERN", "MONTH_PATTERN", "Action", "Contact", "Costs", "Event", "FundingSource",
    "GoodPractice", "Indicator", "Learning", "LearningSource", "Monitoring", "MonthRange",
    "Partner", "Partnership", "Picture", "Plan", "PlanEntry", "Player", "PolicyContext", "Project",
    "ProjectFile", "Signature", "Strict", "Topic",
]
