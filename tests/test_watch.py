"""`render --watch` and `build --watch` (issue 15): one process that builds again after every
save, says a bad save's errors at their place, keeps the last good outputs, and ends on Ctrl-C
with exit code 130 and no process left.

Each test drives the real command in a child process and waits for the lines it prints; the
timeouts are generous and only catch a hang (no timed assertions)."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

from actionplan.build.watch import is_input_change

TITLE = "title: Baltic export mentoring network"
HANG = 120  # seconds: only a hang takes this long


class Watching:
    """A running `actionplan … --watch` and the lines it has printed."""

    def __init__(self, *args: str | Path, cwd: Path):
        self.tmp = cwd / "tmp"  # its own TMPDIR: WeasyPrint keeps its fonts there
        self.tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
               "TMPDIR": str(self.tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "actionplan", *map(str, args), "--watch"], cwd=cwd, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until_watching(self) -> list[str]:
        """The lines printed up to the next 'watching for changes' line."""
        got = []
        while True:
            line = self.lines.get(timeout=HANG)
            self.seen.append(line)
            if line.startswith("watching for changes"):
                return got
            got.append(line)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=HANG)


@pytest.fixture
def partnership(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "examples" / "full", folder)
    return folder


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def watching(partnership: Path) -> Iterator[Watching]:
    watcher = Watching("render", partnership / "pl-lodz.yaml", "-o", "out",
                       cwd=partnership.parent)
    yield watcher
    if watcher.process.poll() is None:
        watcher.process.kill()
        watcher.process.wait(timeout=HANG)


def test_render_watch_renders_saves_and_keeps_the_last_good_outputs(
        partnership: Path, watching: Watching) -> None:
    out = partnership.parent / "out"
    assert watching.until_watching()[-1].startswith("out: 2 written")
    plan = partnership / "pl-lodz.yaml"

    save(plan, TITLE, f"{TITLE} across the Baltic")
    lines = watching.until_watching()
    assert lines[0] == "saved: pl-lodz.yaml"
    assert lines[-1].startswith("out: 2 written")
    assert "mentoring network across the Baltic" in pdf_text(out / "pl-lodz.pdf")
    good = {name: (out / name).read_bytes() for name in ("pl-lodz.pdf", "pl-lodz.docx")}

    save(plan, f"{TITLE} across the Baltic", f"{TITLE} #2")  # a mistake: text lost to a comment
    lines = watching.until_watching()
    line = next(i for i, text in enumerate(plan.read_text("utf-8").splitlines(), 1)
                if "#2" in text)
    assert f"plans/pl-lodz.yaml:{line}:" in lines[1]
    assert "`#2` would be left out" in lines[1]
    assert lines[-1] == ("1 error in 1 file; nothing was written: out keeps the last good "
                         "documents. Fix and save again.")
    assert {name: (out / name).read_bytes() for name in good} == good
    assert watching.process.poll() is None  # still watching

    save(plan, f"{TITLE} #2", f'"{TITLE[7:]} #2"'.join(("title: ", "")))
    lines = watching.until_watching()
    assert lines[-1].startswith("out: 2 written")
    assert "mentoring network #2" in pdf_text(out / "pl-lodz.pdf")
    assert not list(out.glob(".*.tmp"))

    assert watching.stop() == 130
    with pytest.raises(ProcessLookupError):  # nothing left of its process group
        os.killpg(watching.process.pid, 0)
    assert list(watching.tmp.iterdir()) == []  # nor of its fonts' temporary folders


def test_build_watch_rebuilds_the_saved_plan_and_the_deliverable(partnership: Path) -> None:
    watcher = Watching("build", partnership, "-o", "out", "-j", "1", cwd=partnership.parent)
    try:
        assert watcher.until_watching()[-1].startswith("out: 8 written")
        save(partnership / "pl-lodz.yaml", TITLE, f"{TITLE} across the Baltic")
        lines = watcher.until_watching()
        rendered = sorted(line.split()[-1] for line in lines if line.startswith(" rendered"))
        assert rendered == ["EXPORT-PATH-action-plans.docx", "EXPORT-PATH-action-plans.pdf",
                            "pl-lodz.docx", "pl-lodz.pdf"]
        assert watcher.stop() == 130
        assert list(watcher.tmp.iterdir()) == []  # its fonts' temporary folders deleted
    finally:
        if watcher.process.poll() is None:
            watcher.process.kill()
            watcher.process.wait(timeout=HANG)


def test_saves_that_are_not_inputs_are_ignored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert is_input_change(tmp_path / "pl-lodz.yaml", [out])
    assert is_input_change(tmp_path / "logos" / "lodz.png", [out])
    assert not is_input_change(out / "pl-lodz.pdf", [out])  # our own outputs
    for debris in (".pl-lodz.yaml.swp", "pl-lodz.yaml~", "4913", ".#pl-lodz.yaml"):
        assert not is_input_change(tmp_path / debris, [out])
