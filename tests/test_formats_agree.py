"""The DOCX and the PDF of one document are the same document: the same headings at the same
levels in the same order, and the same words in the same order (deliverables.md), for every
plan and for the consolidated deliverable, on `plans/` and `examples/full`.

The PDF is read as a screen reader does (its structure tree, artifacts left out); the DOCX
as Word lays out its body. What differs by nature of the formats, and only that, is set aside:
pictures (the DOCX names each one; the PDF's /Figure carries it as alt text), the cover's
disclaimer (a Word footer, a paragraph of the PDF's cover), tick boxes (☒ ☐ in Word, a box with
X in the PDF), list numbers (Word's numbering, the PDF's list labels) and field codes.
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document
from pdf_structure import headings, marked_text

from actionplan.render.docx import paragraph_text

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = {"Title": 1, "TOCHeading": 1, **{f"Heading{n}": n for n in range(1, 7)}}
"""The outline level of a DOCX paragraph style: the cover's title and "Contents" are the
document's first-level headings, as their H1 in the PDF (their styles have outline level 1)."""


@pytest.fixture(scope="module")
def built(built_examples: dict[str, Path]) -> list[tuple[Path, Path]]:
    """(docx, pdf) of every document of `plans/` and `examples/full`."""
    return [(path, path.with_suffix(".pdf")) for folder in ("plans", "examples/full")
            for path in sorted(built_examples[folder].glob("*.docx"))]


def docx_headings(path: Path) -> list[tuple[int, str]]:
    """(level, words) of every heading paragraph, in document order (tables included)."""
    out = []
    for p in Document(str(path)).element.body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        level = LEVELS.get(style.get(f"{W}val")) if style is not None else None
        if level:
            out.append((level, " ".join(paragraph_text(p).split())))
    return out


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def docx_words(path: Path) -> list[str]:
    """The words of the body, in order: the text runs (a field's stored result, not its
    instruction; pictures have none), a ticked box an X."""
    out = []
    for p in Document(str(path)).element.body.iter(f"{W}p"):
        text = " ".join(t.text or "" for t in p.iter(f"{W}t"))
        out += words(text.replace("☒", " X ").replace("☐", " "))
    return out


def pdf_words(data: bytes, disclaimer: str) -> list[str]:
    """The words of the structure tree, in order: figures (pictures) and list labels left
    out, as is the cover's disclaimer. (The heading row a table repeats on the page it goes
    on over is an artifact, as Word's repeated heading rows are layout.)"""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    texts, _ = marked_text(data)

    def kids_of(node: Any) -> list[Any]:
        kids = node.get("/K")
        return (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []

    def walk(node: Any, page: int | None) -> list[str]:
        out: list[str] = []
        for kid in kids_of(node):
            if isinstance(kid, int):
                out += words(texts.get((page, int(kid)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                out += words(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S in ("/Figure", "/Lbl"):
                    continue
                kid_page = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                out += walk(kid, kid_page)
        return out

    text = " ".join(walk(pdf.Root.StructTreeRoot, None))
    text = text.replace(" ".join(words(disclaimer)), " ") if disclaimer else text
    return text.split()


def disclaimer_of(docx: Path) -> str:
    """The words of the cover's footer (the disclaimer), as Word shows it."""
    section = Document(str(docx)).sections[0]
    return " ".join(paragraph_text(p._p) for p in section.first_page_footer.paragraphs)


def test_headings_agree(built: list[tuple[Path, Path]]) -> None:
    assert len(built) == 7 + 4
    for docx, pdf in built:
        in_docx, in_pdf = docx_headings(docx), headings(pdf.read_bytes())
        assert in_docx == in_pdf, "\n".join(difflib.unified_diff(
            [str(h) for h in in_docx], [str(h) for h in in_pdf], docx.name, pdf.name,
            lineterm=""))


def test_the_same_words_in_the_same_order(built: list[tuple[Path, Path]]) -> None:
    for docx, pdf in built:
        in_docx = docx_words(docx)
        in_pdf = pdf_words(pdf.read_bytes(), disclaimer_of(docx))
        if in_docx != in_pdf:
            matcher = difflib.SequenceMatcher(a=in_docx, b=in_pdf, autojunk=False)
            diffs = [f"{tag}: DOCX {' '.join(in_docx[max(0, i1 - 4):i2 + 2])!r} "
                     f"PDF {' '.join(in_pdf[max(0, j1 - 4):j2 + 2])!r}"
                     for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
            pytest.fail(f"{docx.name} and {pdf.name} differ:\n" + "\n".join(diffs[:20]))


def test_a_changed_word_is_found(built: list[tuple[Path, Path]]) -> None:
    """The comparison sees one word of difference."""
    docx, pdf = built[0]
    in_docx = docx_words(docx)
    in_pdf = pdf_words(pdf.read_bytes(), disclaimer_of(docx))
    assert in_docx == in_pdf
    assert in_docx[:-1] + ["changed"] != in_pdf
