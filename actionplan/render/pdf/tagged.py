"""Finishing WeasyPrint's tagged PDF into PDF/UA-1 (ISO 14289-1) and PDF/A-3a (ISO 19005-3).

WeasyPrint writes the `pdf/a-3a` variant with a structure tree of the HTML (headings, tables,
lists, figures with their alt text, the document language); three gaps are closed here, on
the PDF it wrote (pikepdf):

1. The text of the page margin boxes (the running header, the DRAFT word) is marked with
   MCIDs whose structure elements are left out of the tree (WeasyPrint 70, pdf/tags.py: "it
   could be included in tree as Artifact, but that's only allowed in PDF 2.0"): content
   neither tagged nor an artifact. It becomes `/Artifact <</Type /Pagination /Subtype
   /Header>>` (or `/Footer`, by where it sits), as ISO 14289-1 7.8 asks of running heads.
2. Header cells carry an /ID, and data cells /Headers naming them, but the tree has no
   /IDTree, without which the names resolve to nothing (ISO 32000-1 14.7.2): added.
3. An element that WeasyPrint repeats inside itself (a heading whose text sits in an
   anonymous block beside a `::before` box becomes H1 > H1) is one element again, so a
   screen reader lists each heading once.
4. A table that goes on over a page break is one table, its repeated heading row an
   artifact (split_tables.py).
5. Header cells get a /Scope (column, or row when their row also has data cells), which
   PDF/UA-1 checkers look for; a list item whose content is not in a list body (an item of
   text only) gets its /LBody (ISO 32000-1 14.8.4.3.3: LI holds Lbl and LBody).
6. A /Span, /NonStruct or /Div without attributes (WeasyPrint wraps every run of text in a
   /Span, an anonymous block in a /NonStruct, a `<div>` in a /Div) gives its place to its
   kids where its parent accepts them: it means nothing to a screen reader and costs an
   object (wrappers.py).
7. The XMP metadata declares PDF/UA-1 (`pdfuaid:part`, with the extension schema PDF/A asks
   for properties outside its predefined schemas).

Then every page after the cover gets its "Page n of N" footer (footers.py), and the page
labels say the same numbers (decimal, from the first page's number).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from . import footers
from .split_tables import join_split_tables
from .wrappers import kids_of, unwrap_bare_wrappers

if TYPE_CHECKING:
    import pikepdf

VARIANT = "pdf/a-3a"
"""What WeasyPrint writes: PDF/A-3 level A, which makes it tag the document."""
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_TEXT_Y = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+Tm")
PX = 0.75
PDFUA = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" \
pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def open_pdf(data: bytes) -> pikepdf.Pdf:
    import pikepdf

    return pikepdf.open(io.BytesIO(data))


def save_pdf(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of `pdf`: the same content gives the same bytes (the /ID is a hash of it)."""
    import pikepdf

    out = io.BytesIO()
    if "/ID" in pdf.trailer:
        del pdf.trailer["/ID"]  # both halves from this content, not the first from WeasyPrint's
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True)
    return out.getvalue()


def finish(pdf: pikepdf.Pdf, *, first: int = 1, total: int | None = None,
           label: str = footers.LABEL, covers: frozenset[int] = frozenset({0})) -> None:
    """Close the gaps of the module notes in `pdf`, in place; stamp "Page n of N" (`label`)
    on every page but the `covers` (indices), numbering the pages from `first` out of `total`
    (by default the pages of `pdf`)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        mark_pagination(pdf, root)
        merge_repeated(pdf, root)
        nums = parent_tree(root)
        join_split_tables(pdf, root, list(elements(root)),
                          {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
        add_id_tree(pdf, root)
        scope_header_cells(root)
        add_list_bodies(pdf, root)
        # after the list bodies: an item's text unwrapped first would be marked content
        # straight under its /LI, which add_list_bodies leaves without a body
        unwrap_bare_wrappers(root)
        declare_pdfua(pdf)
    total = total if total is not None else first + len(pdf.pages) - 1
    label_pages(pdf, first)
    font = footers.add_font(pdf, label)
    opening = pdf.make_indirect(pikepdf.Stream(pdf, b"q\n"))
    for index, page in enumerate(pdf.pages):
        if index not in covers:
            footers.stamp(pdf, page, label.format(page=first + index, pages=total), font,
                          opening, label)


def label_pages(pdf: pikepdf.Pdf, first: int = 1) -> None:
    """Page labels: decimal numbers from `first` (what a viewer's page box shows)."""
    from pikepdf import Array, Dictionary, Name

    style = Dictionary(S=Name.D)
    if first != 1:
        style.St = first
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, style]))


def elements(node: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every structure element below `node` (its /K), depth first in document order."""
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return
    stack = [kids]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            inner = kid.get("/K")
            if inner is not None:
                stack.append(inner)


def parent_tree(root: pikepdf.Object) -> pikepdf.Object:
    """The /Nums array of the parent tree (WeasyPrint writes it flat, without /Kids)."""
    return root.ParentTree.Nums


def mark_pagination(pdf: pikepdf.Pdf, root: pikepdf.Object) -> None:
    """Marked content whose structure element is not in the tree becomes a pagination
    artifact (see the module notes); the parent tree forgets it."""
    import pikepdf

    reachable = {element.objgen for element in elements(root)}
    nums = parent_tree(root)
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        marks = by_key.get(int(key)) if key is not None else None
        if not isinstance(marks, pikepdf.Array):
            continue
        orphans = {mcid for mcid, element in enumerate(marks)
                   if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable}
        if not orphans:
            continue
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        for stream in footers.page_contents(page):
            data = stream.read_bytes()
            changed = _MARKED.sub(partial(_artifact, data=data, orphans=orphans, height=height),
                                  data)
            if changed != data:
                stream.write(changed)
        for mcid in orphans:
            marks[mcid] = None


def _artifact(match: re.Match[bytes], data: bytes, orphans: set[int], height: float) -> bytes:
    if int(match[2]) not in orphans:
        return match[0]
    # WeasyPrint draws in CSS pixels from the top of the page: a text matrix's y below half
    # the page is a footer.
    position = _TEXT_Y.search(data, match.end())
    kind = b""
    if position is not None:
        kind = b" /Subtype /Header" if float(position[2]) * PX < height / 2 else b" /Subtype /Footer"
    return b"/Artifact <</Type /Pagination" + kind + b">> BDC"


def add_id_tree(pdf: pikepdf.Pdf, root: pikepdf.Object) -> None:
    """An /IDTree naming every element with an /ID (the header cells)."""
    from pikepdf import Array, Dictionary

    named = sorted(((str(element.ID), element) for element in elements(root) if "/ID" in element),
                   key=lambda pair: pair[0].encode("utf-8"))
    if not named:
        return
    names: list[Any] = []
    for name, element in named:
        names += [name, element]
    root.IDTree = pdf.make_indirect(Dictionary(Names=Array(names)))


SINGLE = frozenset({"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/H", "/P", "/Caption", "/Lbl"})
"""Structure types that never hold an element of their own type."""


def merge_repeated(pdf: pikepdf.Pdf, root: pikepdf.Object) -> None:
    """An element of a `SINGLE` type inside one of the same type gives its kids to its parent
    (marked content it held directly is re-parented in the parent tree too)."""
    import pikepdf

    nums = parent_tree(root)
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.obj.objgen: page.obj.get("/StructParents") for page in pdf.pages}
    for element in list(elements(root)):
        if element.S not in SINGLE:
            continue
        kids = kids_of(element)
        if not any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == element.S for k in kids):
            continue
        merged: list[Any] = []
        for kid in kids:
            if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == element.S):
                merged.append(kid)
                continue
            for inner in kids_of(kid):
                if isinstance(inner, pikepdf.Dictionary) and "/S" in inner:
                    inner.P = element
                    merged.append(inner)
                elif isinstance(inner, int) and kid.get("/Pg") is not None:
                    key = pages.get(kid.Pg.objgen)
                    marks = by_key.get(int(key)) if key is not None else None
                    if isinstance(marks, pikepdf.Array) and int(inner) < len(marks):
                        marks[int(inner)] = element
                    if element.get("/Pg") is None or element.Pg.objgen == kid.Pg.objgen:
                        element.Pg = kid.Pg
                        merged.append(inner)
                    else:
                        merged.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=kid.Pg,
                                                         MCID=int(inner)))
                else:
                    merged.append(inner)
        element.K = pikepdf.Array(merged)


def scope_header_cells(root: pikepdf.Object) -> None:
    """/Scope /Column on a header cell whose row holds header cells only (a table's heading
    row), /Row on one beside data cells (a label column)."""
    import pikepdf
    from pikepdf import Dictionary, Name

    for row in elements(root):
        if row.S != "/TR":
            continue
        cells = [kid for kid in kids_of(row) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
        scope = Name.Column if all(cell.S == "/TH" for cell in cells) else Name.Row
        for cell in cells:
            if cell.S == "/TH":
                attributes = cell.get("/A")
                if attributes is None:
                    cell.A = attributes = Dictionary(O=Name.Table)
                if "/Scope" not in attributes:
                    attributes.Scope = scope


def add_list_bodies(pdf: pikepdf.Pdf, root: pikepdf.Object) -> None:
    """Put what a list item holds besides its label into a list body of its own."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    for item in list(elements(root)):
        if item.S != "/LI":
            continue
        kids = kids_of(item)
        if not kids or any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/LBody"
                           for k in kids):
            continue
        labels = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Lbl"]
        content = [k for k in kids if not (isinstance(k, pikepdf.Dictionary)
                                           and k.get("/S") == "/Lbl")]
        if not content or any(not isinstance(k, pikepdf.Dictionary) for k in content):
            continue  # marked content straight under the item: left as WeasyPrint wrote it
        body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item,
                                            K=Array(content)))
        if "/Pg" in item:
            body.Pg = item.Pg
        for kid in content:
            kid.P = body
        item.K = Array([*labels, body])


def declare_pdfua(pdf: pikepdf.Pdf) -> None:
    """pdfuaid:part = 1 in the XMP metadata WeasyPrint wrote for PDF/A."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    xmp = metadata.read_bytes()
    if b"pdfuaid:part" in xmp or b"</rdf:RDF>" not in xmp:
        return
    metadata.write(xmp.replace(b"</rdf:RDF>", PDFUA + b"</rdf:RDF>", 1))
