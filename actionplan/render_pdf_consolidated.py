"""The lead partner's consolidated PDF: its front matter laid out once, the plans joined behind.

The plans are rendered in worker processes before the consolidated PDF is made; their PDF bytes
are joined as they are, never laid out again:

    cover, contents, summary ─ Jinja ─ WeasyPrint (one layout) ─┐
    the plans' PDF bytes, in partner order ─────────────────────┴─ pypdf ─▶ one PDF

Real page numbers without a second layout: each contents entry that points behind the front
matter (a plan, an action) is a CSS page counter, reset on the first page to the entry's page
after the front matter and incremented on every page. On the front's last page it therefore
holds front pages + that offset, the entry's page in the joined file, and the entry shows it
with `target-counter(url(#front_end), …)`, which WeasyPrint resolves while it paginates. The
footer's "of N" is the same trick. The number column has a fixed width, so the numbers never
move a line break.

The joined file keeps PDF/A-3u: its catalog (XMP metadata, sRGB output intent, language) and
document information are the front's (so the two agree), every page comes from a PDF/A-3u
document with its fonts embedded, and the /ID is a hash of all the inputs: the same inputs and
build time give the same bytes (pypdf's object order depends only on the inputs).

Cost, for `plans/` (6 plans, 7 front pages): about 0.5 s layout, 0.1 s writing, 0.05 s joining,
plus about 0.8 s in which WeasyPrint draws the two matplotlib SVG charts (their text is ~1,200
glyph outlines, each parsed again where it is used). Each plan's font subsets stay in the file
(they differ); identical objects (colour profile, descriptors) are kept once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ActionPlanError
from .render_pdf import (
    STYLESHEET,
    _folder_url,
    _render_template,
    _stylesheets,
    _weasyprint_problems,
    pdf_bytes,
)

if TYPE_CHECKING:
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    from .deliverable import DeliverableContext

TEMPLATE = "consolidated.html.j2"
STYLESHEET_FRONT = "consolidated.css"
CHART_URL = "actionplan-chart:{}.svg"
ACTIONS_IN_CONTENTS = 20
"""Up to this many plans the contents list every action too; beyond, the plans only (each
plan's outline still lists its actions): the page counters behind the numbers cost time with
the square of their number, and 300 entries help no reader."""
PAGE_LINK = "actionplan-page:"
"""Links of the contents to a page behind the front matter (`actionplan-page:3`, the third):
WeasyPrint writes them as URIs, the join turns them into links to that page."""


@dataclass(frozen=True)
class ContentsEntry:
    kind: str
    """`plan` or `action`."""
    title: str
    offset: int
    """The entry's page counted from the end of the front matter: 1 is the first plan's cover."""
    counter: str
    """The CSS page counter that holds its page number, and the class of the element that
    shows it."""

    @property
    def link(self) -> str:
        return f"{PAGE_LINK}{self.offset}"


@dataclass(frozen=True)
class Front:
    """What the front-matter template needs besides `ctx`: only the layout knows it."""

    contents: list[ContentsEntry]
    pages_behind: int
    """Pages of all the plans, joined behind the front matter."""
    charts: dict[str, str | None] = field(default_factory=dict)
    """Internal URL of each chart's SVG (`timeline`, `flows`); None when there is none."""


def consolidated_pdf_bytes(ctx: DeliverableContext, template_dirs: list[Path],
                           plan_pdfs: list[bytes], allowed: list[Path], *,
                           build_time: dt.datetime | None) -> bytes:
    """The consolidated PDF: front matter (cover, contents, summary), then every plan's PDF.

    `plan_pdfs` are the plans' PDFs in the order of `ctx.plans`. The outline holds the front's
    sections, then one entry "Partner – Action plan" per plan with its own outline nested.
    """
    if len(plan_pdfs) != len(ctx.plans):
        raise ValueError(f"{len(plan_pdfs)} plan PDFs for {len(ctx.plans)} plans")
    readers = [_read_plan(data, plan.plan_id) for data, plan in zip(plan_pdfs, ctx.plans, strict=True)]
    front = front_matter(ctx, readers)
    document = layout_front(ctx, front, template_dirs, allowed)
    data = pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                     language=ctx.language, build_time=build_time)
    identifier = hashlib.md5(usedforsecurity=False)
    for part in (data, *plan_pdfs):
        identifier.update(hashlib.md5(part, usedforsecurity=False).digest())
    titles = [_plan_title(plan.partner_name) for plan in ctx.plans]
    return _join(data, readers, titles, identifier.digest())


def front_matter(ctx: DeliverableContext, readers: list[PdfReader]) -> Front:
    """The contents entries behind the front matter, from the plans' PDFs (page counts, and
    the pages of the actions' named destinations `<plan>-action-<id>`)."""
    entries: list[ContentsEntry] = []
    offset = 1
    with_actions = len(ctx.plans) <= ACTIONS_IN_CONTENTS
    for plan, reader in zip(ctx.plans, readers, strict=True):
        entries.append(ContentsEntry("plan", _plan_title(plan.partner_name), offset,
                                     f"ap-toc-{len(entries) + 1}"))
        destinations = reader.named_destinations if with_actions else {}
        for action in plan.actions if with_actions else []:
            name = f"{plan.plan_id}-action-{action.id}"
            page = (reader.get_destination_page_number(destinations[name])
                    if name in destinations else None)  # an overriding template may drop ids
            if page is not None:
                entries.append(ContentsEntry("action", action.heading, offset + page,
                                             f"ap-toc-{len(entries) + 1}"))
        offset += len(reader.pages)
    charts = {name: CHART_URL.format(name) if getattr(ctx, name).svg else None
              for name in ("timeline", "flows")}
    return Front(entries, offset - 1, charts)


def render_front_html(ctx: DeliverableContext, front: Front, template_dirs: list[Path]) -> str:
    """The HTML of the front matter, from the first `consolidated.html.j2` found."""
    return _render_template(TEMPLATE, template_dirs, ctx=ctx, front=front)


def layout_front(ctx: DeliverableContext, front: Front, template_dirs: list[Path],
                 allowed: list[Path]) -> weasyprint.Document:
    """Lay the front matter out, once; charts come from memory, files only from `allowed`
    and the template folders."""
    import weasyprint

    from .fetcher import FetchRefused, SandboxedFetcher
    from .templates import builtin_dir

    template_dirs = template_dirs or [builtin_dir()]
    html = render_front_html(ctx, front, template_dirs)
    memory = {url: getattr(ctx, name).svg for name, url in front.charts.items() if url}
    fetcher = SandboxedFetcher(allowed, template_dirs, memory)
    what = "PDF of the consolidated deliverable"
    try:
        sheets, fonts = _stylesheets(template_dirs, fetcher, (STYLESHEET, STYLESHEET_FRONT))
        with _weasyprint_problems(what):
            numbering = weasyprint.CSS(string=_numbering_css(front), font_config=fonts)
            page = weasyprint.HTML(string=html, base_url=_folder_url(template_dirs[0]),
                                   url_fetcher=fetcher)
            return page.render(stylesheets=[*sheets, numbering], font_config=fonts)
    except FetchRefused as refused:
        raise ActionPlanError(f"{what}: {refused}") from None


# --- helpers ------------------------------------------------------------------------------

def _plan_title(partner: str) -> str:
    return f"{partner} – Action plan"


def _numbering_css(front: Front) -> str:
    """Page counters that end, on the front's last page, at the absolute page of each contents
    entry and at the total page count of the joined PDF (see the module notes)."""
    counters = [(entry.counter, entry.offset) for entry in front.contents]
    counters.append(("ap-total", front.pages_behind))
    increments = " ".join(f"{name} 1" for name, _ in counters)
    resets = " ".join(f"{name} {value}" for name, value in counters)
    # Class selectors: the style engine indexes them (attribute selectors it tries on every
    # element, which a partnership of 100 plans would feel).
    shown = "\n".join(f".{entry.counter}::after "
                      f"{{ content: target-counter(url(#front_end), {entry.counter}); }}"
                      for entry in front.contents)
    return f"""
@page {{
  counter-increment: page 1 {increments};
  @bottom-right {{
    content: "Page " counter(page) " of " target-counter(url(#front_end), ap-total);
  }}
}}
@page :first {{ counter-reset: {resets}; }}
{shown}
"""


def _read_plan(data: bytes, plan_id: str) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if not reader.pages:
            raise PyPdfError("it has no pages")
        return reader
    except (PyPdfError, ValueError, KeyError) as error:
        raise ActionPlanError(f"the PDF of plan {plan_id} cannot be joined ({error}); "
                              "build it again with --force") from None


def _join(front: bytes, plans: list[PdfReader], titles: list[str], identifier: bytes) -> bytes:
    """Front + plans as one PDF whose catalog and document information are the front's."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    reader = PdfReader(io.BytesIO(front))
    front_pages = len(reader.pages)
    # The clone takes the front's /ID: make it one of the whole file.
    reader.trailer[NameObject("/ID")] = ArrayObject([ByteStringObject(identifier)] * 2)
    writer = PdfWriter(clone_from=reader)
    for title, plan in zip(titles, plans, strict=True):
        writer.append(plan, outline_item=title)
    _link_pages(writer, front_pages)
    # The same sRGB profile, font descriptors and widths arrive once per plan: keep one each
    # (about 5 % of the file; the font subsets themselves differ and stay).
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_pages(writer: PdfWriter, front_pages: int) -> None:
    """Turn the contents' `actionplan-page:N` URI links into links to page N behind the front."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject

    for page in writer.pages[:front_pages]:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action: Any = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            number = uri[len(PAGE_LINK):] if uri.startswith(PAGE_LINK) else ""
            if not number.isdigit() or not 0 < int(number) <= len(writer.pages) - front_pages:
                continue
            target = writer.pages[front_pages + int(number) - 1]
            annotation[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([target.indirect_reference, NameObject("/XYZ"),
                                               NullObject(), NullObject(), NullObject()]),
            })
