"""The consolidated deliverable's files: the summary and every plan, as DOCX and PDF.

A build runs these steps beside each other and beside the plans' rendering:
`prepare_deliverable` computes the summary and its context, the charts drawn (or, for the
summary's pages, only sized), and `prepare_summary_pdf` lays out the summary's pages of the
PDF, leaving room for the charts; once every plan's PDF exists, `lay_out_contents` lays out
the cover and contents (the plans' page counts known); then `finish_pdf` stamps the charts
into the summary's pages and joins them and the plans' PDFs behind the cover and contents, so
no plan is laid out twice. `word_document` fills in the Word document whole from its template
(no layout needed) as soon as the charts are drawn, and `number_word_document` gives its
contents the PDF's page numbers, the numbers Word shows until it updates its fields
(LibreOffice computes its own from its layout). (A build runs the cover and contents, the
join and the Word document in processes of their own: the join's holds every object of the
joined file, the Word document's its XML tree, and no layout's leftovers beside them.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
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
                        ) -> DeliverableContext:
    """The deliverable's context, its charts drawn for `formats` (PNG for a DOCX, PDF for a
    PDF); `skipped` and `partners_with_errors` are the plans left out (`--keep-going`); the
    timeline's pictures come from `cache` when it keeps them (work_cache.py). With
    `drawn=False` the charts are only sized (`deliverable_context`), enough for
    `prepare_summary_pdf`."""
    from ..words.labels import labels_for
    from .work_cache import timeline_drawer

    dirs = search_path(partnership.folder, templates)
    words = labels_for(partnership.project.project.language, dirs)
    summary = build_summary(partnership, skipped=skipped,
                            partners_with_errors=partners_with_errors, words=words)
    return deliverable_context(partnership, summary, build_time or EPOCH, formats, dirs,
                               **({"draw_timeline": timeline_drawer(cache)} if cache else {}),
                               drawn=drawn)


def word_document(partnership: Partnership, ctx: DeliverableContext, *,
                  templates: Path | None, build_time: dt.datetime | None,
                  placeholders: bool = False) -> dict[str, bytes]:
    """The deliverable's DOCX, by file name, from `ctx` (`prepare_deliverable`'s, charts
    drawn). Its contents show no page numbers (Word shows them once it updates its fields,
    LibreOffice at once); with `placeholders`, they are ready for the PDF's
    (`number_word_document`)."""
    from ..render.docx import consolidated_docx_bytes

    dirs = search_path(partnership.folder, templates)
    return {f"{deliverable_stem(partnership)}.docx": consolidated_docx_bytes(
        ctx, dirs, build_time=build_time or EPOCH, placeholders=placeholders)}


def number_word_document(data: bytes, pages: Mapping[str, int],
                         build_time: dt.datetime | None) -> bytes:
    """The DOCX `data` of `word_document(placeholders=True)` with the PDF's `pages` (by
    contents key) as its contents' page numbers: the numbers Word shows until it updates its
    fields."""
    from ..render.docx import set_contents_pages

    return set_contents_pages(data, pages, build_time or EPOCH)


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
               cache: WorkCache | None = None, summary: FrontPdf | None = None,
               contents: FrontPdf | None = None) -> dict[str, bytes]:
    """The deliverable's PDF, by file name, from the plans' PDFs in the order of
    `partnership.plans`, the summary's pages (`prepare_summary_pdf`'s) and the cover and
    contents (`lay_out_contents`'s), each laid out now when None. Cover, contents and summary
    come from `cache` when it keeps what they show."""
    from ..render.pdf.consolidated import joined_pdf

    summary = summary or prepare_summary_pdf(partnership, ctx, templates=templates,
                                             build_time=build_time, cache=cache)
    contents = contents or lay_out_contents(partnership, ctx, templates=templates,
                                            build_time=build_time, plan_pdfs=plan_pdfs,
                                            summary=summary, cache=cache)
    return {f"{deliverable_stem(partnership)}.pdf": joined_pdf(
        ctx, contents, plan_pdfs, summary, build_time=build_time or EPOCH)}
