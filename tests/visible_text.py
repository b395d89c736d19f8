"""What a reader sees of a rendered plan, line by line, in both formats.

`docx_lines` reads the DOCX with python-docx and puts in front of each list paragraph the label
Word draws for it (computed from numbering.xml: the level's format and text, the list's start
and override, counted per `w:num` as Word counts), because the label is not text in the file.
`pdf_lines` reads the PDF with pypdf in layout mode, so list markers come out beside their
items, and leaves out the running header and footer.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.render.docx import docx_bytes
from actionplan.render.docx.dump import paragraph_text
from actionplan.render.pdf.plan import layout_plan, pdf_bytes
from actionplan.words.plan import plan_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def render_partnership(folder: Path) -> tuple[bytes, bytes]:
    """The DOCX and PDF of the first plan of a partnership folder (raises ValidationFailed)."""
    partnership = load_partnership(folder)
    ctx = plan_context(partnership, partnership.plans[0])
    dirs = search_path(folder)
    pdf = pdf_bytes(layout_plan(ctx, dirs, [folder]), title=ctx.document_title, author=ctx.author,
                    language=ctx.language, build_time=None)
    return docx_bytes(ctx, dirs), pdf


# --- DOCX ---------------------------------------------------------------------------------

def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the body (table cells included, in order): `label text`, where the
    label is the number or bullet Word shows for a list paragraph."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    labels = _Labels(doc)
    lines = []
    for p in doc.element.body.iter(f"{W}p"):
        label = labels.of(p)
        text = paragraph_text(p)
        lines.append(f"{label} {text}" if label else text)
    return lines


def docx_links(data: bytes) -> dict[str, str]:
    """Hyperlink text → target address."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    return {paragraph_text(h): doc.part.rels[h.get(f"{R}id")].target_ref
            for h in doc.element.body.iter(f"{W}hyperlink")}


class _Labels:
    def __init__(self, doc) -> None:  # noqa: ANN001
        self.numbering = doc.part.numbering_part.element
        self.style_numbering = {}
        for style in doc.styles.element.iterchildren(f"{W}style"):
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                self.style_numbering[style.get(f"{W}styleId")] = num
        self.counts: dict[str, dict[int, int]] = {}

    def of(self, p) -> str:  # noqa: ANN001
        num_pr = p.find(f"{W}pPr/{W}numPr")
        style = p.find(f"{W}pPr/{W}pStyle")
        style_num = self.style_numbering.get(style.get(f"{W}val")) if style is not None else None
        num_id = _val(num_pr, "numId") or _val(style_num, "numId")
        if num_id is None or num_id == "0":
            return ""
        level = int(_val(num_pr, "ilvl") or _val(style_num, "ilvl") or 0)
        num = next(n for n in self.numbering.iterchildren(f"{W}num") if n.get(f"{W}numId") == num_id)
        abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
        abstract = next(a for a in self.numbering.iterchildren(f"{W}abstractNum")
                        if a.get(f"{W}abstractNumId") == abstract_id)
        override = next((o for o in num.iterchildren(f"{W}lvlOverride")
                         if o.get(f"{W}ilvl") == str(level)), None)
        lvl = override.find(f"{W}lvl") if override is not None else None
        if lvl is None:
            lvl = next(x for x in abstract.iterchildren(f"{W}lvl") if x.get(f"{W}ilvl") == str(level))
        start = int(_val(lvl, "start") or 1)
        if override is not None and override.find(f"{W}startOverride") is not None:
            start = int(override.find(f"{W}startOverride").get(f"{W}val"))
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        fmt = _val(lvl, "numFmt")
        text = _val(lvl, "lvlText") or ""
        if fmt == "bullet":
            return text
        return re.sub(r"%(\d)", lambda m: _format(counts.get(int(m.group(1)) - 1, 1), fmt), text)


def _val(element, name: str) -> str | None:  # noqa: ANN001
    if element is None:
        return None
    child = element.find(f"{W}{name}")
    return child.get(f"{W}val") if child is not None else None


def _format(n: int, fmt: str | None) -> str:
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    if fmt == "lowerRoman":
        return {1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v"}.get(n, str(n))
    return str(n)


# --- PDF ----------------------------------------------------------------------------------

def pdf_lines(data: bytes, running: tuple[str, ...] = ("· Action plan ·", "Page ")) -> list[str]:
    """The text lines of every page in reading order, spaces squeezed, without empty lines and
    without the running header and footer (lines containing one of `running`)."""
    from pypdf import PdfReader

    lines = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for line in page.extract_text(extraction_mode="layout").splitlines():
            line = re.sub(r"\s+", " ", line).strip()
            if line and not any(r in line for r in running):
                lines.append(line)
    return lines


def pdf_links(data: bytes) -> set[str]:
    """The URI of every link annotation."""
    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def between(lines: list[str], first: str, last: str) -> list[list[str]]:
    """Every stretch of lines after a line equal to `first` up to a line equal to `last`."""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line == first:
            current = []
        elif line == last and current is not None:
            out.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return out
