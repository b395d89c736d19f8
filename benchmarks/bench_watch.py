"""`render --watch` and `build --watch`, measured from outside: one warm process, a save, and the
time until its new outputs are on disk. `run.py` uses `WatchSession` in every round of its main
comparison; run alone, this file also compares two checkouts side by side:

    python3 benchmarks/bench_watch.py [--rounds 9] [--other /work/main]

1. `render --watch`: save → new PDF on disk (its mtime polled every 5 ms; the PDF is renamed
   into place whole). One `actionplan render PLAN --watch` on a copy of plans/, each round a
   real text edit (`edits.py`) of that plan.
2. With `--other CHECKOUT`, side by side, alternated, one whole process each, PYTHONPATH set to
   each checkout (and run from a temporary folder: `python -m` puts the current folder first on
   sys.path): a fresh `render` of one plan (--force), and a rebuild of plans/ after a
   comment-only edit (fresh process). Medians of the alternated runs and their ratio.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import edits
from process_measure import cpu_busy, process_cpu

ROOT = Path(__file__).resolve().parents[1]
PLAN = "hu-ediop.yaml"   # the largest plan of plans/
READY = "watching for changes"   # what --watch prints when a build is done
TIMEOUT = 120.0


@dataclass(frozen=True)
class Saved:
    """One save under a `WatchSession`."""

    seconds: float
    """From the save to the new outputs on disk."""
    background: float
    """CPU seconds other processes used meanwhile."""
    cpu: float
    """CPU seconds (user + sys) the watch process and its workers spent on the save."""


class WatchSession:
    """One `actionplan … --watch` process: started, its first build awaited; each `save` makes
    an edit and waits until it is built. End it with `close` (SIGTERM)."""

    def __init__(self, cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None):
        self.process = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._wait_ready(time.perf_counter())

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def _wait_ready(self, began: float) -> None:
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, TIMEOUT - (time.perf_counter() - began)))
            except queue.Empty:
                raise SystemExit(f"--watch built nothing within {TIMEOUT:.0f} s: "
                                 + "".join(self.said[-20:])) from None
            self.said.append(line)
            if READY in line:
                return
            if line.startswith("error") or "nothing was written" in line:
                raise SystemExit(f"--watch reported an error: {''.join(self.said[-20:])}")

    def save(self, plan: Path, kind: str, n: int, *, wait_for: Path | None = None) -> Saved:
        """Make edit `kind` in `plan` and wait until it is built: until `wait_for` (a file)
        has a new mtime, or else until the build's report ends. Waits for the build to end in
        any case, and counts its CPU time to then (the workers it forked and reaped
        included)."""
        before = wait_for.stat().st_mtime_ns if wait_for else 0
        ours0, busy0 = process_cpu(self.process.pid), cpu_busy()
        began = time.perf_counter()
        edits.edit(plan, kind, n)
        if wait_for:
            while wait_for.stat().st_mtime_ns == before:
                time.sleep(0.005)
                if time.perf_counter() - began > TIMEOUT or self.process.poll() is not None:
                    raise SystemExit(f"no new {wait_for.name} within {TIMEOUT:.0f} s")
        seconds = time.perf_counter() - began
        background = cpu_busy() - busy0 - (process_cpu(self.process.pid) - ours0)
        self._wait_ready(began)
        if not wait_for:
            seconds = time.perf_counter() - began
            background = cpu_busy() - busy0 - (process_cpu(self.process.pid) - ours0)
        return Saved(seconds, max(0.0, background), process_cpu(self.process.pid) - ours0)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout), "PYTHONUNBUFFERED": "1"}


def watch_rounds(rounds: int, work: Path) -> list[float]:
    folder = work / "plans"
    shutil.copytree(ROOT / "plans", folder)
    plan = folder / PLAN
    session = WatchSession([sys.executable, "-m", "actionplan", "render", str(plan), "-o",
                            str(work / "out"), "--watch", "-q"], cwd=work, env=_env(ROOT))
    try:
        return [session.save(plan, "title", round_ + 1,
                             wait_for=work / "out" / plan.with_suffix(".pdf").name).seconds
                for round_ in range(rounds)]
    finally:
        session.close()


def side_by_side(rounds: int, work: Path, other: Path) -> dict[str, dict[str, list[float]]]:
    folder = work / "side" / "plans"
    shutil.copytree(ROOT / "plans", folder)
    figures: dict[str, dict[str, list[float]]] = {"render": {}, "comment edit": {}}
    for round_ in range(rounds):
        for checkout in (other, ROOT) if round_ % 2 else (ROOT, other):
            key = str(checkout)
            out = work / "side" / f"out-{checkout.name}"
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "actionplan", "render", str(folder / PLAN),
                            "-o", str(out), "--force", "-q"], env=_env(checkout), check=True, cwd=work)
            figures["render"].setdefault(key, []).append(time.perf_counter() - began)
            build = work / "side" / f"build-{checkout.name}"
            subprocess.run([sys.executable, "-m", "actionplan", "build", str(folder), "-o",
                            str(build), "-q"], env=_env(checkout), check=True, cwd=work)
            with (folder / PLAN).open("a", encoding="utf-8") as file:
                file.write(f"\n# reviewed, round {round_}\n")
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "actionplan", "build", str(folder), "-o",
                            str(build), "-q"], env=_env(checkout), check=True, cwd=work)
            figures["comment edit"].setdefault(key, []).append(time.perf_counter() - began)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--other", type=Path, help="another checkout, run side by side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        times = watch_rounds(args.rounds, Path(temp))
        print(f"render --watch, save → new PDF ({PLAN}): median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, {len(times)} saves); "
              f"load average {os.getloadavg()[0]:.2f}")
        if args.other:
            figures = side_by_side(args.rounds, Path(temp), args.other.resolve())
            for name, by in figures.items():
                ours, theirs = (statistics.median(by[str(c)]) for c in (ROOT, args.other.resolve()))
                print(f"{name}: this checkout {ours:.3f} s, {args.other} {theirs:.3f} s, "
                      f"ratio {ours / theirs:.2f} (medians of {args.rounds} alternated runs); "
                      f"load average {os.getloadavg()[0]:.2f}")
                for checkout, runs in by.items():
                    print(f"  {checkout}: " + " ".join(f"{run:.2f}" for run in runs))


if __name__ == "__main__":
    main()
