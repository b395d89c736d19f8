"""A build's processes say what they do: `ps`, `top` and /proc/PID/comm show each worker's role
(`ap-plan`, `ap-document`, `ap-summary`, `ap-finish`…), so a lead partner watching a long build, and the
benchmark's memory figures per role (issue 12, item 7), can tell them apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from actionplan.build import consolidate, jobs
from actionplan.build.options import BuildOptions
from actionplan.build.workers import Job, run_jobs

pytestmark = pytest.mark.skipif(not Path("/proc/self/comm").exists(),
                                reason="process names are read in Linux's /proc")


def _comm() -> str:
    return Path("/proc/self/comm").read_text().strip()


def test_a_process_takes_the_name_it_is_given_cut_to_linux_s_15_bytes() -> None:
    code = ("from pathlib import Path; from actionplan.build.workers import name_process; "
            "name_process('ap-a-name-longer-than-15'); print(Path('/proc/self/comm').read_text())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ap-a-name-longe"


@pytest.fixture
def jobs_report_their_process_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs whose rendering is replaced by reading the process name (the workers fork after
    this, so they inherit the replacements)."""
    monkeypatch.setattr(jobs, "render_plan", lambda *args, **kwargs: {})
    monkeypatch.setattr(consolidate, "prepare_deliverable", lambda *args, **kwargs: _comm())
    monkeypatch.setattr(consolidate, "prepare_summary_pdf", lambda *args, **kwargs: _comm())
    monkeypatch.setattr(consolidate, "finish_pdf", lambda *args, **kwargs: {})
    monkeypatch.setattr(consolidate, "word_document", lambda *args, **kwargs: {})
    monkeypatch.setattr(jobs, "write", lambda *args, **kwargs: _comm())


def _work(tmp_path: Path) -> jobs.Work:
    partnership = SimpleNamespace(plans=[SimpleNamespace(id="es-fomento")])
    return jobs.Work(partnership, BuildOptions(output=tmp_path), [], (), "token")  # type: ignore[arg-type]


def test_workers_are_named_by_the_job_they_run(tmp_path: Path,
                                               jobs_report_their_process_name: None) -> None:
    work = _work(tmp_path)
    names = {job.part or job.plan_id: result for job, result, _ in
             run_jobs([*jobs.deliverable_jobs(("docx", "pdf")), Job("es-fomento"),
                       Job("es-fomento")], jobs.run_task, work, 2)}
    assert names == {"document": "ap-document", "summary": ("ap-summary", "ap-summary"),
                     "es-fomento": "ap-plan"}
    front = jobs.Front(work, None, [])
    for task, name in ((jobs.finish_task, "ap-finish"), (jobs.word_task, "ap-word")):
        finished = [result for _, result, _ in run_jobs([Job()], task, front, 2, isolate=True)]
        assert finished == [name]


def test_the_build_s_own_process_keeps_its_name_when_it_renders_itself(
        tmp_path: Path, jobs_report_their_process_name: None) -> None:
    own = _comm()
    results = [result for _, result, _ in
               run_jobs([Job("es-fomento"), *jobs.deliverable_jobs(("docx", "pdf"))],
                        jobs.run_task, _work(tmp_path), 1)]
    assert results == [own, (own, own), own]
    assert _comm() == own


def test_the_deliverable_s_document_goes_last_for_a_few_plans_and_first_for_many() -> None:
    """Issue 15: for a few plans the document (charts, Word document) is drawn while the last
    plans and the cover and contents are laid out, which wait for the summary's pages and
    the plans, not for it; for many it takes seconds and starts first, in a fresh worker, so
    that no core idles at the end and its Word document stays within 400 MB."""
    plans = [Job("a", ("pdf",)), Job("b", ("pdf",))]
    few = jobs.deliverable_jobs(("docx", "pdf"), plans, 6)
    assert [job.part or job.plan_id for job in few] == ["summary", "a", "b", "document"]
    many = jobs.deliverable_jobs(("docx", "pdf"), plans, 200)
    assert [job.part or job.plan_id for job in many] == ["document", "summary", "a", "b"]
    assert [job.part for job in jobs.deliverable_jobs(("docx",), [], 6)] == ["document"]
