"""Joining the plans' tagged PDFs behind the front matter's, as one tagged, numbered document.

`join_plans(front, plans, titles, label=…, lead=…)` works on open pikepdf documents: the front
(its footers already say "Page n of N" for the whole document) gets the lead part's pages (the
deliverable's summary, laid out apart: a /Part like a plan, its outline entries at the top
level), then every plan's pages, and

- one structure tree: each plan's /Document element becomes a /Part (titled "Partner –
  Action plan") of the front's /Document, in partner order; the plans' parent-tree keys are
  moved past the front's (pages' /StructParents, annotations' /StructParent), element ids are
  prefixed with the plan's number so they stay unique, and one /IDTree names them all;
- footers that number the whole document: each plan page's stamped footer is swapped for
  "Page i of N" in the front's footer font (no plan is laid out again);
- one outline: the front's entries, then one entry per plan with the plan's outline nested;
- the named destinations of all (the plans' `<plan>-action-<id>` anchors);
- the contents' `actionplan-page:N` links turned into links to the N-th page behind the front.

Page labels (decimal from 1) come from the front and hold for the whole file.

The plans' PDFs are opened one at a time (`one_at_a_time`): for the contents' page counts
(`plan_pages`), then for the join, each closed before the next is opened.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import ActionPlanError
from . import footers, tagged

if TYPE_CHECKING:
    import pikepdf

PAGE_LINK = "actionplan-page:"
"""Links of the contents to a page behind the front matter (`actionplan-page:3`, the third):
WeasyPrint writes them as URIs, the join turns them into links to that page."""


def join_plans(front: pikepdf.Pdf, plans: Iterable[pikepdf.Pdf], titles: list[str], *,
               label: str = footers.LABEL, lead: tuple[pikepdf.Pdf, str] | None = None) -> None:
    """Append `plans` (with their outline titles `titles`) to `front`, in place; `lead` (a
    tagged PDF and its title: the deliverable's summary) before them, as a /Part too, its
    outline entries beside the front's instead of nested under its title.

    Each plan is used only during its turn and no reference to it is kept: `plans` may be a
    generator that opens them one at a time, so that a plan's document is released as soon
    as its pages are copied. (QPDF reads a copied stream's data from the plan's *file* when
    `front` is saved, not from the plan's document; the file stays referenced by the copy.)
    At 200 plans, holding every plan open until the save took some 250 MB more."""
    import pikepdf

    front_pages = len(front.pages)
    joined = itertools.chain(
        [(lead[0], lead[1], "s-", False)] if lead else [],
        ((plan, title, f"p{number}-", True)
         for number, (plan, title) in enumerate(zip(plans, titles, strict=True), start=1)))
    root = front.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    nums = tagged.parent_tree(root)
    next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    font = _footer_font(front)
    opening = front.make_indirect(pikepdf.Stream(front, b"q\n"))
    outline_items: list[tuple[str, Any, list[Any]]] = []
    destinations: dict[str, Any] = {}
    for plan, title, prefix, nested in joined:
        start = len(front.pages)
        front.pages.extend(plan.pages)
        offset = next_key
        next_key = offset + _move_keys(front, plan, start, offset, nums)
        part = _copy_structure(front, plan, document, title, prefix)
        if part is not None:
            document.K.append(part)
        if nested:
            outline_items.append((title, start, _outline(front, plan)))
        else:
            outline_items += _outline(front, plan)
        destinations |= _destinations(front, plan)
        del plan  # the generator's next plan replaces it, and nothing else holds it
    total = len(front.pages)
    for index in range(front_pages, total):
        page = front.pages[index]
        parts = footers.page_contents(page)
        if parts and footers.is_footer(parts[-1]):
            footers.stamp(front, page, label.format(page=index + 1, pages=total), font,
                          opening, label)
    tagged.add_id_tree(front, root)
    _link_pages(front, front_pages)
    _write_outline(front, outline_items)
    _add_destinations(front, destinations)


# --- structure ----------------------------------------------------------------------------

def _move_keys(front: pikepdf.Pdf, plan: pikepdf.Pdf, start: int, offset: int,
               nums: pikepdf.Object) -> int:
    """Renumber the parent-tree keys of the plan's pages (now from `start` in `front`) and
    their annotations by `offset`, and add the plan's parent-tree entries to `nums`; how many
    keys the plan used."""
    root = plan.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    source = tagged.parent_tree(root)
    used = 0
    for i in range(0, len(source), 2):
        key = int(source[i])
        nums.append(offset + key)
        nums.append(copy_object(front, source[i + 1]))
        used = max(used, key + 1)
    for page in front.pages[start:start + len(plan.pages)]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = offset + int(page.obj.StructParents)
        for annotation in page.obj.get("/Annots") or []:
            if "/StructParent" in annotation:
                annotation.StructParent = offset + int(annotation.StructParent)
    return used


def _copy_structure(front: pikepdf.Pdf, plan: pikepdf.Pdf, document: pikepdf.Object,
                    title: str, prefix: str) -> pikepdf.Object | None:
    """The plan's /Document element copied into `front` as a /Part of `document`."""
    import pikepdf
    from pikepdf import Name

    root = plan.Root.get("/StructTreeRoot")
    if root is None:
        return None
    source = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    if "/P" in source:
        del source["/P"]  # the plan's tree root stays behind
    part = front.copy_foreign(source)
    part.S = Name.Part
    part.P = document
    part.T = pikepdf.String(title)
    for element in tagged.elements(part):
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        headers = element.get("/A")
        headers = headers.get("/Headers") if isinstance(headers, pikepdf.Dictionary) else None
        if isinstance(headers, pikepdf.Array):
            element.A.Headers = pikepdf.Array(pikepdf.String(prefix + str(h)) for h in headers)
    return part


def _footer_font(front: pikepdf.Pdf) -> pikepdf.Object:
    """The footer font the front's pages use (every page of the front shares one resource
    dictionary), or a new one."""
    for page in front.pages:
        resources: Any = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        font = fonts.get(footers.FONT_NAME) if fonts is not None else None
        if font is not None:
            return font
    return footers.add_font(front)


def copy_object(front: pikepdf.Pdf, value: Any) -> Any:
    """`value` of another PDF, in `front`: an indirect object copied (once: what the same
    source PDF refers to maps to the same copy, its pages to the pages appended), a direct
    array or dictionary rebuilt around its copied parts."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return front.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([copy_object(front, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: copy_object(front, item) for key, item in value.items()})
    return value


# --- navigation ---------------------------------------------------------------------------

def _outline(front: pikepdf.Pdf, plan: pikepdf.Pdf) -> list[Any]:
    """The plan's outline as (title, destination copied into `front`, children) triples."""
    def walk(items: Any) -> list[Any]:
        out = []
        for item in items:
            destination = item.destination
            if destination is not None and not isinstance(destination, (int, str)):
                destination = copy_object(front, destination)
            out.append((item.title, destination, walk(item.children)))
        return out

    with plan.open_outline() as outline:
        return walk(outline.root)


def _write_outline(front: pikepdf.Pdf, plans: list[tuple[str, Any, list[Any]]]) -> None:
    from pikepdf import OutlineItem, PageLocation

    def make(items: list[Any]) -> list[Any]:
        out = []
        for title, destination, children in items:
            item = OutlineItem(title, destination)
            item.children.extend(make(children))
            out.append(item)
        return out

    with front.open_outline() as outline:
        for title, start, children in plans:
            if not isinstance(start, int):  # an entry of the lead part, its destination copied
                outline.root.extend(make([(title, start, children)]))
                continue
            item = OutlineItem(title, start, PageLocation.XYZ, left=0,
                               top=float(front.pages[start].mediabox[3]))
            item.children.extend(make(children))
            outline.root.append(item)


def _destinations(front: pikepdf.Pdf, plan: pikepdf.Pdf) -> dict[str, Any]:
    from pikepdf import NameTree

    names = plan.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(name): copy_object(front, dest) for name, dest in NameTree(names.Dests).items()}


def _add_destinations(front: pikepdf.Pdf, destinations: dict[str, Any]) -> None:
    from pikepdf import Dictionary, NameTree

    if not destinations:
        return
    names = front.Root.get("/Names")
    if names is None:
        front.Root.Names = names = Dictionary()
    if "/Dests" not in names:
        names.Dests = NameTree.new(front).obj
    tree = NameTree(names.Dests)
    for name, destination in destinations.items():
        tree[name] = destination


def _link_pages(front: pikepdf.Pdf, front_pages: int) -> None:
    """Turn the contents' `actionplan-page:N` URI links into links to page N behind the front."""
    from pikepdf import Array, Dictionary, Name

    behind = len(front.pages) - front_pages
    for page in front.pages[:front_pages]:
        for annotation in page.obj.get("/Annots") or []:
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            number = uri[len(PAGE_LINK):] if uri.startswith(PAGE_LINK) else ""
            if not number.isdigit() or not 0 < int(number) <= behind:
                continue
            target = front.pages[front_pages + int(number) - 1]
            annotation.A = Dictionary(S=Name.GoTo, D=Array([target.obj, Name.XYZ, None, None,
                                                            None]))


# --- the plans' PDFs, one at a time -------------------------------------------------------

@dataclass(frozen=True)
class PlanPages:
    """What the contents need of a plan's PDF (`plan_pages`): the PDF need not stay open."""

    count: int
    actions: dict[str, int]
    """`action_pages`: the page index (from 0) of each named destination."""


def plan_pages(pdf: pikepdf.Pdf) -> PlanPages:
    return PlanPages(len(pdf.pages), action_pages(pdf))


def action_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    """The page index (from 0) of each named destination of a plan's PDF."""
    from pikepdf import NameTree

    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    pages = {}
    for name, destination in NameTree(names.Dests).items():
        target = destination[0] if len(destination) else None
        if target is not None and target.objgen in index:
            pages[str(name)] = index[target.objgen]
    return pages


def one_at_a_time(plan_pdfs: Sequence[bytes], ids: list[str]) -> Iterator[pikepdf.Pdf]:
    """Each plan's PDF opened, and closed when the join asks for the next (`join_plans`)."""
    for data, plan_id in zip(plan_pdfs, ids, strict=True):
        with read_plan(data, plan_id) as pdf:
            yield pdf


def read_plan(data: bytes, plan_id: str) -> pikepdf.Pdf:
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
        if not len(pdf.pages):
            raise ValueError("it has no pages")
        return pdf
    except (pikepdf.PdfError, ValueError, KeyError) as error:
        raise ActionPlanError(f"the PDF of plan {plan_id} cannot be joined ({error}); "
                              "build it again with --force") from None
