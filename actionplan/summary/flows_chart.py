"""The learning-flow chart: a matrix of who learned from whom, as a heat map."""

from __future__ import annotations

from typing import Any

from .chart_style import FONT_SIZE, INK, LIGHT, MUTED, PALE, PRIMARY, RULE, SMALL, WIDTH_IN, wrap
from .values import Summary

CELL_IN = 0.3
FLOWS_MARGIN_IN = 1.35
"""Room for the rotated column labels and the axis titles."""
ALL_COLUMNS_UP_TO = 16
"""With more partners than this, only the partners someone draws on get a column."""
ZEROS_UP_TO = 150
"""Larger matrices leave empty cells blank (thousands of 0s help no one and are slow)."""


def draw_flows(fig: Any, summary: Summary) -> None:
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
        ax.text(0.5, 0.5, summary.labels["chart_no_learnings"], ha="center", va="center",
                transform=ax.transAxes)
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

    labels = [wrap(ref.label, 14, 3) for ref in columns]
    ax.set_xticks(range(len(columns)), labels=labels)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    widest = max(len(line) for label in labels for line in label.split("\n"))
    if widest * len(columns) > 80:
        for tick in ax.get_xticklabels():
            tick.set(rotation=35, ha="left", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), labels=[wrap(ref.label, 24, 2) for ref in rows])
    ax.tick_params(length=0, pad=4)
    ax.spines[:].set_visible(True)
    some = len(columns) < len(flows.columns)
    ax.set_xlabel(summary.labels["chart_learned_from_some" if some else "chart_learned_from"],
                  color=MUTED, fontsize=SMALL, labelpad=6, parse_math=False)
    ax.set_ylabel(summary.labels["chart_learning_partner"], color=MUTED, fontsize=SMALL, labelpad=6,
                  parse_math=False)
