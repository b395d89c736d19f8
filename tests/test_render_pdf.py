"""The PDF of one plan, checked by what a reader sees: text in order, bookmarks, fonts,
metadata, the DRAFT mark, user text shown literally, and byte-identical rebuilds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from actionplan.errors import ActionPlanError
from actionplan.load import load_partnership
from actionplan.load.templates import builtin_dir, search_path
from actionplan.model import Partnership
from actionplan.render.pdf.plan import compress_once, layout_plan, pdf_bytes, render_html
from actionplan.words.markdown import parse_markdown
from actionplan.words.plan import PlanContext, plan_context

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIME = dt.datetime(2019, 3, 29, 12, 0, tzinfo=dt.UTC)
NASTY = ('& < > " \' {{ 7*7 }} {% if true %}x{% endif %} <img src="file:///etc/passwd"> '
         '<link rel="attachment" href="file:///etc/passwd">')


# --- helpers ------------------------------------------------------------------------------

def build(partnership: Partnership, ctx: PlanContext, template_dirs: list[Path] | None = None,
          build_time: dt.datetime | None = BUILD_TIME) -> bytes:
    dirs = template_dirs or search_path(partnership.folder)
    document = layout_plan(ctx, dirs, [partnership.folder])
    return pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                     language=ctx.language, build_time=build_time)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


_MARKER = re.compile(r"^(\d+\.|•|›)$")


def squeeze(text: str) -> str:
    """Lower-cased text without whitespace or list markers. Lines wrap differently in a PDF
    than in the source (after a hyphen or slash too), WeasyPrint draws outside list markers
    after the page's text, and uppercase labels (text-transform) extract as uppercase, in
    Greek without their accents, as Greek capitals are written."""
    return "".join(w for w in _greek_unaccented(text.lower()).split() if not _MARKER.match(w))


def _greek_unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", re.sub(r"(?<=[\u0370-\u03ff])[\u0301\u0308]", "",
                                               decomposed))


def document_text(pdf: PdfReader, ctx: PlanContext) -> str:
    """The squeezed text of every page in order, without the page furniture (running
    header, page number, draft mark), so that a paragraph split over two pages reads as one."""
    out = []
    total = len(pdf.pages)
    page_of = ctx.page_of
    for number, page in enumerate(pdf.pages, start=1):
        text = page.extract_text()
        for furniture in (ctx.running_header,
                          f"{page_of.before}{number}{page_of.between}{total}{page_of.after}",
                          ctx.labels["draft_mark"]):
            text = text.replace(furniture, " ")
        out.append(squeeze(text))
    return "".join(out)


def assert_in_order(haystack: str, items: list[str]) -> None:
    """Each item appears, each after the one before."""
    position = 0
    for item in items:
        needle = squeeze(item)
        found = haystack.find(needle, position)
        if found < 0:
            context = haystack[max(0, position - 80):position + 80]
            raise AssertionError(f"{item!r} not found after …{context}…")
        position = found + len(needle)


def lines(text: Any) -> list[str]:
    return [line for line in text.plain.split("\n") if line.strip()] if text else []


def expected_sequence(ctx: PlanContext) -> list[str]:
    """Every heading and field of the template, in the order deliverables.md gives, in the
    plan's language (`ctx.labels`, English for an English plan)."""
    w = ctx.labels
    seq = [ctx.programme, w["cover_title"], ctx.partner_name, ctx.region, ctx.acronym,
           ctx.project_title, w["cover_version"], w["cover_status"], w["cover_date"],
           ctx.version, ctx.status, ctx.date, *lines(ctx.disclaimer)]
    if ctx.summary_en:
        seq += [ctx.summary_en_heading, *lines(ctx.summary_en)]
    seq += [w["part_general"]]
    for row in ctx.general:
        seq += [row.label, row.value]
    seq += [w["part_policy"], w["policy_aims"]]
    seq += [f"X {t.label}" if t.ticked else t.label for t in ctx.instrument_types]
    seq += [w["policy_instrument"], ctx.instrument]
    if ctx.managing_authority:
        seq += [ctx.managing_authority]
    seq += [*lines(ctx.policy_details), w["part_learnings"]]
    for learning in ctx.learnings:
        seq += [learning.title, learning.topic or "", *learning.sources, *lines(learning.text)]
    seq += [w["part_actions"]]
    for action in ctx.actions:
        seq += [action.heading, action.improvement or "", w["action_background"],
                *lines(action.background), *action.inspired_by, w["action_activities"],
                *lines(action.activities), w["action_players"]]
        for player in action.players:
            seq += [player.label, player.value]
        seq += [w["action_timeframe"], action.timeframe, w["action_costs"], action.costs or "–",
                action.costs_note or "", w["action_funding"]]
        for line in action.funding:
            seq += [line.source, line.amount]
        if action.indicators:
            seq += [w["indicators"]]
            for row in action.indicators:
                seq += [row.label, row.value]
        if action.monitoring_status:
            seq += [w["monitoring"], action.monitoring_status, *lines(action.monitoring_notes)]
    for row in ctx.signature:
        seq += [row.label, row.value]
    return seq


def outline(pdf: PdfReader) -> list[Any]:
    def walk(items: list[Any]) -> list[Any]:
        return [walk(i) if isinstance(i, list) else i.title for i in items]

    return walk(pdf.outline)


def fonts(pdf: PdfReader) -> dict[str, bool]:
    """Every font the pages use (their XObjects too): base name → embedded."""
    found: dict[str, bool] = {}

    def visit(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            described = font["/DescendantFonts"][0].get_object() \
                if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in pdf.pages:
        visit(page.get("/Resources"))
    return found


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def plans() -> Partnership:
    return load_partnership(ROOT / "plans")


@pytest.fixture(scope="module")
def full() -> Partnership:
    return load_partnership(ROOT / "examples" / "full")


@pytest.fixture(scope="module")
def ctx(plans: Partnership) -> PlanContext:
    return plan_context(plans, plans.plans[0])


@pytest.fixture(scope="module")
def pdf(plans: Partnership, ctx: PlanContext) -> bytes:
    return build(plans, ctx)


@pytest.fixture(scope="module")
def full_ctx(full: Partnership) -> PlanContext:
    return plan_context(full, full.plans[0])


@pytest.fixture(scope="module")
def full_pdf(full: Partnership, full_ctx: PlanContext) -> bytes:
    return build(full, full_ctx)


# --- content ------------------------------------------------------------------------------

def test_every_heading_and_field_in_order(pdf: bytes, ctx: PlanContext) -> None:
    assert_in_order(document_text(reader(pdf), ctx), expected_sequence(ctx))


def test_full_example_in_order_with_logos(full_pdf: bytes, full_ctx: PlanContext) -> None:
    """Greek names, a disclaimer, monitoring notes; the two logos are on the cover."""
    pdf = reader(full_pdf)
    assert_in_order(document_text(pdf, full_ctx), expected_sequence(full_ctx))
    cover_images = pdf.pages[0]["/Resources"].get_object().get("/XObject") or {}
    images = [x for x in cover_images.values() if x.get_object().get("/Subtype") == "/Image"]
    assert len(images) == 2


def test_ticked_box_is_the_instrument_type(pdf: bytes, ctx: PlanContext) -> None:
    text = " ".join(reader(pdf).pages[1].extract_text().split())
    ticked = [t.label for t in ctx.instrument_types if t.ticked]
    assert len(ticked) == 1
    assert re.search(rf"X\s+{re.escape(ticked[0])}", text)
    for tick in ctx.instrument_types:
        if not tick.ticked:
            assert not re.search(rf"X\s+{re.escape(tick.label)}", text)


def test_running_header_and_page_numbers_after_the_cover(pdf: bytes, ctx: PlanContext) -> None:
    pages = reader(pdf).pages
    assert len(pages) >= 4
    cover = pages[0].extract_text()
    assert ctx.running_header not in cover and "Page 1 of" not in cover
    for number, page in enumerate(pages[1:], start=2):
        text = page.extract_text()
        assert ctx.running_header in text
        assert f"Page {number} of {len(pages)}" in text


def test_bookmarks_for_parts_and_actions(pdf: bytes, ctx: PlanContext) -> None:
    assert outline(reader(pdf)) == [
        "Part I – General information",
        "Part II – Policy context",
        "Learnings from the project",
        "Part III – Details of the actions envisaged",
        [action.heading for action in ctx.actions],
        "Signature",
    ]


def test_metadata(pdf: bytes, ctx: PlanContext) -> None:
    document = reader(pdf)
    assert document.metadata.title == ctx.document_title
    assert document.metadata.author == ctx.author
    assert document.trailer["/Root"]["/Lang"] == ctx.language
    assert document.metadata.creation_date == BUILD_TIME
    assert document.metadata.subject == ctx.project_title
    assert b"pdfaid:part=\"3\"" in document.trailer["/Root"]["/Metadata"].get_object().get_data()


# --- fonts --------------------------------------------------------------------------------

def test_fonts_are_embedded_open_sans(pdf: bytes, full_pdf: bytes) -> None:
    for data in (pdf, full_pdf):
        used = fonts(reader(data))
        assert used, "no fonts found"
        assert all(used.values()), f"not embedded: {[n for n, e in used.items() if not e]}"
        assert all("Open-Sans" in name for name in used), used


def test_greek_cyrillic_and_diacritics_need_no_other_font(plans: Partnership,
                                                         ctx: PlanContext) -> None:
    words_ = "Καλημέρα Здравейте ŁŽŠőű ĂăȘșȚț"
    special = dataclasses.replace(ctx, instrument=words_, partner_name=words_,
                                  policy_details=parse_markdown(f"**{words_}** *{words_}*"))
    document = reader(build(plans, special))
    text = " ".join(page.extract_text() for page in document.pages)
    assert text.count(words_) >= 4  # cover, Part II bold and italic, instrument
    assert all("Open-Sans" in name for name in fonts(document)), fonts(document)


def test_character_no_font_has_is_an_error(plans: Partnership, ctx: PlanContext) -> None:
    unassigned = "\u0378"  # no font can have a glyph for an unassigned code point
    with pytest.raises(ActionPlanError, match=r"no installed font can draw .*U\+0378"):
        build(plans, dataclasses.replace(ctx, instrument=f"Programme {unassigned}"))


def test_harfbuzz_subsets_the_fonts(plans: Partnership, ctx: PlanContext,
                                    caplog: pytest.LogCaptureFixture) -> None:
    """libharfbuzz-subset0 is installed: WeasyPrint does not fall back to fontTools (slow)."""
    from weasyprint.text.ffi import harfbuzz_subset

    assert harfbuzz_subset is not None, "install libharfbuzz-subset0 (Debian) / harfbuzz"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build(plans, ctx)
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]


# --- draft --------------------------------------------------------------------------------

def test_draft_mark_on_every_page(plans: Partnership, ctx: PlanContext) -> None:
    draft = dataclasses.replace(ctx, draft=True, status="Draft")
    for page in reader(build(plans, draft)).pages:
        assert "DRAFT" in page.extract_text()


def test_no_draft_mark_on_a_final_plan(pdf: bytes, ctx: PlanContext) -> None:
    assert not ctx.draft
    assert all("DRAFT" not in page.extract_text() for page in reader(pdf).pages)


# --- user text ----------------------------------------------------------------------------

def test_user_text_appears_literally(plans: Partnership, ctx: PlanContext) -> None:
    first = ctx.actions[0]
    nasty = dataclasses.replace(
        ctx, instrument=NASTY, policy_details=parse_markdown(NASTY),
        actions=[dataclasses.replace(first, heading=f"ACTION 1 – {NASTY}",
                                     background=parse_markdown(NASTY)), *ctx.actions[1:]])
    html = render_html(nasty, search_path(plans.folder))
    assert '<img src="file' not in html and "<link" not in html and "49" not in html
    document = reader(build(plans, nasty))
    text = document_text(document, nasty)
    assert text.count(squeeze(NASTY)) == 4  # instrument, details, heading, background
    assert outline(document)[4][0] == f"ACTION 1 – {NASTY}"


def test_render_html_is_deterministic_and_complete(plans: Partnership, ctx: PlanContext) -> None:
    html = render_html(ctx, search_path(plans.folder))
    assert html == render_html(ctx, search_path(plans.folder))
    assert f'<html lang="{ctx.language}">' in html
    assert "<title>" in html and 'name="author"' in html


# --- determinism --------------------------------------------------------------------------

def test_same_input_and_build_time_give_the_same_bytes(plans: Partnership, ctx: PlanContext,
                                                       pdf: bytes) -> None:
    again = build(plans, ctx)  # laid out again from scratch
    assert again == pdf
    assert reader(again).trailer["/ID"] == reader(pdf).trailer["/ID"]
    later = build(plans, ctx, build_time=BUILD_TIME + dt.timedelta(days=1))
    assert later != pdf
    assert reader(later).metadata.creation_date == BUILD_TIME + dt.timedelta(days=1)
    assert build(plans, ctx, build_time=None) == build(plans, ctx, build_time=None)


def test_joined_documents_keep_headers_and_bookmarks(plans: Partnership) -> None:
    """Laid-out plans joined with Document.copy: each page keeps its own running header, is
    numbered in the whole document (the footers are stamped after layout), covers carry no
    number, and every plan keeps its bookmarks."""
    dirs = search_path(plans.folder)
    contexts = [plan_context(plans, entry) for entry in plans.plans[:2]]
    documents = [layout_plan(c, dirs, [plans.folder]) for c in contexts]
    joined = documents[0].copy([page for d in documents for page in d.pages])
    pdf = reader(pdf_bytes(joined, title="All plans", author="Lead", language="en",
                           build_time=None))
    assert len(pdf.pages) == sum(len(d.pages) for d in documents)
    second_start = len(documents[0].pages)
    assert contexts[1].running_header in pdf.pages[second_start + 1].extract_text()
    total = len(pdf.pages)
    assert f"Page {second_start + 2} of {total}" in pdf.pages[second_start + 1].extract_text()
    assert "Page" not in pdf.pages[second_start].extract_text()  # the second plan's cover
    assert outline(pdf).count("Part I – General information") == 2
    assert pdf.metadata.title == "All plans"


# --- errors and the sandbox ---------------------------------------------------------------

def test_logos_come_from_the_bytes_read_at_loading(full: Partnership,
                                                  full_ctx: PlanContext) -> None:
    """Nothing of the partnership folder is fetched: the logos are served from memory."""
    dirs = search_path(full.folder)
    document = layout_plan(full_ctx, dirs, allowed=[])
    data = pdf_bytes(document, title="t", author="a", language="en", build_time=None)
    assert len(reader(data).pages[0].images) == 2


def test_file_named_by_an_overriding_template_outside_is_refused(full: Partnership,
                                                                full_ctx: PlanContext,
                                                                tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    html = (builtin_dir() / "action-plan.html.j2").read_text("utf-8")
    assert "{{ ctx.partner_logo.url }}" in html
    (override / "action-plan.html.j2").write_text(
        html.replace("{{ ctx.partner_logo.url }}", "file:///etc/passwd"), "utf-8")
    with pytest.raises(ActionPlanError, match=r"passwd.*outside"):
        build(full, full_ctx, [override, builtin_dir()])


def test_logos_come_from_the_bytes_loaded_never_from_disk_again(copy_of: Any) -> None:
    """What was validated and fingerprinted is what the PDF shows: a logo changed or removed
    after loading changes nothing (issue 12, item 4)."""
    folder = copy_of("examples/full")
    partnership = load_partnership(folder)
    ctx = plan_context(partnership, partnership.plans[0])
    assert ctx.project_logo is not None and ctx.partner_logo is not None
    before = build(partnership, ctx)
    (folder / ctx.project_logo.picture.source).write_bytes(b"\x89PNG\r\n\x1a\n broken")
    (folder / ctx.partner_logo.picture.source).unlink()
    assert build(partnership, ctx) == before
    assert len(reader(before).pages[0].images) == 2


def test_override_stylesheet_uses_built_in_fonts(plans: Partnership, ctx: PlanContext,
                                                 tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    css = (builtin_dir() / "action-plan.css").read_text("utf-8")
    (override / "action-plan.css").write_text(css + "\nh3 { color: #008000; }\n", "utf-8")
    document = reader(build(plans, ctx, [override, builtin_dir()]))
    assert all("Open-Sans" in name for name in fonts(document))


def test_weasyprint_warning_in_override_is_an_error(plans: Partnership, ctx: PlanContext,
                                                    tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    css = (builtin_dir() / "action-plan.css").read_text("utf-8")
    (override / "action-plan.css").write_text(css + "\np { colr: red }\n", "utf-8")
    with pytest.raises(ActionPlanError, match="colr"):
        build(plans, ctx, [override, builtin_dir()])


def test_override_template_cannot_reach_out(plans: Partnership, ctx: PlanContext,
                                            tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    html = (builtin_dir() / "action-plan.html.j2").read_text("utf-8")
    for payload in ('<img src="http://127.0.0.1:9/x.png">', '<img src="file:///etc/passwd">',
                    '<link rel="stylesheet" href="https://example.org/x.css">'):
        (override / "action-plan.html.j2").write_text(
            html.replace("<body>", f"<body>{payload}"), "utf-8")
        with pytest.raises(ActionPlanError, match="cannot use"):
            build(plans, ctx, [override, builtin_dir()])


def test_override_template_is_sandboxed(plans: Partnership, ctx: PlanContext,
                                        tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    (override / "action-plan.html.j2").write_text(
        "{{ ctx.__class__.__init__.__globals__ }}", "utf-8")
    with pytest.raises(ActionPlanError, match="template"):
        render_html(ctx, [override, builtin_dir()])


def test_validate_never_imports_weasyprint() -> None:
    code = ("import sys, actionplan.cli, actionplan.render.pdf, actionplan.load; "
            "sys.exit('weasyprint' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# --- every plan in the repository ---------------------------------------------------------

def _every_plan() -> list[tuple[str, str]]:
    found = []
    for folder in ("plans", "examples/full", "examples/minimal", "examples/multilingual"):
        if (ROOT / folder / "project.yaml").exists():
            found += [(folder, entry.id) for entry in load_partnership(ROOT / folder).plans]
    return found


@pytest.mark.parametrize(("folder", "plan_id"), _every_plan())
def test_every_plan_renders(folder: str, plan_id: str) -> None:
    partnership = load_partnership(ROOT / folder)
    entry = next(e for e in partnership.plans if e.id == plan_id)
    ctx = plan_context(partnership, entry)
    document = reader(build(partnership, ctx))
    assert len(document.pages) >= 3
    assert_in_order(document_text(document, ctx), expected_sequence(ctx))


def test_every_stream_is_compressed_once(plans: Partnership, ctx: PlanContext,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The file /ID is a hash of the written objects: WeasyPrint's writer computes every
    object's bytes again for it, compressing every stream a second time (issue 15). With the
    finisher the renderer passes (`compress_once`), each is compressed once, and the bytes stay
    those of WeasyPrint's own writer."""
    import zlib

    from actionplan.render.pdf.tagged import VARIANT

    document = layout_plan(ctx, search_path(plans.folder), [plans.folder])
    plain = document.write_pdf(pdf_variant=VARIANT)
    compressions = 0
    real = zlib.compressobj

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal compressions
        compressions += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counting)
    data = document.write_pdf(pdf_variant=VARIANT, finisher=compress_once)
    assert compressions == data.count(b"\nendstream")
    assert data == plain
