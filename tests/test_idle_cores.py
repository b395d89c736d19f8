"""No core idles while there is work (issue 15): a `render` of one plan with two cores lays
out its PDF in one worker while the other fills in its DOCX, and the renderers are imported
before the workers fork only when a worker runs several jobs (else each worker imports what
it needs, beside the other, instead of the build importing both while a core waits)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from actionplan.build import BuildOptions, build_partnership, jobs, pipeline
from actionplan.build.jobs import fill_workers
from actionplan.build.workers import Job

ROOT = Path(__file__).resolve().parents[1]


def test_one_plan_s_formats_go_to_two_workers_the_pdf_first() -> None:
    assert fill_workers([Job("es-fomento", ("docx", "pdf"))], 2) == [
        Job("es-fomento", ("pdf",)), Job("es-fomento", ("docx",))]


def test_jobs_that_fill_the_workers_are_left_as_they_are() -> None:
    both = ("docx", "pdf")
    assert fill_workers([Job("a", both), Job("b", both)], 2) == [Job("a", both), Job("b", both)]
    assert fill_workers([Job("a", both)], 1) == [Job("a", both)]
    assert fill_workers([Job("a", ("pdf",))], 2) == [Job("a", ("pdf",))]


def test_the_deliverable_s_jobs_do_not_count_as_filling_a_worker() -> None:
    """After an edit in one plan the deliverable's jobs are mostly kept work, done at once."""
    both = ("docx", "pdf")
    summary, document = Job(part="summary"), Job(part="document")
    assert fill_workers([summary, Job("es-fomento", both), document], 2) == [
        summary, Job("es-fomento", ("pdf",)), document, Job("es-fomento", ("docx",))]


def test_with_more_workers_than_jobs_every_plan_is_split() -> None:
    both = ("docx", "pdf")
    assert fill_workers([Job(), Job("a", both), Job("b", both)], 4) == [
        Job(), Job("a", ("pdf",)), Job("b", ("pdf",)), Job("a", ("docx",)), Job("b", ("docx",))]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    return folder


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Jobs that write which process rendered which formats (the workers fork after this)."""
    log = tmp_path / "jobs.log"
    real = jobs.render_plan

    def render_plan(partnership, entry, options, formats=None, timings=None):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"{os.getpid()} {entry.id} {','.join(formats or options.formats)}\n")
        return real(partnership, entry, options, formats, timings)

    monkeypatch.setattr(jobs, "render_plan", render_plan)
    return log


def test_a_render_of_one_plan_uses_both_cores_and_gives_the_same_documents(
        plans: Path, recorded: Path, tmp_path: Path) -> None:
    two = BuildOptions(output=tmp_path / "two", jobs=2, consolidated=False, only=("hu-ediop",))
    build_partnership(plans, two)
    lines = sorted(line.split() for line in recorded.read_text().splitlines())
    assert sorted((plan, formats) for _, plan, formats in lines) == [
        ("hu-ediop", "docx"), ("hu-ediop", "pdf")]
    assert len({pid for pid, _, _ in lines} | {str(os.getpid())}) == 3

    one = BuildOptions(output=tmp_path / "one", jobs=1, consolidated=False, only=("hu-ediop",))
    build_partnership(plans, one)
    for name in ("hu-ediop.docx", "hu-ediop.pdf"):
        assert (two.output / name).read_bytes() == (one.output / name).read_bytes()


def test_a_one_plan_edit_s_rebuild_makes_its_pdf_and_docx_in_two_workers(
        plans: Path, recorded: Path, tmp_path: Path) -> None:
    options = BuildOptions(output=tmp_path / "out", jobs=2)
    build_partnership(plans, options)
    recorded.write_text("")
    plan = plans / "hu-ediop.yaml"
    plan.write_text(plan.read_text("utf-8").replace("background: |\n", "background: |\n"
                                                    "      Reviewed.\n", 1), "utf-8")
    report = build_partnership(plans, options)
    lines = sorted(line.split() for line in recorded.read_text().splitlines())
    assert [(plan_id, formats) for _, plan_id, formats in lines] == [
        ("hu-ediop", "docx"), ("hu-ediop", "pdf")]
    assert len({pid for pid, _, _ in lines}) == 2
    assert sorted(s.name for s in report.steps if s.state == "written") == [
        "UpGradeSME-action-plans.docx", "UpGradeSME-action-plans.pdf",
        "hu-ediop.docx", "hu-ediop.pdf"]


def test_the_renderers_are_imported_before_the_fork_only_for_workers_with_several_jobs(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    preloaded: list[tuple[str, ...]] = []
    monkeypatch.setattr(pipeline, "preload", preloaded.append)
    monkeypatch.setattr(jobs, "render_plan", lambda *args, **kwargs: {})
    for only in (("hu-ediop",), ("hu-ediop", "es-fomento")):  # one job per worker
        build_partnership(plans, BuildOptions(output=tmp_path / "some", jobs=2, force=True,
                                              consolidated=False, only=only))
    assert preloaded == []
    build_partnership(plans, BuildOptions(output=tmp_path / "all", jobs=2, consolidated=False))
    assert preloaded == [("docx", "pdf")]
