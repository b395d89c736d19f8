"""Rendering in worker processes that never outlive the build.

Plans render in parallel in a `ProcessPoolExecutor` (the `fork` start method: workers start at
once and share what the parent imported). Each job writes its documents to temporary files in
the output folder and returns their names and hashes, so no rendered file travels through a
pipe or waits in the parent's memory (issue 12, item 7).

The parent alone decides when the build stops (issue 12, item 2):
- Workers ignore Ctrl-C (SIGINT reaches the whole process group from a terminal). The parent
  gets KeyboardInterrupt, or SIGTERM/SIGHUP turned into one by the command line, and
  `run_jobs` then stops the workers at once (SIGTERM, SIGKILL after two seconds) instead of
  waiting for the jobs they are running.
- A worker ends when its parent ends, whatever killed it. On Linux the kernel sends it SIGTERM
  (`prctl(PR_SET_PDEATHSIG)`, set when the worker starts). Everywhere, a watcher thread in the
  worker checks twice a second that its parent is still the process that started it: this
  covers macOS and the BSDs, which have no such signal (their workers end within half a
  second of the parent). Windows has no `fork`: workers are spawned, and the watcher works the
  same way there.
- A worker ending on SIGTERM first deletes the temporary font folder WeasyPrint keeps per
  process, so an interrupted build leaves nothing in /tmp.

Workers are named by the job they run (`ap-plan`, `ap-document`, `ap-summary`, `ap-charts`,
`ap-contents`, `ap-finish`, `ap-word`; `ap-worker` between jobs), as `ps`, `top` and
/proc/PID/comm show them (Linux; elsewhere they keep their name): the benchmark's memory
figures per role read these names.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import ActionPlanError
from .outputs import deferred_signals

GRACE = 2.0
"""Seconds a worker gets to end on SIGTERM before it is killed."""
WATCH_INTERVAL = 0.5
"""How often a worker checks that its parent is alive, in seconds."""
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PR_SET_NAME = 15


@dataclass(frozen=True)
class Job:
    """One plan's documents (`plan_id`), or, without a plan id, a `part` of the deliverable."""

    plan_id: str | None = None
    formats: tuple[str, ...] = ()
    """The plan's formats to render (its other outputs are current)."""
    part: str = ""
    """Of the deliverable (`jobs.deliverable_jobs`): `document`, its context with the charts
    drawn; `summary`, the summary's pages of its PDF. (Its last jobs, `pdf` and `docx`: the
    join and the Word document.)"""


Task = Callable[[Job, Any], Any]
"""What a worker does with a job, given the build's shared `work`."""

_WORK: Any = None
_TASK: Task | None = None


def run_jobs(jobs: list[Job], task: Task, work: Any, processes: int, *, isolate: bool = False
             ) -> Results:
    """Each job's `task(job, work)` result as it finishes, with its duration in seconds: in
    this process, or in up to `processes` workers that end when the build is interrupted.
    A single job runs here too, unless `isolate` asks for a worker (to give its memory back).

    Workers start and get their jobs now, when this is called, not when the first result is
    asked for: a build starts the deliverable's cover and contents the moment their inputs
    are ready and goes on collecting the other jobs' results. Close the results
    (`contextlib.closing`) to stop whatever still runs."""
    if processes <= 1 or (len(jobs) <= 1 and not isolate):
        return Results(_here(jobs, task, work))
    method = start_method()
    pool = ProcessPoolExecutor(max_workers=min(processes, len(jobs)),
                               mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(task, work, os.getpid()))
    try:
        # The workers fork during the first submit. A Ctrl-C there would land in an at-fork
        # callback (logging's), where Python prints it and lets it go: it waits until after.
        with deferred_signals(), frozen_for_fork():
            futures: list[Future] = [pool.submit(_do, job) for job in jobs]
    except BaseException:
        stop_workers(pool)
        raise
    return Results(_pooled(pool, futures), pool)


class Results(Iterator[tuple[Job, Any, float]]):
    """What `run_jobs` gives: (job, result, seconds) as each job finishes; `close()` stops
    the workers of those still running (once all are done, it has nothing to stop)."""

    def __init__(self, results: Generator[tuple[Job, Any, float], None, None],
                 pool: ProcessPoolExecutor | None = None) -> None:
        self._results, self._pool = results, pool

    def __next__(self) -> tuple[Job, Any, float]:
        return next(self._results)

    def close(self) -> None:
        self._results.close()
        if self._pool is not None:
            stop_workers(self._pool)


def _here(jobs: list[Job], task: Task, work: Any) -> Generator[tuple[Job, Any, float], None, None]:
    for job in jobs:
        begun = time.perf_counter()
        yield job, task(job, work), time.perf_counter() - begun


def _pooled(pool: ProcessPoolExecutor, futures: list[Future]
            ) -> Generator[tuple[Job, Any, float], None, None]:
    try:
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                raise ActionPlanError("a worker process ended unexpectedly (killed, or out of "
                                      "memory?) while rendering. Nothing was written; earlier "
                                      "outputs are as they were.") from None
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Fork inside this, and each child's garbage collector leaves what it inherited alone.

    Python's `gc.freeze` (its documentation's advice for a process that forks without exec)
    moves every object this process has to a permanent generation, which collections skip.
    A child forked meanwhile keeps them there: its `gc.collect` (`render.memory.give_back`,
    between the steps of a job) then walks only what the child made, not the renderers, the
    partnership and the caches it inherited (in a `build --watch` worker about 70 ms a
    collection, three on the deliverable's path), and never writes to their pages, which stay
    shared with the parent instead of being copied. This process unfreezes them again at once:
    a watch that builds for hours still collects its own garbage.

    A worker forking a process of its own (a large deliverable's document, to draw its
    charts) already has what it inherited frozen: it leaves that as it is, and the new child
    inherits it frozen too. Unfreezing there would have its next collection walk everything
    again."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End every worker now: SIGTERM, then SIGKILL for those still running after `GRACE`."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + GRACE
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)
    pool.shutdown(wait=False, cancel_futures=True)


def _do(job: Job) -> tuple[Job, Any, float]:
    assert _TASK is not None
    begun = time.perf_counter()
    result = _TASK(job, _WORK)
    return job, result, time.perf_counter() - begun


def _start_worker(task: Task, work: Any, parent: int) -> None:
    global _TASK, _WORK
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # so is a closed terminal
    signal.signal(signal.SIGTERM, _leave)
    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them (run_jobs)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    _die_with_parent(parent)
    _TASK, _WORK = task, work
    name_process("ap-worker")


def in_worker() -> bool:
    """Whether this process is a worker of `run_jobs` (not the build's own process, which
    renders jobs itself with -j 1 and --watch)."""
    return _TASK is not None


def name_worker(role: str) -> None:
    """Name this process after the job it starts (`name_process`) when it is a worker; the
    build's own process, rendering a job itself (-j 1, --watch), keeps its name."""
    if in_worker():
        name_process(role)


def name_process(name: str) -> None:
    """Name this process as `ps`, `top` and /proc/PID/comm show it: Linux's `prctl(PR_SET_NAME)`,
    which keeps the first 15 bytes; nothing where it does not exist."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watcher below still works
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        _leave()
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    _leave()


def _leave(signum: int = signal.SIGTERM, _frame: Any = None) -> None:
    """End this worker now, after deleting WeasyPrint's temporary font folders."""
    before_exit()
    os._exit(128 + signum)


def before_exit() -> None:
    """What a process ending with `os._exit` (a stopped worker, an interrupted command) must
    do itself, since `atexit` does not run: delete the temporary font folders WeasyPrint keeps
    for this process's cached fonts (a warm `--watch` process has some), if it loaded any."""
    stylesheets = sys.modules.get("actionplan.render.pdf.stylesheets")
    if stylesheets is not None:
        try:
            stylesheets.delete_font_folders()
        except Exception:  # noqa: BLE001 - leaving anyway; a stale font folder is harmless
            pass


def start_method() -> str:
    """How worker processes start. Linux: fork, so workers start at once and share what the
    parent has imported already. Windows and macOS: spawn, Python's default there (fork does
    not exist on Windows and is unsafe on macOS, whose system libraries may run threads); each
    worker then imports the renderers itself, about a second more per worker."""
    return "fork" if sys.platform.startswith("linux") else "spawn"
