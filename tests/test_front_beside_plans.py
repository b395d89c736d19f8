"""No idle core at the end of a build (issue 15): the summary's pages of the deliverable's PDF
are laid out in the deliverable's job, beside the plans, as soon as the summary is known; once
the plans' page counts are known, only the cover and the contents are laid out, and then
joined with the rest in a process that lays out nothing (issue 12: the join's process holds
some 250 MB of PDF objects at 200 plans, and no layout's leftovers beside them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.build import jobs, pipeline
from actionplan.cli import main
from actionplan.render.pdf import consolidated


def test_the_cover_and_contents_are_laid_out_apart_from_the_join(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "layouts.log"  # workers are processes: they write what they did here

    def note(line: str) -> None:
        with log.open("a") as file:
            file.write(f"{os.getpid()} {line}\n")

    layout, contents, finish = consolidated.layout_front, jobs.contents_task, jobs.finish_task

    def spied_layout(ctx: Any, front: Any, *args: Any, **kwargs: Any) -> Any:
        note(f"layout {front.part}")
        return layout(ctx, front, *args, **kwargs)

    def spied_contents(*args: Any, **kwargs: Any) -> Any:
        note("contents")
        return contents(*args, **kwargs)

    def spied_finish(*args: Any, **kwargs: Any) -> Any:
        note("finish")
        return finish(*args, **kwargs)

    monkeypatch.setattr(consolidated, "layout_front", spied_layout)
    for module in (jobs, pipeline):
        monkeypatch.setattr(module, "contents_task", spied_contents, raising=False)
        monkeypatch.setattr(module, "finish_task", spied_finish)
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"),
                                       "-j", "2", "-q"])
    assert result.exit_code == 0, result.output
    lines = [line.split(" ", 1) for line in log.read_text().splitlines()]
    by_process: dict[str, list[str]] = {}
    for pid, what in lines:
        by_process.setdefault(pid, []).append(what)
    assert sorted(by_process.values()) == [["contents", "layout front"], ["finish"],
                                           ["layout summary"]]
