"""Bench section: the build of plans/ — cold build against LibreOffice headless converting the same
plans' DOCX to PDF in one batch call (alternated, ratio per pair), the no-op rebuild (and whether
any output's mtime changed), and the rebuild after one plan changed (ratio to the same round's
cold build)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from build_command import Builder, check_ok, consolidated_seconds, outputs, plan_files, written_count
from process_measure import NPROC, Run, measure
from report_format import Report, Results, mb, med, noisy, ratio_span, secs, span


def lo_convert_cmd(soffice: str, profile: Path, out: Path, docx: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)]


def bench_main(builder: Builder, soffice: str, plans: Path, tmp: Path, runs: int, res: Results,
               report: Report) -> None:
    ids = [p.stem for p in plan_files(plans)]
    # Warm-up (untimed): one build, whose plan DOCX files LibreOffice converts below.
    report.progress("warm-up build and LibreOffice profile")
    warm = tmp / "warm-build"
    check_ok(measure(builder.cmd(plans, warm, force=True)), "warm-up build")
    docx_dir = tmp / "docx"
    docx_dir.mkdir()
    docx = []
    for plan_id in ids:
        shutil.copy2(warm / f"{plan_id}.docx", docx_dir / f"{plan_id}.docx")
        docx.append(docx_dir / f"{plan_id}.docx")
    profile = tmp / "lo-profile"
    for k in range(2):   # the first call creates the profile, the second runs warm
        check_ok(measure(lo_convert_cmd(soffice, profile, tmp / f"lo-warm-{k}", docx[:1])),
                 "LibreOffice warm-up")

    # The copy in which one plan changes each round, built once before the rounds.
    copy = tmp / "plans-copy"
    shutil.copytree(plans, copy)
    changed_plan = max(plan_files(copy), key=lambda p: p.stat().st_size)
    changed_out = tmp / "changed-out"
    check_ok(measure(builder.cmd(copy, changed_out, force=True)), "build of the copy")

    cold, lo, pairs, noop, noop_clean, change, change_ratio = [], [], [], [], [], [], []
    cold_runs: list[Run] = []
    lo_runs: list[Run] = []
    changed_sets = []
    for i in range(runs):
        report.progress(f"round {i + 1}/{runs}: cold build, LibreOffice batch, no-op, one change")
        out = tmp / f"cold-{i}"
        a = measure(builder.cmd(plans, out, force=True))
        check_ok(a, "cold build")
        lo_out = tmp / f"lo-{i}"
        b = measure(lo_convert_cmd(soffice, profile, lo_out, docx))
        check_ok(b, "LibreOffice batch conversion")
        missing = [d.stem for d in docx if not (lo_out / f"{d.stem}.pdf").exists()]
        if missing:
            sys.exit(f"LibreOffice made no PDF for {missing}:\n{b.stderr}")
        cold.append(a.wall)
        cold_runs.append(a)
        lo.append(b.wall)
        lo_runs.append(b)
        pairs.append(a.wall / b.wall)

        before = outputs(out)
        c = measure(builder.cmd(plans, out, force=False))
        check_ok(c, "no-op rebuild")
        after = outputs(out)
        clean = before == after and written_count(c) in (0, None)
        noop.append(c.wall)
        noop_clean.append(clean)

        # A real text edit (a comment alone renders nothing since issue 15): a word added to
        # the first plain action title, a different one every round.
        text = changed_plan.read_text("utf-8")
        title = next(line for line in text.splitlines() if line.strip().startswith("title:")
                     and "#" not in line and '"' not in line)
        changed_plan.write_text(text.replace(title, f"{title} {i + 1}", 1), "utf-8")
        before = outputs(changed_out)
        d = measure(builder.cmd(copy, changed_out, force=False))
        check_ok(d, "rebuild after one change")
        after = outputs(changed_out)
        changed_sets.append(sorted(n for n in after if before.get(n) != after[n]))
        change.append(d.wall)
        change_ratio.append(d.wall / a.wall)
        res.raw.append(
            f"round {i + 1}: cold {a.wall:.2f} s (consolidated step {secs(consolidated_seconds(a))}, "
            f"cpu {a.cpu:.2f} s = {a.cores:.2f} cores, rss "
            f"{mb(a.maxrss)}, bg {a.background:.2f}) | LibreOffice {b.wall:.2f} s (cpu {b.cpu:.2f} s, "
            f"rss {mb(b.maxrss)}, bg {b.background:.2f}) | ratio {a.wall / b.wall:.2f} | no-op "
            f"{c.wall:.3f} s (bg {c.background:.2f}) | one change {d.wall:.2f} s (bg "
            f"{d.background:.2f}), ratio {d.wall / a.wall:.2f}"
            + (" **NOISY**" if any(noisy(r) for r in (a, b, c, d)) else ""))

    n_docs = len(outputs(tmp / "cold-0"))
    res.rows.append((f"cold build of `{plans.name}/` ({len(ids)} plans, {n_docs} documents), "
                     f"-j default ({NPROC})", str(runs), secs(med(cold)), span(cold),
                     f"{med(pairs):.2f} × LO (pairs {ratio_span(pairs)}); consolidated step "
                     f"{secs(med([consolidated_seconds(r) for r in cold_runs]))}",
                     "≤ 1.0 × LO (stretch ≤ 0.5 ×)"))
    quiet = min(range(runs), key=lambda k: cold_runs[k].background + lo_runs[k].background)
    cpu_ratio = med([a.cpu / b.cpu for a, b in zip(cold_runs, lo_runs, strict=True)])
    res.rows.append(("… cold build vs LibreOffice: the quietest pair; CPU time", "1", "",
                     f"{secs(cold[quiet])} vs {secs(lo[quiet])}",
                     f"{pairs[quiet]:.2f} × (bg {cold_runs[quiet].background + lo_runs[quiet].background:.1f}"
                     f" cpu-s); CPU time {cpu_ratio:.1f} × LO's (median)", ""))
    res.rows.append((f"LibreOffice headless, one batch of the {len(docx)} plan DOCX → PDF", str(runs),
                     secs(med(lo)), span(lo), "1.00", "reference"))
    res.rows.append(("no-op rebuild (same output folder)", str(runs), secs(med(noop)), span(noop),
                     f"{med(noop) / med(cold):.2f} × cold; outputs untouched: "
                     f"{'yes' if all(noop_clean) else 'NO'}", "≤ 0.5 s, nothing rewritten"))
    res.rows.append((f"rebuild after one plan changed (`{changed_plan.name}`: a word in a title)",
                     str(runs), secs(med(change)), span(change),
                     f"{med(change_ratio):.2f} × cold (pairs {ratio_span(change_ratio)})",
                     "≤ 0.35 × cold"))
    res.raw.append(f"rewritten by the one-change rebuilds: {changed_sets[0]}"
                   + ("" if all(s == changed_sets[0] for s in changed_sets) else f"; all: {changed_sets}"))
    res.raw.append(f"cold build CPU use: median {med([r.cores for r in cold_runs]):.2f} cores of {NPROC}; "
                   f"largest process median {mb(med([r.maxrss for r in cold_runs]))}")
    fallback = "" if builder.mode == "build" else " (render fallback: not the bar's command)"
    r = med(pairs)
    res.bars.append(("cold build ≤ 1.0 × LibreOffice batch (stretch ≤ 0.5 ×)" + fallback,
                     f"{r:.2f} × ({secs(med(cold))} vs {secs(med(lo))})", "≤ 1.0 ×",
                     ("met" + (", stretch met" if r <= 0.5 else ", stretch not met")) if r <= 1.0
                     else "NOT met"))
    res.bars.append(("no-op rebuild ≤ 0.5 s, nothing rewritten" + fallback,
                     f"{secs(med(noop))}, outputs untouched: {'yes' if all(noop_clean) else 'NO'}",
                     "≤ 0.5 s", "met" if med(noop) <= 0.5 and all(noop_clean) else "NOT met"))
    res.bars.append(("rebuild after one plan changed ≤ 0.35 × cold" + fallback,
                     f"{med(change_ratio):.2f} × ({secs(med(change))})", "≤ 0.35 ×",
                     "met" if med(change_ratio) <= 0.35 else "NOT met"))
