"""Bench section: `actionplan validate plans`, its time and whether that path imports WeasyPrint,
docxtpl, matplotlib or pypdf (`-X importtime`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from build_command import check_ok
from process_measure import measure
from report_format import Report, Results, mb, med, secs, span


def bench_validate(ap: str, plans: Path, runs: int, res: Results, report: Report) -> None:
    report.progress(f"validate × {runs}")
    # The import check: which heavy libraries does the validate path load?
    trace = subprocess.run([sys.executable, "-X", "importtime", "-c",
                            "import sys; from actionplan.cli import main; "
                            "main(['validate', sys.argv[1], '-q'])", str(plans)],
                           capture_output=True, text=True)
    imported = {line.split("|")[-1].strip() for line in trace.stderr.splitlines()
                if line.startswith("import time:")}
    heavy = sorted({name.split(".")[0] for name in imported}
                   & {"weasyprint", "docxtpl", "docx", "matplotlib", "pypdf", "PIL"})
    shim = shutil.which("actionplan")
    walls, shim_walls, warnings = [], [], False
    for _ in range(runs):
        run = measure([ap, "validate", str(plans)])
        check_ok(run, "actionplan validate")
        warnings |= "warning" in run.stderr
        walls.append(run.wall)
        if "validate" in res.figures:
            res.figures["validate"].add(run.wall, run.background / run.wall)
        res.raw.append(f"validate: {run.wall:.3f} s, cpu {run.cpu:.2f} s, rss {mb(run.maxrss)}, "
                       f"background {run.background:.2f} cpu-s")
        if shim and Path(shim).resolve() != Path(ap).resolve():
            shim_walls.append(measure([shim, "validate", str(plans)]).wall)
    res.rows.append((f"`actionplan validate {plans.name}` (whole process)", str(runs), secs(med(walls)),
                     span(walls), "", "≤ 0.4 s"))
    if shim_walls:
        res.rows.append((f"… the same through the `{shim}` shim (information)", str(runs),
                         secs(med(shim_walls)), span(shim_walls), "", ""))
    met = med(walls) <= 0.4 and not heavy
    res.bars.append(("validate ≤ 0.4 s, no WeasyPrint/docxtpl import", f"{secs(med(walls))}; heavy "
                     f"imports: {', '.join(heavy) or 'none'}" + ("; warnings printed" if warnings else ""),
                     "≤ 0.4 s", "met" if met else "NOT met"))
