"""The speed benchmark of quality.md ("Speed"), side by side in one run.

    python benchmarks/run.py                 # everything: ~15-25 min on a 2-core machine
    python benchmarks/run.py --quick         # 5 rounds, one 10- and 100-plan build, no 200
    python benchmarks/run.py --runs 9        # more runs of the main comparisons
    python benchmarks/run.py --profile       # also profile one cold `build -j 1` of plans/
    python benchmarks/run.py --out report.md # also write the printed report to a file

What it measures, each as a whole process (subprocess wall time, `time.perf_counter`):

- `actionplan validate plans`, and whether that path imports WeasyPrint, docxtpl or matplotlib;
- cold `actionplan build plans -o NEW --force` against LibreOffice headless converting the same
  plans' DOCX files to PDF in one batch call (own profile, created and warmed before timing),
  alternated A B A B, with the ratio of each pair;
- the no-op rebuild (same folder again) and whether any output's mtime changed;
- the rebuild after a real text edit in the largest plan (two kinds: a word in an action title,
  a word in an action's background paragraph; `edits.py`), by a fresh process and under one
  warm `build --watch`, each ratio to the cold build of the same round;
- a fresh `render` of that plan, and `render --watch`: save → new PDF on disk;
- synthetic partnerships of 10, 100 and 200 plans (`synthetic.py`), alternated: cold build
  time, time per plan, CPU use ((user+sys) / wall), the peak RSS of every process by its role
  (main, plan workers, deliverable job, finishing; sampled in /proc every 50 ms, with
  `os.wait4` and `/usr/bin/time -v` for the largest).

It prints issue 15's table (each figure's median, each run's value and the background load,
bar and stretch met or not), the peak RSS per role, then every measurement and the raw runs.

While `actionplan build` fails (the consolidated deliverable is being finished), the script
falls back to `actionplan render plans/*.yaml --force` and says so in every table.

Background load matters on a shared machine: for every measurement the CPU time that other
processes used meanwhile (busy time in /proc/stat minus this tree's own CPU time) is recorded
and printed with the raw runs.

Only the standard library is used (psutil is not needed).

This file is the entry point (arguments and the order of the sections); the rest is in sibling
modules, imported with benchmarks/ on sys.path (it is not a package):

- process_measure.py   running one process and measuring its tree (`measure`, `Run`)
- report_format.py     medians, spans and units; the `Report` and the `Results` of the sections
- package_snapshot.py  the snapshot of actionplan/ and templates/ measured; the console script
- machine_info.py      the "Machine and versions" table
- build_command.py     `actionplan build` or its render fallback, and what its runs say
- bench_validate.py    validate
- bench_build.py       the rounds: cold build vs LibreOffice, no-op rebuild, the two edits (fresh
                       process and `build --watch`), fresh `render`, `render --watch`
- bench_watch.py       a `--watch` process measured from outside (`WatchSession`)
- edits.py             the two real text edits
- issue15_table.py     issue 15's figures and their table
- bench_synthetic.py   synthetic partnerships of 10, 100 and 200 plans (with synthetic.py)
- bench_profile.py     cProfile and -X importtime of one cold `build -j 1`
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

sys.path.insert(0, str(HERE))   # the sibling modules below (benchmarks/ is not a package)
from bench_build import bench_main  # noqa: E402,I001
from bench_profile import bench_profile  # noqa: E402
from bench_synthetic import bench_synthetic  # noqa: E402
from bench_validate import bench_validate  # noqa: E402
from issue15_table import issue15_figures, print_issue15  # noqa: E402
from build_command import Builder  # noqa: E402
from machine_info import first_line, machine  # noqa: E402
from package_snapshot import REPO, actionplan_exe, make_snapshot, tree_digest  # noqa: E402
from process_measure import NPROC, cpu_busy, cpu_steal, measure  # noqa: E402
from report_format import Report, Results  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The speed benchmark of quality.md.")
    parser.add_argument("--quick", action="store_true", help="fewer runs; no 200-plan partnership, "
                        "one build of 10 and 100 plans")
    parser.add_argument("--runs", type=int, help="runs of validate and of each main comparison "
                        "(default 7, quick 5)")
    parser.add_argument("--synthetic-runs", type=int, help="runs of the 10- and 100-plan "
                        "partnerships (default 3, quick 1); the 200-plan one runs once less")
    parser.add_argument("--plans", type=Path, default=REPO / "plans", help="the partnership folder")
    parser.add_argument("--profile", action="store_true", help="also profile one cold -j 1 build")
    parser.add_argument("--profile-only", action="store_true", help="only the profile")
    parser.add_argument("--mode", choices=["auto", "build", "render"], default="auto",
                        help="build, or the render fallback; auto tries build first")
    parser.add_argument("--out", type=Path, help="also write the report (markdown) to this file")
    parser.add_argument("--ref", help="measure this git commit (git archive of actionplan/ and "
                        "templates/) instead of a snapshot of the working tree")
    parser.add_argument("--live", action="store_true", help="measure the working tree as it "
                        "changes, not a snapshot of actionplan/ and templates/ taken at the start")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 7)
    syn_runs = args.synthetic_runs or (1 if args.quick else 3)
    plans = args.plans.resolve()
    out_file = args.out.resolve() if args.out else None
    start_cwd = os.getcwd()

    ap = actionplan_exe()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    report = Report()
    busy0, steal0, started = cpu_busy(), cpu_steal(), time.perf_counter()
    own0 = os.times()
    tmp_root = Path(tempfile.mkdtemp(prefix="apbench-"))
    tmp = tmp_root / "work"
    tmp.mkdir()
    try:
        snapshot = None
        if not args.live:
            snapshot = make_snapshot(tmp_root, args.ref)
            os.environ["PYTHONPATH"] = os.pathsep.join(
                [str(snapshot), *filter(None, [os.environ.get("PYTHONPATH")])])
            sys.path.insert(0, str(snapshot))
            os.chdir(tmp_root)   # `python -c` puts the current folder first on sys.path
        where = subprocess.run([sys.executable, "-c", "import actionplan; print(actionplan.__file__)"],
                               capture_output=True, text=True).stdout.strip()
        live_digest = tree_digest(REPO)
        mode = args.mode
        probe_error = ""
        if mode == "auto":
            probe = measure([ap, "build", str(plans), "-o", str(tmp / "probe"), "--force", "-q"])
            mode = "build" if probe.returncode == 0 else "render"
            if probe.returncode != 0:
                probe_error = (probe.stderr.strip().splitlines() or ["?"])[-1]
        builder = Builder(ap, mode)

        report("# actionplan speed benchmark")
        report()
        machine(report, ap, soffice)
        report(f"Build command measured: {builder.label}.")
        report()
        report(f"Package measured: `{where}` — "
               + (f"actionplan/ and templates/ of commit `{args.ref}` "
                  f"({first_line(['git', '-C', str(REPO), 'rev-parse', '--short', args.ref])}, "
                  f"content digest {tree_digest(snapshot)})." if snapshot and args.ref else
                  f"a snapshot of the working tree's actionplan/ and templates/ taken at the start "
                  f"(content digest {tree_digest(snapshot)})." if snapshot else
                  f"the live working tree (content digest {live_digest} at the start)."))
        if probe_error:
            report(f"`actionplan build` failed: `{probe_error}`")
        report()
        res = Results(figures=issue15_figures())
        if not args.profile_only:
            bench_validate(ap, plans, max(runs, 5) * 2, res, report)
            if soffice is None:
                sys.exit("soffice (LibreOffice) is not installed: it is the reference.")
            bench_main(builder, soffice, plans, tmp, runs, res, report)
            sizes = [10, 100] if args.quick else [10, 100, 200]
            syn = {10: syn_runs, 100: syn_runs, 200: max(1, syn_runs - 1)}
            bench_synthetic(builder, ap, tmp, sizes, {n: syn[n] for n in sizes}, res, report)

            print_issue15(res.figures, report)
            builds = ", ".join(f"{syn[n]} × {n}" for n in sizes)
            report(f"## Peak RSS per role (synthetic partnerships: {builds} plans)")
            report()
            for line in res.extra.get("roles_table", []):
                report(line)
            report()
            report("## Results")
            report()
            report("| measurement | runs | median | min – max | ratio / note | bar |")
            report("|---|---|---|---|---|---|")
            for row in res.rows:
                report("| " + " | ".join(row) + " |")
            report()
            report("## Other bars of quality.md")
            report()
            report("| bar | measured | target | verdict |")
            report("|---|---|---|---|")
            for bar in res.bars:
                report("| " + " | ".join(bar) + " |")
            report()
        if args.profile or args.profile_only:
            bench_profile(builder, ap, plans, tmp, report)
        if res.raw:
            report("## Raw runs")
            report()
            report("`bg` is the CPU time (core-seconds) that other processes on the machine used "
                   "during that measurement.")
            report()
            for line in res.raw:
                report(f"- {line}")
            report()
        wall = time.perf_counter() - started
        end_digest = tree_digest(REPO)
        own = os.times()
        ours = (own.children_user + own.children_system + own.user + own.system
                - own0.children_user - own0.children_system - own0.user - own0.system)
        other = max(0.0, cpu_busy() - busy0 - ours)
        report("## Noise")
        report()
        report(f"Benchmark wall time {wall:.0f} s. Other processes used {other:.1f} core-seconds "
               f"meanwhile (≈ {other / wall:.2f} of {NPROC} cores on average); CPU steal "
               f"{cpu_steal() - steal0:.1f} s; load average at the end "
               f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}.")
        if end_digest != live_digest:
            report(f"The working tree's actionplan/ and templates/ changed during the run "
                   f"({live_digest} → {end_digest})"
                   + ("; the snapshot measured did not." if snapshot else
                      ": the rounds did not all measure the same code (use the default snapshot)."))
        report()
    finally:
        os.chdir(start_cwd)
        shutil.rmtree(tmp_root, ignore_errors=True)
    if out_file:
        out_file.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
