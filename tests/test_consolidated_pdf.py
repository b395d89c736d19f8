"""The lead partner's consolidated PDF, checked by what a reader sees: the front matter (cover,
contents with real page numbers, the six summary sections, charts stamped in as vector PDFs
where the layout left room), every plan joined behind it with its own pages, one outline,
metadata, embedded fonts and byte-identical rebuilds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from test_render_pdf import fonts, squeeze

from actionplan.errors import ActionPlanError
from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.model import Partnership
from actionplan.render.pdf.consolidated import (
    Stamp,
    chart_pictures,
    chart_stamps,
    consolidated_pdf_bytes,
    contents_pdf,
    front_matter,
    joined_pdf,
    layout_front,
    render_front_html,
    summary_matter,
    summary_pdf,
)
from actionplan.render.pdf.fetcher import FetchRefused, SandboxedFetcher
from actionplan.render.pdf.join import plan_pages
from actionplan.render.pdf.plan import layout_plan, pdf_bytes
from actionplan.summary import build_summary
from actionplan.summary.deliverable import DeliverableContext, deliverable_context

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
MARGIN = 22 * MM
TEXT_WIDTH = 168 * MM
"""The left margin and text width of an A4 portrait page (action-plan.css), in PDF points:
the charts (170 mm) are scaled down to the text width."""
BUILD_TIME = dt.datetime(2019, 3, 29, 12, 0, tzinfo=dt.UTC)
SECTIONS = ["Overview", "Learning flows", "Timeline", "Money", "Topics", "Open points"]


# --- helpers ------------------------------------------------------------------------------

def make(folder: str) -> tuple[Partnership, DeliverableContext, list[bytes]]:
    """A partnership, its consolidated context and its plans' PDFs, rendered as `build` does."""
    partnership = load_partnership(ROOT / folder)
    ctx = deliverable_context(partnership, build_summary(partnership), BUILD_TIME, ("pdf",))
    dirs = search_path(partnership.folder)
    plan_pdfs = [pdf_bytes(layout_plan(plan, dirs, [partnership.folder]),
                           title=plan.document_title, author=plan.author,
                           language=plan.language, build_time=BUILD_TIME)
                 for plan in ctx.plans]
    return partnership, ctx, plan_pdfs


def consolidate(partnership: Partnership, ctx: DeliverableContext, plan_pdfs: list[bytes],
                build_time: dt.datetime | None = BUILD_TIME) -> bytes:
    return consolidated_pdf_bytes(ctx, search_path(partnership.folder), plan_pdfs,
                                  [partnership.folder], build_time=build_time)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def opened(data: bytes) -> pikepdf.Pdf:
    """A plan's PDF as the consolidated PDF's code reads it."""
    return pikepdf.open(io.BytesIO(data))


FOOTER = re.compile(r"Page (\d+) of (\d+)")


def footer(pdf: PdfReader, index: int) -> str | None:
    """The "Page n of N" of a page (None on a cover); a page has at most one."""
    found = FOOTER.findall(pdf.pages[index].extract_text())
    assert len(found) <= 1, found
    return f"Page {found[0][0]} of {found[0][1]}" if found else None


def page_text(pdf: PdfReader, index: int) -> str:
    return " ".join(pdf.pages[index].extract_text().split())


def front_pages(pdf: PdfReader, plan_pdfs: list[bytes]) -> int:
    return len(pdf.pages) - sum(len(reader(data).pages) for data in plan_pdfs)


def front_text(pdf: PdfReader, plan_pdfs: list[bytes], header: str = "") -> str:
    """The squeezed text of the front matter, without the page furniture."""
    out = []
    total = len(pdf.pages)
    for index in range(front_pages(pdf, plan_pdfs)):
        text = pdf.pages[index].extract_text().replace(f"Page {index + 1} of {total}", " ")
        out.append(squeeze(text.replace(header, " ") if header else text))
    return "".join(out)


def contents(pdf: PdfReader) -> list[tuple[str, int]]:
    """(title, page number) of every contents entry: `Title 12`."""
    text = re.sub(r"Page \d+ of \d+", "", pdf.pages[1].extract_text())
    return [(m[1].strip(), int(m[2]))
            for m in re.finditer(r"^(.+?) (\d+)$", text, re.MULTILINE)]


def placed_text(page: Any) -> list[tuple[str, float, float]]:
    """Each piece of text of a page with the point where it starts, in PDF points. pypdf gives
    the text of a form XObject (a stamped chart) in the form's own space: the matrix in force
    where the page draws the form (`Do`) takes it to the page."""
    out = []
    forms: list[list[float]] = []

    def point(m: list[float], x: float, y: float) -> tuple[float, float]:
        return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]

    def before(operator: bytes, operands: Any, cm: list[float], tm: list[float]) -> None:
        if operator == b"Do":
            forms.append(list(cm))

    def after(operator: bytes, operands: Any, cm: list[float], tm: list[float]) -> None:
        if operator == b"Do":
            forms.pop()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if text.strip():
            x, y = point(cm, tm[4], tm[5])
            for matrix in reversed(forms):
                x, y = point(matrix, x, y)
            out.append((" ".join(text.split()), x, y))

    page.extract_text(visitor_operand_before=before, visitor_operand_after=after,
                      visitor_text=visit)
    return out


def font_names(resources: Any) -> set[str]:
    """The base names of the fonts of a page's or form's resources, its forms' included."""
    resources = resources.get_object()
    names = {str(font.get_object()["/BaseFont"])
             for font in (resources.get("/Font") or {}).values()}
    for xobject in (resources.get("/XObject") or {}).values():
        if "/Resources" in xobject.get_object():
            names |= font_names(xobject.get_object()["/Resources"])
    return names


def xobject_kinds(resources: Any) -> set[str]:
    """The subtypes of the XObjects of a page's or form's resources, its forms' included."""
    kinds = set()
    for xobject in (resources.get_object().get("/XObject") or {}).values():
        xobject = xobject.get_object()
        kinds.add(str(xobject["/Subtype"]))
        if "/Resources" in xobject:
            kinds |= xobject_kinds(xobject["/Resources"])
    return kinds


def inside(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    """Whether (x, y) lies in the rectangle `box` (x, y, width, height), give or take 1 pt."""
    return box[0] - 1 <= x <= box[0] + box[2] + 1 and box[1] - 1 <= y <= box[1] + box[3] + 1


def outline(pdf: PdfReader) -> list[Any]:
    def walk(items: list[Any]) -> list[Any]:
        return [walk(i) if isinstance(i, list) else i.title for i in items]

    return walk(pdf.outline)


def yaml_total_costs(folder: Path) -> str:
    """The total costs of all plans, straight from the YAML files, as the summary writes it."""
    totals: dict[str, float] = defaultdict(float)
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "project.yaml":
            continue
        for action in yaml.safe_load(path.read_text("utf-8"))["actions"]:
            if action.get("costs"):
                totals[action["costs"].get("currency", "EUR")] += action["costs"]["amount"]
    ordered = sorted(totals, key=lambda c: (c != "EUR", c))
    return "; ".join(f"{c} {totals[c]:,.0f}" if float(totals[c]).is_integer()
                     else f"{c} {totals[c]:,.2f}" for c in ordered)


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def made() -> tuple[Partnership, DeliverableContext, list[bytes]]:
    return make("plans")


@pytest.fixture(scope="module")
def data(made: Any) -> bytes:
    return consolidate(*made)


@pytest.fixture(scope="module")
def pdf(data: bytes) -> PdfReader:
    return reader(data)


@pytest.fixture(scope="module")
def stamps(made: Any) -> list[Stamp]:
    """Where the layout of `data` reserved room for the charts."""
    partnership, ctx, plan_pdfs = made
    summary = summary_matter(ctx)
    document = layout_front(ctx, summary, search_path(partnership.folder), [partnership.folder])
    # the summary's pages come after the cover and contents in the joined file
    before = front_pages(reader(consolidate(*made)), plan_pdfs) - len(document.pages)
    return [dataclasses.replace(stamp, page=before + stamp.page)
            for stamp in chart_stamps(ctx, summary, document)]


@pytest.fixture(scope="module")
def full() -> tuple[Partnership, DeliverableContext, list[bytes]]:
    return make("examples/full")


@pytest.fixture(scope="module")
def full_pdf(full: Any) -> PdfReader:
    return reader(consolidate(*full))


# --- pages and text -----------------------------------------------------------------------

def test_front_matter_then_every_plan_whole(made: Any, pdf: PdfReader) -> None:
    _, _, plan_pdfs = made
    front = front_pages(pdf, plan_pdfs)
    assert 4 <= front <= 12
    start = front
    for data in plan_pdfs:
        own = reader(data)
        assert squeeze(page_text(pdf, start)) == squeeze(page_text(own, 0))  # the plan's cover
        last = start + len(own.pages) - 1
        # the same page, numbered in the whole document
        joined = page_text(pdf, last).replace(footer(pdf, last) or "", "")
        alone = page_text(own, len(own.pages) - 1).replace(footer(own, len(own.pages) - 1), "")
        assert squeeze(joined) == squeeze(alone)
        start = last + 1
    assert start == len(pdf.pages)


def test_every_page_says_its_page_in_the_whole_document(made: Any, pdf: PdfReader) -> None:
    """Every page but a cover says "Page i of N" for the joined file; the page labels (what
    a viewer's page box shows) say the same numbers."""
    total = len(pdf.pages)
    covers = [index for index in range(total) if footer(pdf, index) is None]
    assert covers == [0, *front_and_plan_starts(made, pdf)]
    for index in set(range(total)) - set(covers):
        assert footer(pdf, index) == f"Page {index + 1} of {total}"
    assert [pdf.page_labels[index] for index in range(total)] == [
        str(index + 1) for index in range(total)]


def front_and_plan_starts(made: Any, pdf: PdfReader) -> list[int]:
    """The index of each plan's cover in the joined file."""
    starts, at = [], front_pages(pdf, made[2])
    for data in made[2]:
        starts.append(at)
        at += len(reader(data).pages)
    return starts


def test_outline_contents_footers_and_labels_agree(made: Any, pdf: PdfReader) -> None:
    """For each outline entry: the footer of its target page and the page label say the page
    it is in the whole document, and a contents entry of the same title says that number."""
    total = len(pdf.pages)
    entries = dict(contents(pdf))
    checked = 0

    def walk(items: list[Any]) -> None:
        nonlocal checked
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            index = pdf.get_destination_page_number(item)
            assert pdf.page_labels[index] == str(index + 1)
            if footer(pdf, index) is not None:
                assert footer(pdf, index) == f"Page {index + 1} of {total}", item.title
            if item.title in entries:
                assert entries[item.title] == index + 1, item.title
                checked += 1
            title = f"{item.title}"
            assert title  # every entry has words

    walk(pdf.outline)
    assert checked == len(entries), "every contents entry is an outline entry too"


def test_summary_sections_in_order_with_every_partner(made: Any, pdf: PdfReader) -> None:
    partnership, _, plan_pdfs = made
    text = front_text(pdf, plan_pdfs)
    summary = text.find(squeeze("Summary of the partnership"), text.find(squeeze("Open points")))
    assert summary > 0, "the summary comes after the contents"
    position = summary
    for title in SECTIONS:
        position = text.find(squeeze(title), position)
        assert position > 0, f"{title} missing or out of order"
    for partner in partnership.project.partners:
        assert squeeze(partner.name) in text, partner.name


def test_totals_match_the_yaml(made: Any, pdf: PdfReader) -> None:
    partnership, ctx, plan_pdfs = made
    total = yaml_total_costs(partnership.folder)
    assert total == "EUR 1,545,000"  # the sample partnership's six plans
    text = front_text(pdf, plan_pdfs)
    assert text.count(squeeze(total)) >= 2  # overview and money totals
    actions = sum(len(plan.actions) for plan in ctx.plans)
    assert squeeze(f"Total ({len(ctx.plans)} plans) {actions} {total}") in text


def test_cover(made: Any, pdf: PdfReader) -> None:
    _, ctx, _ = made
    cover = page_text(pdf, 0)
    for value in ("Action plans of the partnership", ctx.acronym, ctx.project_title,
                  ctx.programme.upper(), ctx.project_index, ctx.period, ctx.lead_partner,
                  ctx.date):
        assert value and value in cover, value
    assert "This action plan reflects the author's views only" in cover
    assert ctx.running_header not in cover and "Page 1" not in cover


def test_running_header_and_absolute_page_numbers(pdf: PdfReader, made: Any) -> None:
    _, ctx, plan_pdfs = made
    total = len(pdf.pages)
    for index in range(1, front_pages(pdf, plan_pdfs)):
        text = page_text(pdf, index)
        assert ctx.running_header in text
        assert f"Page {index + 1} of {total}" in text


def test_open_points_say_none_when_there_are_none(made: Any, pdf: PdfReader) -> None:
    _, ctx, plan_pdfs = made
    text = front_text(pdf, plan_pdfs, ctx.running_header)
    assert text.endswith(squeeze("Open points None."))


def test_full_example_logo_drafts_and_partners_without_plan(full: Any,
                                                            full_pdf: PdfReader) -> None:
    _, ctx, plan_pdfs = full
    cover = full_pdf.pages[0]["/Resources"].get_object().get("/XObject") or {}
    assert any(x.get_object().get("/Subtype") == "/Image" for x in cover.values())
    text = front_text(full_pdf, plan_pdfs)
    for line in (*ctx.summary.open_points.drafts, *ctx.summary.open_points.without_plan):
        assert squeeze(line) in text
    assert squeeze(ctx.summary.totals.costs.text) in text  # EUR and BGN
    assert "Draft" in page_text(full_pdf, 2)


# --- contents, outline, links -------------------------------------------------------------

def test_contents_page_numbers_are_right(made: Any, pdf: PdfReader) -> None:
    _, ctx, _ = made
    entries = dict(contents(pdf))
    for title in SECTIONS:
        assert title in page_text(pdf, entries[title] - 1), title
    for plan in ctx.plans:
        start = entries[f"{plan.partner_name} – Action plan"]
        cover = page_text(pdf, start - 1)
        assert "Action plan" in cover and plan.partner_name in cover
        assert "Page 1 of" not in cover  # a cover, not a page inside a plan
        for action in plan.actions:
            assert action.heading in page_text(pdf, entries[action.heading] - 1)


def test_outline_front_then_each_plan_with_its_actions(made: Any, pdf: PdfReader) -> None:
    _, ctx, _ = made
    tree = outline(pdf)
    assert tree[:3] == ["Contents", "Summary of the partnership", SECTIONS]
    plans = tree[3:]
    assert plans[0::2] == [f"{plan.partner_name} – Action plan" for plan in ctx.plans]
    for plan, nested in zip(ctx.plans, plans[1::2], strict=True):
        part3 = nested.index("Part III – Details of the actions envisaged")
        assert nested[part3 + 1] == [action.heading for action in plan.actions]
    first = pdf.outline[3]
    assert pdf.get_destination_page_number(first) == front_pages(pdf, made[2])


def test_many_plans_list_plans_only_in_the_contents(made: Any) -> None:
    _, ctx, plan_pdfs = made
    readers = [plan_pages(opened(data)) for data in plan_pdfs]
    assert {e.kind for e in front_matter(ctx, readers).contents} == {"plan", "action"}
    from actionplan.summary.deliverable import contents_lines

    plans = [dataclasses.replace(plan, plan_id=f"{plan.plan_id}-{n}")
             for n in range(4) for plan in ctx.plans]
    many = dataclasses.replace(ctx, plans=plans, contents=contents_lines(plans))
    front = front_matter(many, readers * 4)
    assert [e.kind for e in front.contents] == ["plan"] * 24
    assert front.pages_behind == 4 * sum(r.count for r in readers)


def test_contents_entries_link_to_their_pages(made: Any, pdf: PdfReader) -> None:
    _, ctx, _ = made
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(pdf.pages)}
    targets = set()
    for annotation in pdf.pages[1].get("/Annots") or []:
        action = annotation.get_object().get("/A")
        if action is not None and action.get("/S") == "/GoTo":
            targets.add(pages[action["/D"][0].idnum] + 1)
        else:
            assert "actionplan-page" not in str(action)
    assert {n for _, n in contents(pdf)} <= targets  # the summary's sections too


# --- charts -------------------------------------------------------------------------------

CHART_LABELS = {"timeline": "Phase 2 · April 2019"}
CHART_HEADINGS = {"timeline": "Timeline"}


def test_charts_are_stamped_in_the_room_the_layout_left(made: Any, pdf: PdfReader,
                                                        stamps: list[Stamp]) -> None:
    """Each chart's PDF is drawn at full text width, at its own aspect ratio, into the box
    the layout reserved on the page that shows its alt text as caption: its words (real text
    now) inside the box, the heading above, the caption below, nothing else inside."""
    _, ctx, plan_pdfs = made
    assert [stamp.chart for stamp in stamps] == ["timeline"]  # the learning flows: a table
    for stamp in stamps:
        chart = getattr(ctx, stamp.chart)
        pages = [i for i in range(front_pages(pdf, plan_pdfs))
                 if squeeze(chart.alt) in squeeze(pdf.pages[i].extract_text())]
        assert pages == [stamp.page], chart.alt
        x, y, width, height = stamp.box
        media = reader(chart.pdf).pages[0].mediabox
        assert (x, width) == (pytest.approx(MARGIN), pytest.approx(TEXT_WIDTH))
        assert width / height == pytest.approx(float(media.width) / float(media.height))
        assert 0 < y and y + height < 842
        own = " ".join(reader(chart.pdf).pages[0].extract_text().split())
        placed = placed_text(pdf.pages[stamp.page])
        label = [(px, py) for text, px, py in placed if text.startswith(CHART_LABELS[stamp.chart])]
        assert label and all(inside(stamp.box, *at) for at in label), (label, stamp)
        caption = [py for text, _, py in placed if text.startswith(chart.alt[:25])]
        assert caption and max(caption) < y
        heading = [py for text, _, py in placed if text == CHART_HEADINGS[stamp.chart]]
        assert heading and min(heading) > y + height
        strays = [text for text, px, py in placed if inside(stamp.box, px, py) and text not in own]
        assert not strays


def test_charts_are_vector_text_not_pictures(made: Any, pdf: PdfReader,
                                             stamps: list[Stamp]) -> None:
    """The stamped pages hold no image (the chart is one form, drawing paths and text), and
    the charts' words come out of the page's text."""
    _, ctx, _ = made
    for stamp in stamps:
        kinds = xobject_kinds(pdf.pages[stamp.page]["/Resources"])
        assert "/Form" in kinds and "/Image" not in kinds
        assert CHART_LABELS[stamp.chart] in page_text(pdf, stamp.page)
    timeline = page_text(pdf, next(s.page for s in stamps if s.chart == "timeline"))
    for bar in ctx.summary.timeline.bars[:3]:
        assert bar.title in timeline


def test_stamped_charts_leave_the_other_pages_alone(made: Any, pdf: PdfReader,
                                                    stamps: list[Stamp]) -> None:
    """Each chart's fonts are on its page and nowhere else: WeasyPrint's pages share one
    resource dictionary, which the stamping must not add to."""
    _, ctx, plan_pdfs = made
    own = {name: font_names(reader(getattr(ctx, name).pdf).pages[0]["/Resources"])
           for name in CHART_LABELS}
    every = set().union(*own.values())
    for index in range(front_pages(pdf, plan_pdfs)):
        expected = set().union(*(own[s.chart] for s in stamps if s.page == index))
        assert font_names(pdf.pages[index]["/Resources"]) & every == expected, index


def test_many_partners_get_a_list_instead_of_a_matrix(made: Any) -> None:
    partnership, ctx, plan_pdfs = made
    m = ctx.summary.flows
    wide = dataclasses.replace(m, columns=m.columns * 4, column_totals=m.column_totals * 4,
                               counts=tuple(row * 4 for row in m.counts))
    many = dataclasses.replace(ctx, summary=dataclasses.replace(ctx.summary, flows=wide))
    front = summary_matter(many)
    html = render_front_html(many, front, search_path(partnership.folder))
    assert 'class="matrix' not in html and 'class="grid flows-list"' in html
    assert "ADR Sud Muntenia (1); BDF (1); ADRAVE (1); Fomento (1); ADR Sud Muntenia (1)" in html
    assert 'class="matrix"' in render_front_html(ctx, summary_matter(ctx),
                                                 search_path(partnership.folder))


def test_charts_come_from_memory_only(made: Any) -> None:
    partnership, ctx, plan_pdfs = made
    readers = [plan_pages(opened(data)) for data in plan_pdfs]
    front = summary_matter(ctx)
    assert front.charts == front_matter(ctx, readers).charts == {
        "timeline": "actionplan-chart:timeline.svg"}
    html = render_front_html(ctx, front, search_path(partnership.folder))
    assert html.count('src="actionplan-chart:') == 1
    assert ctx.timeline.svg is None and ctx.timeline.pdf is not None  # no SVG drawn for nothing
    pictures = chart_pictures(ctx, front)
    for name, url in front.charts.items():
        assert url
        svg = ET.fromstring(pictures[url])  # a box of the chart's size that draws nothing
        media = reader(getattr(ctx, name).pdf).pages[0].mediabox
        assert len(svg) == 0
        assert svg.get("width") == f"{float(media.width):.6f}pt"
        assert svg.get("height") == f"{float(media.height):.6f}pt"
    # not drawn yet (the summary's layout does not wait for it): the same box, from its size
    sized = dataclasses.replace(ctx, timeline=dataclasses.replace(ctx.timeline, pdf=None))
    assert chart_pictures(sized, summary_matter(sized)) == pictures
    no_charts = dataclasses.replace(ctx, timeline=dataclasses.replace(ctx.timeline, pdf=None,
                                                                       size=None))
    assert front_matter(no_charts, readers).charts["timeline"] is None
    assert 'src="actionplan-chart:timeline.svg"' not in render_front_html(
        no_charts, summary_matter(no_charts), search_path(partnership.folder))
    drawn = b'<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt"/>'
    as_svg = dataclasses.replace(ctx, timeline=dataclasses.replace(ctx.timeline, pdf=None,
                                                                    svg=drawn))
    assert chart_pictures(as_svg, front_matter(as_svg, readers)) == {
        "actionplan-chart:timeline.svg": drawn}


def test_a_tall_chart_is_scaled_down_and_centred(made: Any) -> None:
    """The reserved box follows the stylesheet (at most 205 mm tall, centred), the chart's
    aspect ratio kept; a chart given as SVG is left to WeasyPrint, not stamped."""
    partnership, ctx, plan_pdfs = made
    tall = PdfWriter()
    tall.add_blank_page(TEXT_WIDTH, 1600)
    out = io.BytesIO()
    tall.write(out)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt"/>'
    odd = dataclasses.replace(ctx, timeline=dataclasses.replace(ctx.timeline, pdf=out.getvalue()))
    front = summary_matter(odd)
    document = layout_front(odd, front, search_path(partnership.folder), [partnership.folder])
    [stamp] = chart_stamps(odd, front, document)
    as_svg = dataclasses.replace(ctx, timeline=dataclasses.replace(ctx.timeline, pdf=None, svg=svg))
    front = summary_matter(as_svg)
    assert chart_stamps(as_svg, front, layout_front(as_svg, front, search_path(partnership.folder),
                                                    [partnership.folder])) == []
    x, y, width, height = stamp.box
    assert stamp.chart == "timeline"
    assert height == pytest.approx(205 * MM)
    assert width / height == pytest.approx(TEXT_WIDTH / 1600)
    assert x + width / 2 == pytest.approx(MARGIN + TEXT_WIDTH / 2)


def test_a_chart_the_cover_and_contents_leave_room_for_is_drawn_there_too(made: Any) -> None:
    """Both laid-out parts carry where their charts go (`FrontPdf.stamps`), and the join
    draws each part's: an overriding template may place a chart in the cover and contents."""
    partnership, ctx, plan_pdfs = made
    dirs, allowed = search_path(partnership.folder), [partnership.folder]
    summary = summary_pdf(ctx, dirs, allowed, build_time=BUILD_TIME)
    contents = contents_pdf(ctx, dirs, plan_pdfs, allowed, build_time=BUILD_TIME,
                            summary=summary)
    assert [stamp.chart for stamp in summary.stamps] == ["timeline"] and not contents.stamps
    on_cover = dataclasses.replace(contents, stamps=(Stamp(0, "timeline", (MARGIN, 100, 200,
                                                                            150)),))
    pdf = reader(joined_pdf(ctx, on_cover, plan_pdfs, summary, build_time=BUILD_TIME))
    charted = [n for n, page in enumerate(pdf.pages)
               if any(str(name).startswith("/ApChart")
                      for name in page["/Resources"].get("/XObject", {}))]
    summary_starts = front_pages(pdf, plan_pdfs) - len(reader(summary.data).pages)
    assert charted == [0, summary_starts + summary.stamps[0].page]


def test_fetcher_serves_memory_urls_and_nothing_else(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    fetcher = SandboxedFetcher([tmp_path], [], {"actionplan-chart:x.svg": svg})
    response = fetcher.fetch("actionplan-chart:x.svg")
    assert response.read() == svg
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert fetcher.served == ["actionplan-chart:x.svg"]
    with pytest.raises(FetchRefused, match="handed over"):
        fetcher.fetch("actionplan-chart:other.svg")
    with pytest.raises(FetchRefused, match="never fetched"):
        fetcher.fetch("http://127.0.0.1:9/x.svg")
    with pytest.raises(ValueError, match="actionplan-chart"):
        SandboxedFetcher([tmp_path], [], {"file:///etc/passwd": b""})


# --- file properties ----------------------------------------------------------------------

def test_metadata_and_pdfa(made: Any, pdf: PdfReader, data: bytes) -> None:
    _, ctx, plan_pdfs = made
    assert pdf.metadata.title == ctx.document_title
    assert pdf.metadata.author == ctx.author
    assert pdf.metadata.creation_date == BUILD_TIME
    assert pdf.trailer["/Root"]["/Lang"] == ctx.language
    root = pdf.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and ctx.document_title.encode() in xmp
    assert "/OutputIntents" in root
    assert data.startswith(b"%PDF-1.7\n")
    identifier = pdf.trailer["/ID"]
    assert identifier[0] == identifier[1] and len(identifier[0]) == 16


def test_fonts_are_embedded(pdf: PdfReader, full_pdf: PdfReader) -> None:
    for document in (pdf, full_pdf):
        used = fonts(document)
        assert used and all(used.values()), [n for n, e in used.items() if not e]


def test_size_stays_small(made: Any, data: bytes) -> None:
    """Fonts are embedded once per plan (subsets): the file is the plans plus a little."""
    plans = sum(len(d) for d in made[2])
    assert len(data) < plans * 1.3 + 250_000, (len(data), plans)


def test_same_inputs_give_the_same_bytes(made: Any, data: bytes) -> None:
    assert consolidate(*made) == data
    later = consolidate(*made, build_time=BUILD_TIME + dt.timedelta(days=1))
    assert later != data
    assert reader(later).trailer["/ID"] != reader(data).trailer["/ID"]


def test_same_bytes_in_another_process(data: bytes) -> None:
    """Object order and /ID do not depend on the process (hash seed, memory addresses)."""
    code = ("import hashlib, sys; sys.path.insert(0, 'tests'); "
            "from test_consolidated_pdf import make, consolidate; "
            "print(hashlib.sha256(consolidate(*make('plans'))).hexdigest())")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert result.stdout.strip() == hashlib.sha256(data).hexdigest()


# --- mistakes -----------------------------------------------------------------------------

def test_plan_pdf_count_must_match(made: Any) -> None:
    partnership, ctx, plan_pdfs = made
    with pytest.raises(ValueError, match="plan PDFs"):
        consolidate(partnership, ctx, plan_pdfs[:-1])


def test_broken_plan_pdf_is_an_error(made: Any) -> None:
    partnership, ctx, plan_pdfs = made
    broken = [b"%PDF-1.7 nothing else", *plan_pdfs[1:]]
    with pytest.raises(ActionPlanError, match=ctx.plans[0].plan_id):
        consolidate(partnership, ctx, broken)


def test_logo_comes_from_the_bytes_read_at_loading(full: Any) -> None:
    """The front's logo is served from memory: the partnership folder is not even allowed."""
    partnership, ctx, plan_pdfs = full
    document = layout_front(ctx, front_matter(ctx, [plan_pages(opened(d)) for d in plan_pdfs]),
                            search_path(partnership.folder), [])
    data = pdf_bytes(document, title="t", author="a", language="en", build_time=None)
    assert len(reader(data).pages[0].images) == 1


def test_no_contents_page_carries_one_line_alone(made: Any) -> None:
    """A plan's line keeps with its first action, its last two actions keep together."""
    partnership, ctx, plan_pdfs = made
    front = front_matter(ctx, [plan_pages(opened(d)) for d in plan_pdfs])
    html = render_front_html(ctx, front, search_path(partnership.folder))
    assert html.count('class="toc-plan toc-keep"') == len(ctx.plans)
    assert html.count('class="toc-action toc-keep"') == len(ctx.plans)
    assert ".toc-keep { break-after: avoid; }" in (ROOT / "templates/consolidated.css").read_text()
