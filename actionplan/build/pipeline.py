"""Building a partnership: every plan's DOCX and PDF, and the consolidated deliverable.

The flow is one-way: fingerprint the inputs → (if anything changed) load and validate every
file → render what is out of date, plans in parallel worker processes → write every output
atomically → record the manifest. Nothing is written before everything rendered, and an
unchanged output is neither rendered nor rewritten.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ActionPlanError, Issue, ValidationFailed
from ..load import PROJECT_FILE, find_plan_files, load_partnership
from ..load.templates import search_path
from ..model import Partnership, PlanEntry
from .outputs import Manifest, fingerprint, prepare_folder, write_all


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    formats: tuple[str, ...] = ("docx", "pdf")
    jobs: int = 1
    force: bool = False
    keep_going: bool = False
    consolidated: bool = True
    templates: Path | None = None
    build_time: dt.datetime | None = None
    """The time stamped into documents; from SOURCE_DATE_EPOCH when that is set."""
    only: tuple[str, ...] = ()
    """Plan ids to render (`actionplan render`); empty means all."""


@dataclass(frozen=True)
class Step:
    """One output finished: `rendered` (then `written`), `unchanged`, or `skipped` (an invalid
    plan left out with --keep-going); `total` is how many outputs this build has in all."""

    name: str
    state: str
    seconds: float = 0.0
    total: int = 0


@dataclass
class BuildReport:
    steps: list[Step] = field(default_factory=list)
    warnings: tuple[Issue, ...] = ()
    skipped: list[Issue] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, state: str) -> int:
        return sum(1 for s in self.steps if s.state == state)


Progress = Callable[[Step], None]


def build_time_from_environment(now: dt.datetime) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else `now`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise ActionPlanError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of "
                                  "seconds.") from None
    return now


def consolidated_names(acronym: str, formats: tuple[str, ...]) -> list[str]:
    return [f"{acronym}-action-plans.{fmt}" for fmt in formats]


# --- fingerprints ------------------------------------------------------------------------

def _files_below(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        # Hidden folders and Python's byte-code caches are not inputs of any document.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _common_inputs(folder: Path, options: BuildOptions) -> str:
    """What every output depends on: tool, templates, project.yaml, logos, the build time."""
    plans = set(find_plan_files(folder))
    parts: list[bytes | str] = [__version__, ",".join(options.formats)]
    if os.environ.get("SOURCE_DATE_EPOCH") and options.build_time:
        parts.append(options.build_time.isoformat())
    for template_dir in reversed(search_path(folder, options.templates)):
        for path in _files_below(template_dir):
            parts += [str(path.relative_to(template_dir)), path.read_bytes()]
    for path in _files_below(folder):
        if path not in plans:
            parts += [str(path.relative_to(folder)), path.read_bytes()]
    return fingerprint(parts)


def _plan_prints(folder: Path, common: str) -> dict[str, str]:
    return {path.name.rsplit(".", 1)[0]: fingerprint([common, path.read_bytes()])
            for path in find_plan_files(folder) if path.is_file()}


# --- the build ---------------------------------------------------------------------------

def build_partnership(folder: Path, options: BuildOptions, progress: Progress | None = None
                      ) -> BuildReport:
    """Render what is out of date in `options.output`; see the module docstring."""
    started = time.perf_counter()
    report = BuildReport()
    total = 0

    def note(name: str, state: str, seconds: float = 0.0) -> None:
        report.steps.append(Step(name, state, seconds, total))
        if progress:
            progress(report.steps[-1])

    prepare_folder(options.output)
    manifest = Manifest.read(options.output)

    common = _common_inputs(folder, options)
    plan_prints = _plan_prints(folder, common)
    all_print = fingerprint([common, *sorted(f"{k}:{v}" for k, v in plan_prints.items())])
    if _everything_current(folder, options, manifest, plan_prints, all_print):
        total = len(manifest.entries)
        for name in sorted(manifest.entries):
            note(name, "unchanged")
        report.seconds = time.perf_counter() - started
        return report

    partnership, report.skipped = _load(folder, options)
    report.warnings = partnership.warnings
    entries = [e for e in partnership.plans if not options.only or e.id in options.only]
    total = len(options.formats) * (len(entries) + options.consolidated)
    for issue in report.skipped:
        note(issue.file, "skipped")

    stale = [e for e in entries if options.force
             or not all(manifest.is_current(f"{e.id}.{fmt}", plan_prints[e.id])
                        for fmt in options.formats)]
    for entry in entries:
        if entry not in stale:
            for fmt in options.formats:
                note(f"{entry.id}.{fmt}", "unchanged")

    names = consolidated_names(partnership.project.project.acronym, options.formats)
    deliverable_due = options.consolidated and (
        options.force or bool(stale) or bool(report.skipped)
        or not all(manifest.is_current(n, all_print) for n in names))
    if options.consolidated and not deliverable_due:
        for name in names:
            note(name, "unchanged")

    # The deliverable's job goes first: it is the longest, and runs beside the plans.
    jobs = ([Job()] if deliverable_due else []) + [Job(e.id) for e in stale]
    work = _Work(partnership, options, report.skipped)
    outputs: dict[Path, bytes] = {}
    prints: dict[str, str] = {}
    deliverable: Any = None
    for job, result, seconds in _run_jobs(jobs, work):
        if job.plan_id is None:
            deliverable = result
            continue
        for name, data in result.items():
            outputs[options.output / name] = data
            prints[name] = plan_prints[job.plan_id]
            note(name, "rendered", seconds)

    if deliverable is not None:
        begun = time.perf_counter()
        ctx, files = deliverable
        if "pdf" in options.formats:
            from .consolidate import finish_pdf

            files |= finish_pdf(partnership, ctx, templates=options.templates, output=options.output,
                                build_time=options.build_time, rendered=outputs, prepared=files)
        for name, data in sorted(files.items()):
            outputs[options.output / name] = data
            prints[name] = all_print
            note(name, "rendered", time.perf_counter() - begun)

    write_all(outputs)
    for name, print_ in prints.items():
        manifest.record(name, print_)
    manifest.save()
    report.steps = [Step(s.name, "written", s.seconds, s.total) if s.state == "rendered" else s
                    for s in report.steps]
    report.seconds = time.perf_counter() - started
    return report


def _everything_current(folder: Path, options: BuildOptions, manifest: Manifest,
                        plan_prints: dict[str, str], all_print: str) -> bool:
    """True when no input changed since the outputs were made (no need even to validate)."""
    if options.force or not (folder / PROJECT_FILE).is_file():
        return False
    names = {f"{plan_id}.{fmt}": print_ for plan_id, print_ in plan_prints.items()
             if not options.only or plan_id in options.only for fmt in options.formats}
    if options.consolidated:
        acronym = _recorded_acronym(manifest)
        if acronym is None:
            return False
        names.update({n: all_print for n in consolidated_names(acronym, options.formats)})
    return all(manifest.is_current(name, print_) for name, print_ in names.items())


def _recorded_acronym(manifest: Manifest) -> str | None:
    for name in manifest.entries:
        if name.endswith("-action-plans.pdf") or name.endswith("-action-plans.docx"):
            return name.rsplit("-action-plans.", 1)[0]
    return None


def _load(folder: Path, options: BuildOptions) -> tuple[Partnership, list[Issue]]:
    """Validate; with --keep-going, leave out the plans with errors and say which."""
    try:
        return load_partnership(folder), []
    except ValidationFailed as failed:
        if not options.keep_going:
            raise
        bad_files = {i.file for i in failed.errors}
        project_display = next((i.file for i in failed.errors if i.file.endswith(PROJECT_FILE)), None)
        if project_display:
            raise  # without a valid project.yaml no plan can be rendered
        partnership = load_partnership(folder, exclude=bad_files)
        return partnership, failed.errors


# --- rendering, in parallel -----------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One plan's documents (`plan_id`), or, without a plan id, the deliverable's context and
    DOCX (`consolidate.prepare_deliverable`)."""

    plan_id: str | None = None


@dataclass(frozen=True)
class _Work:
    """What every job needs, handed to each worker process once."""

    partnership: Partnership
    options: BuildOptions
    skipped: list[Issue]


_WORK: _Work | None = None


def _start_worker(work: _Work) -> None:
    global _WORK
    # Ctrl-C is the parent's to handle: it stops the pool and writes nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORK = work


def _do(job: Job, work: _Work | None = None) -> tuple[Job, Any, float]:
    work = work or _WORK
    assert work is not None
    begun = time.perf_counter()
    if job.plan_id is None:
        from .consolidate import prepare_deliverable

        options = work.options
        result: Any = prepare_deliverable(work.partnership, formats=options.formats,
                                          templates=options.templates,
                                          build_time=options.build_time, skipped=work.skipped)
    else:
        entry = next(e for e in work.partnership.plans if e.id == job.plan_id)
        result = render_plan(work.partnership, entry, work.options)
    return job, result, time.perf_counter() - begun


def render_plan(partnership: Partnership, entry: PlanEntry, options: BuildOptions
                ) -> dict[str, bytes]:
    """One plan's documents, by output file name."""
    from ..words.plan import plan_context

    ctx = plan_context(partnership, entry)
    dirs = search_path(partnership.folder, options.templates)
    files: dict[str, bytes] = {}
    if "docx" in options.formats:
        from ..render.docx import docx_bytes

        files[f"{entry.id}.docx"] = docx_bytes(ctx, dirs, build_time=options.build_time)
    if "pdf" in options.formats:
        from ..render.pdf.plan import layout_plan, pdf_bytes

        document = layout_plan(ctx, dirs, [partnership.folder])
        files[f"{entry.id}.pdf"] = pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                                             language=ctx.language, build_time=options.build_time)
    return files


def _run_jobs(jobs: list[Job], work: _Work) -> Iterator[tuple[Job, Any, float]]:
    """Each job's result as it finishes: in this process, or in `options.jobs` workers."""
    if work.options.jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _do(job, work)
        return
    _preload(work.options.formats)
    # fork: workers start at once and share what the parent has imported already.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=min(work.options.jobs, len(jobs)),
                             mp_context=multiprocessing.get_context(method),
                             initializer=_start_worker, initargs=(work,)) as pool:
        futures: list[Future] = [pool.submit(_do, job) for job in jobs]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _preload(formats: tuple[str, ...]) -> None:
    """Import the renderers once, before the workers fork, instead of once in every worker
    (WeasyPrint alone takes about 0.6 s); the parent needs them for the deliverable anyway."""
    if "pdf" in formats:
        import weasyprint  # noqa: F401
    if "docx" in formats:
        import docxtpl  # noqa: F401
