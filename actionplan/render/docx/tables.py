"""The tables of a filled-in Word document: the widths of loop columns, and where a page may
break (never so that a page carries one row of a table alone).

`share_widths`: cells of a column loop (`{%tr for %}` … `{%tc for %}`), marked in the template
by a width of 0, share what the other cells of their row leave of the table's width.

`keep_rows_together`: the rows of a table come from loops, one template row for all, so the
page-break rule is applied to the rendered body: the paragraphs of a table's first row (its
heading row), of its second, and of its last but one "keep with next" (Word and LibreOffice
then move the heading with the first row of data, and the last row with the one before it),
as the PDF's CSS does (`.grid tbody tr:first-child`, `:last-child`).
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# w:pPr children that come before w:keepNext in the schema's order
_BEFORE_KEEP = (f"{W}pStyle",)


def keep_rows_together(document: Any) -> None:
    """Mark the rows described in the module notes of every table of the body (python-docx
    document)."""
    keep_rows_together_in(document.element.body)


def keep_rows_together_in(body: Any) -> None:
    """`keep_rows_together` for the tables in an lxml element (a body, or a piece of one)."""
    for table in body.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        if len(rows) < 2:
            continue
        for index in {0, 1, len(rows) - 2} - {len(rows) - 1}:
            for paragraph in rows[index].iter(f"{W}p"):
                _keep_with_next(paragraph)


def _keep_with_next(paragraph: Any) -> None:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = paragraph.makeelement(f"{W}pPr", {})
        paragraph.insert(0, properties)
    if properties.find(f"{W}keepNext") is not None:
        return
    keep = properties.makeelement(f"{W}keepNext", {})
    at = sum(1 for child in properties if child.tag in _BEFORE_KEEP)
    properties.insert(at, keep)


def share_widths(tree: Any) -> None:
    """Cells of a column loop (`{%tc for %}`), marked in the template by a width of 0, share
    what the other cells of their row leave of the table's width; the grid follows."""
    ns = {"w": W[1:-1]}
    for tbl in tree.iter(f"{W}tbl"):
        if not tbl.xpath("./w:tr/w:tc/w:tcPr/w:tcW[@w:w='0']", namespaces=ns):
            continue
        total = tbl.find(f"{W}tblPr/{W}tblW")
        if total is None or total.get(f"{W}type") != "dxa":
            continue
        grid: list[int] | None = None
        for tr in tbl.iterchildren(f"{W}tr"):
            widths = [tc.find(f"{W}tcPr/{W}tcW") for tc in tr.iterchildren(f"{W}tc")]
            if any(w is None for w in widths):
                continue
            shared = [w for w in widths if w.get(f"{W}w") == "0"]
            if shared:
                left = int(total.get(f"{W}w")) - sum(int(w.get(f"{W}w")) for w in widths)
                for n, w in enumerate(shared):
                    w.set(f"{W}w", str(left // len(shared) + (n < left % len(shared))))
            if grid is None and not tr.xpath("./w:tc/w:tcPr/w:gridSpan", namespaces=ns):
                grid = [int(w.get(f"{W}w")) for w in widths]
        if grid:
            tbl_grid = tbl.find(f"{W}tblGrid")
            for col in list(tbl_grid):
                tbl_grid.remove(col)
            for width in grid:
                tbl_grid.append(tbl_grid.makeelement(f"{W}gridCol", {f"{W}w": str(width)}))
