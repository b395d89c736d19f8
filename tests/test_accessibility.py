"""Every PDF the tool writes is tagged for screen readers (PDF/UA-1) and archival (PDF/A-3a).

Checked twice: by outloud, a PDF/UA-1 checker from PyPI (89 rules; its conformance layer is
calibrated against veraPDF, which needs a JVM we do not have; pdfua, the other PyPI checker,
covers 16 rules), and by reading the structure tree ourselves (pikepdf) for what a checker
cannot judge: the headings in the order of the outline, tables with header cells and their
scope, lists with bodies, alt text on every figure (logos, charts, the EU emblem), the running
header and the footer as pagination artifacts on every page after a cover, the language.
Both fail on a PDF made without tags."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from outloud import check
from pdf_structure import headings, marked_text, structure
from pypdf import PdfReader

from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.render.pdf.plan import layout_plan
from actionplan.words.plan import plan_context

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("plans", "examples/full", "examples/minimal")
FOOTER = re.compile(r"Page \d+ of \d+")


@pytest.fixture(scope="module")
def built(built_examples: dict[str, Path]) -> dict[str, bytes]:
    """Every PDF of `plans/` and `examples/`, as `actionplan build` writes them."""
    return {f"{folder}/{path.name}": path.read_bytes()
            for folder in FOLDERS for path in sorted(built_examples[folder].glob("*.pdf"))}


@pytest.fixture(scope="module")
def untagged() -> bytes:
    """A plan as WeasyPrint writes it without tags."""
    partnership = load_partnership(ROOT / "examples/minimal")
    ctx = plan_context(partnership, partnership.plans[0])
    document = layout_plan(ctx, search_path(partnership.folder), [partnership.folder])
    return document.write_pdf(pdf_variant="pdf/a-3u")


def checker_errors(data: bytes, tmp_path: Path) -> list[str]:
    """outloud's errors (not its warnings, which are questions for a person), less the one
    kind it gets wrong here: it takes glyph code 0 of a two-byte font for .notdef, but
    matplotlib's chart fonts map CID 0 through their CIDToGIDMap to a real glyph (checked
    by `cid_zero_is_a_glyph` before that finding is set aside)."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    result = check(str(path))
    errors = []
    for finding in result.sorted_findings():
        if finding.severity != "error":
            continue
        if finding.rule == "TXT-005" and cid_zero_is_a_glyph(data, finding.message):
            continue
        errors.append(f"{finding.rule} p.{finding.page}: {finding.message}")
    return errors


def cid_zero_is_a_glyph(data: bytes, message: str) -> bool:
    """Every font named in a TXT-005 message maps CID 0 to a glyph other than 0."""
    names = re.findall(r"([A-Z]{6}\+[\w-]+): \d+", message)
    pdf = pikepdf.open(io.BytesIO(data))
    found = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/CIDFontType2":
            found[str(obj.BaseFont)[1:]] = obj
    for name in names:
        cid_font = found.get(name)
        if cid_font is None or not isinstance(cid_font.get("/CIDToGIDMap"), pikepdf.Stream):
            return False
        table = cid_font.CIDToGIDMap.read_bytes()
        if len(table) < 2 or table[0:2] == b"\0\0":
            return False
    return bool(names)


def structure_problems(data: bytes) -> list[str]:
    """What a screen reader would miss, read from the structure tree (see the module notes)."""
    problems = []
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    if not str(root.get("/Lang", "")):
        problems.append("no document language")
    if "/StructTreeRoot" not in root or not bool(root.get("/MarkInfo", {}).get("/Marked")):
        return [*problems, "not tagged"]
    xmp = root.Metadata.read_bytes()
    for claim in (b'pdfuaid:part="1"', b'pdfaid:part="3"', b'pdfaid:conformance="A"'):
        if claim not in xmp:
            problems.append(f"XMP lacks {claim.decode()}")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        problems.append("the title bar shows the file name, not the title")
    elements = structure(data)
    problems += heading_problems(data, elements)
    for element in elements:
        kids = element.obj.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        kinds = [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if element.tag == "Figure" and not str(element.obj.get("/Alt", "")).strip():
            problems.append("a figure without alt text")
        if element.tag == "Table" and "/TH" not in _descendant_kinds(element.obj):
            problems.append(f"a table without header cells: {element.text[:60]}")
        if element.tag == "TH" and "/Scope" not in element.obj.get("/A", {}):
            problems.append(f"a header cell without scope: {element.text[:40]}")
        if element.tag == "LI" and "/LBody" not in kinds:
            problems.append(f"a list item without body: {element.text[:40]}")
    problems += furniture_problems(data)
    return problems


def _descendant_kinds(node: Any) -> set[str]:
    kinds = set()
    kids = node.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kinds.add(str(kid.S))
            kinds |= _descendant_kinds(kid)
    return kinds


def heading_problems(data: bytes, elements: list[Any]) -> list[str]:
    """Headings start at H1, never skip a level going down, each is listed once, and every
    outline entry is a heading, in the outline's order."""
    problems = []
    found = [(int(e.tag[1]), e.text) for e in elements if re.fullmatch(r"H[1-6]", e.tag)]
    if not found or found[0][0] != 1:
        problems.append("the first heading is not an H1")
    for (level, _), (next_level, text) in zip(found, found[1:], strict=False):
        if next_level > level + 1:
            problems.append(f"H{level} followed by H{next_level}: {text}")
    nested = [e.text for e in elements if re.fullmatch(r"H[1-6]", e.tag)
              and any(re.fullmatch(r"/H[1-6]", k) for k in _descendant_kinds(e.obj))]
    problems += [f"a heading inside a heading: {text}" for text in nested]
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    texts = [text for _, text in found]
    position = 0
    for title in titles:
        # the consolidated PDF's entry of a plan ("Partner – Action plan") goes to its cover
        words = title.removesuffix(" – Action plan")
        hit = next((i for i in range(position, len(texts)) if words in texts[i]), None)
        if hit is None:
            problems.append(f"outline entry {title!r} is not a heading (in order)")
        else:
            position = hit + 1
    return problems


def furniture_problems(data: bytes) -> list[str]:
    """The running header and "Page n of N" are artifacts on every page after a cover, and
    never tagged as content."""
    problems = []
    texts, artifacts = marked_text(data)
    tagged = " ".join(texts.values())
    if FOOTER.search(tagged):
        problems.append("a page number is tagged as content")
    reader = PdfReader(io.BytesIO(data))
    for index in range(len(reader.pages)):
        furniture = " ".join(artifacts.get(index, []))
        page_text = reader.pages[index].extract_text()
        if FOOTER.search(page_text) and not FOOTER.search(furniture):
            problems.append(f"page {index + 1}: its number is not an artifact")
    return problems


# --- the tests ----------------------------------------------------------------------------

def test_every_pdf_of_plans_and_examples_passes_the_pdfua_checker(
        built: dict[str, bytes], tmp_path: Path) -> None:
    assert len(built) == 6 + 1 + 3 + 1 + 1 + 1
    failures = {name: errors for name, data in built.items()
                if (errors := checker_errors(data, tmp_path))}
    assert not failures


def test_every_pdf_of_plans_and_examples_has_a_complete_structure(
        built: dict[str, bytes]) -> None:
    failures = {name: problems for name, data in built.items()
                if (problems := structure_problems(data))}
    assert not failures


def test_an_untagged_pdf_fails_both_checks(untagged: bytes, tmp_path: Path) -> None:
    errors = checker_errors(untagged, tmp_path)
    assert any(error.startswith("DOC-002") for error in errors), errors  # no structure tree
    assert structure_problems(untagged) == ["not tagged"]


def test_the_checks_see_a_heading_skipped_and_a_figure_without_alt(built: dict[str, bytes],
                                                                   tmp_path: Path) -> None:
    """The structure checks can fail on a tagged PDF too: an H2 turned into an H4 and a
    logo's alt text removed are both reported."""
    pdf = pikepdf.open(io.BytesIO(built["examples/full/bg-sofia.pdf"]))
    root = pdf.Root.StructTreeRoot
    from actionplan.render.pdf.tagged import elements

    found = list(elements(root))
    next(e for e in found if e.S == "/H2").S = pikepdf.Name("/H4")
    del next(e for e in found if e.S == "/Figure").Alt
    out = io.BytesIO()
    pdf.save(out)
    problems = structure_problems(out.getvalue())
    assert any(p.startswith("H1 followed by H4") for p in problems), problems
    assert "a figure without alt text" in problems
    assert checker_errors(out.getvalue(), tmp_path)


def test_headings_of_a_plan_in_reading_order(built: dict[str, bytes]) -> None:
    found = headings(built["plans/hu-ediop.pdf"])
    assert found[:4] == [(1, "Action plan Pannon Business Network Association"),
                         (1, "Part I – General information"), (1, "Part II – Policy context"),
                         (1, "Learnings from the project")]
    assert found[-1] == (1, "Signature")
    assert (2, "ACTION 1 – First-line export advice desk linked to EDIOP 1.3.1") in found


def test_a_table_over_a_page_break_is_one_table(built: dict[str, bytes]) -> None:
    """Two tables of `plans/`' summary go on over a page break (the good practices, the money
    by partner): each is one /Table with one heading row; the heading row printed again on
    the next page is an artifact there."""
    data = built["plans/UpGradeSME-action-plans.pdf"]
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    from actionplan.render.pdf.tagged import elements

    split = []
    for table in elements(pdf.Root.StructTreeRoot):
        if table.S == "/Table":
            on = sorted({pages[e.Pg.objgen] for e in elements(table) if "/Pg" in e})
            if len(on) > 1:
                kinds = [str(k.S) for k in table.K if isinstance(k, pikepdf.Dictionary)]
                split.append((on, kinds.count("/THead")))
    assert [heads for _, heads in split] == [1, 1]
    _, artifacts = marked_text(data)
    for on, _ in split:
        repeated = " ".join(artifacts.get(on[1], []))
        assert re.search(r"GOOD PRACTICE OWNER|PARTNER COSTS FUNDING UNFUNDED", repeated), repeated
