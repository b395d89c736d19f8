"""A /Span, /NonStruct or /Div that carries nothing is left out of every tagged PDF, and a
screen reader reads the same words in the same order.

WeasyPrint wraps every run of text in a /Span element without attributes (four elements in
ten of a plan's PDF), an HTML element it has no type for (an anonymous block, `<strong>`,
`<figure>`…) in a /NonStruct and a `<div>` in a /Div; each is an object the deliverable's join
holds in memory. ISO 32000-1 §14.8.4.4 calls /Span "a generic inline-level element", §14.8.4.2
/NonStruct a grouping element without structural significance and /Div "a generic block-level
element": with no /Lang, /ActualText, /Alt, /A, /ID… they add nothing to their kids placed in
their parent, unless the parent only accepts certain kids (a table row its cells) or the
wrapper ties a caption to its figure. Checked here on the PDFs `build` writes for `plans/` and
`examples/` (plans and deliverables, whose summary and front go through the same finishing),
and on a plan and the deliverable's summary part rendered with the step switched off for the
"before"."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdf_structure import structure
from pypdf import PdfReader

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
"""Entries every structure element may have: a /Span, /NonStruct or /Div with no other is a
bare wrapper."""
GROUPS = ("/NonStruct", "/Div")


@pytest.fixture(scope="module")
def built(built_examples: dict[str, Path]) -> dict[str, bytes]:
    """Every PDF `build` writes for `plans/`, `examples/full` and `examples/minimal`."""
    return {f"{folder}/{path.name}": path.read_bytes()
            for folder, output in built_examples.items() for path in sorted(output.glob("*.pdf"))}


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[bool, bytes]]:
    """A plan of `plans/` (laid out once) and the deliverable's summary part, each finished
    with the step that leaves bare wrappers out (True) and without it (False)."""
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


def bare(pdf: pikepdf.Pdf, roles: tuple[str, ...]) -> list[Any]:
    """Every object of the file (in the tree or not) that is an element of one of `roles`
    with nothing but the entries of `WRAPPER`."""
    return [obj for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") in roles
            and "/P" in obj and set(obj.keys()) <= WRAPPER]


def bare_spans(pdf: pikepdf.Pdf) -> list[Any]:
    return bare(pdf, ("/Span",))


def bare_groups(pdf: pikepdf.Pdf) -> list[Any]:
    return bare(pdf, GROUPS)


def holds_a_caption(element: Any) -> bool:
    return any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Caption"
               for k in kids(element))


def marked_order(data: bytes) -> list[tuple[int, int]]:
    """(page index, MCID) of every marked content the tree holds, in the order of a depth-first
    walk (the order a screen reader reads them); an MCID's page is the /Pg of its element or
    of the nearest one above that has one, an MCR's its own if it has one."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    order: list[tuple[int, int]] = []

    def walk(element: Any, page: int | None) -> None:
        page = pages[element.Pg.objgen] if "/Pg" in element else page
        for kid in kids(element):
            if isinstance(kid, int):
                assert page is not None
                order.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                order.append((pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, page)

    for top in kids(pdf.Root.StructTreeRoot):
        walk(top, None)
    return order


def page_text(data: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


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
    """(type, words) of every element but wrappers (/Span, /NonStruct, /Div), in the order a
    screen reader walks them."""
    return [(element.tag, element.text) for element in structure(data)
            if element.tag not in ("Span", "NonStruct", "Div")]


# --- the tests ----------------------------------------------------------------------------

def test_no_pdf_holds_a_span_without_attributes(built: dict[str, bytes]) -> None:
    assert len(built) == 6 + 1 + 3 + 1 + 1 + 1
    left = {name: len(found) for name, data in built.items()
            if (found := bare_spans(pikepdf.open(io.BytesIO(data))))}
    assert not left


def test_no_pdf_holds_a_bare_group_but_one_tying_a_caption_to_its_figure(
        built: dict[str, bytes]) -> None:
    """A bare /NonStruct or /Div stays only where it says something: WeasyPrint writes a
    `<figure>` as a /NonStruct holding the /Figure and its /Caption (the deliverable's
    timeline chart), which are read apart without it."""
    pdfs = {name: pikepdf.open(io.BytesIO(data)) for name, data in built.items()}
    found = {name: bare_groups(pdf) for name, pdf in pdfs.items()}
    left = {name: [(str(group.S), str(group.P.get("/S"))) for group in groups
                   if not holds_a_caption(group)]
            for name, groups in found.items()}
    assert not {name: groups for name, groups in left.items() if groups}
    kept = {name: len(groups) for name, groups in found.items() if groups}
    assert kept == {"plans/UpGradeSME-action-plans.pdf": 1,
                    "examples/full/EXPORT-PATH-action-plans.pdf": 1,
                    "examples/minimal/UpGradeSME-action-plans.pdf": 1}


def test_the_wrappers_left_out_are_gone_from_the_file(
        rendered: dict[str, dict[bool, bytes]]) -> None:
    for part in ("plan", "summary"):
        before = pikepdf.open(io.BytesIO(rendered[part][False]))
        after = pikepdf.open(io.BytesIO(rendered[part][True]))
        assert len(bare_spans(before)) > 50
        gone = bare_spans(before) + [g for g in bare_groups(before) if not holds_a_caption(g)]
        assert len(after.objects) <= len(before.objects) - len(gone)
    assert len(bare_groups(pikepdf.open(io.BytesIO(rendered["plan"][False])))) > 20


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
        assert marked_order(versions[True]) == marked_order(versions[False]), part
        assert len(marked_order(versions[False])) > 100
        assert page_text(versions[True]) == page_text(versions[False]), part


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


def wrap(pdf: pikepdf.Pdf, parent: Any, role: str, inner: list[Any]) -> Any:
    """A new bare element of `role` in `parent`'s /K, in place of `inner` (some of its kids,
    in a row), holding them."""
    group = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), P=parent, K=pikepdf.Array(inner)))
    if "/Pg" in parent:
        group.Pg = parent.Pg
    held = kids(parent)
    at = next(i for i, kid in enumerate(held) if kid.objgen == inner[0].objgen)
    parent.K = pikepdf.Array([*held[:at], group, *held[at + len(inner):]])
    for kid in inner:
        kid.P = group
    return group


def test_a_group_stays_where_its_kids_would_not_be_valid(
        rendered: dict[str, dict[bool, bytes]]) -> None:
    """Lists, tables and their parts hold only certain kinds of element (ISO 32000-1
    §14.8.4.3.3, §14.8.4.3.4), the tree root only elements: a group there gives its place to
    its kids only when they are of those kinds. WeasyPrint 70 writes none of these in a plan:
    they are made here in one, as another writer would."""
    pdf = pikepdf.open(io.BytesIO(rendered["plan"][False]))
    root = pdf.Root.StructTreeRoot
    elements = list(tree(root))
    rows = [e for e in elements if e.S == "/TR" and len(kids(e)) >= 2]
    lists = [e for e in elements if e.S == "/L" and len(kids(e)) >= 2]
    divs = [e for e in elements if e.S == "/Div" and set(e.keys()) <= WRAPPER
            and [str(k.get("/S")) for k in kids(e)] == ["/P"]]
    lifted = [wrap(pdf, rows[0], "/NonStruct", kids(rows[0])),  # cells in a row
              wrap(pdf, lists[0], "/Div", kids(lists[0])[:2])]  # items in a list
    # a paragraph in a row: the /Div is moved from its article to the end of a row
    paragraph, row = divs[0], rows[1]
    article = paragraph.P
    article.K = pikepdf.Array([k for k in kids(article) if k.objgen != paragraph.objgen])
    row.K = pikepdf.Array([*kids(row), paragraph])
    paragraph.P = row
    outer = wrap(pdf, root, "/Div", kids(root))  # a document straight under the tree root
    before = tagged.save_pdf(pdf)
    unwrap_bare_wrappers(root)
    after = tagged.save_pdf(pdf)
    assert [kid.objgen for kid in kids(root)] == [outer.objgen]
    assert kids(row)[-1].objgen == paragraph.objgen
    assert [str(kid.S) for kid in kids(paragraph)] == ["/P"]
    for parent in (rows[0], lists[0]):
        assert not any(kid.objgen == group.objgen for kid in kids(parent) for group in lifted)
    assert {str(kid.S) for kid in kids(rows[0])} <= {"/TH", "/TD"}
    assert {str(kid.S) for kid in kids(lists[0])} == {"/LI"}
    assert marked_order(after) == marked_order(before)
    assert reading(after) == reading(before)
    assert not parent_problems(after)
