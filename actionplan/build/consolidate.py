"""The consolidated deliverable's files: the summary and every plan, as DOCX and PDF.

Two steps, which a build runs beside each other and beside the plans' rendering:
`prepare_deliverable` computes the summary and charts and renders the Word document whole from
its template (no layout needed), and `prepare_summary_pdf` lays out the summary's pages of the
PDF, leaving room for the charts; then, once every plan's PDF exists, `lay_out_contents`
lays out the cover and contents (the plans' page counts known) and `finish_pdf` stamps the
charts into the summary's pages and joins them and the plans' PDFs behind the cover and
contents, so no plan is laid out twice. (A build runs these last two in processes of their
own: the join's holds every object of the joined file, and no layout's leftovers beside
them.) The Word document's contents then get the PDF's page numbers as the numbers Word shows
until it updates its fields (LibreOffice computes its own from its layout).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Issue
from ..load.templates import search_path
from ..model import Partnership
from ..summary import build_summary
from ..summary.deliverable import DeliverableContext, deliverable_context

if TYPE_CHECKING:
    from ..render.pdf.front import FrontPdf
    from .work_cache import WorkCache

EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def deliverable_stem(partnership: Partnership) -> str:
    return f"{partnership.project.project.acronym}-action-plans"


def prepare_deliverable(partnership: Partnership, *, formats: tuple[str, ...],
                        templates: Path | None, build_time: dt.datetime | None,
                        skipped: list[Issue], partners_with_errors: Collection[str] = (),
                        cache: WorkCache | None = None, drawn: bool = True
                        ) -> tuple[DeliverableContext, dict[str, bytes]]:
    """The deliverable's context, and its DOCX (by file name) when DOCX is among `formats`;
    `skipped` and `partners_with_errors` are the plans left out (`--keep-going`); the
    timeline's pictures come from `cache` when it keeps them (work_cache.py). With
    `drawn=False` the charts are only sized (`deliverable_context`), enough for
    `prepare_summary_pdf`."""
    from ..words.labels import labels_for
    from .work_cache import timeline_drawer

    dirs = search_path(partnership.folder, templates)
    words = labels_for(partnership.project.project.language, dirs)
    summary = build_summary(partnership, skipped=skipped,
                            partners_with_errors=partners_with_errors, words=words)
    ctx = deliverable_context(partnership, summary, build_time or EPOCH, formats, dirs,
                              **({"draw_timeline": timeline_drawer(cache)} if cache else {}),
                              drawn=drawn)
    files: dict[str, bytes] = {}
    if "docx" in formats:
        from ..render.docx import consolidated_docx_bytes
        from ..render.memory import give_back

        give_back()  # what drawing the charts took, before the document's tree (issue 12)

        # with a PDF, the contents get its page numbers in `finish_pdf`; without, none
        # (Word shows them once it updates its fields, LibreOffice at once)
        files[f"{deliverable_stem(partnership)}.docx"] = consolidated_docx_bytes(
            ctx, dirs, build_time=build_time or EPOCH, placeholders="pdf" in formats)
    return ctx, files


def prepare_summary_pdf(partnership: Partnership, ctx: DeliverableContext, *,
                        templates: Path | None, build_time: dt.datetime | None,
                        cache: WorkCache | None = None) -> FrontPdf:
    """The summary's pages of the deliverable's PDF (`consolidated.summary_pdf`): they need
    no plan and no chart drawn (`ctx` of `prepare_deliverable(drawn=False)` will do), so a
    build lays them out beside the plans and the charts' drawing, and `finish_pdf` only lays
    out the cover and contents and joins."""
    from ..render.pdf.consolidated import summary_pdf

    dirs = search_path(partnership.folder, templates)
    return summary_pdf(ctx, dirs, [partnership.folder], build_time=build_time or EPOCH,
                       store=cache)


def lay_out_contents(partnership: Partnership, ctx: DeliverableContext, *,
                     templates: Path | None, build_time: dt.datetime | None,
                     plan_pdfs: Sequence[bytes], summary: FrontPdf,
                     cache: WorkCache | None = None) -> FrontPdf:
    """The deliverable's cover and contents (`consolidated.contents_pdf`), for the plans'
    PDFs in the order of `partnership.plans` behind the summary's pages
    (`prepare_summary_pdf`'s); from `cache` when it keeps what they show."""
    from ..render.pdf.consolidated import contents_pdf

    dirs = search_path(partnership.folder, templates)
    return contents_pdf(ctx, dirs, plan_pdfs, [partnership.folder],
                        build_time=build_time or EPOCH, summary=summary, store=cache)


def finish_pdf(partnership: Partnership, ctx: DeliverableContext, *, templates: Path | None,
               build_time: dt.datetime | None, plan_pdfs: Sequence[bytes],
               prepared: dict[str, bytes] | None = None,
               cache: WorkCache | None = None, summary: FrontPdf | None = None,
               contents: FrontPdf | None = None) -> dict[str, bytes]:
    """The deliverable's PDF, by file name, from the plans' PDFs in the order of
    `partnership.plans`, the summary's pages (`prepare_summary_pdf`'s) and the cover and
    contents (`lay_out_contents`'s), each laid out now when None; with `prepared` (what
    `prepare_deliverable` made), its DOCX too, with the PDF's page numbers in its contents.
    Cover, contents and summary come from `cache` when it keeps what they show."""
    from ..render.pdf.consolidated import joined_pdf

    summary = summary or prepare_summary_pdf(partnership, ctx, templates=templates,
                                             build_time=build_time, cache=cache)
    contents = contents or lay_out_contents(partnership, ctx, templates=templates,
                                            build_time=build_time, plan_pdfs=plan_pdfs,
                                            summary=summary, cache=cache)
    stem = deliverable_stem(partnership)
    files = {f"{stem}.pdf": joined_pdf(ctx, contents, plan_pdfs, summary,
                                       build_time=build_time or EPOCH)}
    if prepared and f"{stem}.docx" in prepared:
        from ..render.docx import set_contents_pages
        from ..render.memory import give_back

        give_back()  # the join's 250 MB at 200 plans, before the DOCX's buffers (issue 12)

        files[f"{stem}.docx"] = set_contents_pages(prepared[f"{stem}.docx"], contents.pages,
                                                   build_time or EPOCH)
    return files
