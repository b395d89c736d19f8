"""Structure elements that say nothing: a /Span, /NonStruct or /Div without attributes gives
its place to its kids.

WeasyPrint 70 (pdf/tags.py) writes three kinds of wrapper, none with an attribute:
- a /Span around every run of text it draws (one element per text box, around its one MCID),
  and one for an HTML `<span>`: four elements in ten of a plan's PDF;
- a /NonStruct for a box of no HTML element (an anonymous block: the text beside a block in a
  `<div>`, the block inside a table cell or a list item's body, an empty `::before`, like the
  rule above a part's heading) and for every HTML element it has no type for (`<strong>`,
  `<em>`, `<figure>`…; `_get_pdf_tag`, `_build_box_tree`);
- a /Div for an HTML `<div>` (the blocks of a plan's sections and actions).
It builds the tree page by page, so a box over a page break is an element per page, and a box
with nothing drawn on a page is an empty element. Each is an object the deliverable's join
holds in memory (QPDF: about 1.3 KB an object).

ISO 32000-1 §14.8.4.4 (Table 338) defines /Span as "a generic inline-level element", §14.8.4.2
(Table 334) /Div as "a generic block-level element or group of elements" and /NonStruct as a
grouping element with no structural significance, whose kids are read as if they were kids of
its parent. Each means something only by what it carries (/Lang, /ActualText, /Alt, /E, /A
attributes, /C classes, an /ID, a /T title, a revision /R). Without any of these, its kids
placed in its parent read the same to a screen reader: the /K of a structure element may hold
marked-content ids, marked-content references and object references as well as elements
(§14.7.2, Table 323), in reading order.

So each such wrapper is replaced in its parent's /K by its kids, in place and in order; the
parent tree then names the parent for the wrapper's marked content and annotations
(§14.7.4.4), and nothing refers to the wrapper any more: QPDF leaves it out of the written file.
A wrapper stays where its kids would not be valid or would lose their sense:
- in a parent of `STRICT`, which holds only certain kinds of element (lists §14.8.4.3.3,
  Table 336; tables §14.8.4.3.4, Table 337; a table of contents §14.8.4.2, Table 334; ruby and
  warichu §14.8.4.4), unless every kid is one of them (a /NonStruct around a row's cells goes,
  a /Div holding a /P in a /TR stays);
- right under the /StructTreeRoot, which holds only elements;
- when it holds a /Caption: the wrapper (WeasyPrint's `<figure>`) is all that ties the caption
  to the figure or table beside it (§14.8.4.2: a caption describes "a table or figure").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

WRAPPERS = frozenset({"/Span", "/NonStruct", "/Div"})
"""The structure types that mean nothing by themselves (see the module notes)."""
BARE = frozenset({"/Type", "/S", "/P", "/K", "/Pg"})
"""The entries of a structure element that carry no meaning of their own: a wrapper with no
other entry is bare."""
STRICT: dict[str, frozenset[str]] = {
    "/L": frozenset({"/Caption", "/LI"}),
    "/LI": frozenset({"/Lbl", "/LBody"}),
    "/Table": frozenset({"/Caption", "/THead", "/TBody", "/TFoot", "/TR"}),
    "/THead": frozenset({"/TR"}),
    "/TBody": frozenset({"/TR"}),
    "/TFoot": frozenset({"/TR"}),
    "/TR": frozenset({"/TH", "/TD"}),
    "/TOC": frozenset({"/Caption", "/TOC", "/TOCI"}),
    "/TOCI": frozenset({"/Lbl", "/Reference", "/P", "/NonStruct", "/TOC"}),
    "/Ruby": frozenset({"/RB", "/RT", "/RP"}),
    "/Warichu": frozenset({"/WT", "/WP"}),
}
"""Structure types that hold only elements of certain types (ISO 32000-1 Tables 334, 336-338):
type → the types of kid it accepts."""


def unwrap_bare_wrappers(root: pikepdf.Object) -> int:
    """Replace every bare wrapper (a /Span, /NonStruct or /Div with no entry besides `BARE`) of
    the structure tree under `root` (the /StructTreeRoot) by its kids, in place, where its
    parent accepts them, and point the parent tree at the element that holds them now (see
    the module notes); how many wrappers went.

    Kids keep what they designate: an MCID of the wrapper's page becomes a marked-content
    reference `<</Type /MCR /Pg page /MCID n>>` when its new parent's /Pg is another page (or
    none); a marked-content or object reference without its own /Pg gets the wrapper's; an
    element's /P becomes the new parent. A parent's type is read through the tree's /RoleMap
    (WeasyPrint writes none). The parent tree is read flat (/Nums, as WeasyPrint writes it)."""
    import pikepdf

    role_map = root.get("/RoleMap")
    heirs: dict[tuple[int, int], pikepdf.Object] = {}  # a wrapper removed → who holds its kids
    # one walk: each element's kids are read once, its bare wrappers (at any depth) unwrapped,
    # then the elements it holds now are walked in turn
    holders = [kid for kid in kids_of(root) if isinstance(kid, pikepdf.Dictionary)]
    while holders:
        element = holders.pop()
        kids = kids_of(element)
        role = str(element.S)
        if role_map is not None and role in role_map:
            role = str(role_map[role])
        if any(_lifts(kid, role) for kid in kids):
            kids = _placed(kids, element, element.get("/Pg"), element, role, heirs)
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

    return (isinstance(node, pikepdf.Dictionary) and node.get("/S") in WRAPPERS
            and node.is_indirect and set(node.keys()) <= BARE)


def _lifts(node: Any, role: str) -> bool:
    """Whether `node` is a bare wrapper whose kids may take its place in an element of type
    `role` (see the module notes)."""
    if not _bare(node):
        return False
    kids = kids_of(node)
    if role in STRICT:
        return all(_fits(kid, role) for kid in kids)
    return not any(_typed(kid, "/Caption") for kid in kids)


def _fits(kid: Any, role: str) -> bool:
    """Whether `kid` may sit in an element of the strict type `role`, after unwrapping."""
    return _lifts(kid, role) or any(_typed(kid, accepted) for accepted in STRICT[role])


def _typed(node: Any, role: str) -> bool:
    import pikepdf

    return isinstance(node, pikepdf.Dictionary) and node.get("/S") == role


def _placed(kids: list[Any], holder: pikepdf.Object, page: Any, owner: pikepdf.Object,
            role: str, heirs: dict[tuple[int, int], pikepdf.Object]) -> list[Any]:
    """`kids` of `holder` (whose content is on `page`), as `owner` (of type `role`) holds
    them: the wrappers among them that may go replaced by their own kids, recursively."""
    placed: list[Any] = []
    for kid in kids:
        if _lifts(kid, role):
            heirs[kid.objgen] = owner
            placed += _placed(kids_of(kid), kid, kid.get("/Pg", page), owner, role, heirs)
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
            kid.Pg = page  # an MCR, an OBJR or an element: its page stays the wrapper's
    return kid


def _repoint(nums: pikepdf.Object, heirs: dict[tuple[int, int], pikepdf.Object]) -> None:
    """Parent-tree entries naming a removed wrapper name its heir: in a page's array (MCID →
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
