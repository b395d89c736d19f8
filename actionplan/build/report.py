"""What a build tells: each output's step as it finishes (`Progress`), and its report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Issue


@dataclass(frozen=True)
class Step:
    """One output finished: `rendered` (then `written`), `unchanged`, or `skipped` (a plan
    with errors left out with --keep-going); `total` is how many outputs this build has."""

    name: str
    state: str
    seconds: float = 0.0
    total: int = 0


@dataclass
class BuildReport:
    steps: list[Step] = field(default_factory=list)
    warnings: tuple[Issue, ...] = ()
    skipped: list[Issue] = field(default_factory=list)
    """The errors of the plans left out (--keep-going), from validation or rendering."""
    kept: list[tuple[str, str]] = field(default_factory=list)
    """Hand-edited outputs kept aside: (output name, the name it is kept under)."""
    unrecorded: list[str] = field(default_factory=list)
    """Those of `kept` the build record had no entry for (it was damaged, or the file was
    there before): nothing can tell whether they were edited."""
    orphans: list[str] = field(default_factory=list)
    """Outputs in the folder that belong to no plan (or deliverable) any more."""
    damaged_record: str | None = None
    """Where a damaged build record was set aside."""
    seconds: float = 0.0

    def count(self, state: str) -> int:
        return sum(1 for s in self.steps if s.state == state)


Progress = Callable[[Step], None]
