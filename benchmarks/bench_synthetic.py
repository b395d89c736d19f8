"""Bench section: synthetic partnerships of 10, 100 and 200 plans (`synthetic.py`), alternated —
cold build time, time per plan and its ratio 100/10, CPU use (issue 15: ≥ 1.8 of 2 cores at 100
plans), and the peak RSS of every process by its role (issue 12: every process ≤ 400 MB at 200
plans): the main process, the plan workers, the deliverable's jobs (summary pages, charts,
cover and contents, join, Word document), told apart by the names actionplan gives them."""

from __future__ import annotations

import sys
from pathlib import Path

import synthetic
from build_command import Builder, check_ok, consolidated_seconds
from issue15_table import cores_busy
from process_measure import NPROC, Run, measure
from report_format import MB, Report, Results, mb, med, noisy, ratio_span, secs, span

ROLES = [
    ("actionplan (main)", "main process (validation, fingerprints, commit)"),
    ("ap-plan", "plan workers (one plan's DOCX and PDF a job)"),
    ("ap-document", "the deliverable's context and charts"),
    ("ap-summary", "the deliverable's summary pages, laid out beside the charts' drawing"),
    ("ap-charts", "the deliverable's timeline, drawn in a process of its own (beyond 12 "
     "plans)"),
    ("ap-contents", "the deliverable's cover and contents, once the plans' page counts are "
     "known"),
    ("ap-finish", "finishing worker (join of the plans' PDFs behind the front matter)"),
    ("ap-word", "the deliverable's Word document, beside the join"),
    ("ap-worker", "a worker between jobs"),
    ("actionplan (worker)", "a worker just forked, before it names itself (or code without the "
     "names)"),
]
"""The processes of a build by name (/proc/PID/comm), and what each does."""


def bench_synthetic(builder: Builder, ap: str, tmp: Path, sizes: list[int], runs: dict[int, int],
                    res: Results, report: Report) -> None:
    """`runs[n]`: how many builds of the `n`-plan partnership, alternated with the others."""
    folders = {}
    for n in sizes:
        folder = tmp / f"synthetic-{n}"
        synthetic.write_partnership(n, folder)
        check = measure([ap, "validate", "--strict", str(folder)])
        if check.returncode != 0 or "warning" in check.stderr:
            sys.exit(f"the synthetic partnership of {n} does not validate cleanly:\n{check.stderr}")
        folders[n] = folder
    by_size: dict[int, list[Run]] = {n: [] for n in sizes}
    for i in range(max(runs.values())):
        for n in (n for n in sizes if i < runs[n]):   # alternated: 10, 100, 200, 10, 100, …
            report.progress(f"synthetic round {i + 1}/{runs[n]}: {n} plans")
            run = measure(builder.cmd(folders[n], tmp / f"syn-out-{n}-{i}", force=True),
                          sample=True, time_v=True)
            check_ok(run, f"build of the synthetic {n}")
            by_size[n].append(run)
            roles = ", ".join(f"{name} {mb(rss)}" for name, rss in sorted(run.role_peak.items()))
            res.raw.append(
                f"synthetic {n} round {i + 1}: {run.wall:.2f} s ({run.wall / n:.3f} s/plan), cpu "
                f"{run.cpu:.1f} s = {run.cores:.2f} cores, largest process {mb(run.peak)} "
                f"(wait4 {mb(run.maxrss)}, time -v {mb(run.time_v_maxrss)}, sampled "
                f"{mb(run.sampled_peak)} {run.sampled_name}); peak by role: {roles}; by process: "
                f"{'; '.join(f'{life} {mb(rss)}' for life, rss in run.lives)}; tree total "
                f"{mb(run.sampled_total)}, {run.processes} processes at once; seen for ≥ 50 ms: "
                f"{run.names}; deliverable's PDF {secs(consolidated_seconds(run))}; bg "
                f"{run.background:.2f} cpu-s" + noisy(run))
    per_plan = {n: med([r.wall / n for r in by_size[n]]) for n in sizes}
    for n in sizes:
        runs_n = by_size[n]
        walls = [r.wall for r in runs_n]
        steps = [consolidated_seconds(r) for r in runs_n]
        res.rows.append((f"synthetic {n} plans: cold build", str(len(walls)), secs(med(walls)),
                         span(walls), f"{secs(per_plan[n])} per plan; deliverable's PDF (summary, "
                         "then cover, contents, join) "
                         f"{secs(med(steps))}", ""))
        res.rows.append((f"synthetic {n} plans: largest process (peak RSS)", str(len(walls)),
                         mb(med([r.peak for r in runs_n])),
                         f"{mb(min(r.peak for r in runs_n))} – {mb(max(r.peak for r in runs_n))}",
                         f"largest: {runs_n[0].sampled_name or '?'}; whole tree at once "
                         f"{mb(med([r.sampled_total for r in runs_n]))}", "≤ 400 MB"))
        res.rows.append((f"synthetic {n} plans: CPU use (user+sys)/wall", str(len(walls)),
                         f"{med([r.cores for r in runs_n]):.2f} cores",
                         f"{min(r.cores for r in runs_n):.2f} – {max(r.cores for r in runs_n):.2f}",
                         f"of {NPROC}", "≥ 0.9 × cores"))
    fallback = "" if builder.mode == "build" else " (render fallback)"
    if 10 in sizes and 100 in sizes:
        pairs = [b.wall / 100 / (s.wall / 10) for s, b in zip(by_size[10], by_size[100], strict=False)]
        ratio = per_plan[100] / per_plan[10]
        res.rows.append(("per-plan time 100 / 10", str(len(pairs)), f"{ratio:.2f}",
                         ratio_span(pairs), "", "≤ 1.15"))
        res.bars.append(("100-plan per-plan time within 1.15 × of 10-plan" + fallback,
                         f"{ratio:.2f} × ({secs(per_plan[100])} vs {secs(per_plan[10])} per plan)",
                         "≤ 1.15 ×", "met" if ratio <= 1.15 else "NOT met"))
    _figures(sizes, by_size, res)
    _roles_table(sizes, by_size, res)


def _figures(sizes: list[int], by_size: dict[int, list[Run]], res: Results) -> None:
    """Issue 15's last two figures: the largest process at 200 plans (or at the largest size
    built, said so), the CPU use at 100 plans (or the largest size below)."""
    if "memory-200" not in res.figures:
        return
    memory, cpu = res.figures["memory-200"], res.figures["cpu-100"]
    big = 200 if 200 in sizes else max(sizes)
    for run in by_size[big]:
        memory.add(run.peak, cores_busy(run.background, run.wall))
    largest = max(by_size[big], key=lambda r: r.peak)
    memory.note = f"largest: {_role_of(largest)}"
    if big != 200:
        memory.label = f"{big}-plan synthetic build (200 not built: --quick): largest process"
    at = 100 if 100 in sizes else max(n for n in sizes if n <= 100)
    for run in by_size[at]:
        cpu.add(run.cores, cores_busy(run.background, run.wall))
    if at != 100:
        cpu.label = f"… CPU use at {at} plans (100 not built), of {NPROC} cores"


def _role_of(run: Run) -> str:
    """The role whose process was the largest in `run`."""
    name = max(run.role_peak, key=lambda k: run.role_peak[k] if k != "time" else -1,
               default=run.sampled_name)
    return f"{name} {mb(run.role_peak.get(name, run.peak))}"


def _roles_table(sizes: list[int], by_size: dict[int, list[Run]], res: Results) -> None:
    """Peak RSS per role, for every size: median of the runs (and their largest), as the lines
    of a markdown table in `res.extra["roles_table"]`."""
    seen = {name for runs in by_size.values() for r in runs for name in r.role_peak}
    known = {name for name, _ in ROLES}
    chains = sorted(name for name in seen if "→" in name)   # workers that ran several roles
    others = sorted(seen - known - set(chains) - {"time"})   # e.g. cffi's gcc and ldconfig
    for runs in by_size.values():
        for r in runs:
            r.role_peak["others"] = max((r.role_peak[n] for n in others if n in r.role_peak),
                                        default=0)
    if others:
        seen.add("others")
    lines = ["| role | process name | " + " | ".join(f"{n} plans" for n in sizes)
             + " | every process ≤ 400 MB |", "|---|---|" + "---|" * len(sizes) + "---|"]
    rows = [*ROLES, *((chain, "a worker that ran these jobs in turn") for chain in chains),
            ("others", f"other processes ({', '.join(others)})")]
    for name, what in rows:
        if name not in seen:
            continue
        cells = []
        for n in sizes:
            peaks = [r.role_peak[name] for r in by_size[n] if name in r.role_peak]
            cells.append(f"{mb(med(peaks))} (max {mb(max(peaks))})" if peaks else "–")
        worst = max((r.role_peak.get(name, 0) for r in by_size[max(sizes)]), default=0)
        verdict = "met" if worst <= 400 * MB else "**NOT met**"
        lines.append(f"| {what} | `{name}` | " + " | ".join(cells) + f" | {verdict} at {max(sizes)} |")
    last = by_size[max(sizes)][0]
    lines += ["", f"Each process of the first {max(sizes)}-plan build, with the jobs it ran in "
              "order: " + "; ".join(f"`{life}` {mb(rss)}" for life, rss in last.lives) + "."]
    res.extra["roles_table"] = lines
