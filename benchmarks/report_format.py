"""Statistics and formatting of the figures, and the report they are printed to.

`Report` prints each line as it comes (progress goes to stderr) and keeps the lines, so that
`run.py --out` can also write them to a file; `Results` collects the tables' rows, the bars'
verdicts and the raw runs of the bench sections until the end of the run.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, field
from typing import Any

from process_measure import Run

MB = 1024 * 1024


def noisy(run: Run) -> str:
    """A mark for a measurement during which other processes used ≥ 0.2 cores on average."""
    return " **NOISY**" if run.background / run.wall >= 0.2 else ""


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def secs(value: float) -> str:
    if value != value:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def span(values: list[float]) -> str:
    return f"{secs(min(values))} – {secs(max(values))}" if values else "–"


def ratio_span(values: list[float]) -> str:
    return f"{min(values):.2f} – {max(values):.2f}" if values else "–"


def mb(value: float) -> str:
    return f"{value / MB:.0f} MB"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def progress(self, text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)


@dataclass
class Results:
    rows: list[tuple[str, ...]] = field(default_factory=list)
    bars: list[tuple[str, str, str, str]] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    """Issue 15's figures by key (`issue15_table.Figure`), filled by the sections."""
    extra: dict[str, Any] = field(default_factory=dict)
    """What a section keeps across its rounds (lists of values and runs, by name)."""
