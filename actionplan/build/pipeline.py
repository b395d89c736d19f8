"""Building a partnership: every plan's DOCX and PDF, and the consolidated deliverable.

The flow is one-way: check the build record (nothing changed: done, without even loading) →
load and validate every file, each read once (`load.inputs`) → render what is out of date,
plans in parallel workers (`workers`), each document written to a temporary file as it
arrives → rename them all into place, keeping hand-edited outputs aside (`outputs.commit`) →
record the manifest (`manifest`). Nothing is renamed into place before everything rendered;
an unchanged output is neither rendered nor rewritten; fingerprints come from the bytes the
documents were made from (`fingerprints`).

With `--keep-going`, a plan that has errors — found by validation or only when rendering —
is left out: every other plan is rendered, and the deliverable lists the plan and its errors
among its open points (issue 12, item 6).
"""

from __future__ import annotations

import dataclasses
import os
import time
from contextlib import ExitStack, closing
from pathlib import Path
from typing import Any

from ..errors import ActionPlanError, Issue, ValidationFailed
from ..load import PROJECT_FILE, find_plan_files, load_partnership
from ..load.inputs import Inputs
from ..model import Partnership, PlanEntry
from .fingerprints import (
    Prints,
    content_digests,
    digests_of,
    prints_of,
    recorded_inputs_now,
    settings_print,
)
from .jobs import (
    Failed,
    Front,
    Work,
    claimed_partner,
    contents_task,
    deliverable_jobs,
    fill_workers,
    finish_task,
    preload,
    run_task,
    word_task,
)
from .manifest import Manifest, file_sha256
from .options import BuildOptions, consolidated_names
from .outputs import (
    Committed,
    Rendered,
    build_token,
    commit,
    deferred_signals,
    output_lock,
    prepared_folder,
    remove_stale_temps,
    remove_temps,
    rewritten,
)
from .report import BuildReport, Progress, Step
from .work_cache import forgotten_on_failure
from .workers import Job, Results, run_jobs


def build_partnership(folder: Path, options: BuildOptions, progress: Progress | None = None
                      ) -> BuildReport:
    """Render what is out of date in `options.output`; see the module docstring.

    Raises `ActionPlanError` (with `ValidationFailed` for the files' errors); an interrupted
    build (KeyboardInterrupt) leaves every output whole and no temporary file behind.
    """
    started = time.perf_counter()
    if not folder.is_dir():
        raise ActionPlanError(_no_folder(folder, options.output))
    token = build_token()
    with prepared_folder(options.output), output_lock(options.output) as locked:
        if locked:
            remove_stale_temps(options.output)
        try:
            build = _Build(folder, options, progress, token)
            with forgotten_on_failure(options.output):
                build.run()
        finally:
            remove_temps(options.output, token)
    build.report.seconds = time.perf_counter() - started
    return build.report


def _no_folder(folder: Path, output: Path) -> str:
    if (Path.cwd() / PROJECT_FILE).is_file():
        return (f"{folder}: no such folder. This folder holds {PROJECT_FILE}: build it with "
                f"`actionplan build . -o {output}`.")
    return (f"{folder}: no such folder. Name the partnership folder, the one holding "
            f"{PROJECT_FILE}: `actionplan build FOLDER -o {output}`.")


class _Build:
    """One build into one output folder (held by `output_lock`): its record, what it notes
    for the progress, and its report."""

    def __init__(self, folder: Path, options: BuildOptions, progress: Progress | None,
                 token: str):
        self.folder, self.options, self.progress, self.token = folder, options, progress, token
        self.report = BuildReport()
        self.total = 0
        self.manifest = Manifest.read(options.output)
        self.report.damaged_record = self.manifest.damaged
        self.shas: dict[str, str | None] = {}

    def note(self, name: str, state: str, seconds: float = 0.0) -> None:
        self.report.steps.append(Step(name, state, seconds, self.total))
        if self.progress:
            self.progress(self.report.steps[-1])

    # --- is an output current? ------------------------------------------------------------

    def current(self, name: str, print_: str) -> bool:
        """True when `name` was made from `print_` and still holds the bytes written."""
        entry = self.manifest.outputs.get(name)
        return bool(entry and entry.fingerprint == print_ and self.sha(name) == entry.sha256)

    def sha(self, name: str) -> str | None:
        if name not in self.shas:
            path = self.options.output / name
            try:
                self.shas[name] = file_sha256(path) if path.is_file() and not path.is_symlink() \
                    else None
            except OSError:
                self.shas[name] = None
        return self.shas[name]

    def expected(self, prints: Prints, acronym: str) -> dict[str, str]:
        """Every output this build is responsible for, with the fingerprint it must have."""
        options = self.options
        names = {f"{plan_id}.{fmt}": print_ for plan_id, print_ in prints.plans.items()
                 if not options.only or plan_id in options.only for fmt in options.formats}
        if options.consolidated:
            names.update({n: prints.deliverable
                          for n in consolidated_names(acronym, options.formats)})
        return names

    def orphans(self, plan_ids: set[str], acronym: str | None) -> list[str]:
        """Recorded outputs still in the folder that belong to no current plan or deliverable."""
        ours = {f"{p}.{fmt}" for p in plan_ids for fmt in ("docx", "pdf")}
        ours |= set(consolidated_names(acronym, ("docx", "pdf"))) if acronym else set()
        for name in [n for n in self.manifest.outputs
                     if not os.path.lexists(self.options.output / n)]:
            del self.manifest.outputs[name]  # deleted by the user: forget it
        return sorted(n for n in self.manifest.outputs if n not in ours)

    # --- the build ------------------------------------------------------------------------

    def run(self) -> None:
        options = self.options
        pinned = os.environ.get("SOURCE_DATE_EPOCH") and options.build_time
        settings = settings_print(self.folder, options.formats, options.templates,
                                  pinned.isoformat() if pinned else None)
        plan_files = {path.name.rsplit(".", 1)[0]: path.name
                      for path in find_plan_files(self.folder)}
        if self.up_to_date(settings, plan_files):
            return

        inputs = Inputs(self.folder)
        partnership, skipped, with_errors = self.load(inputs)
        self.report.warnings, self.report.skipped = partnership.warnings, skipped
        if options.templates:  # its label catalogues too (validate does not know the folder)
            from ..load.languages import override_catalogue_issues
            from ..load.templates import search_path

            self.report.warnings += tuple(i for i in override_catalogue_issues(
                search_path(self.folder, options.templates), str) if i not in self.report.warnings)
        # With plans left out, the deliverable lists their errors at their lines: bytes count.
        by_content = digests_of if skipped else content_digests
        prints = prints_of(settings, by_content(inputs.files), plan_files)
        acronym = partnership.project.project.acronym
        entries = [e for e in partnership.plans if not options.only or e.id in options.only]
        self.total = len(options.formats) * (len(entries) + options.consolidated)
        for file in sorted({issue.file for issue in skipped}):
            self.note(file, "skipped")

        stale: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            formats = tuple(f for f in options.formats if options.force
                            or not self.current(f"{entry.id}.{f}", prints.plans[entry.id]))
            stale[entry.id] = formats
            for fmt in options.formats:
                if fmt not in formats:
                    self.note(f"{entry.id}.{fmt}", "unchanged")
        names = consolidated_names(acronym, options.formats)
        due = options.consolidated and (options.force or bool(skipped) or not all(
            self.current(n, prints.deliverable) for n in names))
        if options.consolidated and not due:
            for name in names:
                self.note(name, "unchanged")

        work = Work(partnership, options, skipped, with_errors, self.token)
        rendered, work = self.render(work, [Job(e, f) for e, f in stale.items() if f], due, prints)
        self.manifest.inputs, self.manifest.plans = digests_of(inputs.files), plan_files
        self.manifest.acronym = acronym
        self.report.orphans = self.orphans(set(plan_files), acronym)
        with deferred_signals():
            self.finish(commit(options.output, rendered, self.manifest))

    def up_to_date(self, settings: str, plan_files: dict[str, str]) -> bool:
        """True (and every output noted unchanged) when no input changed since the outputs
        were made: no need even to validate. Reads only the files the last build read."""
        manifest, options = self.manifest, self.options
        if options.force or not manifest.plans or plan_files != manifest.plans:
            return False
        if manifest.acronym is None or not (self.folder / PROJECT_FILE).is_file():
            return False
        files = recorded_inputs_now(self.folder, manifest.inputs)
        if files is None or digests_of(files) != manifest.inputs:
            return False  # a changed file is validated again, even if it renders nothing
        expected = self.expected(prints_of(settings, content_digests(files), plan_files),
                                 manifest.acronym)
        if not all(self.current(name, print_) for name, print_ in expected.items()):
            return False
        self.total = len(expected)
        for name in sorted(expected):
            self.note(name, "unchanged")
        self.report.orphans = self.orphans(set(plan_files), manifest.acronym)
        return True

    @property
    def only(self) -> tuple[str, ...] | None:
        """`render PLAN`: that plan, project.yaml and their rules; None for every plan."""
        return self.options.only or None

    def load(self, inputs: Inputs) -> tuple[Partnership, list[Issue], tuple[str, ...]]:
        """Validate; with --keep-going, leave out the plans with errors and say which (their
        partners, where the file says, have a plan: with errors)."""
        try:
            return load_partnership(self.folder, only=self.only, inputs=inputs), [], ()
        except ValidationFailed as failed:
            if not self.options.keep_going:
                raise
            if any(i.file.endswith(PROJECT_FILE) for i in failed.errors):
                raise  # without a valid project.yaml no plan can be rendered
            bad = {i.file for i in failed.errors}
            partnership = load_partnership(self.folder, exclude=bad, only=self.only, inputs=inputs)
            claimed = tuple(sorted(filter(None, (claimed_partner(inputs, Path(f).name)
                                                 for f in bad))))
            return partnership, failed.errors, claimed

    def render(self, work: Work, jobs: list[Job], due: bool, prints: Prints
               ) -> tuple[list[tuple[Rendered, str | None, str]], Work]:
        """Render the jobs, and the deliverable's around them (`deliverable_jobs`); each output
        waits in a temporary file. Plans that fail with --keep-going are left out of the
        deliverable."""
        plans: list[tuple[Rendered, str | None, str]] = []
        failed: dict[str, str] = {}
        deliverable: dict[str, Any] = {}  # its results by part (`deliverable_jobs`)
        seconds_of: dict[str, float] = {}
        workers = self.options.jobs
        all_jobs = fill_workers(deliverable_jobs(self.options.formats, jobs,
                                                 len(work.partnership.plans)) if due else jobs,
                                workers)
        if 1 < workers < len(all_jobs):
            # Workers that run several jobs each share the renderers imported once, here;
            # with a job per worker each imports what it needs beside the others instead.
            preload(self.options.formats)
        # what the cover and contents wait for: the summary's pages and the plans' PDFs
        waiting = {job.plan_id or job.part for job in all_jobs
                   if "pdf" in job.formats or job.part == "summary"}
        with ExitStack() as running:
            results = running.enter_context(closing(run_jobs(all_jobs, run_task, work,
                                                             workers)))
            contents: Results | None = None
            word: Results | None = None
            for job, result, seconds in results:
                if job.plan_id is None:
                    deliverable[job.part], seconds_of[job.part] = result, seconds
                elif isinstance(result, Failed):
                    if job.plan_id not in failed:  # its other format's job may fail too
                        self.note(job.plan_id, "skipped")
                    failed[job.plan_id] = result.message
                else:
                    for output in result:
                        plans.append((output, job.plan_id, prints.plans[job.plan_id]))
                        self.note(output.name, "rendered", output.seconds or seconds)
                if "pdf" in job.formats or job.part == "summary":
                    waiting.discard(job.plan_id or job.part)
                if not waiting and not failed and contents is None and _context(deliverable):
                    # started now: the deliverable's document may still be drawing its charts
                    contents = running.enter_context(closing(self.contents(work, deliverable,
                                                                           plans)))
                if job.part == "document" and not failed:
                    # started now, beside the jobs still running: it needs only the charts
                    word = running.enter_context(closing(self.word(work, result)))
            if failed:
                work = self.leave_out(work, failed)
                plans = [p for p in plans if p[1] not in failed]
                deliverable = ({job.part: run_task(job, work)
                                for job in deliverable_jobs(self.options.formats)}
                               if self.options.consolidated else {})
                contents = word = None
            if not deliverable:
                return plans, work
            word = word or running.enter_context(closing(self.word(work, deliverable["document"])))
            files, seconds_of["pdf"] = [], seconds_of.get("summary", 0.0)
            laid_out = None
            if "pdf" in self.options.formats:
                contents = contents or running.enter_context(
                    closing(self.contents(work, deliverable, plans)))
                [(_, laid_out, seconds)] = list(contents)
                seconds_of["pdf"] += seconds
                front = Front(work, deliverable["document"],
                              [self.plan_pdf(e, plans) for e in work.partnership.plans],
                              deliverable["summary"][1], laid_out)
                # Joining 200 plans takes some 300 MB: in a worker of its own, that memory
                # is given back when it ends, and this process stays small.
                with closing(run_jobs([Job()], finish_task, front, self.options.jobs,
                                      isolate=True)) as finished:
                    for _, result, seconds in finished:
                        files += result
                        seconds_of["pdf"] += seconds
            for _, result, seconds in word:
                seconds_of["docx"] = seconds_of.get("document", 0.0) + seconds
                # its contents get the PDF's page numbers, now they are known
                files += [self.numbered(output, laid_out.pages) if laid_out else output
                          for output in result]
            files.sort(key=lambda output: output.name)  # as a plan's: the DOCX, then the PDF
        for output in files:  # the summary, contents and join; the charts and Word document
            self.note(output.name, "rendered", seconds_of[output.name.rsplit(".", 1)[-1]])
        return plans + [(output, None, prints.deliverable) for output in files], work

    def word(self, work: Work, ctx: Any) -> Results:
        """The deliverable's Word document (if DOCX is a format) in a process of its own,
        started now: it needs only the charts (`ctx`); its XML tree goes with that process."""
        jobs = [Job(part="docx")] if "docx" in self.options.formats else []
        return run_jobs(jobs, word_task, Front(work, ctx, []), self.options.jobs, isolate=True)

    def numbered(self, output: Rendered, pages: dict[str, int]) -> Rendered:
        """The Word document waiting in `output`, its contents given the PDF's `pages`."""
        from .consolidate import number_word_document

        data = number_word_document(output.temp.read_bytes(), pages, self.options.build_time)
        return rewritten(output, data, self.options.output, self.token)

    def contents(self, work: Work, deliverable: dict[str, Any],
                 plans: list[tuple[Rendered, str | None, str]]) -> Results:
        """The cover and contents (`_context`), laid out in a process of their own, started
        now: the join's process then starts without a layout's leftovers (some 60 MB at 200
        plans)."""
        summary = deliverable["summary"][1]
        front = Front(work, _context(deliverable),
                      [self.plan_pdf(e, plans) for e in work.partnership.plans], summary=summary)
        return run_jobs([Job()], contents_task, front, self.options.jobs, isolate=True)

    def leave_out(self, work: Work, failed: dict[str, str]) -> Work:
        """The work without the plans that failed to render, which become errors."""
        partnership = work.partnership
        left = [e for e in partnership.plans if e.id in failed]
        issues = [Issue(e.display, 1, 1, "", f"this plan could not be rendered: {failed[e.id]}")
                  for e in left]
        self.report.skipped = sorted([*work.skipped, *issues])
        return dataclasses.replace(
            work, skipped=self.report.skipped,
            partners_with_errors=(*work.partners_with_errors, *(e.plan.partner for e in left)),
            partnership=dataclasses.replace(
                partnership, plans=tuple(e for e in partnership.plans if e.id not in failed)))

    def plan_pdf(self, entry: PlanEntry, plans: list[tuple[Rendered, str | None, str]]) -> Path:
        """Where a plan's PDF for the deliverable is: rendered now (its temporary file), or
        current in the output folder (checked again: it must still be what was written)."""
        name = f"{entry.id}.pdf"
        for output, _, _ in plans:
            if output.name == name:
                return output.temp
        path = self.options.output / name
        record = self.manifest.outputs.get(name)
        if record is None or file_sha256(path) != record.sha256:
            raise ActionPlanError(f"{path} changed while the build ran. Nothing was written; "
                                  "build again.")
        return path

    def finish(self, done: Committed) -> None:
        self.report.kept, self.report.unrecorded = done.kept, done.unrecorded
        states = {**{name: "written" for name in done.written},
                  **{name: "unchanged" for name in done.same}}
        self.report.steps = [Step(s.name, states[s.name], s.seconds, s.total)
                             if s.state == "rendered" and s.name in states else s
                             for s in self.report.steps]
        self.manifest.save()


def _context(deliverable: dict[str, Any]) -> Any:
    """The deliverable's context for its cover and contents, once its summary's pages are
    laid out: the summary's (charts sized, not drawn: the cover and contents only leave room
    for them), else the document's; None while neither is at hand."""
    summary = deliverable.get("summary")
    if summary is None:
        return None
    return summary[0] if summary[0] is not None else deliverable.get("document")
