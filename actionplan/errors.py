"""Problems a user can fix, and how they are reported.

An `Issue` is one located problem in one input file. Everything that can go wrong with a
partnership's files is collected as issues and reported all at once; `ActionPlanError` is
the one exception the command line prints without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem, located: `file:line:column: field.path: message Hint.`"""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    detail: str = _field(default="", compare=False)
    """More for `-v`: e.g. the YAML parser's own words behind a syntax error."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text


class ActionPlanError(Exception):
    """A mistake the user can fix; printed without a traceback."""


class ValidationFailed(ActionPlanError):
    """The partnership's files have errors; `issues` holds all of them, warnings included."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found")

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]
