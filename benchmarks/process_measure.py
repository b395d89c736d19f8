"""Running one process to completion and measuring its whole process tree.

`measure(cmd)` returns a `Run`: wall time (`time.perf_counter`), CPU time and peak RSS of the
tree (`os.wait4`, reaped children included), optionally `/usr/bin/time -v`'s peak RSS and the
RSS of every process of the tree sampled in /proc every 50 ms (`TreeSampler`), and the CPU time
that other processes used meanwhile (busy time in /proc/stat minus the tree's own).

The sampler also keeps the peak RSS of each *role*: actionplan names its worker processes by
the job they run (`ap-plan`, `ap-document`, `ap-summary`, `ap-charts`, `ap-contents`,
`ap-finish`, `ap-word`, `ap-worker` between jobs; Linux `prctl(PR_SET_NAME)`, read back as the `comm` of
/proc/PID/stat), and the main process is the `actionplan` at the top of the tree. A sample
counts for the role the process had when it was taken, and a worker that ran jobs of several
roles counts under their sequence
("ap-summary→ap-plan": a worker keeps the memory of its earlier jobs).

Standard library only (no psutil); Linux /proc.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")
NPROC = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


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
        self.role_peak: dict[str, int] = {}   # role (process name) -> peak rss
        self.roles_of: dict[int, list[str]] = {}   # pid -> the roles it had, in order
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
                roles = self.roles_of.setdefault(pid, [])
                if not roles or roles[-1] != comm:
                    roles.append(comm)
                role = _role(roles)
                self.role_peak[role] = max(self.role_peak.get(role, 0), rss)
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


IDLE_NAMES = ("ap-worker", "actionplan (worker)", "time")
"""A worker's names before and between its jobs, and `/usr/bin/time`'s (its child has that name
until it runs actionplan)."""


def _role(names: list[str]) -> str:
    """The role of a process that had `names` so far: the jobs it ran, in order."""
    jobs = [n for n in names if n not in IDLE_NAMES]
    return "→".join(dict.fromkeys(jobs)) if jobs else names[-1]


def cpu_busy() -> float:
    """Seconds of CPU time the whole machine spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)   # idle + iowait
    guest = sum(values[8:10]) if len(values) > 9 else 0        # already counted in user/nice
    steal = values[7] if len(values) > 7 else 0
    return (sum(values) - idle - guest - steal) / CLK_TCK


def cpu_steal() -> float:
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
    role_peak: dict[str, int] = field(default_factory=dict)   # bytes: peak rss by process name
    lives: list[tuple[str, int]] = field(default_factory=list)
    """Each process of the tree: its roles in order ("ap-worker→ap-summary→ap-plan"), peak rss."""
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
            busy0 = cpu_busy()
            started = time.perf_counter()
            proc = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                    cwd=cwd, env=env)
            sampler = TreeSampler(proc.pid, main_depth=int(time_v and TIME_V)) if sample else None
            if sampler:
                sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            busy1 = cpu_busy()
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
            run.role_peak = dict(sampler.role_peak)
            run.lives = sorted(((_role(sampler.roles_of[pid]), rss)
                                for pid, (rss, comm) in sampler.peak.items()
                                if comm != "time" and rss > 20 * 1024 * 1024),
                               key=lambda life: -life[1])
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


def process_cpu(pid: int) -> float:
    """CPU seconds (user + sys) of a live process and of the children it has reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return 0.0
    fields = data[data.rfind(b")") + 2:].split()
    return sum(int(v) for v in fields[11:15]) / CLK_TCK   # utime, stime, cutime, cstime
