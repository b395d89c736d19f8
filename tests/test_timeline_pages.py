"""The deliverable's timeline at any size: cut into charts that a page holds, each printed at
its own size, so a reviewer can read every action of a large partnership.

Before, the timeline was one chart however many actions it had: at 200 plans a picture
367 cm tall, shrunk into one page as a 1 cm wide sliver of unreadable text (and 38 million
pixels in the Word file, 270 MB and 15 s to draw)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, write_partnership
from docx import Document
from docx.shared import Mm
from PIL import Image

from actionplan.cli import main
from actionplan.summary.timeline_chart import ROWS_PER_CHART, timeline_slices
from actionplan.summary.values import Timeline, TimelineBar

ACTIONS = 30
"""Per plan: two plans of 30 actions do not fit one chart, each fits one."""
SMALLEST_TEXT_PT = 6.5
"""The charts' smallest text (action titles and numbers, `chart_style.SMALL`)."""


def _plan(partner: str, actions: int) -> str:
    head, _, first = MINIMAL_PLAN.partition("actions:\n")
    action = first.replace("id: a1", "id: a{n}").replace("title: Export vouchers",
                                                           "title: Action number {n}")
    head = head.replace("partner: north", f"partner: {partner}")
    return head + "actions:\n" + "".join(action.replace("{n}", str(n))
                                         for n in range(1, actions + 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timeline")
    project = MINIMAL_PROJECT.replace("coordinator: south", "coordinator: north")
    folder = write_partnership(root / "plans", project, {
        "north.yaml": _plan("north", ACTIONS),
        "south.yaml": _plan("south", ACTIONS)})
    out = root / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _chart_scales(pdf: pikepdf.Pdf) -> list[float]:
    """For every chart drawn in the PDF (a form XObject of the front matter), the vertical
    scale it is printed at: 1.0 is the chart's own size."""
    scales = []
    for page in pdf.pages:
        xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
        for stream in _contents(page):
            ctm, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
            for operands, operator in pikepdf.parse_content_stream(stream):
                op = str(operator)
                if op == "q":
                    saved.append(ctm)
                elif op == "Q" and saved:
                    ctm = saved.pop()
                elif op == "cm":
                    ctm = _multiply(tuple(float(v) for v in operands), ctm)
                elif op == "Do":
                    xobject = xobjects.get(str(operands[0]))
                    if xobject is not None and xobject.get("/Subtype") == "/Form" and \
                            "/Font" in xobject.get("/Resources", {}):
                        matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                        scales.append(abs(_multiply(tuple(matrix), ctm)[3]))
    return scales


def _contents(page: Any) -> list[Any]:
    contents = page.obj.Contents
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _multiply(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def test_a_long_timeline_is_printed_on_several_charts_at_their_size(built: Path) -> None:
    with pikepdf.open(built / "TestSME-action-plans.pdf") as pdf:
        scales = _chart_scales(pdf)
    assert len(scales) == 2
    # the smallest words of every chart are printed as drawn, never shrunk to fit a page
    assert all(scale * SMALLEST_TEXT_PT >= 6.0 for scale in scales), scales


def test_the_word_document_has_the_same_charts_at_their_size(built: Path) -> None:
    document = Document(str(built / "TestSME-action-plans.docx"))
    charts = [shape for shape in document.inline_shapes
              if shape._inline.docPr.get("descr", "").startswith("Timeline of")]
    assert len(charts) == 2
    with zipfile.ZipFile(built / "TestSME-action-plans.docx") as package:
        pictures = {}
        for shape in charts:
            blip = shape._inline.graphic.graphicData.pic.blipFill.blip
            part = document.part.related_parts[blip.embed]
            pictures[shape] = Image.open(io.BytesIO(part.blob)).size
        assert package.testzip() is None
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for shape, (width_px, height_px) in pictures.items():
        assert shape.width == min(Mm(165), text_width)  # as wide as any chart of the summary
        assert shape.height <= Mm(215)
        assert abs(shape.height / shape.width - height_px / width_px) < 0.01  # not squeezed


def test_the_alt_texts_count_every_action_once(built: Path) -> None:
    document = Document(str(built / "TestSME-action-plans.docx"))
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes
            if shape._inline.docPr.get("descr", "").startswith("Timeline of")]
    assert alts == ["Timeline of 30 actions of 1 plan, June 2019 – December 2020, phase 2 "
                    "(April 2019 – March 2021) shaded."] * 2


def _bar(plan: str, number: int) -> TimelineBar:
    return TimelineBar(plan_id=plan, partner=plan.upper(), number=number, title=f"Action {number}",
                       start=(2019, 6), end=(2020, 12), timeframe="June 2019 – December 2020",
                       status=None)


def _timeline(sizes: dict[str, int]) -> Timeline:
    bars = tuple(_bar(plan, n) for plan, count in sizes.items() for n in range(1, count + 1))
    return Timeline(bars=bars, plans=len(sizes), start=(2019, 6), end=(2020, 12),
                    span="June 2019 – December 2020", phase2=None, phase2_text=None)


@pytest.mark.parametrize("sizes", [
    {"a": 3}, {"a": 3, "b": 4, "c": 2}, {"a": 30, "b": 30}, {"a": 100},
    {f"p{n}": 3 for n in range(200)}, {"a": 1, "b": 80, "c": 1}])
def test_slices_keep_every_action_once_in_order_and_partners_whole(sizes: dict[str, int]) -> None:
    timeline = _timeline(sizes)
    slices = timeline_slices(timeline)
    assert [bar for part in slices for bar in part.bars] == list(timeline.bars)
    for part in slices:
        plans = [bar.plan_id for bar in part.bars]
        groups = len(dict.fromkeys(plans))
        assert len(part.bars) + 0.6 * (groups - 1) <= ROWS_PER_CHART
        assert part.plans == groups
        assert (part.start, part.end, part.span) == (timeline.start, timeline.end, timeline.span)
    # a partner is cut only when it has more actions than a chart holds
    for plan, count in sizes.items():
        holding = [part for part in slices if any(bar.plan_id == plan for bar in part.bars)]
        assert len(holding) == max(1, -(-count // int(ROWS_PER_CHART))) or count > ROWS_PER_CHART


def test_a_short_timeline_is_one_chart_as_before() -> None:
    timeline = _timeline({"a": 3, "b": 4, "c": 2})
    assert timeline_slices(timeline) == [timeline]


def test_a_timeline_of_several_charts_is_kept_whole_by_the_build_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's cache (build/work_cache.py) keeps every chart of a long timeline as one
    entry: the next build draws none of them and gets the same charts back."""
    from actionplan.build import work_cache
    from actionplan.summary import charts
    from actionplan.summary.values import Summary

    drawn: list[int] = []

    def fake_charts(summary: Summary, kinds: Any) -> list[tuple[str, dict[str, bytes]]]:
        drawn.append(1)
        return [(f"chart {n} – ü", {kind: f"{kind} {n}".encode() for kind in kinds})
                for n in range(3)]

    monkeypatch.setattr(charts, "timeline_charts", fake_charts)
    monkeypatch.setattr("actionplan.summary.chart_key.timeline_key",
                        lambda summary, kinds: hashlib.sha256("".join(kinds).encode()).hexdigest())
    summary: Any = object()
    first = work_cache.timeline_drawer(work_cache.WorkCache(tmp_path))(summary, ["png", "pdf"])
    again = work_cache.timeline_drawer(work_cache.WorkCache(tmp_path))(summary, ["png", "pdf"])
    assert again == first and len(first) == 3 and drawn == [1]
    # an entry without every kind asked for is drawn again, never half used
    work_cache.timeline_drawer(work_cache.WorkCache(tmp_path))(summary, ["png", "pdf", "svg"])
    assert drawn == [1, 1]
