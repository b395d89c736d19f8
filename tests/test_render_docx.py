"""The plan DOCX, read back by python-docx and opened by LibreOffice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import outputs_per_hash_seed

from actionplan.errors import ActionPlanError
from actionplan.load import load_partnership
from actionplan.load.templates import builtin_dir, search_path
from actionplan.render.docx import EPOCH, docx_bytes, dump_docx, paragraph_text
from actionplan.words.markdown import parse_markdown
from actionplan.words.plan import PlanContext, plan_context

docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FOLDERS = [ROOT / "plans", ROOT / "examples" / "full", ROOT / "examples" / "minimal",
           ROOT / "examples" / "multilingual"]
WEIRD = ("A & B < C > D \"q\" 'a' {{ 7*7 }} {% if x %}yes{% endif %} {_{ x }_} "
         "<img src=\"file:///etc/passwd\"> <link rel=\"attachment\" href=\"x\"> "
         "😀 中文 Ελληνικά Кириллица العربية עברית")
MARKDOWN = """\
Intro with **bold words**, *italic words* and a [link](https://example.org/a?b=1&c=2).

1. first
2. second
   - nested bullet
   - nested *again*

     a second paragraph in the item
3. third

Between the lists, raw HTML stays text: <b>not bold</b> and {{ 7*7 }}.

4. fourth, a new list starting at 4
5. fifth

- bullet one
- bullet two
"""


# --- fixtures -----------------------------------------------------------------------------

def _contexts(folder: Path) -> list[tuple[str, PlanContext, list[Path]]]:
    if not (folder / "project.yaml").exists():
        return []
    partnership = load_partnership(folder)
    return [(entry.id, plan_context(partnership, entry), search_path(folder))
            for entry in partnership.plans]


ALL = [case for folder in FOLDERS for case in _contexts(folder)]


@pytest.fixture(scope="module")
def full() -> tuple[PlanContext, list[Path]]:
    partnership = load_partnership(ROOT / "examples" / "full")
    entry = next(e for e in partnership.plans if e.id == "el-attica")
    return plan_context(partnership, entry), search_path(partnership.folder)


@pytest.fixture(scope="module")
def full_docx(full: tuple[PlanContext, list[Path]]) -> bytes:
    ctx, dirs = full
    return docx_bytes(ctx, dirs)


@pytest.fixture(scope="module")
def special(full: tuple[PlanContext, list[Path]]) -> PlanContext:
    """A draft whose values are all the awkward text a partner can type."""
    ctx, _ = full
    action = dataclasses.replace(ctx.actions[0], activities=parse_markdown(MARKDOWN),
                                 title=WEIRD, heading=f"ACTION 1 – {WEIRD}")
    return dataclasses.replace(
        ctx, draft=True, status="Draft", instrument=WEIRD, managing_authority=WEIRD,
        document_title=f"{{{{ 7*7 }}}} {WEIRD}", author=WEIRD,
        policy_details=parse_markdown(f"{WEIRD}\n\nمرحبا بالعالم **عريض** שלום\n"),
        actions=[action, *ctx.actions[1:]])


@pytest.fixture(scope="module")
def special_docx(special: PlanContext, full: tuple[PlanContext, list[Path]]) -> bytes:
    return docx_bytes(special, full[1])


def _open(data: bytes):  # noqa: ANN202
    return docx.Document(io.BytesIO(data))


def _lines(data: bytes) -> list[str]:
    return dump_docx(data).splitlines()


def _assert_in_order(lines: list[str], expected: list[str]) -> None:
    """Each expected text is found in a line after the line of the one before it."""
    at = 0
    lines = [re.sub(" +", " ", line) for line in lines]
    for text in (re.sub(" +", " ", text) for text in expected):
        for i in range(at, len(lines)):
            if text in lines[i]:
                at = i + 1
                break
        else:
            context = "\n".join(lines[max(at - 3, 0):at + 3])
            raise AssertionError(f"{text!r} not found after line {at}:\n{context}")


def _body_paragraphs(data: bytes) -> list:  # type: ignore[type-arg]
    return list(_open(data).element.body.iter(f"{W}p"))


def _table_after(data: bytes, heading: str) -> list[list[str]]:
    body = _open(data).element.body
    found = False
    for child in body.iterchildren():
        if child.tag == f"{W}p" and paragraph_text(child) == heading:
            found = True
        elif found and child.tag == f"{W}tbl":
            return [[" ".join(paragraph_text(p) for p in tc.iter(f"{W}p"))
                     for tc in tr.iterchildren(f"{W}tc")] for tr in child.iterchildren(f"{W}tr")]
    raise AssertionError(f"no table after {heading!r}")


# --- content and order --------------------------------------------------------------------

def test_every_heading_and_field_in_order(full: tuple[PlanContext, list[Path]],
                                          full_docx: bytes) -> None:
    ctx, _ = full
    expected = [ctx.programme, "Title: Action plan", ctx.partner_name, ctx.region, ctx.acronym,
                ctx.project_title,
                f"| {ctx.version} | {ctx.status} | {ctx.date} |",
                "Heading 1: Part I – General information",
                *[f"| {row.label} | {row.value} |" for row in ctx.general],
                "Heading 1: Part II – Policy context", "The Action Plan aims to impact:",
                *[tick.label for tick in ctx.instrument_types],
                "Name of the policy instrument addressed:", ctx.instrument,
                "Managing authority:", str(ctx.managing_authority),
                "Heading 1: Learnings from the project"]
    for learning in ctx.learnings:
        expected += [f"Heading 2: {learning.title}", *learning.sources]
    expected.append("Heading 1: Part III – Details of the actions envisaged")
    for action in ctx.actions:
        expected += [f"Heading 2: {action.heading}", "Heading 3: 1. The background",
                     *action.inspired_by, "Heading 3: 2. Action",
                     "Heading 3: 3. Players involved", "| Organisation | Role |",
                     *[f"| {p.label} | {p.value} |" for p in action.players],
                     "Heading 3: 4. Timeframe", action.timeframe,
                     "Heading 3: 5. Costs (if relevant)", action.costs or "–",
                     "Heading 3: 6. Funding sources (if relevant)",
                     *[f"| {f.source} | {f.amount} |" for f in action.funding]]
        if action.indicators:
            expected += ["Heading 3: Indicators",
                         *[f"| {i.label} | {i.value} |" for i in action.indicators]]
        if action.monitoring_status:
            expected += ["Heading 3: Monitoring", f"Status: {action.monitoring_status}"]
    expected += [f"| {row.label}: | {row.value} |" for row in ctx.signature]
    _assert_in_order(_lines(full_docx), expected)


def test_markdown_text_is_placed(full: tuple[PlanContext, list[Path]], full_docx: bytes) -> None:
    ctx, _ = full
    text = dump_docx(full_docx)
    for action in ctx.actions:
        for line in (action.background.plain + "\n" + action.activities.plain).splitlines():
            assert line in text
    for learning in ctx.learnings:
        assert learning.text is not None
        assert learning.text.plain.splitlines()[0] in text


def test_part_one_table(full: tuple[PlanContext, list[Path]], full_docx: bytes) -> None:
    ctx, _ = full
    rows = _table_after(full_docx, "Part I – General information")
    assert rows == [[row.label, row.value] for row in ctx.general]


def test_exactly_one_tick_box_ticked(full: tuple[PlanContext, list[Path]],
                                     full_docx: bytes) -> None:
    ctx, _ = full
    ticks = [line for line in _lines(full_docx) if line.startswith("Tick Box:")]
    assert len(ticks) == 3
    assert sum("☒" in line for line in ticks) == 1
    ticked = next(t.label for t in ctx.instrument_types if t.ticked)
    assert ticks[[t.label for t in ctx.instrument_types].index(ticked)] == f"Tick Box: ☒\t{ticked}"
    assert all("☐" in line for line in ticks if ticked not in line)


def test_players_table(full: tuple[PlanContext, list[Path]], full_docx: bytes) -> None:
    ctx, _ = full
    rows = _table_after(full_docx, "3. Players involved")
    assert rows == [["Organisation", "Role"]] + [[p.label, p.value] for p in ctx.actions[0].players]


@pytest.mark.parametrize(("plan_id", "ctx", "dirs"), ALL, ids=[case[0] for case in ALL])
def test_every_plan_renders(plan_id: str, ctx: PlanContext, dirs: list[Path]) -> None:
    lines = _lines(docx_bytes(ctx, dirs))
    # the cover's title names the partner on its second line (one heading, as in the PDF)
    assert lines[lines.index(f"Title: {ctx.labels['cover_title']}") + 1] == ctx.partner_name
    for action in ctx.actions:
        assert f"Heading 2: {action.heading}" in lines
    assert not any("**" in line for line in lines)


# --- Word structure -----------------------------------------------------------------------

def _numbering(data: bytes):  # noqa: ANN202
    return _open(data).part.numbering_part.element


def _list_paragraphs(data: bytes) -> list[tuple[str, int, int | None, str]]:
    doc = _open(data)
    names = {s.style_id: s.name for s in doc.styles}
    out = []
    for p in doc.element.body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        name = names.get(style.get(f"{W}val")) if style is not None else "Normal"
        if name in ("List Bullet", "List Number"):
            num = p.find(f"{W}pPr/{W}numPr/{W}numId")
            level = p.find(f"{W}pPr/{W}numPr/{W}ilvl")
            out.append((name, int(level.get(f"{W}val")) if level is not None else 0,
                        int(num.get(f"{W}val")) if num is not None else None, paragraph_text(p)))
    return out


def test_lists_are_word_lists(special_docx: bytes) -> None:
    items = {text: (style, level, num) for style, level, num, text in _list_paragraphs(special_docx)}
    assert items["first"][0] == "List Number" and items["first"][1] == 0
    assert items["nested bullet"][:2] == ("List Bullet", 1)
    assert items["nested again"][:2] == ("List Bullet", 1)
    assert items["bullet one"][:2] == ("List Bullet", 0)
    # every list paragraph has numbering, and its w:num exists
    # every list paragraph is numbered, by its own numPr or by its style's, and its w:num exists
    numbering = _numbering(special_docx)
    styles = _open(special_docx).styles
    for style, _level, num, _text in _list_paragraphs(special_docx):
        if num is None:
            num = int(styles[style].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"))
        numbering.num_having_numId(num)
    # a further paragraph of an item is indented, without a marker
    lines = _lines(special_docx)
    assert "List Continue: a second paragraph in the item" in lines


def test_numbered_lists_restart(special_docx: bytes) -> None:
    items = {text: num for _s, _l, num, text in _list_paragraphs(special_docx)}
    first, second = items["first"], items["fourth, a new list starting at 4"]
    assert items["second"] == items["third"] == first
    assert items["fifth"] == second
    assert first != second
    numbering = _numbering(special_docx)
    starts = {}
    for num_id in (first, second):
        num = numbering.num_having_numId(num_id)
        starts[num_id] = int(num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val"))
    assert starts == {first: 1, second: 4}
    abstract = {numbering.num_having_numId(n).abstractNumId.val for n in (first, second)}
    assert len(abstract) == 1  # both are the template's "List Number" definition


def test_bold_and_italic_runs(special_docx: bytes) -> None:
    runs = [(r.text, r.bold, r.italic) for p in _open(special_docx).paragraphs for r in p.runs]
    assert ("bold words", True, None) in runs
    assert ("italic words", None, True) in runs
    assert "**" not in dump_docx(special_docx)
    assert not any("*italic" in text for text, _b, _i in runs)


def test_hyperlinks(special_docx: bytes, full_docx: bytes) -> None:
    doc = _open(special_docx)
    links = {paragraph_text(h): doc.part.rels[h.get(f"{R}id")]
             for h in doc.element.body.iter(f"{W}hyperlink")}
    rel = links["link"]
    assert rel.is_external and rel.target_ref == "https://example.org/a?b=1&c=2"
    assert rel.reltype.endswith("/hyperlink")
    hyperlink = next(h for h in doc.element.body.iter(f"{W}hyperlink"))
    style = hyperlink.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val")
    assert doc.styles.get_by_id(style, docx.enum.style.WD_STYLE_TYPE.CHARACTER).name == "Hyperlink"
    # the disclaimer's link lives in the cover footer, related from that part
    footer = _open(full_docx).sections[0].first_page_footer
    link = next(footer._element.iter(f"{W}hyperlink"))
    assert footer.part.rels[link.get(f"{R}id")].target_ref == "https://www.interregeurope.eu/"


def test_headings_use_heading_styles(full_docx: bytes) -> None:
    doc = _open(full_docx)
    levels = {p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert levels == {"Heading 1", "Heading 2", "Heading 3"}
    for n in (1, 2, 3):
        style = doc.styles[f"Heading {n}"]
        assert style.element.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == str(n - 1)


def test_header_and_footer(full: tuple[PlanContext, list[Path]], full_docx: bytes) -> None:
    ctx, _ = full
    section = _open(full_docx).sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text.startswith(ctx.running_header)
    assert "DRAFT" not in dump_docx(full_docx)
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    instructions = [t.text.strip() for t in section.footer._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    footer = paragraph_text(section.footer._element.find(f"{W}p"))
    assert footer.endswith("Page {PAGE} of {NUMPAGES}")
    width = section.page_width.mm, section.page_height.mm  # type: ignore[union-attr]
    assert (round(width[0]), round(width[1])) == (210, 297)


def test_draft_mark(special_docx: bytes) -> None:
    doc = _open(special_docx)
    assert "DRAFT" in doc.sections[0].header.paragraphs[0].text
    lines = _lines(special_docx)
    assert "Cover Draft: DRAFT" in lines
    assert lines.index("Cover Draft: DRAFT") < lines.index("Heading 1: Part I – General information")


def test_logos_are_pictures(full_docx: bytes) -> None:
    doc = _open(full_docx)
    shapes = doc.inline_shapes
    assert len(shapes) == 3  # the EU emblem, the project's and the partner's logos
    for shape in shapes:
        assert shape.height.mm <= 20.01 and shape.width.mm <= 70.01
    ids = [d.get("id") for d in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(set(ids)) == len(ids) == 3


def test_no_logos_no_logo_paragraph(full: tuple[PlanContext, list[Path]]) -> None:
    ctx, dirs = full
    data = docx_bytes(dataclasses.replace(ctx, partner_logo=None, project_logo=None), dirs)
    lines = _lines(data)
    start = lines.index("Cover Spacer Small:")  # after the programme's identity
    assert lines[start + 1:start + 4] == ["Cover Spacer:", f"Cover Kicker: {ctx.programme}",
                                          "Title: Action plan"]
    assert [shape._inline.docPr.get("descr") for shape in _open(data).inline_shapes] == [
        ctx.eu_emblem.alt]


# --- metadata and reproducibility --------------------------------------------------------

def test_core_properties(special: PlanContext, full: tuple[PlanContext, list[Path]]) -> None:
    when = dt.datetime(2024, 5, 17, 12, 30, 4, tzinfo=dt.UTC)
    props = _open(docx_bytes(special, full[1], build_time=when)).core_properties
    assert props.title == special.document_title  # `{{ 7*7 }}` stays literal here too
    assert props.author == special.author
    assert props.language == special.language
    assert props.created == props.modified == when
    assert props.last_modified_by == "actionplan" and props.revision == 1
    assert props.content_status == "Draft" and props.version == special.version
    default = _open(docx_bytes(special, full[1])).core_properties
    assert default.created == EPOCH


def test_byte_identical(full: tuple[PlanContext, list[Path]], special: PlanContext) -> None:
    ctx, dirs = full
    first = docx_bytes(ctx, dirs)
    docx_bytes(special, dirs)  # nothing leaks from one render into the next
    assert docx_bytes(ctx, dirs) == first
    when = dt.datetime(2030, 1, 2, 3, 4, 6, tzinfo=dt.UTC)
    stamped = docx_bytes(ctx, dirs, build_time=when)
    assert stamped == docx_bytes(ctx, dirs, build_time=when)
    with zipfile.ZipFile(io.BytesIO(stamped)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2030, 1, 2, 3, 4, 6)}
        assert zf.namelist()[0] == "[Content_Types].xml"


def test_builtin_template_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("make_docx_templates",
                                                  ROOT / "templates" / "make_docx_templates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build_action_plan() == (builtin_dir() / "action-plan.docx").read_bytes(), \
        "run `python3 templates/make_docx_templates.py` and commit templates/action-plan.docx"


def test_byte_identical_across_processes() -> None:
    code = ("import hashlib; from actionplan.load import load_partnership; "
            "from actionplan.words.plan import plan_context; "
            "from actionplan.render.docx import docx_bytes; "
            "from actionplan.load.templates import search_path; "
            "p = load_partnership('examples/full'); "
            "print(hashlib.sha256(b''.join(docx_bytes(plan_context(p, e), search_path(p.folder)) "
            "for e in p.plans)).hexdigest())")
    assert len(outputs_per_hash_seed(code)) == 1


def test_template_styles() -> None:
    doc = docx.Document(builtin_dir() / "action-plan.docx")
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}ascii") == "Open Sans"
    names = {s.name for s in doc.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
            "List Number", "Hyperlink", "Plan Table", "Normal"} <= names
    numbering = doc.part.numbering_part.element
    for name, fmt in (("List Bullet", "bullet"), ("List Number", "decimal")):
        num_id = int(doc.styles[name].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"))
        abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
        abstract = next(a for a in numbering.iterchildren(f"{W}abstractNum")
                        if a.get(f"{W}abstractNumId") == str(abstract_id))
        levels = abstract.findall(f"{W}lvl")
        assert len(levels) == 9
        assert levels[0].find(f"{W}numFmt").get(f"{W}val") == fmt


def test_import_is_lazy() -> None:
    code = ("import sys, actionplan.render.docx; "
            "print(sorted(m for m in ('docx', 'docxtpl', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# --- text fidelity ------------------------------------------------------------------------

def test_special_text_survives(special: PlanContext, special_docx: bytes) -> None:
    lines = _lines(special_docx)
    assert lines.count(f"Normal: {WEIRD}") == 2  # the instrument and the managing authority
    # in markdown, `_{ x }_` is emphasis; everything else is the same text
    assert f"Normal: {parse_markdown(WEIRD).plain}" in lines
    assert f"Heading 2: ACTION 1 – {WEIRD}" in lines
    assert "Normal: Between the lists, raw HTML stays text: <b>not bold</b> and {{ 7*7 }}." in lines
    rtl = next(p for p in _body_paragraphs(special_docx) if "مرحبا" in paragraph_text(p))
    assert rtl.find(f"{W}pPr/{W}bidi") is not None
    assert paragraph_text(rtl) == "مرحبا بالعالم عريض שלום"


def test_control_characters_are_refused(full: tuple[PlanContext, list[Path]]) -> None:
    ctx, dirs = full
    with pytest.raises(ActionPlanError, match=r"plan\.instrument: character U\+0007 at position 3"):
        docx_bytes(dataclasses.replace(ctx, instrument="ab\x07c"), dirs)
    with pytest.raises(ActionPlanError, match=r"plan\.actions\[0\]\.background"):
        action = dataclasses.replace(ctx.actions[0], background=parse_markdown("a\x0bb"))
        docx_bytes(dataclasses.replace(ctx, actions=[action]), dirs)


def test_broken_template_is_reported(tmp_path: Path,
                                     full: tuple[PlanContext, list[Path]]) -> None:
    ctx, _ = full
    (tmp_path / "action-plan.docx").write_text("not a zip")
    with pytest.raises(ActionPlanError, match=r"action-plan\.docx: cannot be opened as a Word"):
        docx_bytes(ctx, [tmp_path, builtin_dir()])


def test_logos_are_the_bytes_read_at_loading(full: tuple[PlanContext, list[Path]],
                                            full_docx: bytes) -> None:
    ctx, _ = full
    with zipfile.ZipFile(io.BytesIO(full_docx)) as archive:
        media = sorted(archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))
    assert ctx.project_logo is not None and ctx.partner_logo is not None
    assert media == sorted([ctx.project_logo.picture.data, ctx.partner_logo.picture.data,
                            ctx.eu_emblem.picture.data])


def _template_with(tmp_path: Path, old: str, new: str) -> Path:
    source = builtin_dir() / "action-plan.docx"
    with zipfile.ZipFile(source) as zin:
        entries = {n: zin.read(n) for n in zin.namelist()}
    xml = entries["word/document.xml"].decode()
    assert old in xml
    entries["word/document.xml"] = xml.replace(old, new, 1).encode()
    folder = tmp_path / "templates"
    folder.mkdir()
    with zipfile.ZipFile(folder / "action-plan.docx", "w") as zout:
        for name, data in entries.items():
            zout.writestr(name, data)
    return folder


def test_partnership_template_overrides(tmp_path: Path, full: tuple[PlanContext, list[Path]]) -> None:
    ctx, _ = full
    folder = _template_with(tmp_path, ">{{ plan.labels.cover_title }}<", ">Our plan {{ plan.acronym }}<")
    lines = _lines(docx_bytes(ctx, [folder, builtin_dir()]))
    assert f"Title: Our plan {ctx.acronym}" in lines


def test_template_mistakes_are_reported(tmp_path: Path,
                                        full: tuple[PlanContext, list[Path]]) -> None:
    ctx, _ = full
    folder = _template_with(tmp_path, ">{{ plan.labels.cover_title }}<", ">{{ plan.no_such_field }}<")
    with pytest.raises(ActionPlanError, match=r"action-plan\.docx.*no_such_field"):
        docx_bytes(ctx, [folder, builtin_dir()])


def test_markdown_placed_inside_a_line_is_reported(tmp_path: Path,
                                                   full: tuple[PlanContext, list[Path]]) -> None:
    ctx, _ = full
    folder = _template_with(tmp_path, ">{{ plan.labels.cover_title }}<", ">{{ plan.policy_details }}<")
    with pytest.raises(ActionPlanError, match=r"action-plan\.docx: .*with `\{\{p field \}\}`"):
        docx_bytes(ctx, [folder, builtin_dir()])


def test_a_template_that_writes_broken_xml_is_refused_at_its_place(
        tmp_path: Path, full: tuple[PlanContext, list[Path]]) -> None:
    """The filled-in body is checked before docxtpl's forgiving parser would drop the rest of
    the document: the message says where the XML broke and what usually causes it."""
    ctx, _ = full
    folder = _template_with(tmp_path, ">{{ plan.labels.cover_title }}<",
                            ">{{ plan.acronym ~ '&lt;w:x&gt;' | safe }}<")
    with pytest.raises(ActionPlanError, match=r"action-plan\.docx: the filled-in Word template is "
                       r"not well-formed XML \(Opening and ending tag mismatch: x line \d+ and t, "
                       r"line \d+, column \d+ .*\); check its tags: a markdown field placed "
                       r"inside a line of text breaks the document"):
        docx_bytes(ctx, [folder, builtin_dir()])


# --- dump ---------------------------------------------------------------------------------

def test_dump_format(full_docx: bytes, full: tuple[PlanContext, list[Path]]) -> None:
    _context, _dirs = full
    text = dump_docx(full_docx)
    assert "\nHeading 1: Part I – General information\ntable:\n  | Project | " in text
    assert "\n== section 1 footer ==\nFooter: " in text
    assert "\nList Bullet: nested bullet\n" not in text
    assert "\nList Bullet (level 2): nested bullet\n" in dump_docx(
        docx_bytes(dataclasses.replace(_context, policy_details=parse_markdown(MARKDOWN)), _dirs))


# --- a real client ------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-writer-nogui")
def test_libreoffice_converts(tmp_path: Path, full_docx: bytes, special_docx: bytes,
                              full: tuple[PlanContext, list[Path]]) -> None:
    ctx, _ = full
    (tmp_path / "full.docx").write_bytes(full_docx)
    (tmp_path / "special.docx").write_bytes(special_docx)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "full.docx"), str(tmp_path / "special.docx")],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for name in ("full", "special"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 10_000, result.stdout + result.stderr
        text = _pdf_text(pdf)
        for heading in ("Action plan", "Part I – General information", "Part II – Policy context",
                        "Learnings from the project",
                        "Part III – Details of the actions envisaged", "1. The background",
                        "3. Players involved", "6. Funding sources (if relevant)"):
            assert heading in text, (name, heading)
    full_text = _pdf_text(tmp_path / "full.pdf")
    assert ctx.partner_name in full_text and ctx.actions[0].heading in full_text
    assert re.search(r"Page 2 of \d+", full_text)
    special_text = _pdf_text(tmp_path / "special.pdf")
    assert "DRAFT" in special_text and "{{ 7*7 }}" in special_text


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    else:
        from pypdf import PdfReader

        out = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    return re.sub(r"[ \t]+", " ", out)


def test_no_page_carries_a_heading_or_one_table_row_alone(full_docx: bytes) -> None:
    """Headings keep with what follows them; a table's heading row keeps with its first row
    of data, its last row with the one before it (as the PDF's CSS)."""
    doc = _open(full_docx)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[name].paragraph_format.keep_with_next, name
    tables = [t for t in doc.element.body.iter(f"{W}tbl") if len(t.findall(f"{W}tr")) >= 3]
    assert len(tables) >= 5
    for table in tables:
        rows = table.findall(f"{W}tr")
        kept = [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p"))
                for row in rows]
        assert kept[0] and kept[1] and kept[-2], kept
