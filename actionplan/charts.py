"""The pictures of the cross-partner summary: the action timeline and the learning-flow matrix.

Each chart is drawn from a `Summary` with matplotlib's object API (a `Figure` on an Agg canvas,
no pyplot state), in Open Sans when it is bundled or installed (else DejaVu Sans), 17 cm wide
to fit an A4 page, as PNG (for Word), PDF (vector, stamped into the consolidated PDF) or SVG.
The same summary always gives the same bytes: no software version, no dates; in the PDF the
text is text, in TrueType subsets (`pdf.fonttype` 42: selectable, extractable, cheap to draw);
in the SVG, with a fixed hash salt, it is drawn as paths. matplotlib is imported only when a
chart is drawn. Each chart has an `..._alt_text` sentence for the documents' picture
descriptions.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .summary import Summary, Timeline, YearMonth

PRIMARY = "#003399"
"""Interreg-like deep blue: bars, filled cells."""
ACCENT = "#FFCC00"
"""The one accent: phase 2 (shaded light, edged darker)."""
ACCENT_EDGE = "#C9A200"
INK = "#1A1A2E"
MUTED = "#5C6680"
RULE = "#C8CEDD"
PALE = "#AEB6CC"
"""Empty cells, the outline of cancelled actions."""
CANCELLED = "#E6EAF4"
LIGHT = "#C2CEEA"
"""The lightest filled cell of the flow matrix; the fullest is PRIMARY."""

WIDTH_IN = 17 / 2.54
"""17 cm: the text width of an A4 page with 2 cm margins."""
FONT_SIZE = 7.5
SMALL = 6.5
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/open-sans")
MEASURE_DPI = 100
"""Layout and label fitting are computed at this resolution whatever the output's, so the
PNG, the PDF and the SVG show the same words."""


# --- the public verbs ------------------------------------------------------------------------

def timeline_png(summary: Summary, dpi: int = 200) -> bytes:
    """The timeline of every action as a PNG picture."""
    return timeline_pictures(summary, ("png",), dpi)["png"]


def timeline_pdf(summary: Summary) -> bytes:
    """The timeline of every action as a one-page vector PDF, the page the chart's size."""
    return timeline_pictures(summary, ("pdf",))["pdf"]


def timeline_svg(summary: Summary) -> bytes:
    """The timeline of every action as an SVG picture (text drawn as paths)."""
    return timeline_pictures(summary, ("svg",))["svg"]


def timeline_pictures(summary: Summary, formats: Iterable[str], dpi: int = 200) -> dict[str, bytes]:
    """The timeline in each of `formats` (`png` at `dpi`, `pdf`, `svg`) from one drawing,
    saved in the order of `FORMATS`."""
    return _render(lambda fig: _draw_timeline(fig, summary.timeline), formats, dpi,
                   timeline_alt_text(summary))


def flows_png(summary: Summary, dpi: int = 200) -> bytes:
    """The learning-flow matrix as a PNG picture."""
    return flows_pictures(summary, ("png",), dpi)["png"]


def flows_pdf(summary: Summary) -> bytes:
    """The learning-flow matrix as a one-page vector PDF, the page the chart's size."""
    return flows_pictures(summary, ("pdf",))["pdf"]


def flows_svg(summary: Summary) -> bytes:
    """The learning-flow matrix as an SVG picture (text drawn as paths)."""
    return flows_pictures(summary, ("svg",))["svg"]


def flows_pictures(summary: Summary, formats: Iterable[str], dpi: int = 200) -> dict[str, bytes]:
    """The learning-flow matrix in each of `formats` (`png` at `dpi`, `pdf`, `svg`) from one
    drawing, saved in the order of `FORMATS`."""
    return _render(lambda fig: _draw_flows(fig, summary), formats, dpi, flows_alt_text(summary))


def timeline_alt_text(summary: Summary) -> str:
    """E.g. `Timeline of 17 actions of 6 plans, April 2019 – March 2021, phase 2 shaded.`"""
    timeline = summary.timeline
    if not timeline.bars:
        return "Timeline of the actions: no plan has actions yet."
    actions, plans = len(timeline.bars), timeline.plans
    phase2 = f", phase 2 ({timeline.phase2_text}) shaded" if timeline.phase2_text else ""
    return (f"Timeline of {_count(actions, 'action')} of {_count(plans, 'plan')}, "
            f"{timeline.span}{phase2}.")


def flows_alt_text(summary: Summary) -> str:
    """E.g. `Matrix of learning flows: 19 learnings of 6 plans draw on 6 of 8 partners, most
    often on BDF (7 learnings).`"""
    flows = summary.flows
    if not flows.learnings:
        return "Matrix of learning flows: the plans name no learnings yet."
    drawn_on = sum(1 for total in flows.column_totals if total)
    top = max(flows.column_totals)
    leaders = [ref.label for ref, total in zip(flows.columns, flows.column_totals, strict=True)
               if total == top]
    names = leaders[0] if len(leaders) == 1 else ", ".join(leaders[:-1]) + " and " + leaders[-1]
    each = "" if len(leaders) == 1 else " each"
    return (f"Matrix of learning flows: {_count(flows.learnings, 'learning')} of "
            f"{_count(len(flows.rows), 'plan')} draw on {drawn_on} of "
            f"{_count(len(flows.columns), 'partner')}, most often on {names} "
            f"({_count(top, 'learning')}{each}).")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- rendering -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _font_families() -> tuple[str, ...]:
    """Open Sans (bundled in templates/fonts, else Debian's fonts-open-sans), DejaVu Sans
    for any glyph it lacks; registered with matplotlib's font list once per process.

    When the system has Open Sans too, matplotlib may pick either copy; today both are
    Open Sans 1.10, the same files byte for byte."""
    from matplotlib import font_manager

    from .templates import builtin_dir

    for folder in (builtin_dir() / "fonts", SYSTEM_FONTS):
        files = sorted(folder.glob("OpenSans*.ttf")) if folder.is_dir() else []
        if any(f.name.startswith("OpenSans-Regular") for f in files):
            for file in files:
                font_manager.fontManager.addfont(str(file))
            return ("Open Sans", "DejaVu Sans")
    return ("DejaVu Sans",)


def _style() -> dict[str, Any]:
    return {
        "font.family": list(_font_families()),
        "font.size": FONT_SIZE,
        "text.color": INK,
        "axes.edgecolor": RULE,
        "axes.labelcolor": INK,
        "axes.linewidth": 0.6,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": FONT_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "svg.fonttype": "path",
        "svg.hashsalt": "actionplan",
        "svg.image_inline": True,
        "pdf.fonttype": 42,  # TrueType subsets: real text, not one outline per glyph
        "pdf.compression": 6,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.usetex": False,
        "text.parse_math": False,  # a `$` in a name is a dollar sign, not mathtext
    }


FORMATS = ("pdf", "png", "svg")
"""The formats a chart is saved in, in this order. Each save lays the figure out again for its
renderer, starting from where the last one left it: the first is byte for byte the picture of a
figure drawn for it alone, so the PDF (and with it the consolidated PDF) is the same whether or
not a PNG is made too. A later one can differ from a drawing of its own in the last bits of a
float, never visibly: the SVG's clip ids hash such floats (and differ, for examples/full); the
PNGs tested are identical."""


def _render(draw: Callable[[Any], None], formats: Iterable[str], dpi: int,
            title: str) -> dict[str, bytes]:
    """Draw once, save in each of `formats`."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    wanted = set(formats)
    if not wanted <= set(FORMATS):
        raise ValueError(f"charts are drawn as {', '.join(FORMATS)}, not {sorted(wanted)}")
    saved = {}
    style: Any = _style()  # matplotlib types the keys as a Literal of every rcParam
    with matplotlib.rc_context(style):
        figure = Figure(dpi=MEASURE_DPI, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure)
        for fmt in (f for f in FORMATS if f in wanted):
            out = io.BytesIO()
            if fmt == "png":
                figure.savefig(out, format="png", dpi=dpi,
                               metadata={"Software": None, "Description": title})
            elif fmt == "pdf":
                figure.savefig(out, format="pdf", metadata={
                    "Creator": None, "Producer": None, "CreationDate": None, "Title": title})
            else:
                figure.savefig(out, format="svg", metadata={
                    "Creator": None, "Date": None, "Format": None, "Type": None,
                    "Description": title})
            saved[fmt] = out.getvalue()
    return saved


def _plain(text: str) -> str:
    """Text on one line."""
    return " ".join(text.split())


def _wrap(label: str, width: int = 22, max_lines: int = 3) -> str:
    """A label on at most `max_lines` lines of `width` characters."""
    lines = textwrap.wrap(_plain(label), width, break_on_hyphens=False, max_lines=max_lines,
                          placeholder="…")
    return "\n".join(lines) or " "


# --- the timeline ---------------------------------------------------------------------------

ROW_IN = 0.2
GROUP_GAP = 0.6
"""Rows left empty between two partners' actions."""
MARGIN_IN = 0.75
"""Room for the phase 2 label, the year axis and the padding."""


def _month(ym: YearMonth) -> int:
    return ym[0] * 12 + ym[1] - 1


def _draw_timeline(fig: Any, timeline: Timeline) -> None:
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
    rows = max(y, 1.0)
    fig.set_size_inches(WIDTH_IN, MARGIN_IN + rows * ROW_IN)
    ax = fig.add_subplot()
    if not bars:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No actions yet", ha="center", va="center", transform=ax.transAxes)
        return

    first = min(_month(b.start) for b in bars)
    last = max(_month(b.end) for b in bars) + 1
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
        ax.text((start + end) / 2, -0.5, f"Phase 2 · {timeline.phase2_text}", ha="center",
                va="bottom", fontsize=SMALL, color=INK, parse_math=False,
                transform=ax.transData)

    fig.draw_without_rendering()  # lay out once, to fit the titles into their bars
    renderer = fig.canvas.get_renderer()
    for bar, ypos in zip(bars, positions, strict=True):
        cancelled = bar.status == "Cancelled"
        start, end = _month(bar.start), _month(bar.end) + 1
        ax.barh(ypos, end - start, left=start, height=0.68, zorder=2,
                color=CANCELLED if cancelled else PRIMARY,
                edgecolor=PALE if cancelled else PRIMARY, linewidth=0.8,
                linestyle=(0, (3, 2)) if cancelled else "-")
        _bar_label(ax, renderer, _plain(bar.title), " (cancelled)" if cancelled else "",
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
                  labels=[_wrap(label, 24, max(1, int(len(ys) * ROW_IN / line_in)))
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


# --- the learning flows ------------------------------------------------------------------------

CELL_IN = 0.3
FLOWS_MARGIN_IN = 1.35
"""Room for the rotated column labels and the axis titles."""
ALL_COLUMNS_UP_TO = 16
"""With more partners than this, only the partners someone draws on get a column."""
ZEROS_UP_TO = 150
"""Larger matrices leave empty cells blank (thousands of 0s help no one and are slow)."""


def _draw_flows(fig: Any, summary: Summary) -> None:
    flows = summary.flows
    rows, columns, matrix = flows.rows, flows.columns, flows.counts
    if len(columns) > ALL_COLUMNS_UP_TO:
        keep = [c for c, total in enumerate(flows.column_totals) if total]
        columns = tuple(columns[c] for c in keep)
        matrix = tuple(tuple(row[c] for c in keep) for row in matrix)
    fig.set_size_inches(WIDTH_IN, FLOWS_MARGIN_IN + max(len(rows), 1) * CELL_IN)
    ax = fig.add_subplot()
    if not rows or not columns:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No learnings yet", ha="center", va="center", transform=ax.transAxes)
        return

    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    counts = np.ma.masked_equal(np.array(matrix, dtype=float), 0)
    top = int(counts.max()) if counts.count() else 1
    colours = LinearSegmentedColormap.from_list("actionplan", [LIGHT, PRIMARY])
    ax.pcolormesh(np.arange(len(columns) + 1) - 0.5, np.arange(len(rows) + 1) - 0.5, counts,
                  cmap=colours.with_extremes(bad="white"), vmin=min(1, top - 1), vmax=top,
                  edgecolors=RULE, linewidth=0.6)
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    show_zeros = len(rows) * len(columns) <= ZEROS_UP_TO
    for r, row in enumerate(matrix):
        for c, count in enumerate(row):
            if not count and not show_zeros:
                continue
            dark = count and (top == 1 or (count - 1) / (top - 1) > 0.5)
            cell = ax.text(c, r, str(count), ha="center", va="center_baseline",
                           fontsize=FONT_SIZE, parse_math=False,
                           color="white" if dark else INK if count else PALE,
                           fontweight="bold" if count else "normal")
            cell.set_in_layout(False)

    labels = [_wrap(ref.label, 14, 3) for ref in columns]
    ax.set_xticks(range(len(columns)), labels=labels)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    widest = max(len(line) for label in labels for line in label.split("\n"))
    if widest * len(columns) > 80:
        for tick in ax.get_xticklabels():
            tick.set(rotation=35, ha="left", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), labels=[_wrap(ref.label, 24, 2) for ref in rows])
    ax.tick_params(length=0, pad=4)
    ax.spines[:].set_visible(True)
    left_out = "; partners no plan draws on left out" if len(columns) < len(flows.columns) else ""
    ax.set_xlabel("Learned from (owner of the good practice, host of the event, partner named"
                  f"{left_out})", color=MUTED, fontsize=SMALL, labelpad=6, parse_math=False)
    ax.set_ylabel("Learning partner (plan)", color=MUTED, fontsize=SMALL, labelpad=6,
                  parse_math=False)

