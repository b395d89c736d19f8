"""A chart's vector PDF drawn into the box the layout left for it, inside its /Figure.

The consolidated front matter lays out an empty picture of each chart's size; when the pages
are joined (`stamp_charts`) the chart's first page is drawn into that box as a form XObject
(matplotlib's content stream as it is, its fonts, real text). The drawing goes inside the
marked content of the picture's /Figure element, so the figure's alt text stands for the chart
and the tags need no change.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import footers

if TYPE_CHECKING:
    import pikepdf

    from ...summary.deliverable import Chart
    from .consolidated import Stamp


def stamp_charts(pdf: pikepdf.Pdf, stamps: Sequence[Stamp], charts: dict[str, Chart]) -> None:
    """Each chart's PDF (`charts`, by name) drawn into the box the layout left for it on a page
    of `pdf` (`FrontPdf.stamps`). Raises ValueError for a chart not drawn."""
    for stamp in stamps:
        chart = charts[stamp.chart]
        if chart.pdf is None:
            raise ValueError(f"the chart {stamp.chart} was not drawn")
        stamp_chart(pdf, stamp.page, stamp.box, chart.pdf, chart.alt)


def stamp_chart(pdf: pikepdf.Pdf, page_index: int, box: tuple[float, float, float, float],
                chart: bytes | None, alt: str) -> None:
    """Draw the first page of the PDF `chart` into `box` (x, y, width, height in points from
    the lower left) of page `page_index`, inside the marked content of the /Figure element
    whose alt text is `alt` (the picture the layout left empty for it).

    The chart's page becomes a form XObject, its content stream copied as it is, drawn with
    one `cm … Do`. WeasyPrint's pages share one resource dictionary: the page gets its own,
    so that only this page names the chart."""
    import pikepdf
    from pikepdf import Dictionary, Name

    if chart is None:
        return
    page = pdf.pages[page_index]
    source = pikepdf.open(io.BytesIO(chart))
    form = pdf.copy_foreign(source.pages[0].as_form_xobject())
    media = [float(v) for v in source.pages[0].mediabox]
    shared = page.obj.Resources
    resources = Dictionary({key: (_copy_dictionary(value)
                                  if isinstance(value, pikepdf.Dictionary) else value)
                            for key, value in shared.items()})
    xobjects = resources.get("/XObject")
    if xobjects is None:
        resources.XObject = xobjects = Dictionary()
    name = next(f"/ApChart{n}" for n in range(len(xobjects) + 1) if f"/ApChart{n}" not in xobjects)
    xobjects[Name(name)] = form
    page.obj.Resources = resources
    x, y, width, height = box
    scale_x, scale_y = width / (media[2] - media[0]), height / (media[3] - media[1])
    matrix = (scale_x, 0, 0, scale_y, x - scale_x * media[0], y - scale_y * media[1])
    _draw_in_figure(pdf, page, _figure_mcid(pdf, page_index, alt), matrix, name)


def _figure_mcid(pdf: pikepdf.Pdf, page_index: int, alt: str) -> int | None:
    """The MCID of the /Figure element on the page whose alt text is `alt`."""
    from .tagged import elements

    root = pdf.Root.get("/StructTreeRoot")
    target = pdf.pages[page_index].obj.objgen
    for element in elements(root) if root is not None else ():
        if (element.S == "/Figure" and str(element.get("/Alt", "")) == alt
                and element.get("/Pg") is not None and element.Pg.objgen == target):
            kids = element.K
            for kid in kids if isinstance(kids, list) or hasattr(kids, "append") else [kids]:
                if isinstance(kid, int):
                    return int(kid)
    return None


Matrix = tuple[float, float, float, float, float, float]


def _draw_in_figure(pdf: pikepdf.Pdf, page: pikepdf.Page, mcid: int | None, matrix: Matrix,
                    name: str) -> None:
    """Draw the form XObject `name` with `matrix` (from the page's default space) at the end
    of the marked content `mcid` of the page's first content stream that has it; untagged,
    at the end of the page."""
    import pikepdf
    from pikepdf import Name, Operator

    def drawing(current: Matrix) -> list[tuple[list[Any], Operator]]:
        # undo the matrix in force there (WeasyPrint's y-down CSS pixels), then place the form
        return [([], Operator("q")), (list(_inverse(current)), Operator("cm")),
                (list(matrix), Operator("cm")), ([Name(name)], Operator("Do")),
                ([], Operator("Q"))]

    parts = footers.page_contents(page)
    for stream in parts if mcid is not None else []:
        instructions: list[Any] = list(pikepdf.parse_content_stream(stream))
        ctm: Matrix = (1, 0, 0, 1, 0, 0)
        saved: list[Matrix] = []
        depth = 0
        for index, (operands, operator) in enumerate(instructions):
            op = str(operator)
            if op == "q":
                saved.append(ctm)
            elif op == "Q" and saved:
                ctm = saved.pop()
            elif op == "cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == "BDC" and depth == 0 and _mcid(operands) == mcid:
                depth = 1
                at = ctm
            elif op in ("BDC", "BMC") and depth:
                depth += 1
            elif op == "EMC" and depth:
                depth -= 1
                if depth == 0:
                    instructions[index:index] = drawing(at)
                    stream.write(pikepdf.unparse_content_stream(instructions))
                    return
    closing = pikepdf.unparse_content_stream([([], Operator("Q")), *drawing((1, 0, 0, 1, 0, 0))])
    page.obj.Contents = pikepdf.Array([pdf.make_indirect(pikepdf.Stream(pdf, b"q\n")),
                                       *parts, pdf.make_indirect(pikepdf.Stream(pdf, closing))])


def _copy_dictionary(value: Any) -> Any:
    from pikepdf import Dictionary

    return Dictionary({key: item for key, item in value.items()})


def _mcid(operands: list[Any]) -> int | None:
    properties = operands[1] if len(operands) > 1 else None
    try:
        return int(properties.MCID) if properties is not None and "/MCID" in properties else None
    except (AttributeError, TypeError):
        return None


def _multiply(first: Matrix, second: Matrix) -> Matrix:
    """The affine matrix `first` × `second` (PDF's row-vector convention: `cm` with M makes
    the current matrix M × CTM)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _inverse(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)
