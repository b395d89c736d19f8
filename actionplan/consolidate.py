"""The consolidated deliverable's files: the summary and every plan, as DOCX and PDF.

The Word document is rendered whole from its template (fast: no layout). The PDF is not laid
out twice: its front matter (cover, contents, summary) is laid out once, and the plans' PDFs,
already rendered for their own files, are joined behind it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .deliverable import deliverable_context
from .errors import Issue
from .model import Partnership
from .summary import build_summary
from .templates import search_path

EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def consolidated_files(partnership: Partnership, *, formats: tuple[str, ...], output: Path,
                       templates: Path | None, build_time: dt.datetime | None,
                       rendered: dict[Path, bytes], skipped: list[Issue]) -> dict[str, bytes]:
    """`<acronym>-action-plans.docx/.pdf`, by file name.

    `rendered` holds the outputs of this build; plan PDFs not among them are current in
    `output` already.
    """
    build_time = build_time or EPOCH
    summary = build_summary(partnership, skipped=skipped)
    ctx = deliverable_context(partnership, summary, build_time, formats)
    dirs = search_path(partnership.folder, templates)
    stem = f"{partnership.project.project.acronym}-action-plans"
    files: dict[str, bytes] = {}
    if "docx" in formats:
        from .render_docx import consolidated_docx_bytes

        files[f"{stem}.docx"] = consolidated_docx_bytes(ctx, dirs, build_time=build_time)
    if "pdf" in formats:
        from .render_pdf_consolidated import consolidated_pdf_bytes

        plan_pdfs = []
        for entry in partnership.plans:
            path = output / f"{entry.id}.pdf"
            plan_pdfs.append(rendered[path] if path in rendered else path.read_bytes())
        files[f"{stem}.pdf"] = consolidated_pdf_bytes(ctx, dirs, plan_pdfs, [partnership.folder],
                                                      build_time=build_time)
    return files
