"""No idle core at the end of a build (issue 15): the summary's pages of the deliverable's PDF
are laid out in the deliverable's job, beside the plans, as soon as the summary is known; the
last step, once the plans' page counts are known, lays out only the cover and the contents and
joins."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.build import jobs
from actionplan.cli import main
from actionplan.render.pdf import consolidated


def test_the_last_step_lays_out_only_the_cover_and_contents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "layouts.log"  # workers are processes: they write what they did here

    def note(line: str) -> None:
        with log.open("a") as file:
            file.write(f"{os.getpid()} {line}\n")

    layout, finish = consolidated.layout_front, jobs.finish_task

    def spied_layout(ctx: Any, front: Any, *args: Any, **kwargs: Any) -> Any:
        note(f"layout {front.part}")
        return layout(ctx, front, *args, **kwargs)

    def spied_finish(*args: Any, **kwargs: Any) -> Any:
        note("finish")
        return finish(*args, **kwargs)

    monkeypatch.setattr(consolidated, "layout_front", spied_layout)
    monkeypatch.setattr(jobs, "finish_task", spied_finish)
    monkeypatch.setattr("actionplan.build.pipeline.finish_task", spied_finish)
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"),
                                       "-j", "2", "-q"])
    assert result.exit_code == 0, result.output
    lines = [line.split(" ", 1) for line in log.read_text().splitlines()]
    finishing = {pid for pid, what in lines if what == "finish"}
    assert len(finishing) == 1
    assert sorted(what for pid, what in lines if pid in finishing) == ["finish", "layout front"]
    assert [what for pid, what in lines if pid not in finishing] == ["layout summary"]
