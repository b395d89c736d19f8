"""Stage 2: the words both formats print, computed once.

`format` writes months, dates, money and countries; `markdown` parses the partners' markdown
fields into blocks; `plan` turns one validated plan into the `PlanContext` that the DOCX and the
PDF templates only place, so the two documents say the same thing.
"""

from .plan import PlanContext, plan_context

__all__ = ["PlanContext", "plan_context"]
