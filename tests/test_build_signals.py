"""A build always ends: Ctrl-C, SIGTERM and SIGKILL of a real build, and the processes it leaves.

Each test starts `actionplan build` of a synthetic partnership big enough to be mid-render for
several seconds (two workers), signals it at a moment read from its own progress lines, and
checks the exit code, that stderr holds no traceback, and that no worker process is alive
afterwards (its pid gone from /proc, or a zombie). Timeouts are generous: they only catch hangs.
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

HANG = 120
"""Seconds after which a build that has not ended is a hang (a build here takes ~10 s)."""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 synthetic plans: about 10 s of rendering on two workers."""
    folder = tmp_path_factory.mktemp("signals") / "plans"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "24", str(folder)],
                   check=True, capture_output=True)
    return folder


class Build:
    """`actionplan build` in its own process group, its output read line by line."""

    def __init__(self, folder: Path, out: Path, *, tty: bool = False):
        self.tmp = out.parent / "tmp"  # the build's own TMPDIR: WeasyPrint keeps fonts there
        self.tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(self.tmp)}
        args = [sys.executable, "-m", "actionplan", "build", str(folder), "-o", str(out), "-j", "2"]
        self.lines: list[str] = []
        self.raw = b""
        self.stderr = b""
        if tty:  # progress bar on a terminal: the cursor is hidden while it shows
            master, slave = pty.openpty()
            self.process = subprocess.Popen(args, stdout=slave, stderr=subprocess.PIPE, env=env,
                                            start_new_session=True)
            os.close(slave)
            self._reader = threading.Thread(target=self._read_tty, args=(master,), daemon=True)
        else:
            self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            env=env, start_new_session=True)
            self._reader = threading.Thread(target=self._read_pipe, daemon=True)
        self._err = threading.Thread(target=self._read_err, daemon=True)
        self._reader.start()
        self._err.start()

    def _read_pipe(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.decode())

    def _read_tty(self, master: int) -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.raw += chunk
            self.lines += [line for line in chunk.decode(errors="replace").split("\r") if line]
        os.close(master)

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()

    def wait_for(self, text: str, count: int = 1) -> None:
        """Until `count` lines of the progress contain `text` (or the build ended)."""
        deadline = time.monotonic() + HANG
        while sum(text in line for line in self.lines) < count:
            assert self.process.poll() is None, f"the build ended before {count}× {text!r}"
            assert time.monotonic() < deadline, f"no {count}× {text!r} in {HANG} s"
            time.sleep(0.05)

    def workers(self) -> list[tuple[int, str]]:
        """The build's child processes: (pid, start time), so a reused pid is not mistaken."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _stat(int(entry.name))
                if fields and int(fields[1]) == self.process.pid:
                    found.append((int(entry.name), fields[19]))
        return found

    def end(self) -> tuple[int, str]:
        """Wait for the build, then for its output pipes to close (a live worker holds them)."""
        try:
            code = self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            pytest.fail(f"the build did not end within {HANG} s")
        self._reader.join(HANG)
        self._err.join(HANG)
        assert not self._err.is_alive(), "a process still holds the build's stderr open"
        return code, self.stderr.decode(errors="replace")


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat from the state on (state, ppid, …), or None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def alive(workers: list[tuple[int, str]]) -> list[int]:
    """Those of `workers` still running (a zombie has ended; a new process on the pid is not it)."""
    running = []
    for pid, started in workers:
        fields = _stat(pid)
        if fields and fields[19] == started and fields[0] != "Z":
            running.append(pid)
    return running


def gone_within(workers: list[tuple[int, str]], seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(workers)


def mid_render(build: Build, marker: str = "rendered") -> list[tuple[int, str]]:
    """Wait until the workers have delivered a plan (a progress line with `marker`); return
    the workers."""
    build.wait_for(marker)
    workers = build.workers()
    assert len(workers) >= 2, "the build should be rendering in two workers"
    return workers


def test_ctrl_c_before_rendering_ends_with_130(synthetic: Path, tmp_path: Path) -> None:
    build = Build(synthetic, tmp_path / "out")
    time.sleep(1.0)  # starting: imports and loading, no worker yet
    os.killpg(build.process.pid, signal.SIGINT)
    code, stderr = build.end()
    assert code == 130, stderr
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    assert "interrupted" in stderr


def test_ctrl_c_mid_render_ends_at_once_with_130_and_no_worker_left(synthetic: Path,
                                                                     tmp_path: Path) -> None:
    build = Build(synthetic, tmp_path / "out")
    workers = mid_render(build)
    os.killpg(build.process.pid, signal.SIGINT)
    code, stderr = build.end()
    assert code == 130, stderr
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    assert alive(workers) == []
    out = tmp_path / "out"  # made by this build: removed again when nothing was kept in it
    left = [p.name for p in out.iterdir()] if out.exists() else []
    assert not [name for name in left if name.endswith(".tmp")]
    assert list(build.tmp.iterdir()) == []  # the workers' font folders are gone too


def test_ctrl_c_twice_late_in_the_build_still_ends_cleanly(synthetic: Path, tmp_path: Path) -> None:
    build = Build(synthetic, tmp_path / "out")
    build.wait_for("rendered", 30)
    workers = build.workers()
    os.killpg(build.process.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(build.process.pid, signal.SIGINT)
    code, stderr = build.end()
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert alive(workers) == []


def test_ctrl_c_restores_the_cursor_the_progress_bar_hid(synthetic: Path, tmp_path: Path) -> None:
    build = Build(synthetic, tmp_path / "out", tty=True)
    workers = mid_render(build, "plan-0")  # the bar names the output it finished
    assert b"\x1b[?25l" in build.raw  # the bar hid the cursor
    os.killpg(build.process.pid, signal.SIGINT)
    code, stderr = build.end()
    assert code == 130, stderr
    assert build.raw.rfind(b"\x1b[?25h") > build.raw.rfind(b"\x1b[?25l")
    assert alive(workers) == []


def test_sigterm_to_the_main_process_ends_with_143_and_no_worker_left(synthetic: Path,
                                                                      tmp_path: Path) -> None:
    build = Build(synthetic, tmp_path / "out")
    workers = mid_render(build)
    build.process.send_signal(signal.SIGTERM)
    code, stderr = build.end()
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert alive(workers) == []


def test_workers_die_with_a_killed_parent(synthetic: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be handled: the workers notice that their parent is gone."""
    build = Build(synthetic, tmp_path / "out")
    workers = mid_render(build)
    build.process.send_signal(signal.SIGKILL)
    code, _ = build.end()  # also checks that no worker holds the output pipes any more
    assert code == -signal.SIGKILL
    assert gone_within(workers) == []
    assert list(build.tmp.iterdir()) == []  # the workers cleaned up before they went
