"""Structure elements that say nothing: a /Span without attributes gives its place to its kids.

WeasyPrint wraps every run of text it draws in a /Span element of its own (pdf/tags.py: one
element per text box, around its one MCID), and an HTML `<span>` in another: in a plan's PDF
four elements in ten are such spans, each an object the deliverable's join holds in memory
(QPDF: about 1.3 KB an object). ISO 32000-1 §14.8.4.4 (Table 338) defines /Span as "a generic
inline-level element": it means something only by what it carries (/Lang, /ActualText, /Alt,
/E, /A attributes, /C classes, an /ID, a /T title, a revision /R). Without any of these, the
same content marked directly in its parent (a /P, /TD, /H3…) reads the same to a screen reader:
the /K of a structure element may hold marked-content ids, marked-content references and
object references as well as elements (ISO 32000-1 §14.7.2, Table 323), in reading order.

So each such span is replaced in its parent's /K by its kids, in place and in order; the
parent tree then names the parent for the span's marked content and annotations (§14.7.4.4),
and nothing refers to the span any more: QPDF leaves it out of the written file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

BARE = frozenset({"/Type", "/S", "/P", "/K", "/Pg"})
"""The entries of a structure element that carry no meaning of their own: a /Span with no
other entry is only a wrapper."""


def unwrap_bare_wrappers(root: pikepdf.Object) -> int:
    """Replace every /Span of the structure tree under `root` (the /StructTreeRoot) that has
    no entry besides `BARE` by its kids, in place, and point the parent tree at the element
    that holds them now (see the module notes); how many spans went.

    Kids keep what they designate: an MCID of the span's page becomes a marked-content
    reference `<</Type /MCR /Pg page /MCID n>>` when its new parent's /Pg is another page (or
    none); a marked-content or object reference without its own /Pg gets the span's; an
    element's /P becomes the new parent. A span right under the tree root stays (only elements
    may sit there). The parent tree is read flat (/Nums, as WeasyPrint writes it)."""
    import pikepdf

    heirs: dict[tuple[int, int], pikepdf.Object] = {}  # a span removed → who holds its kids
    # one walk: each element's kids are read once, its bare spans (at any depth) unwrapped,
    # then the elements it holds now are walked in turn
    holders = [kid for kid in kids_of(root) if isinstance(kid, pikepdf.Dictionary)]
    while holders:
        element = holders.pop()
        kids = kids_of(element)
        if any(_bare(kid) for kid in kids):
            kids = _placed(kids, element, element.get("/Pg"), element, heirs)
            element.K = pikepdf.Array(kids)
        holders += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
    if heirs:
        _repoint(root.ParentTree.Nums, heirs)
    return len(heirs)


def kids_of(element: pikepdf.Object) -> list[Any]:
    """The /K of `element` as a list (it may be one kid, an array, or absent)."""
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _bare(node: Any) -> bool:
    import pikepdf

    return (isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Span"
            and node.is_indirect and set(node.keys()) <= BARE)


def _placed(kids: list[Any], holder: pikepdf.Object, page: Any, owner: pikepdf.Object,
            heirs: dict[tuple[int, int], pikepdf.Object]) -> list[Any]:
    """`kids` of `holder` (whose content is on `page`), as `owner` holds them: bare spans
    among them replaced by their own kids, recursively."""
    placed: list[Any] = []
    for kid in kids:
        if _bare(kid):
            heirs[kid.objgen] = owner
            placed += _placed(kids_of(kid), kid, kid.get("/Pg", page), owner, heirs)
        elif holder is owner:
            placed.append(kid)
        else:
            placed.append(_moved(kid, page, owner))
    return placed


def _moved(kid: Any, page: Any, owner: pikepdf.Object) -> Any:
    """`kid`, taken from an element whose content is on `page`, to be held by `owner`."""
    import pikepdf

    same_page = page is not None and "/Pg" in owner and owner.Pg.objgen == page.objgen
    if isinstance(kid, int) and not isinstance(kid, bool):
        if same_page or page is None:
            return kid
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=int(kid))
    if isinstance(kid, pikepdf.Dictionary):
        if "/S" in kid:
            kid.P = owner
        if "/Pg" not in kid and not same_page and page is not None:
            kid.Pg = page  # an MCR, an OBJR or an element: its page stays the span's
    return kid


def _repoint(nums: pikepdf.Object, heirs: dict[tuple[int, int], pikepdf.Object]) -> None:
    """Parent-tree entries naming a removed span name its heir: in a page's array (MCID →
    element) and for an annotation's /StructParent."""
    import pikepdf

    for i in range(1, len(nums), 2):
        value = nums[i]
        if isinstance(value, pikepdf.Array):
            for mcid, element in enumerate(value):
                if isinstance(element, pikepdf.Dictionary) and element.objgen in heirs:
                    value[mcid] = heirs[element.objgen]
        elif isinstance(value, pikepdf.Dictionary) and value.objgen in heirs:
            nums[i] = heirs[value.objgen]
