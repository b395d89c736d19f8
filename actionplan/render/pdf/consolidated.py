"""The lead partner's consolidated PDF: its front matter laid out once, the plans joined behind.

The plans are rendered in worker processes before the consolidated PDF is made; their tagged
PDFs are joined as they are, never laid out again:

    cover, contents, summary ─ Jinja ─ WeasyPrint (one layout) ─┐
    the charts' PDF pages, stamped where the layout left room ──┤
    the plans' PDFs, in partner order ──────────────────────────┴─ pikepdf (join.py) ─▶ one PDF

One document, numbered as one: every page after a cover says "Page i of N" for the whole
file. The plans were laid out without footers and their footers stamped afterwards
(footers.py), so the join swaps each plan page's footer for its page in the deliverable; the
front's footers are stamped with the same total; the page labels say the same numbers.

Real page numbers in the contents without a second layout: each contents entry that points
behind the front matter (a plan, an action) is a CSS page counter, reset on the first page to
the entry's page after the front matter and incremented on every page. On the front's last
page it therefore holds front pages + that offset, the entry's page in the joined file, and
the entry shows it with `target-counter(url(#front_end), …)`, which WeasyPrint resolves while
it paginates. The number column has a fixed width, so the numbers never move a line break.

The joined file is tagged (PDF/UA-1) and PDF/A-3a: one structure tree, each plan a /Part of
it (join.py); its catalog (XMP metadata, sRGB output intent, language) and document
information are the front's; the /ID is a hash of the content, so the same inputs and build
time give the same bytes.

The charts are matplotlib's vector PDFs (`Chart.pdf`), not drawn by WeasyPrint: the template's
`<img src="{{ front.charts.timeline }}">` gets an empty SVG of the chart's size (`Chart.size`,
known before the chart is drawn), so the layout reserves exactly the box the chart needs
(full width, or smaller when the CSS limits its height) and need not wait for the drawing;
after layout each such box is found on its page (`FrontPdf.stamps`), and when the pages are
joined the chart's page is drawn into it as a form XObject (its content stream as
matplotlib wrote it, its fonts TrueType subsets, real text), inside the marked content of the
picture's /Figure element, so the figure's alt text stands for it. WeasyPrint drawing the
same charts as SVG took ≈ 0.85 s of the 1.6 s for `plans/`: matplotlib writes every glyph of
an SVG as an outline. A `Chart` with only an SVG is still laid out and drawn by WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import ActionPlanError
from ...summary.deliverable import Chart, DeliverableContext, plan_title
from .join import PAGE_LINK, PlanPages, join_plans, one_at_a_time, plan_pages
from .plan import _render_template, logo_pictures
from .stylesheets import STYLESHEET, _folder_url, _stylesheets, _weasyprint_problems

if TYPE_CHECKING:
    import weasyprint

    from .front import FrontPdf
    from .front import Store as FrontStore


TEMPLATE = "consolidated.html.j2"
STYLESHEET_FRONT = "consolidated.css"
CHART_URL = "actionplan-chart:{}.svg"
PX = 0.75
"""PDF points per CSS pixel: WeasyPrint's layout is in CSS pixels, its PDF in points."""


def charts_of(ctx: DeliverableContext) -> dict[str, Chart]:
    """The deliverable's charts by name: `timeline`, then `timeline-2`, `timeline-3`… when
    the timeline needs several charts (`DeliverableContext.timelines`)."""
    return {"timeline": ctx.timeline,
            **{f"timeline-{n}": chart for n, chart in enumerate(ctx.timelines[1:], start=2)}}


@dataclass(frozen=True)
class ContentsEntry:
    kind: str
    """`plan` or `action`."""
    key: str
    """The `ContentsLine.key` of the line (`plan-2-action-3`)."""
    title: str
    offset: int
    """The entry's page counted from the end of the front matter: 1 is the first plan's cover."""
    counter: str
    """The CSS page counter that holds its page number, and the class of the element that
    shows it."""
    keep_with_next: bool = False
    """See `ContentsLine.keep_with_next`."""
    language: str = "en"
    """The language of its title: the plan's for an action, the deliverable's for a plan
    (HTML `lang`)."""

    @property
    def link(self) -> str:
        return f"{PAGE_LINK}{self.offset}"


@dataclass(frozen=True)
class Front:
    """What the front-matter template needs besides `ctx`: only the layout knows it."""

    contents: list[ContentsEntry]
    pages_behind: int
    """Pages of the summary and all the plans, joined behind the cover and contents."""
    charts: dict[str, str | None] = field(default_factory=dict)
    """Internal URL of each chart's picture by its name (`charts_of`); None when there is none.
    For a chart with a PDF or a size it is an empty SVG of the chart's size, the box into
    which the chart is stamped after layout; else the chart's SVG."""
    part: str = "front"
    """What the template lays out: `front`, the cover and the contents; `summary`, the
    summary's pages (laid out beside the plans, before their page counts are known)."""


@dataclass(frozen=True)
class Stamp:
    """Where a chart's PDF goes: a rectangle of a page of the front matter."""

    page: int
    """Index of the page in the laid-out part (the summary's pages)."""
    chart: str
    """The chart's name (`charts_of`): `timeline`, `timeline-2`…"""
    box: tuple[float, float, float, float]
    """x, y of the lower left corner, width, height: PDF points from the page's lower left."""


def consolidated_pdf_bytes(ctx: DeliverableContext, template_dirs: list[Path],
                           plan_pdfs: list[bytes], allowed: list[Path], *,
                           build_time: dt.datetime | None,
                           label: str | None = None) -> bytes:
    """The consolidated PDF (see `consolidated_pdf`)."""
    return consolidated_pdf(ctx, template_dirs, plan_pdfs, allowed, build_time=build_time,
                            label=label)[0]


def consolidated_pdf(ctx: DeliverableContext, template_dirs: list[Path],
                     plan_pdfs: Sequence[bytes], allowed: list[Path], *,
                     build_time: dt.datetime | None,
                     label: str | None = None,
                     store: FrontStore | None = None,
                     summary: FrontPdf | None = None) -> tuple[bytes, dict[str, int]]:
    """The consolidated PDF: cover and contents, the summary, then every plan's PDF,
    numbered as one document ("Page i of N", `label`); and the page (from 1) of each line of
    `ctx.contents` in it, by the line's key.

    `plan_pdfs` are the plans' PDFs (as `pdf_bytes` wrote them) in the order of `ctx.plans`,
    each asked for twice (its page counts, then its pages);
    `summary` is `summary_pdf`'s (laid out now when not given). The outline holds the
    contents, the summary's sections, then one entry "Partner – Action plan" per plan with its
    own outline nested. Cover, contents and summary come from `store` when it keeps what they
    show (front.py). Two steps, which a build runs in two processes: `contents_pdf`, then
    `joined_pdf`.
    """
    label = label or ctx.page_of.label
    summary = summary or summary_pdf(ctx, template_dirs, allowed, build_time=build_time,
                                     label=label, store=store)
    made = contents_pdf(ctx, template_dirs, plan_pdfs, allowed, build_time=build_time,
                        label=label, store=store, summary=summary)
    return joined_pdf(ctx, made, plan_pdfs, summary, build_time=build_time, label=label), \
        made.pages


def contents_pdf(ctx: DeliverableContext, template_dirs: list[Path],
                 plan_pdfs: Sequence[bytes], allowed: list[Path], *,
                 build_time: dt.datetime | None, summary: FrontPdf,
                 label: str | None = None, store: FrontStore | None = None) -> FrontPdf:
    """The cover and contents (`front_pdf`), for the plans' PDFs `plan_pdfs` (in the order
    of `ctx.plans`; each opened for its page counts and closed) behind the `summary`."""
    from .front import front_pdf
    from .tagged import open_pdf

    plans = [plan_pages(pdf) for pdf in one_at_a_time(plan_pdfs, _plan_ids(ctx, plan_pdfs))]
    with open_pdf(summary.data) as summary_part:
        summary_pages = len(summary_part.pages)
    front = front_matter(ctx, plans, summary_pages, summary.pages)
    return front_pdf(ctx, front, template_dirs, allowed, build_time=build_time,
                     label=label or ctx.page_of.label, store=store)


def joined_pdf(ctx: DeliverableContext, made: FrontPdf, plan_pdfs: Sequence[bytes],
               summary: FrontPdf, *, build_time: dt.datetime | None,
               label: str | None = None) -> bytes:
    """The cover and contents `made` (`contents_pdf`), the `summary` and the plans' PDFs
    joined as one document (join.py), the charts of `ctx` drawn where the layouts left room
    for them; no layout."""
    from .chart_stamp import stamp_charts
    from .front import open_front
    from .tagged import open_pdf, save_pdf

    ids = _plan_ids(ctx, plan_pdfs)
    charts = charts_of(ctx)
    pdf = open_front(made, build_time)
    stamp_charts(pdf, made.stamps, charts)  # none in the built-in cover and contents
    lead = open_pdf(summary.data)
    stamp_charts(lead, summary.stamps, charts)
    join_plans(pdf, one_at_a_time(plan_pdfs, ids), [plan_title(plan) for plan in ctx.plans],
               label=label or ctx.page_of.label, lead=(lead, ctx.labels.get("d_summary", "")))
    return save_pdf(pdf)


def _plan_ids(ctx: DeliverableContext, plan_pdfs: Sequence[bytes]) -> list[str]:
    """The plans' ids, in the order of `ctx.plans`, which `plan_pdfs` must follow."""
    if len(plan_pdfs) != len(ctx.plans):
        raise ValueError(f"{len(plan_pdfs)} plan PDFs for {len(ctx.plans)} plans")
    return [plan.plan_id for plan in ctx.plans]


def summary_pdf(ctx: DeliverableContext, template_dirs: list[Path], allowed: list[Path], *,
                build_time: dt.datetime | None, label: str | None = None,
                store: FrontStore | None = None) -> FrontPdf:
    """The summary's pages (`Front.part` `summary`) as a tagged PDF with an empty box where
    each chart goes (`FrontPdf.stamps`, filled by `joined_pdf`), and the page (from 1, in
    these pages) of each summary section, by contents key. It needs no plan and no chart
    drawn (`Chart.size` is enough): a build lays it out beside the plans and the charts'
    drawing, and `consolidated_pdf` joins it behind the contents. From `store` when it keeps
    what it shows (front.py)."""
    from .front import front_pdf

    return front_pdf(ctx, summary_matter(ctx), template_dirs, allowed, build_time=build_time,
                     label=label or ctx.page_of.label, store=store)


def summary_matter(ctx: DeliverableContext) -> Front:
    """What the template needs to lay out the summary's pages: the charts (`_chart_urls`)."""
    return Front([], 0, _chart_urls(ctx), part="summary")


def _chart_urls(ctx: DeliverableContext) -> dict[str, str | None]:
    return {name: CHART_URL.format(name) if _stamped(chart) or chart.svg else None
            for name, chart in charts_of(ctx).items()}


def _stamped(chart: Chart) -> bool:
    """Whether the layout leaves an empty box for `chart`, its PDF stamped in later: when it
    has a PDF, or a size and no SVG (it is being drawn elsewhere meanwhile)."""
    return chart.pdf is not None or (chart.size is not None and chart.svg is None)


def contents_pages(ctx: DeliverableContext, front: Front,
                   document: weasyprint.Document) -> dict[str, int]:
    """The page of each contents line: laying out the summary, its sections where the
    layout put their anchors (`front_<key>`); laying out the cover and contents, every line
    (`front.contents`) in the joined PDF, behind them."""
    pages: dict[str, int] = {}
    anchors = {f"front_{line.key}": line.key for line in ctx.contents if line.kind == "section"}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in anchors:
                pages.setdefault(anchors[anchor], index + 1)
    for entry in front.contents:
        pages[entry.key] = len(document.pages) + entry.offset
    return pages


def front_matter(ctx: DeliverableContext, plans: list[PlanPages], summary_pages: int = 0,
                 sections: dict[str, int] | None = None) -> Front:
    """The cover and contents: every line of `ctx.contents` as an entry behind them — the
    summary's sections at their pages among the `summary_pages` (`sections`, by key, from 1),
    then the plans and actions, from the plans' PDFs (`plan_pages`: page counts, and the
    pages of the actions' named destinations `<plan>-action-<id>`)."""
    entries: list[ContentsEntry] = []
    sections = sections or {}
    for line in ctx.contents:
        if line.kind == "section" and line.key in sections:
            entries.append(ContentsEntry("section", line.key, line.title, sections[line.key],
                                         f"ap-toc-{len(entries) + 1}", line.keep_with_next,
                                         ctx.language))
    offsets = {}
    offset = summary_pages + 1
    languages = {}
    for plan, pages in zip(ctx.plans, plans, strict=True):
        offsets[plan.plan_id] = (offset, pages)
        languages[plan.plan_id] = plan.language
        offset += pages.count
    for line in ctx.contents:
        if line.kind == "section" or line.plan_id not in offsets:
            continue
        start, pages = offsets[line.plan_id]
        page = 0
        if line.kind == "action":
            page = pages.actions.get(line.destination or "")  # type: ignore[assignment]
            if page is None:
                continue  # an overriding template may drop the ids
        language = languages[line.plan_id] if line.kind == "action" else ctx.language
        entries.append(ContentsEntry(line.kind, line.key, line.title, start + page,
                                     f"ap-toc-{len(entries) + 1}", line.keep_with_next,
                                     language))
    return Front(entries, offset - 1, _chart_urls(ctx))


def chart_pictures(ctx: DeliverableContext, front: Front) -> dict[str, bytes]:
    """What WeasyPrint gets for each chart URL: an empty SVG of the chart's size when the
    chart is a PDF (stamped in afterwards), else the chart's SVG."""
    pictures = {}
    charts = charts_of(ctx)
    for name, url in front.charts.items():
        chart = charts[name]
        if url and _stamped(chart):
            pictures[url] = _empty_svg(chart)
        elif url and chart.svg:
            pictures[url] = chart.svg
    return pictures


def chart_stamps(ctx: DeliverableContext, front: Front,
                 document: weasyprint.Document) -> list[Stamp]:
    """Where the layout put the box of each chart that is a PDF: every image box whose
    source is the chart's URL, on whatever page it landed. (The laid-out boxes are
    `Page._page_box`: `Page.anchors` keep an element's position, not its size.)"""
    from weasyprint.formatting_structure.boxes import ReplacedBox

    charts = charts_of(ctx)
    urls = {url: name for name, url in front.charts.items() if url and _stamped(charts[name])}
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
                               chart_pictures(ctx, front) | logo_pictures(
                                   ctx.project_logo, ctx.programme_logo, ctx.eu_emblem))
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

def _empty_svg(chart: Chart) -> bytes:
    """An SVG that draws nothing, of the size of the chart's PDF page (of `Chart.size` while
    it has none: the same numbers)."""
    if chart.pdf is not None:
        from pypdf import PdfReader

        box = PdfReader(io.BytesIO(chart.pdf)).pages[0].mediabox
        width, height = float(box.width), float(box.height)
    else:
        assert chart.size is not None, "a chart stamped in has a PDF or a size"
        width, height = chart.size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.6f}pt" '
            f'height="{height:.6f}pt" viewBox="0 0 {width:.6f} {height:.6f}"/>').encode()


def _numbering_css(front: Front) -> str:
    """Page counters that end, on the front's last page, at the absolute page of each contents
    entry (see the module notes)."""
    counters = [(entry.counter, entry.offset) for entry in front.contents]
    if not counters:
        return ""
    increments = " ".join(f"{name} 1" for name, _ in counters)
    resets = " ".join(f"{name} {value}" for name, value in counters)
    # Class selectors: the style engine indexes them (attribute selectors it tries on every
    # element, which a partnership of 100 plans would feel).
    shown = "\n".join(f".{entry.counter}::after "
                      f"{{ content: target-counter(url(#front_end), {entry.counter}); }}"
                      for entry in front.contents)
    return f"""
@page {{ counter-increment: page 1 {increments}; }}
@page :first {{ counter-reset: {resets}; }}
{shown}
"""
