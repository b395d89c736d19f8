"""What one job of a build does, in a worker or in the build's own process.

A job renders one plan's documents (`render_plan`) or a part of the deliverable
(`deliverable_jobs`: its context and charts; the summary's pages of its PDF; then, in
processes of their own, its cover and contents, its join and its Word document), and writes
each file to its temporary file in the output folder at once (`outputs.write_temp`):
what travels back to the build is names and hashes.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from ..errors import ActionPlanError, Issue
from ..load.inputs import Inputs
from ..load.templates import search_path
from ..model import Partnership, PlanEntry
from .options import BuildOptions
from .outputs import Rendered, write_temp
from .work_cache import WorkCache
from .workers import Job, name_worker

if TYPE_CHECKING:
    from ..render.pdf.front import FrontPdf


@dataclass(frozen=True)
class Work:
    """What every job needs, handed to each worker process once."""

    partnership: Partnership
    options: BuildOptions
    skipped: list[Issue]
    partners_with_errors: tuple[str, ...]
    token: str


@dataclass(frozen=True)
class Failed:
    """A plan that could not be rendered (--keep-going): why."""

    message: str


@dataclass(frozen=True)
class Front:
    """What the deliverable's PDF needs: the work, the deliverable's context, and where each
    plan's PDF is (in the order of the partnership's plans)."""

    work: Work
    ctx: Any
    plan_pdfs: list[Path]
    summary: FrontPdf | None = None
    """The summary's pages (`consolidate.prepare_summary_pdf`), laid out beside the plans."""
    contents: FrontPdf | None = None
    """The cover and contents (`contents_task`), laid out once the plans' page counts are
    known."""


def contents_task(_job: Job, front: Front) -> FrontPdf:
    """The deliverable's cover and contents, for the plans' PDFs and the summary's pages."""
    from .consolidate import lay_out_contents

    name_worker("ap-contents")
    options = front.work.options
    assert front.summary is not None, "the summary's pages are laid out with the deliverable"
    return lay_out_contents(front.work.partnership, front.ctx, templates=options.templates,
                            build_time=options.build_time, plan_pdfs=_Files(front.plan_pdfs),
                            summary=front.summary,
                            cache=WorkCache(options.output, read=not options.force))


def finish_task(_job: Job, front: Front) -> list[Rendered]:
    """The deliverable's PDF, written to its temporary file: the join of `front.contents`,
    the summary and the plans' PDFs, the charts drawn into the room left for them."""
    from .consolidate import finish_pdf

    name_worker("ap-finish")
    options = front.work.options
    pdf = finish_pdf(front.work.partnership, front.ctx, templates=options.templates,
                     build_time=options.build_time,
                     plan_pdfs=_Files(front.plan_pdfs),
                     cache=WorkCache(options.output, read=not options.force),
                     summary=front.summary, contents=front.contents)
    return write(front.work, pdf)


def word_task(_job: Job, front: Front) -> list[Rendered]:
    """The deliverable's Word document, written to its temporary file: filled in from
    `front.ctx` (its charts drawn), its contents ready for the PDF's page numbers
    (`consolidate.number_word_document`) when there is a PDF."""
    from .consolidate import word_document

    name_worker("ap-word")
    options = front.work.options
    docx = word_document(front.work.partnership, front.ctx, templates=options.templates,
                         build_time=options.build_time, placeholders="pdf" in options.formats)
    return write(front.work, docx)


class _Files(Sequence[bytes]):
    """The contents of files, each read when asked for: 200 plans' PDFs are some 13 MB, and
    the join needs one at a time."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        if isinstance(index, slice):
            return [path.read_bytes() for path in self.paths[index]]
        return self.paths[index].read_bytes()


def fill_workers(jobs: list[Job], workers: int) -> list[Job]:
    """`jobs` with each plan split into one job per format when there are fewer plans' jobs
    than `workers`, so no core idles (issue 15): a `render` of one plan, or a build after an
    edit in one plan, lays out its PDF in one worker while another fills in its DOCX. The
    deliverable's jobs do not count: after such an edit they are mostly kept work
    (`work_cache`), done in a moment (the plan's DOCX beside its PDF made a background edit's
    rebuild 0.04 s quicker). The PDFs come first (a layout: the longest), the other formats
    after every other job; plans' jobs that fill the workers already are left as they are."""
    if sum(job.plan_id is not None for job in jobs) >= workers:
        return jobs
    first: list[Job] = []
    after: list[Job] = []
    for job in jobs:
        if job.plan_id is None or len(job.formats) < 2:
            first.append(job)
            continue
        lead = "pdf" if "pdf" in job.formats else job.formats[0]
        first.append(dataclasses.replace(job, formats=(lead,)))
        after += [dataclasses.replace(job, formats=(fmt,)) for fmt in job.formats if fmt != lead]
    return first + after


def preload(formats: tuple[str, ...]) -> None:
    """Import the renderers once, before the workers fork, instead of once in every worker
    (WeasyPrint alone takes about 0.6 s of CPU): for workers that run several jobs each.
    `actionplan.render` comes first: it sets up WeasyPrint's library loading without
    `ldconfig` and `gcc` (render/libraries.py), which a bare `import weasyprint` would spawn."""
    from .. import render  # noqa: F401 (installs the look-up-free loading)

    if "pdf" in formats:
        import weasyprint  # noqa: F401
    if "docx" in formats:
        import docxtpl  # noqa: F401


def warm_up(folder: Path, options: BuildOptions) -> None:
    """Render the first plan of `folder` (and, with `options.consolidated`, the deliverable's
    Word document and summary pages for that plan alone) here and throw the documents away:
    once, in a process that builds again and again (`--watch`), so that it and the workers it
    forks for each save find the renderers imported, the templates compiled and the fonts
    loaded (issue 15: a plan's PDF in such a worker takes 0.40 s instead of 0.65 s, its DOCX
    0.04 s instead of 0.18 s). Nothing is written; whatever stops it is the build's to say."""
    from ..load import load_partnership
    from .consolidate import prepare_deliverable, prepare_summary_pdf, word_document

    preload(options.formats)
    try:
        partnership = load_partnership(folder, only=options.only or None)
        if not partnership.plans:
            return
        first = partnership.plans[0]
        render_plan(partnership, first, options)
        if options.consolidated:
            alone = dataclasses.replace(partnership, plans=(first,))
            ctx = prepare_deliverable(alone, formats=options.formats,
                                      templates=options.templates,
                                      build_time=options.build_time, skipped=[])
            if "docx" in options.formats:
                word_document(alone, ctx, templates=options.templates,
                              build_time=options.build_time)
            if "pdf" in options.formats:
                prepare_summary_pdf(alone, ctx, templates=options.templates,
                                    build_time=options.build_time)
    except (ActionPlanError, OSError):
        return


def claimed_partner(inputs: Inputs, name: str) -> str | None:
    """The partner a plan file with errors names, when it can be read that far."""
    from ..load.yamlsource import decode_text, parse_yaml

    raw = inputs.files.get(name)
    text = decode_text(raw, name)[0] if raw is not None else None
    data = parse_yaml(text, name).data if text else None
    partner = data.get("partner") if isinstance(data, dict) else None
    return partner if isinstance(partner, str) else None


# --- what a job does, in a worker or in this process --------------------------------------

SMALL_DELIVERABLE = 12
"""Plans up to which drawing the deliverable's charts is about as quick as laying out the
cover and contents meanwhile (at 6 plans 0.3 s against 0.2 s; at 100, 4.4 s against
0.75 s): see `deliverable_jobs`."""


def deliverable_jobs(formats: tuple[str, ...], plans: Sequence[Job] = (),
                     size: int = 0) -> list[Job]:
    """The deliverable's jobs around the jobs of `plans`, in the order workers take them
    (issue 15), for a deliverable of `size` plans. With a PDF, its `summary` pages come first,
    laid out with room left for the charts (`Chart.size`); the cover and contents wait for
    them and the plans. Its `document` (context, charts drawn) only the join and the Word
    document wait for:
    - up to `SMALL_DELIVERABLE` plans it comes last, its charts drawn while the last plans and
      the cover and contents are laid out (first, it made a cold build of plans/ 6 % slower
      and a title edit under `build --watch` 7 %);
    - beyond, it comes first, in a worker that has rendered nothing yet: after the plans it
      would leave a core idle for seconds (at 100 plans 1.68 cores used instead of 1.83), and
      in a worker that had laid out plans (then still with the Word document) it took
      407 MB at 200 plans."""
    summary = [Job(part="summary")] if "pdf" in formats else []
    if size > SMALL_DELIVERABLE:
        return [Job(part="document"), *summary, *plans]
    return [*summary, *plans, Job(part="document")]


def run_task(job: Job, work: Work) -> Any:
    """A plan's job: its outputs written (`write`), or `Failed`. The deliverable's: for
    `document` its context, charts drawn (`word_task` and `finish_task` make its files
    from it); for `summary` its context (only up to `SMALL_DELIVERABLE` plans, else None)
    and the summary's pages (`FrontPdf`; charts only sized, enough for the cover and
    contents)."""
    if job.plan_id is None:
        return _deliverable_part(job.part, work)
    name_worker("ap-plan")
    options = work.options
    entry = next(e for e in work.partnership.plans if e.id == job.plan_id)
    timings: dict[str, float] = {}
    try:
        files = render_plan(work.partnership, entry, options, job.formats, timings)
    except ActionPlanError as error:
        if not options.keep_going:
            raise ActionPlanError(f"{error} Nothing was written; earlier outputs are as they "
                                  "were. With --keep-going the other plans are built.") from None
        return Failed(str(error))
    return write(work, files, timings)


def _deliverable_part(part: str, work: Work) -> Any:
    from ..render.memory import give_back
    from .consolidate import prepare_deliverable, prepare_summary_pdf

    options = work.options
    cache = WorkCache(options.output, read=not options.force)
    name_worker(f"ap-{part}")
    document = part == "document"
    # the summary's pages need the charts' sizes only (the other job draws them)
    ctx = prepare_deliverable(work.partnership,
                              formats=options.formats if document else ("pdf",),
                              templates=options.templates, build_time=options.build_time,
                              skipped=work.skipped,
                              partners_with_errors=work.partners_with_errors,
                              cache=cache, drawn=document)
    if document:
        give_back()  # the drawing's memory, before this worker renders plans (issue 12)
        return ctx
    summary = prepare_summary_pdf(work.partnership, ctx, templates=options.templates,
                                  build_time=options.build_time, cache=cache)
    give_back()  # the layout's memory, before this worker renders plans (issue 12)
    # The cover and contents are laid out from this context while the document still draws
    # its charts. A large deliverable's document comes first and is done long before: its
    # context serves, and this one would only swell the build's process, and so the join's
    # process forked from it (11 MB at 200 plans).
    return (ctx if len(work.partnership.plans) <= SMALL_DELIVERABLE else None), summary


def write(work: Work, files: dict[str, bytes], timings: dict[str, float] | None = None
          ) -> list[Rendered]:
    timings = timings or {}
    return [dataclasses.replace(write_temp(work.options.output, name, data, work.token),
                                seconds=timings.get(name, 0.0))
            for name, data in sorted(files.items())]


def render_plan(partnership: Partnership, entry: PlanEntry, options: BuildOptions,
                formats: tuple[str, ...] | None = None,
                timings: dict[str, float] | None = None) -> dict[str, bytes]:
    """One plan's documents in `formats` (default: the options'), by output file name;
    `timings` (when given) receives the seconds each document took by itself."""
    from ..words.plan import plan_context

    formats = options.formats if formats is None else formats
    dirs = search_path(partnership.folder, options.templates)
    ctx = plan_context(partnership, entry, dirs)
    files: dict[str, bytes] = {}
    timings = {} if timings is None else timings
    if "docx" in formats:
        from ..render.docx import docx_bytes

        begun = time.perf_counter()
        files[f"{entry.id}.docx"] = docx_bytes(ctx, dirs, build_time=options.build_time)
        timings[f"{entry.id}.docx"] = time.perf_counter() - begun
    if "pdf" in formats:
        from ..render.pdf.plan import layout_plan, pdf_bytes

        begun = time.perf_counter()
        document = layout_plan(ctx, dirs, [partnership.folder])
        files[f"{entry.id}.pdf"] = pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                                             language=ctx.language, build_time=options.build_time,
                                             label=ctx.page_of.label)
        timings[f"{entry.id}.pdf"] = time.perf_counter() - begun
    return files
