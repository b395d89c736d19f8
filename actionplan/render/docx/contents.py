"""What the consolidated DOCX gets after its template is filled in: each plan's own running
header, and the contents' page numbers once the PDF knows them.

Each plan is a section of its own (the template ends the section before every plan's cover):
`plan_headers` gives every plan section its cover page without header or footer and, on the
pages after it, the plan's running header ("UpGradeSME · Action plan · PBN", with DRAFT at the
right for a draft), as in the plan's own documents; the front matter keeps the deliverable's.

The contents are paragraphs, not a TOC field: each line a link to the bookmark of its heading
and a PAGEREF field to the same bookmark. LibreOffice computes such a field from its own
layout; Word shows the number stored in it until it updates fields (F9, or when printing),
and never asks a question on opening. The stored numbers are the PDF's (`set_contents_pages`):
the best estimate without a word processor at build time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from ...summary.deliverable import PAGE_MARK
from ...words.plan import PlanContext
from .package import rezip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARK_BYTES = re.compile(re.escape(PAGE_MARK.split("{}")[0].encode()) + b"(.*?)"
                         + re.escape(PAGE_MARK.split("{}")[1].encode()), re.DOTALL)
"""`PAGE_MARK` in UTF-8, its key (`[^\ue001]*` in characters) the shortest run of bytes."""
DRAFT_SPACING = 20  # twentieths of a point between letters, as the plan's header


def plan_headers(document: Any, plans: list[PlanContext]) -> None:
    """Give the last `len(plans)` sections of `document` (python-docx) the plans' running
    headers and a cover page each (the first page's header and footer are the cover's)."""
    from docx.shared import RGBColor

    sections = document.sections
    if len(sections) < len(plans) or not plans:
        return
    for section, plan in zip(list(sections)[len(sections) - len(plans):], plans, strict=True):
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = document.styles["header"]
        paragraph.add_run(plan.running_header)
        if plan.draft:  # at the right tab stop of the header style
            mark = paragraph.add_run("\t" + plan.labels.get("draft_mark", "DRAFT"))
            mark.bold = True
            mark.font.color.rgb = RGBColor(0xCC, 0x00, 0x33)
            spacing = mark._r.get_or_add_rPr()
            spacing.append(spacing.makeelement(f"{W}spacing", {f"{W}val": str(DRAFT_SPACING)}))


def set_contents_pages(data: bytes, pages: Mapping[str, int], when: dt.datetime) -> bytes:
    """The DOCX `data` with each contents line's stored page number set from `pages` (by the
    line's key; a line without a number stores none). Reproducible as the DOCX itself.

    Works on the UTF-8 bytes, one zip entry at a time: a 200-plan deliverable's document.xml
    (23 MB) decoded to a str, substituted and encoded again, its zip written twice, took some
    140 MB. (UTF-8 never encodes a character inside another's bytes, so the marks match the
    same text in bytes as in characters.)"""
    def numbered(name: str, content: bytes) -> bytes:
        if name != "word/document.xml":
            return content
        return _MARK_BYTES.sub(
            lambda match: str(pages.get(match[1].decode("utf-8"), "")).encode(), content)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return rezip(archive, when, numbered)
