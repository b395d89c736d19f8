"""The filled-in body of a Word template between docxtpl's steps, worked on in pieces.

docxtpl renders the body to one string, parses it whole and python-docx writes the tree out:
at 200 plans that is 23 MB of XML and a tree of some 250 MB (lxml holds about 250 bytes per
element), more than a build's worker may take (issue 12 item 7: every process ≤ 400 MB).
The work done on the tree is local to a paragraph or a table, or runs in document order with
a little state carried along (the language of the current stretch, the bookmarks' and
pictures' numbers), so a large body is cut between its top-level paragraphs and tables into
pieces of about `PIECE_BYTES`, each parsed, worked on and written out on its own
(`pieces`). Only the paragraphs that end a section (`w:sectPr`) stay in the document's tree,
for python-docx to give the plans their headers; the written pieces stand in it as
processing instructions (`<?ap-piece 3?>`) that `fill_pieces` replaces in the saved XML.

The result is the same XML, byte for byte, as the body worked on whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PIECE_BYTES = 1 << 20
"""About how much XML one piece holds (a tree of some 10 MB)."""
_PIECE = "ap-piece"
_PIECE_MARK = re.compile(rb"<\?ap-piece (\d+)\?>")
_START = re.compile(rb"<w:body(?:\s[^>]*)?>")
_END = b"</w:body>"
# the elements that hold paragraphs and tables in a body: a cut is made where none is open
_BLOCK = re.compile(rb"<(/?)w:(?:p|tbl|sdt|customXml)(?=[\s/>])[^>]*?(/?)>")


class Body:
    """The filled-in body's XML, handed from `build_xml` to `fix_tables` once."""

    def __init__(self, xml: str) -> None:
        self._xml: str | None = xml

    def take(self) -> str:
        xml, self._xml = self._xml, None
        assert xml is not None, "the body is taken once"
        return xml


@dataclass
class Bookmarks:
    """Where `number_bookmarks` is: how many starts it numbered, and the new ids of the
    starts still open, by their old id."""

    count: int = 0
    open_ids: dict[str, list[str]] = field(default_factory=dict)


def number_bookmarks(tree: Any, state: Bookmarks | None = None) -> None:
    """Bookmarks repeated by a loop carry the template's id each time: number them all apart
    (in document order, each end with its start). A body numbered in pieces, in order,
    passes the same `state` to each."""
    state = Bookmarks() if state is None else state
    for element in tree.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"):
        old = element.get(f"{W}id")
        if element.tag == f"{W}bookmarkStart":
            state.count += 1
            state.open_ids.setdefault(old, []).append(str(state.count))
            element.set(f"{W}id", str(state.count))
        elif state.open_ids.get(old):
            element.set(f"{W}id", state.open_ids[old].pop())


def cut(xml: bytes, size: int | None = None) -> tuple[bytes, list[bytes]] | None:
    """The body element's start tag and its content cut into pieces of about `size` bytes,
    each a sequence of whole top-level elements; None when `xml` is no `<w:body>` of more
    than one piece (then it is worked on whole)."""
    size = size or PIECE_BYTES
    start = _START.match(xml)
    if start is None or not xml.endswith(_END) or len(xml) <= 2 * size:
        return None
    begin, end = start.end(), len(xml) - len(_END)
    cuts, depth, next_cut = [begin], 0, begin + size
    for tag in _BLOCK.finditer(xml, begin, end):
        if tag[1]:
            depth -= 1
            continue
        if depth == 0 and tag.start() >= next_cut:
            cuts.append(tag.start())
            next_cut = tag.start() + size
        if not tag[2]:
            depth += 1
    if depth != 0 or len(cuts) < 2:
        return None
    return start.group(), [xml[a:b] for a, b in zip(cuts, [*cuts[1:], end], strict=True)]


def pieces(start: bytes, parts: list[bytes], work: Any) -> tuple[Any, list[bytes]]:
    """Work on each piece in order (`work(tree)`, the tree a `w:body` holding the piece) and
    write it out: the body to put in the document (the section-ending paragraphs, and a
    processing instruction for each run of written XML) and those runs, by number."""
    from lxml import etree

    body = etree.fromstring(start + _END)
    # The whole body, put into the document, loses the namespace declarations its root
    # declares already (lxml drops them on the move); each piece does the same here.
    document_xml = start.replace(b"<w:body", b"<w:document", 1) + b"</w:document>"
    cut_mark = etree.tostring(etree.ProcessingInstruction("ap-cut"))
    written: list[bytes] = []
    for tree in _trees(start, parts, work):
        # a new document each time: removing a piece from the document took lxml 9 s a
        # piece at 200 plans (106 s of a 180 s job), dropping the document takes nothing
        document = etree.fromstring(document_xml)
        document.append(tree)
        kept = [child for child in tree if _ends_section(child)]
        for child in kept:
            tree.replace(child, etree.ProcessingInstruction("ap-cut"))
        xml = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
        content = xml[xml.index(b">") + 1:-len(_END)] if xml.endswith(_END) else b""
        for n, run in enumerate(content.split(cut_mark)):
            if run:
                body.append(etree.ProcessingInstruction(_PIECE, str(len(written))))
                written.append(run)
            if n < len(kept):
                body.append(kept[n])
        del document
    return body, written


def fill_pieces(document: bytes, written: list[bytes]) -> bytes:
    """The saved document XML with each piece's processing instruction replaced by its XML."""
    return _PIECE_MARK.sub(lambda mark: written[int(mark[1])], document)


def _trees(start: bytes, parts: list[bytes], work: Any) -> Iterator[Any]:
    for part in parts:
        tree = work(start + part + _END)
        yield tree
        del tree


def _ends_section(element: Any) -> bool:
    return element.tag == f"{W}sectPr" or (
        element.tag == f"{W}p" and element.find(f"{W}pPr/{W}sectPr") is not None)
