"""What relies on Linux has a fallback that works on Windows and macOS."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from actionplan.build import workers
from actionplan.cli import main


def test_fork_only_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """fork is missing on Windows and unsafe on macOS (its system libraries may run threads)."""
    for platform, method in (("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn")):
        monkeypatch.setattr(workers.sys, "platform", platform)
        assert workers.start_method() == method


def test_spawned_workers_give_the_same_documents(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The start method of Windows and macOS, on this machine: same bytes as one process."""
    folder = ROOT / "examples" / "minimal"
    one, spawned = tmp_path / "one", tmp_path / "spawned"
    assert CliRunner().invoke(main, ["build", str(folder), "-o", str(one), "-j", "1"]).exit_code == 0
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(spawned), "-j", "2"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in one.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in spawned.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (one / name).read_bytes() == (spawned / name).read_bytes(), name
