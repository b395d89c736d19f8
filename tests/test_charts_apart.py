"""The deliverable's timeline is drawn apart from the summary's layout: in the document's
worker for a few plans, in a process of its own for many (issue 12, item 7): matplotlib (some
30 MB once imported) and what a drawing leaves behind (20 MB at 200 plans) are given back
before the document's worker fills in the Word document, its largest step. A build in one
process (-j 1, --watch) draws in that process, where matplotlib stays warm."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main
from actionplan.render.pdf import consolidated
from actionplan.summary import charts


def _spy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "steps.log"  # workers are processes: they write what they did here

    def note(line: str) -> None:
        with log.open("a") as file:
            comm = Path("/proc/self/comm").read_text().strip()
            file.write(f"{os.getpid()} {comm} {line}\n")

    draw, layout = charts.timeline_charts, consolidated.layout_front

    def spied_draw(*args: Any, **kwargs: Any) -> Any:
        note("draw")
        return draw(*args, **kwargs)

    def spied_layout(ctx: Any, front: Any, *args: Any, **kwargs: Any) -> Any:
        note(f"layout-{front.part}")
        return layout(ctx, front, *args, **kwargs)

    monkeypatch.setattr(charts, "timeline_charts", spied_draw)
    monkeypatch.setattr(consolidated, "layout_front", spied_layout)
    return log


def _build(tmp_path: Path, *options: str) -> list[list[str]]:
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "-q",
                                       *options])
    assert result.exit_code == 0, result.output
    return [line.split(" ") for line in (tmp_path / "steps.log").read_text().splitlines()]


def _noting(step: Any, marker: Path) -> Any:
    """`step`, touching `marker` as it begins (the build's workers are processes: a file
    tells the others)."""
    def noted(*args: Any, **kwargs: Any) -> Any:
        marker.touch()
        return step(*args, **kwargs)
    return noted


def _after(marker: Path, step: Any, waited: str) -> Any:
    """`step` once `marker` exists. A build that runs the step `marker` waits for only after
    this one hangs: after 10 s the wait fails, saying that `waited`."""
    def waiting(*args: Any, **kwargs: Any) -> Any:
        for _ in range(200):
            if marker.exists():
                return step(*args, **kwargs)
            time.sleep(0.05)
        raise AssertionError(waited)
    return waiting


def _part_after(part: str, marker: Path, waited: str) -> Any:
    """`consolidated.layout_front`, the layout of `part` (`summary`, `front`) only once
    `marker` exists (`_after`)."""
    layout_front = consolidated.layout_front
    waiting = _after(marker, layout_front, waited)

    def layout(ctx: Any, front: Any, *args: Any, **kwargs: Any) -> Any:
        return (waiting if front.part == part else layout_front)(ctx, front, *args, **kwargs)
    return layout


def _build_north(tmp_path: Path) -> Path:
    """Build a partnership of one plan with two workers; the output folder."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "-q",
                                       "-j", "2"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="process names: Linux")
def test_the_timeline_is_drawn_apart_from_the_summary_s_layout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few plans: in the document's worker (a process of its own cost 0.05 s a save)."""
    _spy(tmp_path, monkeypatch)
    steps = _build(tmp_path, "-j", "2")
    drawn = [(pid, comm) for pid, comm, what in steps if what == "draw"]
    summary = [pid for pid, _, what in steps if what == "layout-summary"]
    assert len(drawn) == 1 and len(summary) == 1
    assert drawn[0][1] == "ap-document"
    assert drawn[0][0] != summary[0]


def test_a_build_in_one_process_draws_in_it(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _spy(tmp_path, monkeypatch)
    steps = _build(tmp_path, "-j", "1")
    assert {pid for pid, _, _ in steps} == {str(os.getpid())}
    assert sorted(what for _, _, what in steps) == ["draw", "layout-front", "layout-summary"]


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="process names: Linux")
def test_the_summary_s_pages_are_laid_out_while_the_timeline_is_drawn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the summary's layout needs the chart's size only (`timeline_size`), so it
    does not wait for the drawing: here the drawing waits for the layout, and the build still
    ends, the chart drawn into the room the layout left."""
    from pypdf import PdfReader

    laid_out = tmp_path / "summary-laid-out"
    draw, layout = charts.timeline_charts, consolidated.layout_front

    def draw_after_the_layout(*args: Any, **kwargs: Any) -> Any:
        for _ in range(300):  # a drawing that waits for the summary's layout would hang
            if laid_out.exists():
                return draw(*args, **kwargs)
            time.sleep(0.05)
        raise AssertionError("the summary's pages waited for the timeline")

    def noted_layout(ctx: Any, front: Any, *args: Any, **kwargs: Any) -> Any:
        document = layout(ctx, front, *args, **kwargs)
        if front.part == "summary":
            assert all(chart.pdf is None for chart in ctx.timelines)  # sized, not drawn
            laid_out.touch()
        return document

    monkeypatch.setattr(charts, "timeline_charts", draw_after_the_layout)
    monkeypatch.setattr(consolidated, "layout_front", noted_layout)
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "-q",
                                       "-j", "2"])
    assert result.exit_code == 0, result.output
    [deliverable] = (tmp_path / "out").glob("*-action-plans.pdf")
    pages = [page for page in PdfReader(deliverable).pages if "/XObject" in page["/Resources"]
             and any(name.startswith("/ApChart") for name in page["/Resources"]["/XObject"])]
    assert len(pages) == 1  # the timeline, stamped on its page


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="process names: Linux")
def test_the_plans_are_laid_out_beside_the_summary_while_the_timeline_is_drawn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the deliverable's document waits while its process for the charts draws
    them; a plan must not wait behind it for a worker (the cover and contents wait for the
    plans, only the join for the charts). With two workers the summary's pages and a plan are
    laid out at once: here both the drawing and the summary's layout wait for a plan's layout
    to begin."""
    from actionplan.render.pdf import plan

    begun = tmp_path / "plan-begun"
    monkeypatch.setattr(plan, "layout_plan", _noting(plan.layout_plan, begun))
    monkeypatch.setattr(charts, "timeline_charts", _after(
        begun, charts.timeline_charts, "no plan was laid out beside the timeline's drawing"))
    monkeypatch.setattr(consolidated, "layout_front", _part_after(
        "summary", begun, "no plan was laid out beside the summary's pages"))
    out = _build_north(tmp_path)
    assert len(list(out.glob("*.pdf"))) == 2


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="process names: Linux")
def test_a_large_deliverable_s_cover_and_contents_take_the_document_s_context(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond `SMALL_DELIVERABLE` plans the document comes first and the summary's job sends
    no context back (it would swell the join's process at 200 plans): the cover and contents
    are laid out from the document's, and list every plan at its page. Its timeline is drawn
    in a process of its own."""
    import subprocess
    import sys

    from pypdf import PdfReader

    from actionplan.build.jobs import SMALL_DELIVERABLE

    root = Path(__file__).resolve().parents[1]
    folder, out = tmp_path / "plans", tmp_path / "out"
    subprocess.run([sys.executable, str(root / "benchmarks" / "synthetic.py"),
                    str(SMALL_DELIVERABLE + 1), str(folder)], check=True, capture_output=True)
    log = _spy(tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert [line.split(" ")[1] for line in log.read_text().splitlines()
            if line.endswith(" draw")] == ["ap-charts"]
    [deliverable] = out.glob("*-action-plans.pdf")
    reader = PdfReader(deliverable)
    contents = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[1:3])
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    plans = [title for title in starts if title.endswith("Action plan")]
    assert len(plans) == SMALL_DELIVERABLE + 1
    for title in plans:  # its line in the contents, with the page its plan starts on
        assert f"{title} {starts[title]}" in contents, (title, starts[title])


def test_the_join_does_not_wait_for_the_word_document(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the join needs the charts and the cover and contents, not the Word document;
    the two are made beside each other. Here the Word document waits for the join to begin."""
    from pypdf import PdfReader

    from actionplan.build import consolidate

    joining = tmp_path / "joining"
    monkeypatch.setattr(consolidate, "finish_pdf", _noting(consolidate.finish_pdf, joining))
    monkeypatch.setattr(consolidate, "word_document", _after(
        joining, consolidate.word_document, "the join waited for the Word document"))
    out = _build_north(tmp_path)
    [deliverable] = out.glob("*-action-plans.pdf")
    assert len(PdfReader(deliverable).pages) > 3
    [docx] = out.glob("*-action-plans.docx")
    assert docx.stat().st_size > 0


def test_the_word_document_does_not_wait_for_the_cover_and_contents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the Word document needs the charts only; the PDF's page numbers are given to
    its contents afterwards. Here the cover and contents wait for it to begin, and its
    contents still end up with the PDF's page numbers."""
    from docx import Document

    from actionplan.build import consolidate

    begun = tmp_path / "word-begun"
    monkeypatch.setattr(consolidate, "word_document", _noting(consolidate.word_document, begun))
    monkeypatch.setattr(consolidated, "layout_front", _part_after(
        "front", begun, "the Word document waited for the cover and contents"))
    out = _build_north(tmp_path)
    [docx] = out.glob("*-action-plans.docx")
    xml = Document(str(docx)).element.xml
    assert "PAGEREF" in xml and "\ue001" not in xml  # numbered, no placeholder left
