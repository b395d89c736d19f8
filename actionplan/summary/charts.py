"""The pictures of the cross-partner summary: the action timeline and the learning-flow matrix.

Each chart is drawn from a `Summary` with matplotlib's object API (a `Figure` on an Agg canvas,
no pyplot state), in Open Sans when it is bundled or installed (else DejaVu Sans), 17 cm wide
to fit an A4 page, as PDF (vector, stamped into the consolidated PDF), PNG (for Word: the PDF
rasterised) or SVG. The same summary always gives the same bytes: no software version, no
dates; in the PDF the text is text, in TrueType subsets (`pdf.fonttype` 42: selectable,
extractable, cheap to draw); in the SVG, with a fixed hash salt, it is drawn as paths.
matplotlib is imported only when a chart is drawn. Each chart has an `..._alt_text` sentence
for the documents' picture descriptions.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..words.format import format_list, format_number
from .chart_style import render
from .flows_chart import draw_flows
from .timeline_chart import draw_timeline, timeline_slices
from .values import Summary, Timeline

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


def timeline_pictures(summary: Summary, formats: Iterable[str], dpi: int = 200,
                      timeline: Timeline | None = None) -> dict[str, bytes]:
    """The timeline (default: the summary's whole timeline; else a slice of it) in each of
    `formats` (`png` at `dpi`, `pdf`, `svg`) from one drawing, saved in the order of
    `FORMATS`."""
    timeline = timeline or summary.timeline
    return render(lambda fig: draw_timeline(fig, timeline, summary.labels), formats, dpi,
                  timeline_alt_text(summary, timeline))


def timeline_charts(summary: Summary, formats: Iterable[str], dpi: int = 200
                    ) -> list[tuple[str, dict[str, bytes]]]:
    """The timeline as the charts a page holds (`timeline_slices`: one for most partnerships),
    each as its alt text and its pictures in `formats`."""
    formats = tuple(formats)
    return [(timeline_alt_text(summary, part), timeline_pictures(summary, formats, dpi, part))
            for part in timeline_slices(summary.timeline)]


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
    return render(lambda fig: draw_flows(fig, summary), formats, dpi, flows_alt_text(summary))


def timeline_alt_text(summary: Summary, timeline: Timeline | None = None) -> str:
    """E.g. `Timeline of 17 actions of 6 plans, April 2019 – March 2021, phase 2 shaded.`,
    in the summary's language; of `timeline` when given (a slice of the summary's)."""
    timeline, words = timeline or summary.timeline, summary.labels
    if not timeline.bars:
        return words["alt_timeline_empty"]
    counts = {"actions": words.count("n_actions", len(timeline.bars)),
              "plans": words.count("n_plans", timeline.plans), "span": timeline.span}
    if timeline.phase2_text:
        return words.fill("alt_timeline_phase2", phase2=timeline.phase2_text, **counts)
    return words.fill("alt_timeline", **counts)


def flows_alt_text(summary: Summary) -> str:
    """E.g. `Matrix of learning flows: 19 learnings of 6 plans draw on 6 of 8 partners, most
    often on BDF (7 learnings).`, in the summary's language."""
    flows, words = summary.flows, summary.labels
    if not flows.learnings:
        return words["alt_flows_empty"]
    drawn_on = sum(1 for total in flows.column_totals if total)
    top = max(flows.column_totals)
    leaders = [ref.label for ref, total in zip(flows.columns, flows.column_totals, strict=True)
               if total == top]
    return words.fill(
        "alt_flows" if len(leaders) == 1 else "alt_flows_each",
        learnings=words.count("n_learnings", flows.learnings),
        plans=words.count("n_plans", len(flows.rows)), drawn=format_number(drawn_on, words.language),
        partners=words.count("n_partners", len(flows.columns)),
        names=format_list(leaders, words.language), top=words.count("n_learnings", top))
