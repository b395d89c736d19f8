"""What a chart's pictures depend on, as one digest: the key of a cache of drawn charts.

Drawing the timeline costs matplotlib's import (about half a second) and a few tenths of a
second of drawing at six plans, fifteen seconds at two hundred; most rebuilds change no bar of
it. `timeline_key` hashes everything the pictures are made from — the chart's data and the
words it places, the formats and resolution, the font files, the code that draws (this
package's version and the chart modules' source) and the versions of the libraries that draw
and write it — without importing matplotlib, so equal keys mean byte-identical pictures and an
upgrade (of actionplan or of matplotlib) never serves a stale one. Where such pictures are
kept is the build's business (build/work_cache.py).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from .chart_style import FORMATS, font_files
from .values import Summary

CHART_MODULES = "*chart*.py"
"""The modules whose code decides what a timeline picture looks like (chart_style.py,
charts.py, timeline_chart.py, this one; flows_chart.py too, rather than miss one)."""
LIBRARIES = ("matplotlib", "numpy", "pillow", "fonttools", "kiwisolver", "pypdfium2")
"""What draws (matplotlib, its numbers and constrained layout), subsets the fonts of the PDF
(fontTools), rasterises the PDF as the PNG (pypdfium2) and writes it (Pillow)."""


def timeline_key(summary: Summary, formats: Iterable[str], dpi: int = 200) -> str:
    """A hex SHA-256 of everything `charts.timeline_charts(summary, formats, dpi)` depends
    on: equal keys, equal bytes. Reads the chart fonts (about 1 MB); imports no matplotlib."""
    from .charts import timeline_alt_text

    words = summary.labels
    wanted = [f for f in FORMATS if f in set(formats)]
    return _digest([
        "timeline", ",".join(wanted), str(dpi), _code(),
        repr(summary.timeline),
        words.language, repr(sorted(words.texts.items())),
        repr(sorted((key, sorted(texts.items())) for key, texts in words.counts.items())),
        timeline_alt_text(summary), *_fonts(),
    ])


@lru_cache(maxsize=1)
def _code() -> str:
    """The drawing code and its libraries, once per process (an upgrade starts a new one)."""
    here = Path(__file__).parent
    parts = [__version__, f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for module in sorted(here.glob(CHART_MODULES)):
        parts += [module.name, module.read_text("utf-8")]
    for library in LIBRARIES:
        try:
            parts.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{library} absent")
    return _digest(parts)


def _fonts() -> list[str]:
    """Each chart font's name and content digest (a font replaced in place counts)."""
    parts = []
    for path in font_files():
        try:
            parts += [path.name, hashlib.sha256(path.read_bytes()).hexdigest()]
        except OSError:
            parts += [path.name, "unreadable"]
    return parts


def _digest(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
