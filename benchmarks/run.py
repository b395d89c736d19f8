"""The speed benchmark of quality.md ("Speed"), side by side in one run.

    python benchmarks/run.py                 # everything: ~5-8 min on a 2-core machine
    python benchmarks/run.py --quick         # fewer runs, no 100-plan partnership
    python benchmarks/run.py --runs 9        # more runs of the main comparisons
    python benchmarks/run.py --profile       # also profile one cold `build -j 1` of plans/
    python benchmarks/run.py --out report.md # also write the printed report to a file

What it measures, each as a whole process (subprocess wall time, `time.perf_counter`):

- `actionplan validate plans`, and whether that path imports WeasyPrint, docxtpl or matplotlib;
- cold `actionplan build plans -o NEW --force` against LibreOffice headless converting the same
  plans' DOCX files to PDF in one batch call (own profile, created and warmed before timing),
  alternated A B A B, with the ratio of each pair;
- the no-op rebuild (same folder again) and whether any output's mtime changed;
- the rebuild after one plan changed (a comment line appended, in a copy of plans/), and its
  ratio to the cold build of the same round;
- synthetic partnerships of 10 and 100 plans (`synthetic.py`), alternated: cold build time,
  time per plan, peak RSS of the largest process (`os.wait4`, `/usr/bin/time -v` and sampling
  every process of the tree in /proc every 50 ms), CPU use ((user+sys) / wall).

While `actionplan build` fails (the consolidated deliverable is being finished), the script
falls back to `actionplan render plans/*.yaml --force` and says so in every table.

Background load matters on a shared machine: for every measurement the CPU time that other
processes used meanwhile (busy time in /proc/stat minus this tree's own CPU time) is recorded
and printed with the raw runs.

Only the standard library is used (psutil is not needed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")
NPROC = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
MB = 1024 * 1024

sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402,I001


# --- running one process and measuring it -------------------------------------------------

def _proc_table() -> dict[int, tuple[int, str, int]]:
    """pid -> (ppid, comm, rss bytes), for every process visible in /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        close = data.rfind(b")")
        comm = data[data.find(b"(") + 1:close].decode(errors="replace")
        fields = data[close + 2:].split()
        table[int(name)] = (int(fields[1]), comm, int(fields[21]) * PAGE)
    return table


class TreeSampler(threading.Thread):
    """Samples the RSS of every process below `root` every `interval` seconds."""

    def __init__(self, root: int, interval: float = 0.05, main_depth: int = 0):
        super().__init__(daemon=True)
        self.root, self.interval, self.main_depth = root, interval, main_depth
        self.stop_event = threading.Event()
        self.peak: dict[int, tuple[int, str]] = {}   # pid -> (peak rss, comm)
        self.peak_total = 0
        self.max_procs = 0
        self.names: dict[int, str] = {}
        self.seen: dict[int, int] = {}

    def run(self) -> None:
        while not self.stop_event.is_set():
            table = _proc_table()
            children: dict[int, list[int]] = {}
            for pid, (ppid, _comm, _rss) in table.items():
                children.setdefault(ppid, []).append(pid)
            todo, tree = [(self.root, 0)], []
            while todo:
                pid, depth = todo.pop()
                if pid in table:
                    tree.append((pid, depth))
                todo += [(child, depth + 1) for child in children.get(pid, [])]
            total = 0
            for pid, depth in tree:
                _ppid, comm, rss = table[pid]
                if comm == "actionplan":   # the build's own processes: the main one or a worker
                    comm += " (main)" if depth <= self.main_depth else " (worker)"
                total += rss
                if rss >= self.peak.get(pid, (0, ""))[0]:
                    self.peak[pid] = (rss, comm)
                self.names[pid] = comm
                self.seen[pid] = self.seen.get(pid, 0) + 1
            self.peak_total = max(self.peak_total, total)
            self.max_procs = max(self.max_procs, len(tree))
            self.stop_event.wait(self.interval)

    def largest(self) -> tuple[int, str]:
        """(peak rss, comm) of the largest process seen, ignoring /usr/bin/time itself."""
        best = (0, "")
        for rss, comm in self.peak.values():
            if comm != "time" and rss > best[0]:
                best = (rss, comm)
        return best


def _cpu_busy() -> float:
    """Seconds of CPU time the whole machine spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)   # idle + iowait
    guest = sum(values[8:10]) if len(values) > 9 else 0        # already counted in user/nice
    steal = values[7] if len(values) > 7 else 0
    return (sum(values) - idle - guest - steal) / CLK_TCK


def _cpu_steal() -> float:
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return (values[7] if len(values) > 7 else 0) / CLK_TCK


@dataclass
class Run:
    cmd: list[str]
    wall: float
    returncode: int
    cpu: float                 # user + sys of the whole process tree (reaped children included)
    maxrss: int                # bytes: largest process of the tree (wait4, RUSAGE_BOTH)
    stdout: str
    stderr: str
    background: float          # CPU seconds other processes used meanwhile
    sampled_peak: int = 0      # bytes: largest process seen by the sampler
    sampled_name: str = ""
    sampled_total: int = 0     # bytes: largest sum of RSS of the tree at one instant
    processes: int = 0         # most processes of the tree alive at once
    names: str = ""            # the processes seen, e.g. "actionplan ×3, time"
    time_v_maxrss: int = 0     # bytes: /usr/bin/time -v "Maximum resident set size"
    note: str = ""

    @property
    def cores(self) -> float:
        return self.cpu / self.wall if self.wall else 0.0

    @property
    def peak(self) -> int:
        return max(self.maxrss, self.sampled_peak, self.time_v_maxrss)


TIME_V = Path("/usr/bin/time").exists()


def measure(cmd: list[str], *, sample: bool = False, time_v: bool = False,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to completion; wall time, CPU time and peak memory of its process tree."""
    with tempfile.TemporaryDirectory(prefix="apbench-io-") as io:
        out_path, err_path, tv_path = (Path(io) / n for n in ("out", "err", "time"))
        full = (["/usr/bin/time", "-v", "-o", str(tv_path)] if time_v and TIME_V else []) + cmd
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            busy0 = _cpu_busy()
            started = time.perf_counter()
            proc = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                    cwd=cwd, env=env)
            sampler = TreeSampler(proc.pid, main_depth=int(time_v and TIME_V)) if sample else None
            if sampler:
                sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            busy1 = _cpu_busy()
            proc.returncode = os.waitstatus_to_exitcode(status)
            if sampler:
                sampler.stop_event.set()
                sampler.join()
        cpu = usage.ru_utime + usage.ru_stime
        run = Run(cmd=cmd, wall=wall, returncode=proc.returncode, cpu=cpu,
                  maxrss=usage.ru_maxrss * 1024,
                  stdout=out_path.read_text(errors="replace"),
                  stderr=err_path.read_text(errors="replace"),
                  background=max(0.0, busy1 - busy0 - cpu))
        if sampler:
            run.sampled_peak, run.sampled_name = sampler.largest()
            run.sampled_total, run.processes = sampler.peak_total, sampler.max_procs
            counts: dict[str, int] = {}
            for pid, comm in sampler.names.items():
                if sampler.seen[pid] >= 2:   # ≥ 50 ms: not a fork about to exec
                    counts[comm] = counts.get(comm, 0) + 1
            run.names = ", ".join(f"{c} ×{k}" if k > 1 else c for c, k in sorted(counts.items()))
        if time_v and TIME_V and tv_path.exists():
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv_path.read_text())
            if found:
                run.time_v_maxrss = int(found.group(1)) * 1024
    return run


# --- statistics and formatting ---------------------------------------------------------------

def noisy(run: Run) -> str:
    """A mark for a measurement during which other processes used ≥ 0.2 cores on average."""
    return " **NOISY**" if run.background / run.wall >= 0.2 else ""


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def secs(value: float) -> str:
    if value != value:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def span(values: list[float]) -> str:
    return f"{secs(min(values))} – {secs(max(values))}" if values else "–"


def ratio_span(values: list[float]) -> str:
    return f"{min(values):.2f} – {max(values):.2f}" if values else "–"


def mb(value: float) -> str:
    return f"{value / MB:.0f} MB"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def progress(self, text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)


# --- the environment ----------------------------------------------------------------------------

def make_snapshot(tmp: Path, ref: str | None = None) -> Path:
    """A copy of the package and its templates as they are now (or at git `ref`), measured
    instead of the live working tree (colleagues' edits during the run would otherwise change
    what is measured, and invalidate the build manifests between the rounds)."""
    import compileall
    import tarfile

    snap = tmp / "snapshot"
    if ref:
        archive = tmp / "snapshot.tar"
        subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(archive), ref,
                        "actionplan", "templates"], check=True)
        snap.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(snap, filter="data")
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "actionplan", snap / "actionplan", ignore=ignore)
        shutil.copytree(REPO / "templates", snap / "templates", ignore=ignore)
    compileall.compile_dir(str(snap / "actionplan"), quiet=1)
    return snap


def tree_digest(root: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for folder in ("actionplan", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def actionplan_exe() -> str:
    """The package's console script itself, not a version-manager shim in front of it."""
    beside = Path(sys.executable).parent / "actionplan"
    return str(beside) if beside.exists() else (shutil.which("actionplan") or "actionplan")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _first_line(cmd: list[str]) -> str:
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
    report(f"| actionplan | {_first_line([ap, '--version'])} (repo {git.stdout.strip() or '?'}) |")
    for dist in ("weasyprint", "docxtpl", "python-docx", "pydantic", "matplotlib", "pypdf"):
        report(f"| {dist} | {_version(dist)} |")
    report(f"| libharfbuzz-subset0 | {harfbuzz.stdout.strip() or 'not installed'} |")
    report(f"| LibreOffice | {_first_line([soffice, '--version']) if soffice else 'not found'} |")
    report()


# --- the build command, or its fallback ------------------------------------------------------------

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
    """The consolidated deliverable's step, as `build -v` reports it (nan when absent)."""
    found = re.search(r"-action-plans\.pdf \((\d+\.\d+) s\)", run.stdout)
    return float(found.group(1)) if found else float("nan")


def written_count(run: Run) -> int | None:
    found = re.search(r"(\d+) written", run.stdout)
    return int(found.group(1)) if found else None


# --- the measurements ----------------------------------------------------------------------------

@dataclass
class Results:
    rows: list[tuple[str, ...]] = field(default_factory=list)
    bars: list[tuple[str, str, str, str]] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)


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

        with open(changed_plan, "a", encoding="utf-8") as handle:
            handle.write(f"# benchmark edit {i + 1}\n")
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
    res.rows.append((f"rebuild after one plan changed (`{changed_plan.name}` + 1 comment line)",
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


# --- profile ----------------------------------------------------------------------------------------

PROFILE_BUCKETS = [
    # (label, dotted name of a function or method); missing names are left out
    ("whole build", "actionplan.build.build_partnership"),
    ("fingerprints of the inputs", "actionplan.build._common_inputs"),
    ("load + validate", "actionplan.load.load_partnership"),
    ("plan contexts", "actionplan.context.plan_context"),
    ("plan DOCX", "actionplan.render_docx.docx_bytes"),
    ("  docxtpl render", "docxtpl.template.DocxTemplate.render"),
    ("plan PDF layout (incl. the first `import weasyprint`)", "actionplan.render_pdf.layout_plan"),
    ("  Jinja HTML", "actionplan.render_pdf.render_html"),
    ("  stylesheets and fonts", "actionplan.render_pdf._stylesheets"),
    ("  WeasyPrint HTML parsing", "weasyprint.HTML.__init__"),
    ("  WeasyPrint CSS parsing", "weasyprint.CSS.__init__"),
    ("  WeasyPrint HTML.render", "weasyprint.HTML.render"),
    ("    computed styles", "weasyprint.css.get_all_computed_styles"),
    ("    box tree", "weasyprint.formatting_structure.build.build_formatting_structure"),
    ("    layout", "weasyprint.layout.layout_document"),
    ("plan PDF writing", "actionplan.render_pdf.pdf_bytes"),
    ("  WeasyPrint write_pdf", "weasyprint.document.Document.write_pdf"),
    ("    fonts (subsetting, embedding)", "weasyprint.pdf.fonts.build_fonts_dictionary"),
    ("consolidated deliverable", "actionplan.consolidate.consolidated_files"),
    ("  summary", "actionplan.summary.build_summary"),
    ("  deliverable context", "actionplan.deliverable.deliverable_context"),
    ("  charts: timeline PNG", "actionplan.charts.timeline_png"),
    ("  charts: timeline SVG", "actionplan.charts.timeline_svg"),
    ("  charts: flows PNG", "actionplan.charts.flows_png"),
    ("  charts: flows SVG", "actionplan.charts.flows_svg"),
    ("  consolidated DOCX", "actionplan.render_docx.consolidated_docx_bytes"),
    ("  consolidated PDF", "actionplan.render_pdf.consolidated_pdf_bytes"),
    ("  consolidated PDF", "actionplan.render_pdf_consolidated.consolidated_pdf_bytes"),
    ("    front matter layout", "actionplan.render_pdf_consolidated.layout_front"),
    ("    joining the plan PDFs (pypdf)", "actionplan.render_pdf_consolidated._join"),
    ("writing outputs", "actionplan.outputs.write_all"),
]


def _short(filename: str) -> str:
    return re.sub(r".*/(site-packages|lib/python3\.\d+|snapshot|work/main)/", "", filename)


def _code_key(dotted: str) -> tuple[str, int, str] | None:
    """The pstats key (file, first line, name) of a function given by its dotted name."""
    import importlib
    import inspect

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
            code = inspect.unwrap(obj).__code__
        except AttributeError:
            return None
        return code.co_filename, code.co_firstlineno, code.co_name
    return None


def bench_profile(builder: Builder, ap: str, plans: Path, tmp: Path, report: Report) -> None:
    import pstats

    report.progress("profile: -X importtime, cProfile of build -j 1")
    # One process, so that the profile sees all the work: `build -j 1`; `render` has no -j and
    # uses os.cpu_count(), which the harness below sets to 1.
    jobs = 1 if builder.mode == "build" else None
    one_core = {**os.environ, "APBENCH_ONE_CORE": "1"}
    harness = ("import os, sys\n"
               "if os.environ.get('APBENCH_ONE_CORE'): os.cpu_count = lambda: 1\n"
               "prof_path = sys.argv[1]\n"
               "import cProfile\n"
               "profiler = cProfile.Profile() if prof_path != '-' else None\n"
               "profiler and profiler.enable()\n"
               "from actionplan.cli import main\n"
               "try:\n"
               "    main(sys.argv[2:], prog_name='actionplan')\n"
               "except SystemExit as stop:\n"
               "    code = stop.code\n"
               "else:\n"
               "    code = 0\n"
               "profiler and profiler.disable()\n"
               "profiler and profiler.dump_stats(prof_path)\n"
               "sys.exit(code)\n")
    plain = measure([sys.executable, "-c", harness, "-",
                     *builder.cmd(plans, tmp / "prof-plain", force=True, jobs=jobs)[1:]], env=one_core)
    check_ok(plain, "unprofiled one-process build")
    args = builder.cmd(plans, tmp / "prof-imports", force=True, jobs=jobs)[1:]
    trace = subprocess.run([sys.executable, "-X", "importtime", "-c", harness, "-", *args],
                           capture_output=True, text=True, env=one_core)
    top_level: dict[str, int] = {}
    for line in trace.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        name = parts[-1]
        if name.startswith(" ") and not name.startswith("  "):   # depth 0 (one leading space)
            try:
                top_level[name.strip()] = int(parts[1])
            except ValueError:
                pass
    imports_total = sum(top_level.values()) / 1e6
    stats_path = tmp / "build.prof"
    prof_args = builder.cmd(plans, tmp / "prof-out", force=True, jobs=jobs)[1:]
    profiled = measure([sys.executable, "-c", harness, str(stats_path), *prof_args], env=one_core)
    check_ok(profiled, "profiled build")
    stats = pstats.Stats(str(stats_path))
    table = stats.stats   # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in table.values())   # all profiled time


    report("## Profile of one cold build of `plans/` in one process (-j 1)")
    report()
    shown_args = [a.replace(str(plans), plans.name).replace(str(tmp), "TMP") for a in prof_args]
    report(f"Command: `{' '.join(['actionplan', *shown_args])}`, in one process. Without the "
           f"profiler it took {plain.wall:.2f} s (cpu {plain.cpu:.2f} s); under cProfile "
           f"{profiled.wall:.2f} s "
           f"(profiler overhead inflates many small calls, so read shares, not absolute times).")
    report()
    report(f"Imports (`python -X importtime`, top-level modules, {imports_total:.2f} s in all):")
    report()
    report("| module | cumulative import time |")
    report("|---|---|")
    for name, us in sorted(top_level.items(), key=lambda kv: -kv[1])[:12]:
        report(f"| {name} | {us / 1000:.0f} ms |")
    report()
    report(f"Where the time goes (cProfile cumulative; whole process {total:.2f} s):")
    report()
    report("| part | cumulative | share | calls |")
    report("|---|---|---|---|")
    for label, dotted in PROFILE_BUCKETS:
        key = _code_key(dotted)
        if key and key in table:
            _cc, calls, _tt, seconds, _callers = table[key]
            report(f"| {label} (`{dotted.split('.', 1)[1]}`) | {seconds:.2f} s | "
                   f"{seconds / total:.0%} | {calls} |")
    report()
    report("Top 25 functions by cumulative time:")
    report()
    report("| function | cumulative | own | calls |")
    report("|---|---|---|---|")
    rows = sorted(table.items(), key=lambda kv: -kv[1][3])
    shown = 0
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in rows:
        if name in ("<module>", "<built-in method builtins.exec>", "run_module", "_run_code",
                    "_run_module_code", "main", "runctx", "__call__", "invoke") or \
                filename.startswith("<frozen"):
            continue
        short = _short(filename)
        report(f"| `{short}:{line}({name})` | {ct:.2f} s | {tt:.2f} s | {nc} |")
        shown += 1
        if shown == 25:
            break
    report()
    report("Top 15 functions by own time:")
    report()
    report("| function | own | calls |")
    report("|---|---|---|")
    for (filename, line, name), (_cc, nc, tt, _ct, _callers) in \
            sorted(table.items(), key=lambda kv: -kv[1][2])[:15]:
        short = _short(filename)
        report(f"| `{short}:{line}({name})` | {tt:.2f} s | {nc} |")
    report()
    kept = Path(tempfile.gettempdir()) / "actionplan-build.prof"
    shutil.copy2(stats_path, kept)
    report(f"(The raw profile is kept in {kept}: `python -m pstats {kept}`.)")
    report()


# --- main -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The speed benchmark of quality.md.")
    parser.add_argument("--quick", action="store_true", help="fewer runs; no 100-plan partnership")
    parser.add_argument("--runs", type=int, help="runs of validate and of each main comparison "
                        "(default 7, quick 5)")
    parser.add_argument("--synthetic-runs", type=int, help="runs of each synthetic size "
                        "(default 3, quick 2)")
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
    syn_runs = args.synthetic_runs or (2 if args.quick else 3)
    plans = args.plans.resolve()
    out_file = args.out.resolve() if args.out else None
    start_cwd = os.getcwd()

    ap = actionplan_exe()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    report = Report()
    busy0, steal0, started = _cpu_busy(), _cpu_steal(), time.perf_counter()
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
                  f"({_first_line(['git', '-C', str(REPO), 'rev-parse', '--short', args.ref])}, "
                  f"content digest {tree_digest(snapshot)})." if snapshot and args.ref else
                  f"a snapshot of the working tree's actionplan/ and templates/ taken at the start "
                  f"(content digest {tree_digest(snapshot)})." if snapshot else
                  f"the live working tree (content digest {live_digest} at the start)."))
        if probe_error:
            report(f"`actionplan build` failed: `{probe_error}`")
        report()
        res = Results()
        if not args.profile_only:
            bench_validate(ap, plans, max(runs, 5) * 2, res, report)
            if soffice is None:
                sys.exit("soffice (LibreOffice) is not installed: it is the reference.")
            bench_main(builder, soffice, plans, tmp, runs, res, report)
            sizes = [10] if args.quick else [10, 100]
            bench_synthetic(builder, ap, tmp, sizes, syn_runs, res, report)

            report("## Results")
            report()
            report("| measurement | runs | median | min – max | ratio / note | bar |")
            report("|---|---|---|---|---|---|")
            for row in res.rows:
                report("| " + " | ".join(row) + " |")
            report()
            report("## Bars of quality.md")
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
        other = max(0.0, _cpu_busy() - busy0 - ours)
        report("## Noise")
        report()
        report(f"Benchmark wall time {wall:.0f} s. Other processes used {other:.1f} core-seconds "
               f"meanwhile (≈ {other / wall:.2f} of {NPROC} cores on average); CPU steal "
               f"{_cpu_steal() - steal0:.1f} s; load average at the end "
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
