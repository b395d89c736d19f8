"""Bench section: synthetic partnerships of 10 and 100 plans (`synthetic.py`), alternated — cold build
time, time per plan and its ratio 100/10, peak RSS of the largest process, CPU use."""

from __future__ import annotations

import sys
from pathlib import Path

import synthetic
from build_command import Builder, check_ok, consolidated_seconds
from process_measure import NPROC, Run, measure
from report_format import MB, Report, Results, mb, med, noisy, ratio_span, secs, span


def bench_synthetic(builder: Builder, ap: str, tmp: Path, sizes: list[int], runs: int,
                    res: Results, report: Report) -> None:
    folders = {}
    for n in sizes:
        folder = tmp / f"synthetic-{n}"
        synthetic.write_partnership(n, folder)
        check = measure([ap, "validate", "--strict", str(folder)])
        if check.returncode != 0 or "warning" in check.stderr:
            sys.exit(f"the synthetic partnership of {n} does not validate cleanly:\n{check.stderr}")
        folders[n] = folder
    by_size: dict[int, list[Run]] = {n: [] for n in sizes}
    for i in range(runs):
        for n in sizes:   # alternated: 10, 100, 10, 100, …
            report.progress(f"synthetic round {i + 1}/{runs}: {n} plans")
            run = measure(builder.cmd(folders[n], tmp / f"syn-out-{n}-{i}", force=True),
                          sample=True, time_v=True)
            check_ok(run, f"build of the synthetic {n}")
            by_size[n].append(run)
            res.raw.append(
                f"synthetic {n} round {i + 1}: {run.wall:.2f} s ({run.wall / n:.3f} s/plan), cpu "
                f"{run.cpu:.1f} s = {run.cores:.2f} cores, largest process {mb(run.peak)} "
                f"(wait4 {mb(run.maxrss)}, time -v {mb(run.time_v_maxrss)}, sampled "
                f"{mb(run.sampled_peak)} {run.sampled_name}), tree total {mb(run.sampled_total)}, "
                f"{run.processes} processes at once; seen for ≥ 50 ms: {run.names}; consolidated "
                f"step {secs(consolidated_seconds(run))}; bg {run.background:.2f} cpu-s"
                + noisy(run))
    per_plan = {n: med([r.wall / n for r in by_size[n]]) for n in sizes}
    for n in sizes:
        walls = [r.wall for r in by_size[n]]
        runs_n = by_size[n]
        steps = [consolidated_seconds(r) for r in runs_n]
        res.rows.append((f"synthetic {n} plans: cold build", str(len(walls)), secs(med(walls)),
                         span(walls), f"{secs(per_plan[n])} per plan; consolidated step (serial) "
                         f"{secs(med(steps))}", ""))
        res.rows.append((f"synthetic {n} plans: largest process (peak RSS)", str(len(walls)),
                         mb(med([r.peak for r in runs_n])),
                         f"{mb(min(r.peak for r in runs_n))} – {mb(max(r.peak for r in runs_n))}",
                         f"largest: {runs_n[0].sampled_name or '?'}; whole tree at once "
                         f"{mb(med([r.sampled_total for r in runs_n]))}", "≤ 400 MB"))
        res.rows.append((f"synthetic {n} plans: CPU use (user+sys)/wall", str(len(walls)),
                         f"{med([r.cores for r in runs_n]):.2f} cores",
                         f"{min(r.cores for r in runs_n):.2f} – {max(r.cores for r in runs_n):.2f}",
                         f"of {NPROC}", "all cores"))
    fallback = "" if builder.mode == "build" else " (render fallback)"
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        pairs = [b.wall / big / (s.wall / small) for s, b in zip(by_size[small], by_size[big], strict=True)]
        ratio = per_plan[big] / per_plan[small]
        res.rows.append((f"per-plan time {big} / {small}", str(len(pairs)), f"{ratio:.2f}",
                         ratio_span(pairs), "", "≤ 1.15"))
        res.bars.append((f"{big}-plan per-plan time within 1.15 × of {small}-plan" + fallback,
                         f"{ratio:.2f} × ({secs(per_plan[big])} vs {secs(per_plan[small])} per plan)",
                         "≤ 1.15 ×", "met" if ratio <= 1.15 else "NOT met"))
    peak = max(r.peak for rs in by_size.values() for r in rs)
    res.bars.append(("every process ≤ 400 MB peak" + fallback, f"largest {mb(peak)}", "≤ 400 MB",
                     "met" if peak <= 400 * MB else "NOT met"))
    big_runs = by_size[sizes[-1]]
    cores = med([r.cores for r in big_runs])
    res.bars.append((f"all cores used ({sizes[-1]} plans; counted as ≥ 90 % of {NPROC})" + fallback,
                     f"{cores:.2f} cores of {NPROC}", f"≥ {0.9 * NPROC:.1f}",
                     "met" if cores >= 0.9 * NPROC else "NOT met"))
