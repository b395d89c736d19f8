"""Reading a DOCX back as a reader sees it: the normalized text dump of the golden files and
the text of one paragraph, fields shown as `{INSTRUCTION}`."""

from __future__ import annotations

import io
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def dump_docx(data: bytes) -> str:
    """A normalized text dump for golden files: one line per paragraph (`Style: text`, list
    paragraphs with their level), table rows as `| cell | cell |` (a one-column table, a layout
    box, as its paragraphs), then headers and footers; fields show as `{PAGE}` (without their
    result), pictures as `[picture]` or `[picture: description]`."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    names = {s.style_id: s.name for s in doc.styles}
    lines = _dump_story(doc.element.body, names)
    for n, section in enumerate(doc.sections, start=1):
        for label, story in (("first page header", section.first_page_header),
                             ("header", section.header),
                             ("first page footer", section.first_page_footer),
                             ("footer", section.footer)):
            if not story.is_linked_to_previous:
                lines.append(f"== section {n} {label} ==")
                lines.extend(_dump_story(story._element, names))
    return "\n".join(lines) + "\n"


def _dump_story(element: Any, names: dict[str, str]) -> list[str]:
    lines = []
    for child in element.iterchildren():
        if child.tag == f"{W}p":
            lines.append(_dump_paragraph(child, names))
            section = child.find(f"{W}pPr/{W}sectPr")
            if section is not None:  # a section break: what follows starts a new page
                size = section.find(f"{W}pgSz")
                landscape = size is not None and size.get(f"{W}orient") == "landscape"
                lines.append(f"-- end of a {'landscape' if landscape else 'portrait'} section --")
        elif child.tag == f"{W}tbl":
            rows = [list(tr.iterchildren(f"{W}tc")) for tr in child.iterchildren(f"{W}tr")]
            if all(len(cells) == 1 for cells in rows):  # a box for layout, such as the cover band
                for cells in rows:
                    lines.extend(_dump_story(cells[0], names))
                continue
            lines.append("table:")
            for cells in rows:
                texts = [" / ".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in cells]
                lines.append(f"  | {' | '.join(texts)} |")
    return lines


def _dump_paragraph(p: Any, names: dict[str, str]) -> str:
    style_el = p.find(f"{W}pPr/{W}pStyle")
    style = names.get(style_el.get(f"{W}val"), style_el.get(f"{W}val")) \
        if style_el is not None else "Normal"
    level = p.find(f"{W}pPr/{W}numPr/{W}ilvl")
    if level is not None and level.get(f"{W}val") != "0":
        style += f" (level {int(level.get(f'{W}val')) + 1})"
    return f"{style}: {paragraph_text(p)}".rstrip()


def paragraph_text(p: Any) -> str:
    """What a reader sees of one `w:p`: text, tabs, breaks; fields as `{INSTRUCTION}`."""
    out: list[str] = []
    depth, instruction, in_result = 0, "", False
    skip: set[Any] = set()
    for el in p.iter():
        tag = el.tag
        if not isinstance(tag, str) or el in skip:
            continue
        if tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                depth, instruction, in_result = depth + 1, "", False
            elif kind == "separate":
                out.append("{" + instruction.strip() + "}")
                in_result = True
            elif kind == "end":
                depth, in_result = max(depth - 1, 0), False
        elif tag == f"{W}instrText":
            instruction += el.text or ""
        elif depth and in_result:
            continue
        elif tag == f"{W}fldSimple":
            out.append("{" + (el.get(f"{W}instr") or "").strip() + "}")
            skip.update(el.iterdescendants())
        elif tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab" and el.getparent().tag == f"{W}r":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag.endswith("}drawing"):
            described = el.find(f".//{WP}docPr")
            descr = described.get("descr") if described is not None else None
            out.append(f"[picture: {descr}]" if descr else "[picture]")
    return "".join(out)
