"""Reading a tagged PDF as a screen reader does: the structure tree in order, the words of
each element (from the marked content its MCIDs name), and what is left out as artifacts.

Shared by the accessibility tests and the tests that compare the DOCX with the PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
from pypdf import PdfReader


@dataclass
class Element:
    tag: str
    """The structure type without the slash: H1, P, Table, TH, Figure, Artifact…"""
    text: str
    """The words of the element and everything below it, whitespace squeezed."""
    depth: int
    obj: Any
    owner: Any = None
    """The open pikepdf document: `obj` is valid while it lives."""


def marked_text(data: bytes) -> tuple[dict[tuple[int, int], str], dict[int, list[str]]]:
    """The text of each marked-content sequence, by (page index, MCID), and, by page, the text
    drawn inside artifacts (pypdf's text extraction, tracking BDC/EMC)."""
    reader = PdfReader(io.BytesIO(data))
    texts: dict[tuple[int, int], str] = {}
    artifacts: dict[int, list[str]] = {}
    for index, page in enumerate(reader.pages):
        _read_page(page, index, texts, artifacts)
    return texts, artifacts


def _read_page(page: Any, index: int, texts: dict[tuple[int, int], str],
               artifacts: dict[int, list[str]]) -> None:
    stack: list[Any] = []

    def before(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else {}
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            stack.append("artifact" if operands[0] == "/Artifact" else mcid)
        elif operator == b"BMC":
            stack.append("artifact" if operands[0] == "/Artifact" else None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip():
            return
        if "artifact" in stack:
            artifacts.setdefault(index, []).append(text)
            return
        mcid = next((m for m in reversed(stack) if isinstance(m, int)), None)
        if mcid is not None:
            key = (index, mcid)
            texts[key] = texts.get(key, "") + text

    page.extract_text(visitor_operand_before=before, visitor_text=visit)


def structure(data: bytes) -> list[Element]:
    """Every structure element in document order, with its words."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    texts, _ = marked_text(data)
    out: list[Element] = []

    def words(node: Any, page: int | None) -> str:
        kids = node.get("/K")
        parts = []
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
            if isinstance(kid, int):
                parts.append(texts.get((page, int(kid)), "") if page is not None else "")
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid_page = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                parts.append(words(kid, kid_page))
        return " ".join(p for p in parts if p)

    def walk(node: Any, depth: int) -> Iterator[None]:
        kids = node.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                page = pages.get(kid.Pg.objgen) if "/Pg" in kid else None
                out.append(Element(str(kid.S)[1:], " ".join(words(kid, page).split()), depth, kid,
                                   pdf))
                yield from walk(kid, depth + 1)

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        list(walk(root, 0))
    return out


def headings(data: bytes) -> list[tuple[int, str]]:
    """(level, words) of every H1…H6 element, in document order."""
    return [(int(e.tag[1:]), e.text) for e in structure(data)
            if len(e.tag) == 2 and e.tag[0] == "H" and e.tag[1].isdigit()]
