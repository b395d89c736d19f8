"""The Interreg look every part shares: palette, fonts and page, read from `styles.toml`.

The styles and the document pieces take their colours and measures from this one file, so a
colour named in a style and the same colour given to a run directly cannot drift apart.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

HOUSE_STYLE: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("styles.toml").read_text(encoding="utf-8"))

PALETTE: dict[str, str] = HOUSE_STYLE["palette"]
BLUE = PALETTE["blue"]            # headings, labels, table heads
ACCENT = PALETTE["accent"]        # EU yellow: the one accent, for rules
INK = PALETTE["ink"]              # body text
GREY = PALETTE["grey"]            # secondary text
TINT = PALETTE["tint"]            # label cells
RULE = PALETTE["rule"]            # table borders
LIGHT = PALETTE["light"]          # cells of the learning-flow matrix that count something
RED = PALETTE["red"]              # the DRAFT mark
BAND_TEXT = PALETTE["band_text"]  # light text on the blue band
WHITE = PALETTE["white"]          # text on blue

FONT = HOUSE_STYLE["fonts"]["body"]
FALLBACK = HOUSE_STYLE["fonts"]["fallback"]  # Word's stand-in where Open Sans is not installed
SYMBOLS = HOUSE_STYLE["fonts"]["symbols"]    # tick boxes ☐ ☒

_PAGE = HOUSE_STYLE["page"]
PAGE_W, PAGE_H = _PAGE["width"], _PAGE["height"]  # twips
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = _PAGE["margin_x"], _PAGE["margin_top"], _PAGE["margin_bottom"]
HEADER_DISTANCE, FOOTER_DISTANCE = _PAGE["header"], _PAGE["footer"]
TEXT_W = PAGE_W - 2 * MARGIN_X          # 9298 twips ≈ 16.4 cm
WIDE_W = PAGE_H - 2 * MARGIN_X          # 14230 twips ≈ 25.1 cm: the text width of a landscape page
LIST_INDENT: int = HOUSE_STYLE["lists"]["indent"]  # per list level
