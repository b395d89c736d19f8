"""Issue 15's partner loop, measured alone (not yet a section of run.py):

    python3 benchmarks/bench_watch.py [--rounds 9] [--other /work/main]

1. `render --watch`: save → new PDF on disk. One `actionplan render PLAN --watch` runs on a
   copy of plans/; each round a real text edit (an action's title) is saved and the PDF's
   mtime is polled every 5 ms; the figure is save → renamed into place.
2. With `--other CHECKOUT`, side by side, alternated, one whole process each, PYTHONPATH set
   to each checkout (and run from a temporary folder: `python -m` puts the current folder
   first on sys.path): a fresh `render` of one plan (--force), and a rebuild of plans/ after a
   comment-only edit (fresh process). Medians of the alternated runs and their ratio.

The background load (other processes' CPU, from /proc/stat) is printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = "es-fomento.yaml"


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout), "PYTHONUNBUFFERED": "1"}


def _title_line(path: Path) -> str:
    return next(line for line in path.read_text("utf-8").splitlines()
                if line.strip().startswith("title:") and "#" not in line and '"' not in line)


def watch_rounds(rounds: int, work: Path) -> list[float]:
    folder = work / "plans"
    shutil.copytree(ROOT / "plans", folder)
    plan = folder / PLAN
    pdf = work / "out" / plan.with_suffix(".pdf").name
    process = subprocess.Popen([sys.executable, "-m", "actionplan", "render", str(plan), "-o",
                                str(work / "out"), "--watch", "-q"], env=_env(ROOT),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=work)
    try:
        assert process.stderr is not None
        process.stderr.readline()  # "watching for changes": the first render is done
        line = _title_line(plan)
        times = []
        for round_ in range(rounds):
            before = pdf.stat().st_mtime_ns
            text = plan.read_text("utf-8")
            began = time.perf_counter()
            plan.write_text(text.replace(line, f"{line} {round_}", 1), "utf-8")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.005)
                if time.perf_counter() - began > 60:
                    raise SystemExit("no new PDF within 60 s")
            times.append(time.perf_counter() - began)
            line = f"{line} {round_}"
            process.stderr.readline()
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


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
