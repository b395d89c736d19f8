"""Bench section: the build of plans/ and the partner's loop, side by side in rounds. Each round:

1. a cold build (fresh output folder, --force) and LibreOffice headless converting the same
   plans' DOCX to PDF in one batch call (the ratio of the pair);
2. the no-op rebuild (and whether any output's mtime changed);
3. the two real text edits of `edits.py` in the largest plan, each rebuilt by a fresh process
   (in a copy of plans/), then the same two edits under one `build --watch` (another copy):
   each ratio to this round's cold build;
4. a fresh `render` of that plan (--force), and the same two edits saved under one
   `render --watch` of it (a third copy): save → new PDF on disk.

The watch processes start (and make their first build) before the rounds and stay warm.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench_watch import WatchSession
from build_command import Builder, check_ok, consolidated_seconds, outputs, plan_files, written_count
from edits import KINDS, edit
from issue15_table import cores_busy, floor
from process_measure import NPROC, Run, measure
from report_format import Report, Results, mb, med, noisy, ratio_span, secs, span


def lo_convert_cmd(soffice: str, profile: Path, out: Path, docx: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)]


def _load(*runs: Run) -> float:
    return cores_busy(sum(r.background for r in runs), sum(r.wall for r in runs))


def _changed(before: dict[str, int], folder: Path) -> list[str]:
    after = outputs(folder)
    return sorted(n for n in after if before.get(n) != after[n])


class _Copies:
    """The copies of plans/ edited during the rounds, and the watch processes on two of them."""

    def __init__(self, builder: Builder, plans: Path, tmp: Path):
        self.fresh = tmp / "plans-fresh"
        self.watched = tmp / "plans-watched"
        self.single = tmp / "plans-single"
        for copy in (self.fresh, self.watched, self.single):
            shutil.copytree(plans, copy)
        self.plan_name = max(plan_files(plans), key=lambda p: p.stat().st_size).name
        self.fresh_out, self.watch_out, self.single_out = (tmp / n for n in
                                                           ("fresh-out", "watch-out", "single-out"))
        check_ok(measure(builder.cmd(self.fresh, self.fresh_out, force=True)), "build of the copy")
        self.sessions: list[WatchSession] = []
        self.build_watch: WatchSession | None = None
        if builder.mode == "build":
            self.build_watch = self._start([builder.ap, "build", str(self.watched), "-o",
                                            str(self.watch_out), "--watch", "-q"], tmp)
        self.render_watch = self._start([builder.ap, "render", str(self.single / self.plan_name),
                                         "-o", str(self.single_out), "--watch", "-q"], tmp)

    def _start(self, cmd: list[str], tmp: Path) -> WatchSession:
        session = WatchSession(cmd, cwd=tmp)
        self.sessions.append(session)
        return session

    def close(self) -> None:
        for session in self.sessions:
            session.close()


def bench_main(builder: Builder, soffice: str, plans: Path, tmp: Path, runs: int, res: Results,
               report: Report) -> None:
    ids = [p.stem for p in plan_files(plans)]
    fig = res.figures
    # Warm-up (untimed): one build, whose plan DOCX files LibreOffice converts below.
    report.progress("warm-up build, LibreOffice profile, copies and watch processes")
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
    copies = _Copies(builder, plans, tmp)
    try:
        _rounds(builder, soffice, plans, tmp, runs, res, report, docx, profile, copies)
    finally:
        copies.close()
    n_docs = len(outputs(tmp / "cold-0"))
    cold = [float(v) for v in res.extra["cold"]]
    lo = [float(v) for v in res.extra["lo"]]
    noop = [float(v) for v in res.extra["noop"]]
    cold_runs: list[Run] = res.extra["cold_runs"]
    lo_runs: list[Run] = res.extra["lo_runs"]
    pairs = fig["cold"].values
    res.rows.append((f"cold build of `{plans.name}/` ({len(ids)} plans, {n_docs} documents), "
                     f"-j default ({NPROC})", str(runs), secs(med(cold)), span(cold),
                     f"{med(pairs):.2f} × LO (pairs {ratio_span(pairs)}); deliverable's PDF "
                     f"{secs(med([consolidated_seconds(r) for r in cold_runs]))}", "≤ 1.5 × LO"))
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
                     f"{'yes' if all(res.extra['noop_clean']) else 'NO'}", "≤ 0.5 s, nothing rewritten"))
    for key, what in (("edit", "fresh process"), ("watch", "`build --watch`"),
                      ("single", "`render --watch`")):
        for kind in KINDS:
            walls = res.extra.get(f"{key}-{kind}-seconds", [])
            if walls:
                ratio = "" if key == "single" else \
                    f"{med(walls) / med(cold):.2f} × cold (median over median)"
                res.rows.append((f"{what}: {kind} edit in `{copies.plan_name}`", str(len(walls)),
                                 secs(med(walls)), span(walls), ratio, ""))
    res.rows.append(("fresh `render` of one plan (--force)", str(runs),
                     secs(med(fig["render"].values)), span(fig["render"].values), "", "≤ 1.2 s"))
    for key in ("edit", "watch"):
        for kind in KINDS:
            sets = res.extra.get(f"{key}-{kind}-rewritten", [])
            if sets:
                res.raw.append(f"rewritten by the {key} rebuilds after a {kind} edit: {sets[0]}"
                               + ("" if all(s == sets[0] for s in sets) else f"; all: {sets}"))
    res.raw.append(f"cold build CPU use: median {med([r.cores for r in cold_runs]):.2f} cores of {NPROC}; "
                   f"largest process median {mb(med([r.maxrss for r in cold_runs]))}")
    fallback = "" if builder.mode == "build" else " (render fallback: not the bar's command)"
    noop_ok = med(noop) <= 0.5 and all(res.extra["noop_clean"])
    res.bars.append(("no-op rebuild ≤ 0.5 s, nothing rewritten" + fallback,
                     f"{secs(med(noop))}, outputs untouched: "
                     f"{'yes' if all(res.extra['noop_clean']) else 'NO'}", "≤ 0.5 s",
                     "met" if noop_ok else "NOT met"))


def _rounds(builder: Builder, soffice: str, plans: Path, tmp: Path, runs: int, res: Results,
            report: Report, docx: list[Path], profile: Path, copies: _Copies) -> None:
    fig, extra = res.figures, res.extra
    fig["render-watch"].note = f"`{copies.plan_name}`: both edits, two saves a round"
    for key in ("cold", "lo", "noop", "noop_clean", "cold_runs", "lo_runs"):
        extra[key] = []
    for i in range(runs):
        report.progress(f"round {i + 1}/{runs}: cold build, LibreOffice, no-op, edits, watch, render")
        out = tmp / f"cold-{i}"
        a = measure(builder.cmd(plans, out, force=True))
        check_ok(a, "cold build")
        lo_out = tmp / f"lo-{i}"
        b = measure(lo_convert_cmd(soffice, profile, lo_out, docx))
        check_ok(b, "LibreOffice batch conversion")
        missing = [d.stem for d in docx if not (lo_out / f"{d.stem}.pdf").exists()]
        if missing:
            sys.exit(f"LibreOffice made no PDF for {missing}:\n{b.stderr}")
        extra["cold"].append(a.wall)
        extra["lo"].append(b.wall)
        extra["cold_runs"].append(a)
        extra["lo_runs"].append(b)
        fig["cold"].add(a.wall / b.wall, _load(a, b), floor(a.cpu) / b.wall)

        before = outputs(out)
        c = measure(builder.cmd(plans, out, force=False))
        check_ok(c, "no-op rebuild")
        extra["noop"].append(c.wall)
        extra["noop_clean"].append(before == outputs(out) and written_count(c) in (0, None))
        line = (f"round {i + 1}: cold {a.wall:.2f} s (deliverable's PDF "
                f"{secs(consolidated_seconds(a))}, cpu {a.cpu:.2f} s = {a.cores:.2f} cores, rss "
                f"{mb(a.maxrss)}, bg {a.background:.2f}) | LibreOffice {b.wall:.2f} s (cpu "
                f"{b.cpu:.2f} s, rss {mb(b.maxrss)}, bg {b.background:.2f}) | ratio "
                f"{a.wall / b.wall:.2f} | no-op {c.wall:.3f} s (bg {c.background:.2f})")
        loud = any(noisy(r) for r in (a, b, c))

        for kind in KINDS:   # fresh process: the plan saved, then `build` again
            before = outputs(copies.fresh_out)
            edit(copies.fresh / copies.plan_name, kind, i + 1)
            d = measure(builder.cmd(copies.fresh, copies.fresh_out, force=False))
            check_ok(d, f"rebuild after a {kind} edit")
            extra.setdefault(f"edit-{kind}-rewritten", []).append(_changed(before, copies.fresh_out))
            extra.setdefault(f"edit-{kind}-seconds", []).append(d.wall)
            fig[f"edit-{kind}"].add(d.wall / a.wall, _load(a, d), floor(d.cpu) / a.wall)
            line += (f" | {kind} edit {d.wall:.2f} s (cpu {d.cpu:.2f} s, bg {d.background:.2f}), "
                     f"ratio {d.wall / a.wall:.2f}")
            loud |= bool(noisy(d))
        if copies.build_watch:
            for kind in KINDS:   # the same edits under `build --watch`: save → built
                before = outputs(copies.watch_out)
                saved = copies.build_watch.save(copies.watched / copies.plan_name, kind, i + 1)
                seconds, bg = saved.seconds, saved.background
                extra.setdefault(f"watch-{kind}-rewritten", []).append(
                    _changed(before, copies.watch_out))
                extra.setdefault(f"watch-{kind}-seconds", []).append(seconds)
                fig[f"watch-{kind}"].add(seconds / a.wall,
                                         cores_busy(a.background + bg, a.wall + seconds),
                                         floor(saved.cpu) / a.wall)
                line += (f" | build --watch {kind} {seconds:.2f} s (cpu {saved.cpu:.2f} s, bg {bg:.2f}), "
                         f"ratio {seconds / a.wall:.2f}")
                loud |= bg / seconds >= 0.2

        r = measure([builder.ap, "render", str(plans / copies.plan_name), "-o",
                     str(tmp / f"render-{i}"), "--force", "-q"])
        check_ok(r, "render of one plan")
        fig["render"].add(r.wall, cores_busy(r.background, r.wall), floor(r.cpu))
        line += f" | render {r.wall:.2f} s (cpu {r.cpu:.2f} s, bg {r.background:.2f})"
        pdf = copies.single_out / copies.plan_name.replace(".yaml", ".pdf")
        for kind in KINDS:   # `render --watch`: save → the new PDF on disk
            saved = copies.render_watch.save(copies.single / copies.plan_name, kind, i + 1,
                                             wait_for=pdf)
            seconds, bg = saved.seconds, saved.background
            extra.setdefault(f"single-{kind}-seconds", []).append(seconds)
            fig["render-watch"].add(seconds, cores_busy(bg, seconds), floor(saved.cpu))
            line += f" | render --watch {kind} {seconds:.2f} s (cpu {saved.cpu:.2f} s, bg {bg:.2f})"
            loud |= bg / seconds >= 0.2
        res.raw.append(line + (" **NOISY**" if loud else ""))
