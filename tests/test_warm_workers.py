"""Workers forked from a warm process stay warm (issue 15): the stylesheets and fonts a
process loaded (`stylesheets._stylesheets`, some 0.15 s of every worker's first layout) serve the
workers it forks, which never delete the folder WeasyPrint keeps those fonts in; only the
process that loaded them does, when it ends. `render --watch` and `build --watch` warm their
process once by rendering a plan (and the deliverable, for that plan alone), so that the
workers `build --watch` forks for each save start warm."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from actionplan.load.templates import builtin_dir
from actionplan.render.pdf import stylesheets as plan

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork")


def _fonts() -> object:
    from actionplan.render.pdf.fetcher import SandboxedFetcher

    dirs = [builtin_dir()]
    return plan._stylesheets(dirs, SandboxedFetcher([], dirs, {}))[1]


def test_a_forked_worker_uses_the_fonts_its_parent_loaded_and_leaves_their_folder() -> None:
    fonts = _fonts()
    folder = Path(fonts._folder)  # type: ignore[attr-defined]
    assert folder.is_dir()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: the same fonts, then it ends as workers do (its caches freed)
        try:
            same = _fonts() is fonts
            plan._forget_stylesheets()
            plan.delete_font_folders()
            os.write(write, b"same" if same else b"new")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 10) == b"same"
    assert folder.is_dir() and any(folder.iterdir())  # the parent's fonts are still there


def test_the_watch_warms_its_process_before_the_first_build_and_writes_nothing(
        tmp_path: Path) -> None:
    from conftest import write_partnership

    from actionplan.build import BuildOptions
    from actionplan.build.jobs import warm_up

    folder = write_partnership(tmp_path / "plans")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    plan._forget_stylesheets()
    assert not plan._STYLESHEETS
    warm_up(folder, BuildOptions(output=tmp_path / "out"))
    assert plan._STYLESHEETS  # the plans' and the deliverable's stylesheets, fonts loaded
    assert len(plan._STYLESHEETS) == 2
    assert not (tmp_path / "out").exists()
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_warming_a_folder_with_errors_says_nothing_and_leaves_it_to_the_build(
        tmp_path: Path) -> None:
    from conftest import write_partnership

    from actionplan.build import BuildOptions
    from actionplan.build.jobs import warm_up

    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": "partner: [unclosed\n"})
    warm_up(folder, BuildOptions(output=tmp_path / "out"))  # no exception, nothing written
    assert not (tmp_path / "out").exists()


def _collected(_job: object, _work: object) -> tuple[int, int]:
    """What a worker's garbage collection walks: (objects it skips, objects it walks)."""
    import gc

    return gc.get_freeze_count(), len(gc.get_objects())


def test_a_worker_collects_only_what_it_made_and_the_build_still_collects_its_own() -> None:
    """A worker's `gc.collect` (between a job's steps) walks only the objects it made, not
    the renderers and partnership it inherited (`workers.frozen_for_fork`); the build's own
    process freezes nothing for longer than the fork."""
    import gc

    from actionplan.build.workers import Job, run_jobs

    inherited = len(gc.get_objects())
    results = [result for _, result, _ in run_jobs([Job("a"), Job("b")], _collected, None, 2)]
    assert len(results) == 2
    for frozen, walked in results:
        assert frozen >= inherited * 0.9, (frozen, inherited)
        assert walked < inherited * 0.1, (walked, inherited)
    assert gc.get_freeze_count() == 0


def _forks_then_collects(_job: object, _work: object) -> tuple[int, int]:
    """A job that runs a job of its own in a process of its own first (as a large
    deliverable's document does to draw its charts), then says what its own garbage
    collection walks."""
    from actionplan.build.workers import Job, run_jobs

    list(run_jobs([Job()], _collected, None, 2, isolate=True))
    return _collected(_job, _work)


def test_a_worker_that_forks_a_job_of_its_own_still_collects_only_what_it_made() -> None:
    """The fork of the drawing's process must not unfreeze what the worker inherited: its
    next `give_back` would walk the whole warm parent again (some 0.1 s under --watch)."""
    import gc

    from actionplan.build.workers import Job, run_jobs

    inherited = len(gc.get_objects())
    results = [result for _, result, _ in run_jobs([Job("a"), Job("b")], _forks_then_collects,
                                                   None, 2)]
    for frozen, walked in results:
        assert frozen >= inherited * 0.9, (frozen, inherited)
        assert walked < inherited * 0.1, (walked, inherited)
    assert gc.get_freeze_count() == 0
