"""The table of issue 15 ("Measure, in benchmarks/"): each figure's median, each run's value
with the machine's background load during it, and whether the bar and the stretch are met.

A `Figure` is filled by the bench sections as they measure (`Results.figures`, by key) and
printed at the end in the issue's order (`ORDER`), so the table comes from one run. The
background load of a run is the number of cores other processes kept busy on average during
it (their CPU seconds ÷ the run's wall time; for a ratio, over both runs of the pair).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from process_measure import NPROC
from report_format import MB, Report, med

ORDER = ["render-watch", "render", "cold", "edit-title", "edit-background", "watch-title",
         "watch-background", "validate", "memory-200", "cpu-100"]


@dataclass
class Figure:
    label: str
    unit: str                      # "s", "×", "MB" or "cores"
    bar: float | None
    stretch: float | None = None
    higher_is_better: bool = False
    values: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)    # cores busy elsewhere, per run
    floors: list[float] = field(default_factory=list)
    """Per run, the figure had its work kept every core busy from start to end (`floor`)."""
    note: str = ""

    def add(self, value: float, load: float, floor: float | None = None) -> None:
        self.values.append(value)
        self.loads.append(load)
        if floor is not None:
            self.floors.append(floor)

    def fmt(self, value: float) -> str:
        if value != value:
            return "–"
        if self.unit == "s":
            return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"
        if self.unit == "MB":
            return f"{value / MB:.0f} MB"
        if self.unit == "cores":
            return f"{value:.2f} of {NPROC} cores"
        return f"{value:.2f} ×"

    def target(self, limit: float | None) -> str:
        if limit is None:
            return ""
        shown = f"{limit / MB:.0f} MB" if self.unit == "MB" else \
            f"{limit:.2f} cores" if self.unit == "cores" else f"{limit:g} {self.unit}"
        return ("≥ " if self.higher_is_better else "≤ ") + shown

    def meets(self, limit: float | None) -> bool | None:
        value = med(self.values)
        if limit is None or value != value:
            return None
        return value >= limit if self.higher_is_better else value <= limit

    def verdict(self) -> str:
        bar, stretch = self.meets(self.bar), self.meets(self.stretch)
        if bar is None:
            return "not measured"
        words = ["met" if bar else "**NOT met**"]
        if stretch is not None:
            words.append("stretch met" if stretch else "stretch not met")
        return "; ".join(words)


def floor(cpu: float) -> float:
    """The least wall time `cpu` seconds of work can take on this machine's cores: all of them
    busy from its start to its end. A figure whose bar lies below its floor needs less work;
    above it, more overlap may be enough."""
    return cpu / NPROC


def cores_busy(background: float, wall: float) -> float:
    """Cores other processes kept busy on average: their CPU seconds over a wall time."""
    return background / wall if wall else 0.0


def issue15_figures() -> dict[str, Figure]:
    """The figures of issue 15's table, empty, by key (see `ORDER`)."""
    return {
        "render-watch": Figure("`render --watch`: save → new PDF on disk, one plan of `plans/`",
                               "s", 0.6, 0.35),
        "render": Figure("fresh `render` of one plan", "s", 1.2, 1.0),
        "cold": Figure("cold `build plans/` ÷ LibreOffice batch of the plans' DOCX", "×", 1.5, 1.0),
        "edit-title": Figure("rebuild after a real text edit ÷ cold build, fresh process — "
                             "**title** (a word in an action title: summary chart too)", "×", 0.5, 0.35),
        "edit-background": Figure("… the same, **background** (a word in an action's background "
                                  "paragraph: that plan's text only)", "×", 0.5, 0.35),
        "watch-title": Figure("the same edit under `build --watch` ÷ cold build — **title**",
                              "×", 0.3, 0.2),
        "watch-background": Figure("… the same under `build --watch` — **background**",
                                   "×", 0.3, 0.2),
        "validate": Figure("`validate plans`", "s", 0.4),
        "memory-200": Figure("200-plan synthetic build: largest process", "MB", 400 * MB),
        "cpu-100": Figure(f"… CPU use at 100 plans ((user+sys) ÷ wall, of {NPROC} cores)", "cores",
                          0.9 * NPROC, higher_is_better=True),
    }


def print_issue15(figures: dict[str, Figure], report: Report) -> None:
    report("## Issue 15's table")
    report()
    report("Medians of the runs of this benchmark, all in one run. *Each run* lists every run's "
           "value (a ratio: that round's pair) with, in brackets, the cores other processes kept "
           f"busy meanwhile (of {NPROC}). *Work floor*: the median figure had each run's CPU "
           f"time (user + sys, every process of the build) kept all {NPROC} cores busy from its "
           "start to its end, the measured denominator unchanged: no schedule of the same work "
           "does better, so a bar below it needs less work, not more overlap.")
    report()
    report("| figure | median | bar | stretch | verdict | work floor | each run (background cores) |")
    report("|---|---|---|---|---|---|---|")
    for key in ORDER:
        fig = figures[key]
        runs = ", ".join(f"{fig.fmt(v)} ({load:.2f})" for v, load in zip(fig.values, fig.loads,
                                                                           strict=True))
        report(f"| {fig.label} | {fig.fmt(med(fig.values))} | {fig.target(fig.bar)} | "
               f"{fig.target(fig.stretch)} | {fig.verdict()} | "
               f"{fig.fmt(med(fig.floors)) if fig.floors else '–'} | {runs or fig.note or '–'}"
               + (f"; {fig.note}" if fig.note and runs else "") + " |")
    report()
