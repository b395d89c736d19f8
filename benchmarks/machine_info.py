"""The "Machine and versions" table at the top of the report: CPU, memory, load, OS, Python,
actionplan and its libraries, HarfBuzz, LibreOffice."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
import sys

from package_snapshot import REPO
from process_measure import NPROC
from report_format import Report


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def first_line(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unavailable"


def machine(report: Report, ap: str, soffice: str | None) -> None:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    harfbuzz = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libharfbuzz-subset0"],
                              capture_output=True, text=True)
    git = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                         capture_output=True, text=True)
    report("## Machine and versions")
    report()
    report("| | |")
    report("|---|---|")
    report(f"| date | {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} |")
    report(f"| cores (nproc) | {NPROC} |")
    report(f"| CPU | {cpu} |")
    report(f"| memory | {mem} |")
    report(f"| load average at start | {' '.join(f'{v:.2f}' for v in os.getloadavg())} |")
    report(f"| OS | {platform.platform()} |")
    report(f"| Python | {platform.python_version()} ({sys.executable}) |")
    report(f"| actionplan | {first_line([ap, '--version'])} (repo {git.stdout.strip() or '?'}) |")
    for dist in ("weasyprint", "docxtpl", "python-docx", "pydantic", "matplotlib", "pypdf"):
        report(f"| {dist} | {_version(dist)} |")
    report(f"| libharfbuzz-subset0 | {harfbuzz.stdout.strip() or 'not installed'} |")
    report(f"| LibreOffice | {first_line([soffice, '--version']) if soffice else 'not found'} |")
    report()
