"""The EU emblem, drawn from its official geometric description, and the words beside it.

The programme asks every deliverable's cover to show the European Union emblem with "European
Union | European Regional Development Fund" (Interreg Europe 2014-2020 branding; Commission
Implementing Regulation (EU) No 821/2014, Art. 4: the emblem at least as large, in height or
width, as the largest of the other logos). No artwork is downloaded: the emblem is drawn here
from the geometric description of the flag (European Commission, "The European emblem"):

- a blue rectangle one and a half times as wide as it is high;
- twelve gold stars on an invisible circle centred where the diagonals meet, its radius one
  third of the height;
- each star five-pointed, its points on a circle of radius one eighteenth of the height, one
  point straight up, the stars placed like the hours on a clock face;
- blue PANTONE Reflex Blue (#003399), gold PANTONE Yellow (#FFCC00).

`eu_emblem()` gives it as SVG (vector, for the PDF) and as PNG (for Word), the same drawing,
with the words a screen reader says for it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Picture
from .logos import IMAGE_SCHEME, Logo

BLUE = "#003399"
YELLOW = "#FFCC00"
FUNDING_LINE = "European Union | European Regional Development Fund"
ALT = "Flag of the European Union"
PNG_HEIGHT = 600
"""Pixels: the PNG prints sharp (≥ 300 dpi) up to 50 mm high; covers print it 20–22 mm high."""
PNG_FILE = Path(__file__).with_name("eu-emblem.png")
"""`emblem_png()` drawn once and shipped with the package: drawing it took 0.05 s in every
process that fills in a cover (a fresh `render`, each worker of a build), a tenth of a
one-plan edit's critical path (issue 15). `draw_png_file()` draws it again;
tests/test_emblem.py checks that its pixels are the drawing's."""


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of an upright five-pointed star whose points lie on a circle of
    `radius` around (cx, cy), y growing downwards; the inner corners where the lines joining
    the points cross (radius × cos 72° / cos 36°)."""
    inner = radius * math.cos(math.radians(72)) / math.cos(math.radians(36))
    points = []
    for k in range(10):
        angle = math.radians(-90 + 36 * k)
        r = radius if k % 2 == 0 else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def star_centres(height: float) -> list[tuple[float, float]]:
    """Where the twelve stars stand on a flag `height` high: at the hours of a clock face
    on a circle of a third of the height around the flag's centre, from twelve o'clock."""
    cx, cy, radius = 0.75 * height, 0.5 * height, height / 3
    return [(cx + radius * math.sin(math.radians(30 * hour)),
             cy - radius * math.cos(math.radians(30 * hour))) for hour in range(12)]


def emblem_svg(height: float = 200) -> bytes:
    """The emblem as an SVG `height` units high (1.5 × `height` wide), with its title."""
    width = 1.5 * height
    stars = "".join(
        '<polygon points="' + " ".join(f"{x:.3f},{y:.3f}" for x, y in
                                       star_points(cx, cy, height / 18)) + '"/>'
        for cx, cy in star_centres(height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}"><title>{ALT}</title>'
            f'<rect width="{width:g}" height="{height:g}" fill="{BLUE}"/>'
            f'<g fill="{YELLOW}">{stars}</g></svg>').encode()


def draw_png_file() -> None:
    """Draw `PNG_FILE` again (after a change to the drawing or its size)."""
    PNG_FILE.write_bytes(emblem_png())


def emblem_png(height: int = PNG_HEIGHT) -> bytes:
    """The same drawing as a PNG `height` pixels high (drawn 4 × larger, then reduced by
    averaging, so the stars' edges are smooth and their insides keep the exact colours)."""
    from PIL import Image, ImageDraw

    scale = 4
    big = height * scale
    image = Image.new("RGB", (round(1.5 * big), big), BLUE)
    draw = ImageDraw.Draw(image)
    for cx, cy in star_centres(big):
        draw.polygon(star_points(cx, cy, big / 18), fill=YELLOW)
    image = image.resize((round(1.5 * height), height), Image.Resampling.BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


@dataclass(frozen=True)
class Emblem(Logo):
    """The EU emblem as both formats place it: `picture` (PNG) for Word, `svg` for the PDF,
    served under `url`."""

    svg: bytes = b""

    @property
    def url(self) -> str:
        return f"{IMAGE_SCHEME}:eu-emblem.svg"


@lru_cache(maxsize=32)
def eu_emblem(alt: str = ALT) -> Emblem:
    """The emblem (the shipped `PNG_FILE`, and the SVG drawn once per process and language);
    `alt`, what a screen reader says."""
    try:
        png = PNG_FILE.read_bytes()
    except OSError:  # a package installed without its data: the same picture, drawn now
        png = emblem_png()
    picture = Picture(source="eu-emblem.png", data=png, format="png",
                      width=round(1.5 * PNG_HEIGHT), height=PNG_HEIGHT)
    return Emblem(picture, alt, "EU emblem", svg=emblem_svg())
