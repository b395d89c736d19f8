"""The lead partner's consolidated PDF: its front matter laid out once, the plans joined behind.

The plans are rendered in worker processes before the consolidated PDF is made; their PDF bytes
are joined as they are, never laid out again:

    cover, contents, summary ─ Jinja ─ WeasyPrint (one layout) ─┐
    the charts' PDF pages, stamped where the layout left room ──┤
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

The charts are matplotlib's vector PDFs (`Chart.pdf`), not drawn by WeasyPrint: the template's
`<img src="{{ front.charts.timeline }}">` gets an empty SVG of the chart's size, so the layout
reserves exactly the box the chart needs (full width, or smaller when the CSS limits its
height); after layout each such box is found on its page and, once the front is written, the
chart's page is stamped into it with pypdf: a form XObject (its content stream as matplotlib
wrote it, its fonts TrueType subsets, real text) drawn scaled and moved into the box.
WeasyPrint drawing the same charts as SVG took ≈ 0.85 s of the 1.6 s for `plans/`, 8 s for 60
plans: matplotlib writes every glyph of an SVG as an outline (~1,200 of them for `plans/`). A
`Chart` with only an SVG is still laid out and drawn by WeasyPrint.

Cost, for `plans/` (6 plans, 7 front pages): about 0.5 s layout, 0.1 s writing, 0.05 s joining,
0.01 s stamping the two charts. Each plan's font subsets stay in the file (they differ);
identical objects (colour profile, descriptors) are kept once.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import ActionPlanError
from .plan import (
    STYLESHEET,
    _folder_url,
    _render_template,
    _stylesheets,
    _weasyprint_problems,
    logo_pictures,
    pdf_bytes,
)

if TYPE_CHECKING:
    import weasyprint
    from pypdf import PageObject, PdfReader, PdfWriter

    from ...summary.deliverable import DeliverableContext

TEMPLATE = "consolidated.html.j2"
STYLESHEET_FRONT = "consolidated.css"
CHART_URL = "actionplan-chart:{}.svg"
CHARTS = ("timeline", "flows")
PX = 0.75
"""PDF points per CSS pixel: WeasyPrint's layout is in CSS pixels, its PDF in points."""
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
    language: str = "en"
    """The language of its title: the plan's (HTML `lang`)."""

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
    """Internal URL of each chart's picture (`timeline`, `flows`); None when there is none.
    For a chart with a PDF it is an empty SVG of the chart's size, the box into which the
    chart is stamped after layout; else the chart's SVG."""


@dataclass(frozen=True)
class Stamp:
    """Where a chart's PDF goes: a rectangle of a page of the front matter."""

    page: int
    """Index of the page in the front matter."""
    chart: str
    """`timeline` or `flows`."""
    box: tuple[float, float, float, float]
    """x, y of the lower left corner, width, height: PDF points from the page's lower left."""


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
    stamps = chart_stamps(ctx, front, document)
    data = pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                     language=ctx.language, build_time=build_time)
    # The laid-out pages (about 2 MB each, in reference cycles) are not needed to join: give
    # them back first, or a large partnership holds both at once.
    del document
    gc.collect()
    charts = {name: pdf for name in CHARTS if (pdf := getattr(ctx, name).pdf)}
    identifier = hashlib.md5(usedforsecurity=False)
    for part in (data, *charts.values(), *plan_pdfs):
        identifier.update(hashlib.md5(part, usedforsecurity=False).digest())
    titles = [plan.deliverable_title for plan in ctx.plans]
    return _join(data, readers, titles, identifier.digest(), stamps, charts)


def front_matter(ctx: DeliverableContext, readers: list[PdfReader]) -> Front:
    """The contents entries behind the front matter, from the plans' PDFs (page counts, and
    the pages of the actions' named destinations `<plan>-action-<id>`)."""
    entries: list[ContentsEntry] = []
    offset = 1
    with_actions = len(ctx.plans) <= ACTIONS_IN_CONTENTS
    for plan, reader in zip(ctx.plans, readers, strict=True):
        entries.append(ContentsEntry("plan", plan.deliverable_title, offset,
                                     f"ap-toc-{len(entries) + 1}", ctx.language))
        destinations = reader.named_destinations if with_actions else {}
        for action in plan.actions if with_actions else []:
            name = f"{plan.plan_id}-action-{action.id}"
            page = (reader.get_destination_page_number(destinations[name])
                    if name in destinations else None)  # an overriding template may drop ids
            if page is not None:
                entries.append(ContentsEntry("action", action.heading, offset + page,
                                             f"ap-toc-{len(entries) + 1}", plan.language))
        offset += len(reader.pages)
    charts = {name: CHART_URL.format(name) if getattr(ctx, name).pdf or getattr(ctx, name).svg
              else None for name in CHARTS}
    return Front(entries, offset - 1, charts)


def chart_pictures(ctx: DeliverableContext, front: Front) -> dict[str, bytes]:
    """What WeasyPrint gets for each chart URL: an empty SVG of the chart's size when the
    chart is a PDF (stamped in afterwards), else the chart's SVG."""
    pictures = {}
    for name, url in front.charts.items():
        chart = getattr(ctx, name)
        if url and (chart.pdf or chart.svg):
            pictures[url] = _empty_svg(chart.pdf) if chart.pdf else chart.svg
    return pictures


def chart_stamps(ctx: DeliverableContext, front: Front,
                 document: weasyprint.Document) -> list[Stamp]:
    """Where the layout put the box of each chart that is a PDF: every image box whose
    source is the chart's URL, on whatever page it landed. (The laid-out boxes are
    `Page._page_box`: `Page.anchors` keep an element's position, not its size.)"""
    from weasyprint.formatting_structure.boxes import ReplacedBox

    urls = {url: name for name, url in front.charts.items() if url and getattr(ctx, name).pdf}
    stamps = []
    for index, page in enumerate(document.pages if urls else []):
        for box in page._page_box.descendants():
            if not isinstance(box, ReplacedBox) or box.element is None:
                continue
            name = urls.get(box.element.get("src"))
            if name:
                x, y = box.content_box_x(), box.content_box_y()
                stamps.append(Stamp(index, name, (x * PX, (page.height - y - box.height) * PX,
                                                  box.width * PX, box.height * PX)))
    return stamps


def render_front_html(ctx: DeliverableContext, front: Front, template_dirs: list[Path]) -> str:
    """The HTML of the front matter, from the first `consolidated.html.j2` found."""
    return _render_template(TEMPLATE, template_dirs, ctx=ctx, front=front)


def layout_front(ctx: DeliverableContext, front: Front, template_dirs: list[Path],
                 allowed: list[Path]) -> weasyprint.Document:
    """Lay the front matter out, once; charts come from memory, files only from `allowed`
    and the template folders."""
    import weasyprint

    from ...load.templates import builtin_dir
    from .fetcher import FetchRefused, SandboxedFetcher

    template_dirs = template_dirs or [builtin_dir()]
    html = render_front_html(ctx, front, template_dirs)
    fetcher = SandboxedFetcher(allowed, template_dirs,
                               chart_pictures(ctx, front) | logo_pictures(ctx.project_logo))
    what = "PDF of the consolidated deliverable"
    try:
        sheets, fonts = _stylesheets(template_dirs, fetcher, (STYLESHEET, STYLESHEET_FRONT))
        with _weasyprint_problems(what, fetcher):
            numbering = weasyprint.CSS(string=_numbering_css(front), font_config=fonts)
            page = weasyprint.HTML(string=html, base_url=_folder_url(template_dirs[0]),
                                   url_fetcher=fetcher)
            return page.render(stylesheets=[*sheets, numbering], font_config=fonts)
    except FetchRefused as refused:
        raise ActionPlanError(f"{what}: {refused}") from None


# --- helpers ------------------------------------------------------------------------------

def _empty_svg(chart: bytes) -> bytes:
    """An SVG of the size of the chart's (first) page that draws nothing."""
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(chart)).pages[0].mediabox
    width, height = float(box.width), float(box.height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.6f}pt" '
            f'height="{height:.6f}pt" viewBox="0 0 {width:.6f} {height:.6f}"/>').encode()


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
    content: string(page-before) counter(page) string(page-between)
             target-counter(url(#front_end), ap-total) string(page-after);
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


def _join(front: bytes, plans: list[PdfReader], titles: list[str], identifier: bytes,
          stamps: list[Stamp], charts: Mapping[str, bytes]) -> bytes:
    """Front (with the `charts` stamped in) + plans as one PDF whose catalog and document
    information are the front's."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    reader = PdfReader(io.BytesIO(front))
    front_pages = len(reader.pages)
    # The clone takes the front's /ID: make it one of the whole file.
    reader.trailer[NameObject("/ID")] = ArrayObject([ByteStringObject(identifier)] * 2)
    writer = PdfWriter(clone_from=reader)
    for stamp in stamps:
        _stamp(writer, writer.pages[stamp.page], charts[stamp.chart], stamp.box)
    for title, plan in zip(titles, plans, strict=True):
        writer.append(plan, outline_item=title)
    _link_pages(writer, front_pages)
    # The same sRGB profile, font descriptors and widths arrive once per plan: keep one each
    # (about 5 % of the file; the font subsets themselves differ and stay).
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: PdfWriter, page: PageObject, chart: bytes,
           box: tuple[float, float, float, float]) -> None:
    """Draw the first page of the PDF `chart` into `box` (x, y, width, height) of `page`.

    The chart's page becomes a form XObject, its content stream copied as it is, drawn with
    one `cm … Do` after the page's own content. (pypdf's `merge_transformed_page` parses and
    rewrites both content streams instead: 1.5 s for the charts of 60 plans.)"""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    source = PdfReader(io.BytesIO(chart)).pages[0]
    own: Any = source["/Resources"].get_object()
    media = [float(v) for v in source.mediabox]
    form: Any = DecodedStreamObject()
    content = source.get_contents()
    form.set_data(content.get_data() if content is not None else b"")
    form = form.flate_encode(level=6)
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in media),
        NameObject("/Resources"): own.clone(writer),
    })
    # WeasyPrint's pages share one resource dictionary: give this page its own, so that only
    # this page names the chart.
    shared: Any = page["/Resources"].get_object()
    resources = DictionaryObject()
    for key, value in shared.items():
        inner = value.get_object()
        resources[NameObject(key)] = (DictionaryObject(inner)
                                      if isinstance(inner, DictionaryObject) else value)
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject())
    name = next(f"/ApChart{n}" for n in range(len(xobjects) + 1) if f"/ApChart{n}" not in xobjects)
    xobjects[NameObject(name)] = writer._add_object(form)  # a stream must be an indirect object
    page[NameObject("/Resources")] = resources
    x, y, width, height = box
    scale_x, scale_y = width / (media[2] - media[0]), height / (media[3] - media[1])
    matrix = (scale_x, 0, 0, scale_y, x - scale_x * media[0], y - scale_y * media[1])
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(("Q\nq\n" + " ".join(f"{v:.6f}" for v in matrix) + f" cm\n{name} Do\nQ\n")
                   .encode())
    contents = page["/Contents"]
    parts = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *parts, writer._add_object(after)])


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
