"""The build command measured (`actionplan build`, or `actionplan render` of every plan while
build fails), and what its runs say: success, the documents written, the step timings of -v."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from process_measure import Run


def plan_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.name not in ("project.yaml", "project.yml")
                  and p.is_file())


class Builder:
    """`actionplan build`, or `actionplan render` of every plan while build fails."""

    def __init__(self, ap: str, mode: str):
        self.ap, self.mode = ap, mode

    def cmd(self, folder: Path, out: Path, *, force: bool, jobs: int | None = None) -> list[str]:
        if self.mode == "build":
            cmd = [self.ap, "build", str(folder), "-o", str(out), "-v"]   # -v: step timings
            if jobs:
                cmd += ["-j", str(jobs)]
        else:
            cmd = [self.ap, "render", *map(str, plan_files(folder)), "-o", str(out)]
        return cmd + (["--force"] if force else [])

    @property
    def label(self) -> str:
        return "`actionplan build`" if self.mode == "build" else \
            "`actionplan render plans/*.yaml` (fallback while build fails: no consolidated deliverable)"


def check_ok(run: Run, what: str) -> None:
    if run.returncode != 0:
        sys.exit(f"{what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")


def outputs(folder: Path) -> dict[str, int]:
    """name -> mtime_ns of every document in an output folder."""
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()
            if p.is_file() and p.suffix in (".docx", ".pdf")}


def consolidated_seconds(run: Run) -> float:
    """The time the deliverable's PDF took, as `build -v` reports it (nan when absent): its
    summary pages (laid out beside the plans), then its cover and contents and the join."""
    found = re.search(r"-action-plans\.pdf \((\d+\.\d+) s\)", run.stdout)
    return float(found.group(1)) if found else float("nan")


def written_count(run: Run) -> int | None:
    found = re.search(r"(\d+) written", run.stdout)
    return int(found.group(1)) if found else None
