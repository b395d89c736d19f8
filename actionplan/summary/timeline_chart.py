"""The timeline chart: every action of every plan as a bar on one month axis, grouped by
partner, phase 2 shaded; a long timeline cut into charts that a page holds
(`timeline_slices`), all on the same month axis."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .chart_style import (
    ACCENT,
    ACCENT_EDGE,
    CANCELLED,
    FONT_SIZE,
    INK,
    MEASURE_DPI,
    MUTED,
    PALE,
    PRIMARY,
    RULE,
    SMALL,
    WIDTH_IN,
    plain,
    wrap,
)
from .values import Timeline, YearMonth

if TYPE_CHECKING:
    from ..words.labels import Labels

ROW_IN = 0.2
GROUP_GAP = 0.6
"""Rows left empty between two partners' actions."""
MARGIN_IN = 0.75
"""Room for the phase 2 label, the year axis and the padding."""
ROWS_PER_CHART = 36.0
"""Rows (actions, and `GROUP_GAP` between partners) of one chart: 0.75 + 36 × 0.2 in =
203 mm, within the 205 mm a chart may take in the PDF (consolidated.css) and the 215 mm of
the Word document, so no chart is ever shrunk to fit a page."""


def timeline_slices(timeline: Timeline, rows: float = ROWS_PER_CHART) -> list[Timeline]:
    """`timeline` cut into charts of at most `rows` rows, in order, each partner's actions
    kept on one chart unless they alone need more; every slice keeps the whole timeline's
    months (`start`, `end`, `span`, phase 2), so the charts share one axis. A timeline that
    fits one chart is returned as it is: `[timeline]`."""
    charts: list[list[Any]] = [[]]
    used = 0.0
    for group in _groups(timeline.bars):
        for start in range(0, len(group), int(rows)):
            chunk = group[start:start + int(rows)]
            need = len(chunk) + (GROUP_GAP if charts[-1] else 0.0)
            if charts[-1] and used + need > rows:
                charts.append([])
                need = len(chunk)
                used = 0.0
            charts[-1].extend(chunk)
            used += need
    if len(charts) == 1:
        return [timeline]
    return [dataclasses.replace(timeline, bars=tuple(bars),
                                plans=len({bar.plan_id for bar in bars})) for bars in charts]


def _groups(bars: tuple[Any, ...]) -> list[list[Any]]:
    """The bars by plan, in order (each plan's actions are consecutive)."""
    groups: list[list[Any]] = []
    for n, bar in enumerate(bars):
        if n == 0 or bar.plan_id != bars[n - 1].plan_id:
            groups.append([])
        groups[-1].append(bar)
    return groups


def _month(ym: YearMonth) -> int:
    return ym[0] * 12 + ym[1] - 1


def timeline_size(timeline: Timeline) -> tuple[float, float]:
    """The chart of `timeline` as `draw_timeline` draws it: (width, height) in PDF points,
    the size of its PDF's page. Known before it is drawn (and matplotlib imported), so that a
    layout can leave room for it while it is drawn elsewhere."""
    width, height = _inches(_rows(timeline)[2])
    return width * 72, height * 72


def _inches(rows: float) -> tuple[float, float]:
    """The chart's width and height in inches, for `rows` rows."""
    return WIDTH_IN, MARGIN_IN + rows * ROW_IN


def _rows(timeline: Timeline) -> tuple[list[tuple[str, list[float]]], list[float], float]:
    """Each partner with the rows of its actions, every action's row, and the rows of the
    chart (at least one)."""
    bars = timeline.bars
    groups: list[tuple[str, list[float]]] = []
    y = 0.0
    positions = []
    for n, bar in enumerate(bars):
        if n == 0 or (bar.plan_id != bars[n - 1].plan_id):
            if n:
                y += GROUP_GAP
            groups.append((bar.partner, []))
        groups[-1][1].append(y)
        positions.append(y)
        y += 1
    return groups, positions, max(y, 1.0)


def draw_timeline(fig: Any, timeline: Timeline, words: Labels) -> None:
    bars = timeline.bars
    groups, positions, rows = _rows(timeline)
    fig.set_size_inches(*_inches(rows))
    ax = fig.add_subplot()
    if not bars:
        ax.set_axis_off()
        ax.text(0.5, 0.5, words["chart_no_actions"], ha="center", va="center", transform=ax.transAxes)
        return

    # the whole timeline's months, so that every slice of it has the same axis
    first = _month(timeline.start) if timeline.start else min(_month(b.start) for b in bars)
    last = (_month(timeline.end) if timeline.end else max(_month(b.end) for b in bars)) + 1
    if timeline.phase2:
        first, last = min(first, _month(timeline.phase2[0])), max(last, _month(timeline.phase2[1]) + 1)
    left, right = first - 1, last + 1
    ax.set_xlim(left, right)
    ax.set_ylim(rows - 0.5, -0.5)
    _year_axis(ax, left, right)
    _partner_axis(ax, groups, positions, bars)
    ax.spines[["top", "right", "left"]].set_visible(False)

    if timeline.phase2:
        start, end = _month(timeline.phase2[0]), _month(timeline.phase2[1]) + 1
        ax.axvspan(start, end, color=ACCENT, alpha=0.22, lw=0, zorder=0)
        for x in (start, end):
            ax.axvline(x, color=ACCENT_EDGE, lw=0.6, ls=(0, (3, 2)), zorder=1)
        ax.text((start + end) / 2, -0.5, words.fill("chart_phase2", months=timeline.phase2_text or ""),
                ha="center", va="bottom", fontsize=SMALL, color=INK, parse_math=False,
                transform=ax.transData)

    fig.draw_without_rendering()  # lay out once, to fit the titles into their bars
    renderer = fig.canvas.get_renderer()
    for bar, ypos in zip(bars, positions, strict=True):
        cancelled = bar.cancelled
        start, end = _month(bar.start), _month(bar.end) + 1
        ax.barh(ypos, end - start, left=start, height=0.68, zorder=2,
                color=CANCELLED if cancelled else PRIMARY,
                edgecolor=PALE if cancelled else PRIMARY, linewidth=0.8,
                linestyle=(0, (3, 2)) if cancelled else "-")
        _bar_label(ax, renderer, plain(bar.title), f" ({words['chart_cancelled']})" if cancelled else "",
                   start, end, ypos, dark=not cancelled)


def _year_axis(ax: Any, left: int, right: int) -> None:
    """Year lines at each January, the year written in the middle of its stretch, quarters
    as faint lines."""
    januaries = [m for m in range(left, right + 1) if m % 12 == 0]
    ax.set_xticks(januaries, labels=[""] * len(januaries))
    ax.tick_params(axis="x", which="major", length=10, width=0.6, color=RULE)
    centres, labels = [], []
    for year in range(left // 12, (right - 1) // 12 + 1):
        lo, hi = max(year * 12, left), min(year * 12 + 12, right)
        if hi - lo >= 3:
            centres.append((lo + hi) / 2)
            labels.append(str(year))
    ax.set_xticks(centres, labels=labels, minor=True)
    ax.tick_params(axis="x", which="minor", length=0, pad=3)
    for m in range(left, right + 1):
        if m % 3 == 0:
            ax.axvline(m, color=RULE, lw=0.9 if m % 12 == 0 else 0.35, zorder=1)


def _partner_axis(ax: Any, groups: list[tuple[str, list[float]]], positions: list[float],
                  bars: Any) -> None:
    """Partner labels at the middle of their group, action numbers beside each bar."""
    line_in = FONT_SIZE * 1.2 / 72
    ax.set_yticks([sum(ys) / len(ys) for _, ys in groups],
                  labels=[wrap(label, 24, max(1, int(len(ys) * ROW_IN / line_in)))
                          for label, ys in groups])
    ax.tick_params(axis="y", which="major", length=0, pad=16, labelsize=FONT_SIZE)
    for label in ax.get_yticklabels():
        label.set_fontweight("bold")
    ax.yaxis.remove_overlapping_locs = False  # a group of one: number and label share a place
    ax.set_yticks(positions, labels=[str(b.number) for b in bars], minor=True)
    ax.tick_params(axis="y", which="minor", length=0, pad=4, labelsize=SMALL,
                   labelcolor=MUTED)
    for _, ys in groups[1:]:
        ax.axhline(ys[0] - (1 + GROUP_GAP) / 2, color=RULE, lw=0.5, zorder=1)


def _bar_label(ax: Any, renderer: Any, title: str, suffix: str, start: int, end: int, y: float,
               dark: bool) -> None:
    """The action's title (and `suffix`) inside its bar, the title shortened to fit; beside
    the bar when that leaves too little of it."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=SMALL)
    to_px = ax.transData.transform
    pad = 4 * MEASURE_DPI / 72
    inside = to_px((end, y))[0] - to_px((start, y))[0] - 2 * pad
    after = to_px((ax.get_xlim()[1], y))[0] - to_px((end, y))[0] - 2 * pad
    text = _fit(title, suffix, inside, prop, renderer)
    x, colour = start, ("white" if dark else INK)
    if len(text) < min(len(title + suffix), 14) and after > inside:
        text, x, colour = _fit(title, suffix, after, prop, renderer), end, INK
    if not text:
        return
    label = ax.annotate(text, (x, y), xytext=(pad * 72 / MEASURE_DPI, 0),
                        textcoords="offset points", ha="left", va="center_baseline",
                        fontsize=SMALL, color=colour, zorder=3, annotation_clip=False)
    label.set_parse_math(False)
    label.set_in_layout(False)


def _fit(text: str, suffix: str, width_px: float, prop: Any, renderer: Any) -> str:
    """`text + suffix`, or the longest start of `text` ending in … that fits `width_px`
    with the suffix; empty when not even three letters fit."""
    def width(s: str) -> float:
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    if width(text + suffix) <= width_px:
        return text + suffix
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width(text[:mid].rstrip() + "…" + suffix) <= width_px:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" + suffix if lo >= 3 else ""
