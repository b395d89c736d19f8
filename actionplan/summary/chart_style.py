"""What every chart of the summary shares: the palette, sizes and fonts, and drawing a figure
once to save it as PDF, PNG and SVG with reproducible bytes (matplotlib imported on use)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

PRIMARY = "#003399"
"""Interreg-like deep blue: bars, filled cells."""
ACCENT = "#FFCC00"
"""The one accent: phase 2 (shaded light, edged darker)."""
ACCENT_EDGE = "#C9A200"
INK = "#1A1A2E"
MUTED = "#5C6680"
RULE = "#C8CEDD"
PALE = "#AEB6CC"
"""Empty cells, the outline of cancelled actions."""
CANCELLED = "#E6EAF4"
LIGHT = "#C2CEEA"
"""The lightest filled cell of the flow matrix; the fullest is PRIMARY."""

WIDTH_IN = 17 / 2.54
"""17 cm: the text width of an A4 page with 2 cm margins."""
FONT_SIZE = 7.5
SMALL = 6.5
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/open-sans")
MEASURE_DPI = 100
"""Layout and label fitting are computed at this resolution whatever the output's, so the
PNG, the PDF and the SVG show the same words."""


@lru_cache(maxsize=1)
def _font_families() -> tuple[str, ...]:
    """Open Sans (bundled in templates/fonts, else Debian's fonts-open-sans), DejaVu Sans
    for any glyph it lacks; registered with matplotlib's font list once per process.

    When the system has Open Sans too, matplotlib may pick either copy; today both are
    Open Sans 1.10, the same files byte for byte."""
    from matplotlib import font_manager

    files = font_files()
    for file in files:
        font_manager.fontManager.addfont(str(file))
    return ("Open Sans", "DejaVu Sans") if files else ("DejaVu Sans",)


def font_files() -> list[Path]:
    """The Open Sans files the charts are drawn in: the bundled ones (templates/fonts), else
    Debian's fonts-open-sans; none (DejaVu Sans, matplotlib's own) when neither has the
    regular face. Found without importing matplotlib (the chart cache's key names them)."""
    from ..load.templates import builtin_dir

    for folder in (builtin_dir() / "fonts", SYSTEM_FONTS):
        files = sorted(folder.glob("OpenSans*.ttf")) if folder.is_dir() else []
        if any(f.name.startswith("OpenSans-Regular") for f in files):
            return files
    return []


def _style() -> dict[str, Any]:
    return {
        "font.family": list(_font_families()),
        "font.size": FONT_SIZE,
        "text.color": INK,
        "axes.edgecolor": RULE,
        "axes.labelcolor": INK,
        "axes.linewidth": 0.6,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": FONT_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "svg.fonttype": "path",
        "svg.hashsalt": "actionplan",
        "svg.image_inline": True,
        "pdf.fonttype": 42,  # TrueType subsets: real text, not one outline per glyph
        "pdf.compression": 6,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "text.usetex": False,
        "text.parse_math": False,  # a `$` in a name is a dollar sign, not mathtext
    }


FORMATS = ("pdf", "png", "svg")
"""The formats a chart is saved in, in this order. The PNG is the PDF's page rasterised
(`_rasterised`), so it is made from a PDF whether or not the PDF is wanted too. Each save lays
the figure out again for its renderer, starting from where the last one left it: the PDF is
byte for byte the picture of a figure drawn for it alone, so the PDF (and with it the
consolidated PDF) is the same whether or not an SVG is made too. The SVG can differ from a
drawing of its own in the last bits of a float, never visibly: its clip ids hash such floats
(and differ, for examples/full)."""


def render(draw: Callable[[Any], None], formats: Iterable[str], dpi: int,
            title: str) -> dict[str, bytes]:
    """Draw once, save in each of `formats`."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    wanted = set(formats)
    if not wanted <= set(FORMATS):
        raise ValueError(f"charts are drawn as {', '.join(FORMATS)}, not {sorted(wanted)}")
    saved = {}
    style: Any = _style()  # matplotlib types the keys as a Literal of every rcParam
    with matplotlib.rc_context(style):
        figure = Figure(dpi=MEASURE_DPI, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure)
        if wanted & {"pdf", "png"}:
            out = io.BytesIO()
            figure.savefig(out, format="pdf", metadata={
                "Creator": None, "Producer": None, "CreationDate": None, "Title": title})
            saved["pdf"] = out.getvalue()
        if "png" in wanted:
            saved["png"] = _rasterised(saved["pdf"], dpi, title)
        if "svg" in wanted:
            out = io.BytesIO()
            figure.savefig(out, format="svg", metadata={
                "Creator": None, "Date": None, "Format": None, "Type": None,
                "Description": title})
            saved["svg"] = out.getvalue()
    return {fmt: saved[fmt] for fmt in FORMATS if fmt in wanted}


def _rasterised(pdf: bytes, dpi: int, title: str) -> bytes:
    """The one page of `pdf` as a PNG at `dpi`, white behind, `title` as its description:
    rasterised by PDFium (pypdfium2, the engine of Chrome's PDF viewer), so the Word
    document's picture is the PDF's chart as a PDF viewer shows it, at a quarter of the cost
    of matplotlib drawing the figure a second time (issue 15)."""
    import pypdfium2
    from PIL import PngImagePlugin

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()  # points
        # whole pixels, as matplotlib counts them: PDFium rounds the last one up
        image = page.render(scale=dpi / 72).to_pil().crop(
            (0, 0, int(width * dpi / 72), int(height * dpi / 72)))
    finally:
        document.close()
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", title)
    out = io.BytesIO()
    image.save(out, format="png", pnginfo=info, dpi=(dpi, dpi))
    return out.getvalue()


def plain(text: str) -> str:
    """Text on one line."""
    return " ".join(text.split())


def wrap(label: str, width: int = 22, max_lines: int = 3) -> str:
    """A label on at most `max_lines` lines of `width` characters."""
    lines = textwrap.wrap(plain(label), width, break_on_hyphens=False, max_lines=max_lines,
                          placeholder="…")
    return "\n".join(lines) or " "
