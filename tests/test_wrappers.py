"""A /Span that carries nothing is left out of every tagged PDF, and a screen reader reads the
same words in the same order.

WeasyPrint wraps every run of text in a /Span element without attributes (four elements in
ten of a plan's PDF), each an object the deliverable's join holds in memory. ISO 32000-1
§14.8.4.4 calls /Span "a generic inline-level element": with no /Lang, /ActualText, /Alt, /A,
/ID… it adds nothing to the content marked directly in its parent. Checked here on the PDFs
`build` writes for `plans/` and `examples/` (plans and deliverables, whose summary and front
go through the same finishing), and on a plan and the deliverable's summary part rendered with
the step switched off for the "before"."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdf_structure import structure

import actionplan.render.pdf.tagged as tagged
from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.render.pdf.consolidated import summary_pdf
from actionplan.render.pdf.plan import layout_plan, pdf_bytes
from actionplan.render.pdf.wrappers import unwrap_bare_wrappers
from actionplan.summary import build_summary
from actionplan.summary.deliverable import deliverable_context
from actionplan.words.plan import plan_context

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIME = dt.datetime(2019, 3, 29, 12, 0, tzinfo=dt.UTC)
WRAPPER = {"/Type", "/S", "/P", "/K", "/Pg"}
"""Entries every structure element may have: a /Span with no other is a bare wrapper."""


@pytest.fixture(scope="module")
def built(built_examples: dict[str, Path]) -> dict[str, bytes]:
    """Every PDF `build` writes for `plans/`, `examples/full` and `examples/minimal`."""
    return {f"{folder}/{path.name}": path.read_bytes()
            for folder, output in built_examples.items() for path in sorted(output.glob("*.pdf"))}


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[bool, bytes]]:
    """A plan of `plans/` (laid out once) and the deliverable's summary part, each finished
    with the step that leaves bare spans out (True) and without it (False)."""
    partnership = load_partnership(ROOT / "plans")
    dirs = search_path(partnership.folder)
    ctx = plan_context(partnership, partnership.plans[2])
    document = layout_plan(ctx, dirs, [partnership.folder])
    deliverable = deliverable_context(partnership, build_summary(partnership), BUILD_TIME,
                                      ("pdf",))
    out: dict[str, dict[bool, bytes]] = {"plan": {}, "summary": {}}
    for on in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            if not on:
                patch.setattr(tagged, "unwrap_bare_wrappers", lambda root: 0)
            out["plan"][on] = pdf_bytes(document, title=ctx.document_title, author=ctx.author,
                                        language=ctx.language, build_time=BUILD_TIME)
            out["summary"][on] = summary_pdf(deliverable, dirs, [partnership.folder],
                                             build_time=BUILD_TIME).data
    return out


def kids(node: Any) -> list[Any]:
    found = node.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def bare_spans(pdf: pikepdf.Pdf) -> list[Any]:
    """Every object of the file (in the tree or not) that is a /Span with nothing but the
    entries of `WRAPPER`."""
    return [obj for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Span"
            and "/P" in obj and set(obj.keys()) <= WRAPPER]


def tree(node: Any) -> Iterator[Any]:
    for kid in kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from tree(kid)


def marked_ids(page: pikepdf.Page) -> list[int]:
    """The MCIDs of a page's content (artifacts have none)."""
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            if "/MCID" in operands[1]:
                ids.append(int(operands[1].MCID))
    return ids


def parent_problems(data: bytes) -> list[str]:
    """Marked content and annotations whose parent-tree entry is not the one element whose
    /K holds them (ISO 32000-1 §14.7.4.4)."""
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    holders: dict[tuple[int, int], list[Any]] = {}
    objects: dict[tuple[int, int], list[Any]] = {}
    for element in tree(root):
        for kid in kids(element):
            if isinstance(kid, int):
                holders.setdefault((pages[element.Pg.objgen], kid), []).append(element)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.Pg if "/Pg" in kid else element.Pg
                holders.setdefault((pages[page.objgen], int(kid.MCID)), []).append(element)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                objects.setdefault(kid.Obj.objgen, []).append(element)
    problems = []
    for n, page in enumerate(pdf.pages):
        marks = entries.get(int(page.obj.get("/StructParents", -1)))
        for mcid in marked_ids(page):
            held = holders.get((n, mcid), [])
            named = marks[mcid] if marks is not None and mcid < len(marks) else None
            if len(held) != 1:
                problems.append(f"page {n + 1} MCID {mcid}: held by {len(held)} elements")
            elif not isinstance(named, pikepdf.Dictionary) or named.objgen != held[0].objgen:
                problems.append(f"page {n + 1} MCID {mcid}: the parent tree names another element")
        for annotation in page.obj.get("/Annots") or []:
            if "/StructParent" not in annotation:
                continue
            held = objects.get(annotation.objgen, [])
            named = entries.get(int(annotation.StructParent))
            if len(held) != 1 or named is None or named.objgen != held[0].objgen:
                problems.append(f"page {n + 1}: an annotation's parent is not its element")
    return problems


def reading(data: bytes) -> list[tuple[str, str]]:
    """(type, words) of every element but spans, in the order a screen reader walks them."""
    return [(element.tag, element.text) for element in structure(data) if element.tag != "Span"]


# --- the tests ----------------------------------------------------------------------------

def test_no_pdf_holds_a_span_without_attributes(built: dict[str, bytes]) -> None:
    assert len(built) == 6 + 1 + 3 + 1 + 1 + 1
    left = {name: len(found) for name, data in built.items()
            if (found := bare_spans(pikepdf.open(io.BytesIO(data))))}
    assert not left


def test_the_spans_left_out_are_gone_from_the_file(
        rendered: dict[str, dict[bool, bytes]]) -> None:
    for part in ("plan", "summary"):
        before = pikepdf.open(io.BytesIO(rendered[part][False]))
        after = pikepdf.open(io.BytesIO(rendered[part][True]))
        assert len(bare_spans(before)) > 50
        assert len(after.objects) <= len(before.objects) - len(bare_spans(before))


def test_every_marked_content_has_the_element_that_holds_it_as_its_parent(
        built: dict[str, bytes], rendered: dict[str, dict[bool, bytes]]) -> None:
    pdfs = built | {f"{part} rendered": versions[True] for part, versions in rendered.items()}
    failures = {name: problems[:5] for name, data in pdfs.items()
                if (problems := parent_problems(data))}
    assert not failures


def test_a_screen_reader_reads_the_same_words_in_the_same_order(
        rendered: dict[str, dict[bool, bytes]]) -> None:
    for part, versions in rendered.items():
        before, after = reading(versions[False]), reading(versions[True])
        assert any(element.tag == "Span" for element in structure(versions[False]))
        assert after == before, part
        assert len(" ".join(text for tag, text in after if tag == "Document").split()) > 300


def test_a_span_that_carries_something_stays(rendered: dict[str, dict[bool, bytes]]) -> None:
    """WeasyPrint 70 writes no span with attributes (not even the /Lang of a `<span lang>`):
    they are given here to a plan's spans, as another writer (or a later WeasyPrint) would."""
    before = rendered["plan"][False]
    pdf = pikepdf.open(io.BytesIO(before))
    spans = [e for e in tree(pdf.Root.StructTreeRoot) if e.get("/S") == "/Span"
             and set(e.keys()) <= WRAPPER]
    carried = {"/Lang": pikepdf.String("de"), "/ActualText": pikepdf.String("EUR"),
               "/Alt": pikepdf.String("a logo"), "/ID": pikepdf.String("span-1"),
               "/T": pikepdf.String("a title"), "/E": pikepdf.String("European Union"),
               "/A": pikepdf.Dictionary(O=pikepdf.Name.Layout,
                                        TextDecorationType=pikepdf.Name.Underline),
               "/C": pikepdf.Name("/Emphasis")}
    for span, (key, value) in zip(spans[::20], carried.items(), strict=False):
        span[key] = value
    unwrap_bare_wrappers(pdf.Root.StructTreeRoot)
    after = tagged.save_pdf(pdf)
    kept = [(e.tag, e.text, sorted(set(e.obj.keys()) - WRAPPER)) for e in structure(after)
            if e.tag == "Span"]
    assert [keys for _, _, keys in kept] == [[key] for key in carried]
    assert [text for _, text, _ in kept] == [
        e.text for e in structure(before) if e.tag == "Span"][::20][:len(carried)]
    assert reading(after) == reading(before)
    assert not parent_problems(after)


def test_marked_content_moved_to_a_parent_on_another_page_still_names_its_page(
        rendered: dict[str, dict[bool, bytes]]) -> None:
    """A paragraph whose /Pg is another page than its spans' (or which has none) gets its
    spans' marked content as references naming their page (ISO 32000-1 §14.7.4.2)."""
    before = rendered["plan"][False]
    pdf = pikepdf.open(io.BytesIO(before))
    paragraphs = [e for e in tree(pdf.Root.StructTreeRoot) if e.get("/S") == "/P" and kids(e)
                  and all(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Span"
                          and all(isinstance(m, int) for m in kids(k)) for k in kids(e))]
    other, missing = paragraphs[3], paragraphs[-3]
    page = other.Pg
    other.Pg = next(p.obj for p in pdf.pages if p.objgen != page.objgen)
    missing_page = kids(missing)[0].Pg
    del missing["/Pg"]
    unwrap_bare_wrappers(pdf.Root.StructTreeRoot)
    assert all(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"
               and k.Pg.objgen == page.objgen for k in kids(other))
    assert all(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"
               and k.Pg.objgen == missing_page.objgen for k in kids(missing))
    after = tagged.save_pdf(pdf)
    assert reading(after) == reading(before)
    assert not parent_problems(after)
