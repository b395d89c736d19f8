"""The lead partner's consolidated DOCX, read back by python-docx and opened by LibreOffice.

Expected numbers come from the YAML files themselves (summed here), not from `Summary`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import io
import math
import re
import shutil
import statistics
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import outputs_per_hash_seed

from actionplan.load import load_partnership
from actionplan.load.templates import builtin_dir, search_path
from actionplan.render.docx import EPOCH, consolidated_docx_bytes, dump_docx, paragraph_text
from actionplan.summary import build_summary
from actionplan.summary.deliverable import Chart, DeliverableContext, deliverable_context
from actionplan.words.format import format_money

docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
NBSP = "\u00a0"
BUILD = dt.datetime(2019, 3, 29, tzinfo=dt.UTC)
SECTIONS = ["Overview", "Learning flows", "Timeline", "Money", "Topics", "Open points"]
TEXT_WIDTH_CM = 16.4


# --- fixtures -----------------------------------------------------------------------------

def _context(folder: Path) -> tuple[DeliverableContext, list[Path]]:
    partnership = load_partnership(folder)
    ctx = deliverable_context(partnership, build_summary(partnership), BUILD, ("docx",))
    return ctx, search_path(partnership.folder)


@pytest.fixture(scope="module")
def plans() -> tuple[DeliverableContext, list[Path]]:
    return _context(ROOT / "plans")


@pytest.fixture(scope="module")
def plans_docx(plans: tuple[DeliverableContext, list[Path]]) -> bytes:
    ctx, dirs = plans
    return consolidated_docx_bytes(ctx, dirs, build_time=BUILD)


@pytest.fixture(scope="module")
def full() -> tuple[DeliverableContext, list[Path]]:
    return _context(ROOT / "examples" / "full")


@pytest.fixture(scope="module")
def full_docx(full: tuple[DeliverableContext, list[Path]]) -> bytes:
    ctx, dirs = full
    return consolidated_docx_bytes(ctx, dirs, build_time=BUILD)


def _yaml(folder: Path) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    """project.yaml and the plans, in partner order (the order of project.yaml)."""
    project = yaml.safe_load((folder / "project.yaml").read_text("utf-8"))
    order = [p["id"] for p in project["partners"]]
    plans = [yaml.safe_load(path.read_text("utf-8")) for path in sorted(folder.glob("*.yaml"))
             if path.name != "project.yaml"]
    return project, sorted(plans, key=lambda plan: order.index(plan["partner"]))


def _open(data: bytes):  # noqa: ANN202
    return docx.Document(io.BytesIO(data))


def _lines(data: bytes) -> list[str]:
    return dump_docx(data).replace(NBSP, " ").splitlines()


def _body_lines(data: bytes) -> list[str]:
    lines = _lines(data)
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("== section"))]


def _is_heading(p) -> bool:  # noqa: ANN001
    style = p.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val").startswith("Heading")


def _table_after(data: bytes, heading: str) -> list[list[str]]:
    """The rows of the first table after the heading `heading`."""
    found = False
    for child in _open(data).element.body.iterchildren():
        if child.tag == f"{W}p" and _is_heading(child) and paragraph_text(child) == heading:
            found = True
        elif found and child.tag == f"{W}tbl":
            return [[" / ".join(paragraph_text(p) for p in tc.iter(f"{W}p")).replace(NBSP, " ")
                     for tc in tr.iterchildren(f"{W}tc")] for tr in child.iterchildren(f"{W}tr")]
    raise AssertionError(f"no table after {heading!r}")


# --- content ------------------------------------------------------------------------------

def test_cover(plans: tuple[DeliverableContext, list[Path]], plans_docx: bytes) -> None:
    ctx, _ = plans
    project, _plans = _yaml(ROOT / "plans")
    lead = next(p["name"] for p in project["partners"]
                if p["id"] == project["project"]["lead_partner"])
    lines = _body_lines(plans_docx)
    cover = lines[:lines.index("TOC Heading: Contents")]
    assert "Title: Action plans of the partnership" in cover
    assert f"Subtitle: {project['project']['acronym']}" in cover
    assert f"Cover Text: {project['project']['title']}" in cover
    assert f"Cover Kicker: {project['project']['programme']}" in cover
    assert f"Cover Project: Lead partner: {lead}" in cover
    assert f"  | {project['project']['index']} | April 2016 – March 2021 | 29 March 2019 |" in cover
    footer = dump_docx(plans_docx).split("== section 1 first page footer ==\n")[1]
    assert footer.startswith("Disclaimer: This action plan reflects the author's views only.")


def test_cover_logo_and_draft(full: tuple[DeliverableContext, list[Path]], full_docx: bytes) -> None:
    """The deliverable's cover shows the EU emblem, then the project logo; a draft plan's own
    cover shows DRAFT, as in its own document (and in the PDF)."""
    lines = _body_lines(full_docx)
    assert lines[1].startswith("  | [picture: Flag of the European Union] | European Union |")
    assert f"Cover Logos: [picture: {full[0].acronym} logo]" in lines[:6]
    # the draft plan's cover in its own language (Bulgarian), title on the line before the partner
    sofia = lines.index("Столична община")
    assert lines[sofia - 1] == "Title: План за действие"
    assert "Cover Draft: ЧЕРНОВА" in lines[sofia:sofia + 4]


def test_every_partner_and_action_in_partner_order(plans_docx: bytes) -> None:
    project, plans = _yaml(ROOT / "plans")
    names = {p["id"]: p["name"] for p in project["partners"]}
    lines = _body_lines(plans_docx)
    # each plan as in its own document: its cover titled with the partner, its parts at
    # Heading 1, its actions at Heading 2
    covers = [i for i, line in enumerate(lines) if line == "Title: Action plan"]
    assert [lines[i + 1] for i in covers] == [names[plan["partner"]] for plan in plans]
    for n, plan in enumerate(plans):
        start = covers[n]
        end = covers[n + 1] if n + 1 < len(plans) else len(lines)
        headings = [line for line in lines[start:end] if line.startswith("Heading 2: ACTION ")]
        assert headings == [f"Heading 2: ACTION {i} – {action['title']}"
                            for i, action in enumerate(plan["actions"], start=1)]
        part_headings = [line for line in lines[start:end] if line.startswith("Heading 1: ")]
        assert part_headings == ["Heading 1: Part I – General information",
                                 "Heading 1: Part II – Policy context",
                                 "Heading 1: Learnings from the project",
                                 "Heading 1: Part III – Details of the actions envisaged",
                                 "Heading 1: Signature"]
    text = dump_docx(plans_docx)
    for name in names.values():
        assert name in text


def test_every_plan_starts_a_page(plans_docx: bytes) -> None:
    """A section break (a new page) before each plan's cover, and Part I on the next page."""
    body = _open(plans_docx).element.body
    children = list(body.iterchildren())
    titles = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
              and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Title"][1:]
    assert len(titles) == 6
    for title in titles:
        table = title.getparent().getparent().getparent()  # the blue band around the title
        before = children[:children.index(table)]
        breaks = [p for p in before if p.tag == f"{W}p" and p.find(f"{W}pPr/{W}sectPr") is not None]
        assert breaks and before.index(breaks[-1]) >= len(before) - 4  # just before the cover
    parts = [p for p in body.iter(f"{W}p") if paragraph_text(p) == "Part I – General information"]
    assert len(parts) == 6
    assert all(p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in parts)


def test_summary_sections_in_order(plans_docx: bytes) -> None:
    lines = _body_lines(plans_docx)
    start = lines.index("Heading 1: Summary of the partnership")
    end = lines.index("Title: Action plan")
    assert [line[len("Heading 2: "):] for line in lines[start:end]
            if line.startswith("Heading 2: ")] == SECTIONS
    assert all(not line.startswith("Heading 1: ") for line in lines[start + 1:end])


def _money(amount: float) -> str:
    return format_money(round(amount, 2) + 0.0, "EUR")


def test_totals_computed_by_hand(plans_docx: bytes) -> None:
    _project, plans = _yaml(ROOT / "plans")
    actions = [a for plan in plans for a in plan["actions"]]
    assert {a["costs"].get("currency", "EUR") for a in actions} == {"EUR"}
    costs = math.fsum(a["costs"]["amount"] for a in actions)
    funding = math.fsum(f["amount"] for a in actions for f in a.get("funding", [])
                        if f.get("amount") is not None)
    assert all(any(f.get("amount") is not None for a in plan["actions"] for f in a["funding"])
               for plan in plans)  # so each plan's unfunded part is costs minus funding
    assert costs == 1_545_000  # the sum as read in the YAML files, by hand
    overview = _table_after(plans_docx, "Overview")
    assert overview[0] == ["Partner", "Country / region (NUTS2)", "Policy instrument", "Actions",
                           "Total costs", "Timeframe", "Status", "Version"]
    assert overview[-1][:3] == [f"Total ({len(plans)} plans)", str(len(actions)), _money(costs)]
    assert len(overview) == len(plans) + 2
    for row, plan in zip(overview[1:-1], plans, strict=True):
        assert row[3] == str(len(plan["actions"]))
        assert row[4] == _money(math.fsum(a["costs"]["amount"] for a in plan["actions"]))
        assert row[6] == plan["status"].capitalize() and row[7] == str(plan["version"])
    money = _table_after(plans_docx, "By partner")
    assert money[0] == ["Partner", "Costs", "Funding", "Unfunded"]
    assert money[-1] == ["Total", _money(costs), _money(funding), _money(costs - funding)]
    sources = _table_after(plans_docx, "By funding source")
    assert sources[-1][:2] == ["Total", _money(funding)]
    assert len(sources) - 2 == len({f["source"] for a in actions for f in a["funding"]})


def test_learning_flow_matrix(plans_docx: bytes) -> None:
    project, plans = _yaml(ROOT / "plans")
    labels = [p.get("short_name", p["name"]) for p in project["partners"]]
    label = dict(zip([p["id"] for p in project["partners"]], labels, strict=True))
    rows = _table_after(plans_docx, "Learning flows")
    assert rows[0][1:-1] == labels and rows[0][-1] == "Learnings"
    assert [row[0] for row in rows[1:-1]] == [label[plan["partner"]] for plan in plans]
    assert [row[-1] for row in rows[1:-1]] == [str(len(plan["learnings"])) for plan in plans]
    assert rows[-1][-1] == str(sum(len(plan["learnings"]) for plan in plans))
    for row in rows[1:-1]:
        assert len(row) == len(labels) + 2
        assert all(cell.isdigit() for cell in row[1:-1])  # "0" where none, as the totals
    # the columns of the loop share the width the fixed ones leave
    table = next(t for t in _open(plans_docx).tables if t.rows[0].cells[-1].text == "Learnings")
    grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.iterchildren(f"{W}gridCol")]
    assert len(grid) == len(labels) + 2
    assert sum(grid) == 9298 and len(set(grid[1:-1])) <= 2


def test_practices_and_unused(full: tuple[DeliverableContext, list[Path]], full_docx: bytes) -> None:
    project, _plans = _yaml(ROOT / "examples" / "full")
    rows = _table_after(full_docx, "Good practices and the plans that use them")
    assert [row[0] for row in rows[1:]] == [p["title"] for p in project["good_practices"]]
    ctx, dirs = full
    unused = dataclasses.replace(ctx.summary.practices[0], users=())
    summary = dataclasses.replace(ctx.summary, practices=(unused, *ctx.summary.practices[1:]),
                                  unused_practices=(unused,))
    data = consolidated_docx_bytes(dataclasses.replace(ctx, summary=summary), dirs)
    rows = _table_after(data, "Good practices and the plans that use them")
    assert rows[1] == [unused.title, unused.owner_label, "Not used by any plan"]


def test_open_points(full_docx: bytes, plans_docx: bytes) -> None:
    lines = _body_lines(full_docx)
    start = lines.index("Heading 2: Open points")
    points = lines[start:lines.index("-- end of a portrait section --", start)]
    assert points.pop() == "Table End:"  # the paragraph that ends the summary's section
    # only the kinds of open point there are, as in the PDF
    assert points == [
        "Heading 2: Open points",
        "Heading 3: Plans in draft",
        "List Bullet: Столична община: plan bg-sofia, version 0.3, is a draft.",
        "Heading 3: Partners without a plan", "List Bullet: Greater Manchester Combined Authority",
    ]
    lines = _body_lines(plans_docx)
    start = lines.index("Heading 2: Open points")
    assert lines[start + 1] == "Normal: None."


def test_skipped_plans_are_listed(full: tuple[DeliverableContext, list[Path]]) -> None:
    from actionplan.summary import SkippedPlan

    ctx, dirs = full
    points = dataclasses.replace(ctx.summary.open_points, warnings=("plans/x.yaml:3: odd",), skipped=(
        SkippedPlan("plans/y.yaml", "plans/y.yaml was left out: 1 error.",
                    ("plans/y.yaml:7: unknown partner 'zz'",)),))
    data = consolidated_docx_bytes(
        dataclasses.replace(ctx, summary=dataclasses.replace(ctx.summary, open_points=points)), dirs)
    lines = _body_lines(data)
    assert "List Bullet: plans/x.yaml:3: odd" in lines
    at = lines.index("List Bullet: plans/y.yaml was left out: 1 error.")
    assert lines[at + 1] == "List Bullet (level 2): plans/y.yaml:7: unknown partner 'zz'"


def test_topics(plans_docx: bytes) -> None:
    project, plans = _yaml(ROOT / "plans")
    labels = {p["id"]: p.get("short_name", p["name"]) for p in project["partners"]}
    names = {p["id"]: p["name"] for p in project["partners"]}
    lines = _body_lines(plans_docx)
    for topic in project["topics"]:
        at = lines.index(f"Heading 3: {topic['title']}")
        if topic.get("coordinator"):
            assert lines[at + 1] == f"Meta: Coordinator: {names[topic['coordinator']]}"
        expected = [f"List Bullet: {labels[plan['partner']]} – {learning['title']}"
                    for plan in plans for learning in plan["learnings"]
                    if learning.get("topic") == topic["id"]]
        following = lines[at + 1:]
        items = [line for line in following[:next(i for i, line in enumerate(following)
                                                   if line.startswith("Heading"))]
                 if line.startswith("List Bullet")]
        assert items == expected


# --- pictures, contents, sections ------------------------------------------------------------

def test_charts_are_described_pictures(plans: tuple[DeliverableContext, list[Path]],
                                       plans_docx: bytes) -> None:
    ctx, _ = plans
    doc = _open(plans_docx)
    descriptions = [d.get("descr") for d in doc.element.body.iter(f"{WP}docPr")]
    emblems = descriptions.count(ctx.eu_emblem.alt)
    assert emblems == 1 + len(ctx.plans)  # every cover
    assert [d for d in descriptions if d != ctx.eu_emblem.alt] == [ctx.timeline.alt]
    for shape in doc.inline_shapes:
        if shape._inline.docPr.get("descr") == ctx.timeline.alt:
            assert 16 <= shape.width.cm <= TEXT_WIDTH_CM + 0.01
    ids = [d.get("id") for d in doc.element.body.iter(f"{WP}docPr")]
    assert len(set(ids)) == len(ids)
    lines = _body_lines(plans_docx)
    assert f"Figure: [picture: {ctx.timeline.alt}]" in lines
    assert lines[lines.index(f"Figure: [picture: {ctx.timeline.alt}]") + 1] == \
        f"Caption: {ctx.timeline.alt}"


def test_alt_text_is_escaped(plans: tuple[DeliverableContext, list[Path]]) -> None:
    ctx, dirs = plans
    alt = 'A & B < C > "D" {{ 7*7 }} – Ελληνικά'
    data = consolidated_docx_bytes(dataclasses.replace(ctx, timeline=Chart(ctx.timeline.png, None, alt)),
                                   dirs)
    docpr = list(_open(data).element.body.iter(f"{WP}docPr"))
    assert alt in [d.get("descr") for d in docpr]
    assert f"Caption: {alt}" in _lines(data)


def test_a_tall_chart_fits_the_page(plans: tuple[DeliverableContext, list[Path]]) -> None:
    from PIL import Image

    ctx, dirs = plans
    out = io.BytesIO()
    Image.new("RGB", (400, 1600), "white").save(out, "PNG")
    data = consolidated_docx_bytes(dataclasses.replace(ctx, timeline=Chart(out.getvalue(), None, "tall")),
                                   dirs)
    shape = next(s for s in _open(data).inline_shapes if s._inline.docPr.get("descr") == "tall")
    assert shape.height.cm <= 21.51 and abs(shape.width.cm * 4 - shape.height.cm) < 0.01


def test_missing_png_is_refused(plans: tuple[DeliverableContext, list[Path]]) -> None:
    ctx, dirs = plans
    with pytest.raises(ValueError, match="deliverable.timeline: no PNG"):
        consolidated_docx_bytes(dataclasses.replace(ctx, timeline=Chart(None, b"<svg/>", "x")), dirs)


def test_table_of_contents(plans: tuple[DeliverableContext, list[Path]], plans_docx: bytes) -> None:
    """The contents are lines, each a link to its heading's bookmark and a PAGEREF field to it
    (LibreOffice computes it; Word shows the stored number): no TOC field, and no
    "update fields" setting that would make Word ask a question on every opening."""
    ctx, dirs = plans
    doc = _open(plans_docx)
    body = doc.element.body
    assert doc.settings.element.find(f"{W}updateFields") is None
    instructions = [t.text.strip() for t in body.iter(f"{W}instrText")]
    assert instructions == [f"PAGEREF {line.bookmark} \\h" for line in ctx.contents]
    assert [line.kind for line in ctx.contents].count("action") == 17  # actions, as the PDF's
    entries = [(p.style.name, "".join(t.text or "" for t in p._p.iter(f"{W}t")),
                p._p.find(f"{W}hyperlink").get(f"{W}anchor"))
               for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries == [("toc 2" if line.kind == "action" else "toc 1", line.title, line.bookmark)
                       for line in ctx.contents]  # no number stored without a PDF
    # no contents page carries one line alone: a plan's line stays with its first action,
    # a plan's last two actions together (as in the PDF)
    kept = [p._p.find(f"{W}pPr/{W}keepNext") is not None
            for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert kept == [line.keep_with_next for line in ctx.contents]
    assert sum(kept) == 2 * len(ctx.plans)  # every plan of plans/ has two actions or more
    names = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert len(set(names)) == len(names)
    assert {line.bookmark for line in ctx.contents} <= set(names)
    ids = [b.get(f"{W}id") for b in body.iter(f"{W}bookmarkStart")]
    assert len(set(ids)) == len(ids)
    # each bookmark is on its heading: the section's, the plan's cover title, the action's
    for line in ctx.contents:
        start = next(b for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == line.bookmark)
        heading = paragraph_text(start.getparent())
        assert " ".join(heading.split()).startswith(line.title.replace(" – Action plan", "")
                                                    if line.kind != "plan" else "Action plan")
    numbered = consolidated_docx_bytes(ctx, dirs, build_time=BUILD,
                                       pages={line.key: n for n, line in enumerate(ctx.contents, 3)})
    lines = [p for p in _open(numbered).paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert [paragraph_text(p._p).rsplit("\t", 1)[-1] for p in lines][:3] == [
        "{PAGEREF _Toc_overview \\h}", "{PAGEREF _Toc_flows \\h}", "{PAGEREF _Toc_timeline \\h}"]
    stored = ["".join(t.text or "" for t in p._p.iter(f"{W}t"))[len(line.title):]
              for p, line in zip(lines, ctx.contents, strict=True)]
    assert stored == [str(n) for n in range(3, 3 + len(ctx.contents))]


def test_sections_and_running_header(plans: tuple[DeliverableContext, list[Path]],
                                     plans_docx: bytes) -> None:
    """Cover and contents, the overview (landscape), the rest of the summary, then one
    section per plan: its cover page without header, then the plan's own running header."""
    ctx, _ = plans
    sections = _open(plans_docx).sections
    assert len(sections) == 3 + len(ctx.plans)
    first, overview, rest, *plan_sections = sections
    assert first.different_first_page_header_footer
    assert not first.first_page_header.paragraphs[0].text
    assert first.header.paragraphs[0].text == ctx.running_header
    footer = dump_docx(plans_docx).split("== section 1 footer ==\n")[1].splitlines()
    assert footer[:2] == ["table:", f"  | {ctx.programme} | Page {{PAGE}} of {{NUMPAGES}} |"]
    for section in (overview, rest):
        assert section.header.is_linked_to_previous and section.footer.is_linked_to_previous
        assert not section.different_first_page_header_footer
    assert overview.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert overview.page_width > overview.page_height
    assert rest.page_width < rest.page_height
    for section, plan in zip(plan_sections, ctx.plans, strict=True):
        assert section.different_first_page_header_footer
        assert section.first_page_header.is_linked_to_previous  # the cover's: empty
        assert section.footer.is_linked_to_previous  # "Page n of N" of the whole document
        text = section.header.paragraphs[0].text
        assert text == plan.running_header + ("\tDRAFT" if plan.draft else "")
        assert "Action plans of the partnership" not in text


def test_core_properties(plans: tuple[DeliverableContext, list[Path]], plans_docx: bytes) -> None:
    ctx, dirs = plans
    props = _open(plans_docx).core_properties
    assert props.title == ctx.document_title == "UpGradeSME – Action plans of the partnership"
    assert props.author == ctx.author and props.language == ctx.language
    assert props.created == props.modified == BUILD
    assert props.identifier == "UpGradeSME-action-plans"
    assert _open(consolidated_docx_bytes(ctx, dirs)).core_properties.created == EPOCH


@pytest.mark.parametrize("folder", ["plans", "examples/full", "examples/minimal"])
def test_every_partnership_renders(folder: str) -> None:
    ctx, dirs = _context(ROOT / folder)
    lines = _body_lines(consolidated_docx_bytes(ctx, dirs))
    titles = {f"Title: {plan.labels['cover_title']}" for plan in ctx.plans}  # each plan's language
    covers = [lines[i + 1] for i, line in enumerate(lines) if line in titles]
    assert covers == [plan.partner_name for plan in ctx.plans]
    for plan in ctx.plans:
        for action in plan.actions:
            assert f"Heading 2: {action.heading}" in lines
    assert not any("**" in line or "{{" in line or "{%" in line for line in lines)


# --- reproducibility, speed, template -------------------------------------------------------

def test_byte_identical(plans: tuple[DeliverableContext, list[Path]], plans_docx: bytes,
                        full: tuple[DeliverableContext, list[Path]]) -> None:
    ctx, dirs = plans
    consolidated_docx_bytes(*full)  # nothing leaks from one render into the next
    assert consolidated_docx_bytes(ctx, dirs, build_time=BUILD) == plans_docx
    with zipfile.ZipFile(io.BytesIO(plans_docx)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2019, 3, 29, 0, 0, 0)}
        assert zf.namelist()[0] == "[Content_Types].xml"


def test_byte_identical_across_processes() -> None:
    code = ("import hashlib, datetime as dt; from actionplan.load import load_partnership; "
            "from actionplan.summary import build_summary; "
            "from actionplan.summary.deliverable import deliverable_context; "
            "from actionplan.render.docx import consolidated_docx_bytes; "
            "from actionplan.load.templates import search_path; "
            "p = load_partnership('examples/full'); "
            "c = deliverable_context(p, build_summary(p), dt.datetime(2019, 3, 29), ('docx',)); "
            "print(hashlib.sha256(consolidated_docx_bytes(c, search_path(p.folder))).hexdigest())")
    assert len(outputs_per_hash_seed(code)) == 1


def test_fast(plans: tuple[DeliverableContext, list[Path]]) -> None:
    ctx, dirs = plans
    times = []
    for _ in range(3):
        begun = time.perf_counter()
        consolidated_docx_bytes(ctx, dirs)
        times.append(time.perf_counter() - begun)
    assert statistics.median(times) < 0.5


def test_builtin_template_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("make_docx_templates",
                                                  ROOT / "templates" / "make_docx_templates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build_consolidated() == (builtin_dir() / "consolidated.docx").read_bytes(), \
        "run `python3 templates/make_docx_templates.py` and commit templates/consolidated.docx"


def test_partnership_template_overrides(tmp_path: Path,
                                        plans: tuple[DeliverableContext, list[Path]]) -> None:
    ctx, _ = plans
    with zipfile.ZipFile(builtin_dir() / "consolidated.docx") as zin:
        entries = {n: zin.read(n) for n in zin.namelist()}
    xml = entries["word/document.xml"].decode()
    entries["word/document.xml"] = xml.replace(">{{ deliverable.labels.d_cover_title }}<",
                                               ">Our plans {{ summary.totals.plans }}<", 1).encode()
    (tmp_path / "consolidated.docx").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "consolidated.docx", "w") as zout:
        for name, data in entries.items():
            zout.writestr(name, data)
    lines = _lines(consolidated_docx_bytes(ctx, [tmp_path, builtin_dir()]))
    assert "Title: Our plans 6" in lines


def test_golden(full_docx: bytes, golden) -> None:  # noqa: ANN001
    golden("docx/full-consolidated.txt", dump_docx(full_docx))


# --- a real client ------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-writer-nogui")
def test_libreoffice_converts(tmp_path: Path, plans: tuple[DeliverableContext, list[Path]],
                              plans_docx: bytes) -> None:
    ctx, _ = plans
    (tmp_path / "consolidated.docx").write_bytes(plans_docx)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "consolidated.docx")],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "consolidated.pdf"
    assert pdf.exists() and pdf.stat().st_size > 50_000, result.stdout + result.stderr
    pages = _pdf_pages(pdf)
    assert "Action plans of the partnership" in pages[0]
    # the contents show page numbers LibreOffice computed from its own layout (PAGEREF
    # fields), each the page of its heading
    entries = [(m[1].strip(), int(m[2]))
               for m in re.finditer(r"^(.+?) (\d+)$", _pdf_lines(pdf)[1], re.MULTILINE)]
    titles = [line.title for line in ctx.contents]
    numbered = [(title, page) for title, page in entries if title in titles]
    assert [title for title, _ in numbered] == titles
    for title, page in numbered:
        assert title.replace(" – Action plan", "") in pages[page - 1], (title, page)
    assert [page for _, page in numbered] == sorted(page for _, page in numbered)
    text = "\n".join(pages)
    for plan in ctx.plans:
        assert plan.partner_name in text
    assert re.search(rf"Page 3 of {len(pages)}\b", text)


def _pdf_lines(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(pdf).pages]
