"""A table that goes on over a page break is one table for a screen reader.

WeasyPrint tags each page on its own: a table split over two pages becomes two /Table
elements, the second starting with the heading row the layout repeats at the top of the new
page, so a screen reader announces a new table and reads the column names again. Here the
second part joins the first (its rows become the first table's), and its repeated heading
row becomes a pagination artifact: still printed, no longer read.

A table is taken for the continuation of the one before when nothing but their containers
lies between them: the first is the last content of its page, the second the first content of
the next page, and the second's heading row shows the same glyphs as the first's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

_TEXT = re.compile(rb"\[(.*?)\]\s*TJ|(<[0-9A-Fa-f]*>)\s*Tj", re.S)


def join_split_tables(pdf: pikepdf.Pdf, root: pikepdf.Object,
                      elements: list[pikepdf.Object], by_key: dict[int, Any]) -> None:
    """Join each continued table to the one before it (see the module notes). `elements` is
    the structure tree in document order, `by_key` the parent tree's entries by key."""
    import pikepdf

    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    page_of = [pages.get(e.Pg.objgen) if "/Pg" in e else None for e in elements]
    position = {e.objgen: n for n, e in enumerate(elements)}
    tables = [n for n, e in enumerate(elements) if e.S == "/Table"]
    receiver: dict[int, int] = {}  # a part's index → the index of the table it joined
    for before, after in zip(tables, tables[1:], strict=False):
        page, earlier = page_of[after], page_of[before]
        if page is None or earlier is None or page != earlier + 1:
            continue
        target = receiver.get(before, before)
        target_page = page_of[target]
        first, second = elements[target], elements[after]
        head, old_head = _head(second), _head(first)
        if head is None or old_head is None:
            continue
        if not (_last_on_page(before, elements, page_of, position)
                and _first_on_page(after, elements, page_of)):
            continue
        if target_page is None or _glyphs(head, _content(pdf.pages[page])) != _glyphs(
                old_head, _content(pdf.pages[target_page])):
            continue
        mcids = set(_mcids(head))
        _retarget_headers(second, head, old_head)
        for kid in [k for k in second.K if isinstance(k, pikepdf.Dictionary)]:
            if kid.objgen != head.objgen:
                kid.P = first
                first.K.append(kid)
        parent = second.P
        parent.K = pikepdf.Array([k for k in parent.K if not (
            isinstance(k, pikepdf.Dictionary) and k.objgen == second.objgen)])
        _artifacts(pdf.pages[page], mcids, by_key)
        receiver[after] = target


def _head(table: Any) -> Any:
    import pikepdf

    kids = [k for k in table.K if isinstance(k, pikepdf.Dictionary)] \
        if isinstance(table.get("/K"), pikepdf.Array) else []
    return kids[0] if kids and kids[0].get("/S") == "/THead" else None


def _descendants(element: Any) -> list[Any]:
    from .tagged import elements

    return list(elements(element))


def _last_on_page(index: int, order: list[Any], page_of: list[int | None],
                  position: dict[Any, int]) -> bool:
    """Whether nothing after the table at `index` (and its content) is on its page."""
    inside = _descendants(order[index])
    end = max([position[e.objgen] for e in inside if e.objgen in position], default=index)
    return all(page_of[n] != page_of[index] for n in range(end + 1, len(order)))


def _first_on_page(index: int, order: list[Any], page_of: list[int | None]) -> bool:
    """Whether only the table's own containers come before it on its page."""
    ancestors = set()
    node = order[index].get("/P")
    while node is not None and "/S" in node:
        ancestors.add(node.objgen)
        node = node.get("/P")
    return all(page_of[n] != page_of[index] or order[n].objgen in ancestors
               for n in range(index))


def _mcids(element: Any) -> list[int]:
    import pikepdf

    found = []
    for node in [element, *_descendants(element)]:
        kids = node.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                found.append(int(kid))
    return found


def _content(page: Any) -> bytes:
    from .footers import page_contents

    return b"".join(stream.read_bytes() for stream in page_contents(page))


def _glyphs(head: Any, data: bytes) -> list[bytes]:
    """The glyphs each marked-content sequence of the heading row shows, in order."""
    shown = []
    for mcid in _mcids(head):
        match = re.search(rb"<<\s*/MCID\s+%d\s*>>\s*BDC(.*?)EMC" % mcid, data, re.S)
        if match is None:
            return []
        shown.append(b"".join(part[1] or part[2] for part in _TEXT.finditer(match[1])))
    return shown


def _retarget_headers(table: Any, head: Any, old_head: Any) -> None:
    """Data cells of the continuation name the first part's header cells (same order)."""
    import pikepdf

    cells = [e for e in _descendants(head) if e.S == "/TH"]
    old = [e for e in _descendants(old_head) if e.S == "/TH"]
    ids = {str(c.ID): str(o.ID) for c, o in zip(cells, old, strict=False)
           if "/ID" in c and "/ID" in o}
    for cell in _descendants(table):
        attributes = cell.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                pikepdf.String(ids.get(str(h), str(h))) for h in attributes.Headers)


def _artifacts(page: Any, mcids: set[int], by_key: dict[int, Any]) -> None:
    """The marked content `mcids` of `page` drawn as pagination artifacts, out of the tree."""
    import pikepdf

    from .footers import page_contents

    def replace(match: re.Match[bytes]) -> bytes:
        return b"/Artifact <</Type /Pagination>> BDC" if int(match[2]) in mcids else match[0]

    for stream in page_contents(page):
        data = stream.read_bytes()
        changed = re.sub(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC", replace, data)
        if changed != data:
            stream.write(changed)
    key = page.obj.get("/StructParents")
    marks = by_key.get(int(key)) if key is not None else None
    if isinstance(marks, pikepdf.Array):
        for mcid in mcids:
            if mcid < len(marks):
                marks[mcid] = None
