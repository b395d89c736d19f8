"""What a build is asked to do: `BuildOptions`, and the names and times it derives."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ActionPlanError


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    formats: tuple[str, ...] = ("docx", "pdf")
    jobs: int = 1
    force: bool = False
    keep_going: bool = False
    consolidated: bool = True
    templates: Path | None = None
    build_time: dt.datetime | None = None
    """The time stamped into documents; from SOURCE_DATE_EPOCH when that is set."""
    only: tuple[str, ...] = ()
    """Plan ids to render (`actionplan render`); empty means all."""


def build_time_from_environment(now: dt.datetime) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else `now`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise ActionPlanError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of "
                                  "seconds.") from None
    return now


def consolidated_names(acronym: str, formats: tuple[str, ...]) -> list[str]:
    return [f"{acronym}-action-plans.{fmt}" for fmt in formats]
