"""Which characters the documents' fonts can draw, so `validate` refuses the ones they cannot.

The PDF is set in the bundled Open Sans (templates/fonts, declared by the stylesheets); for a
character Open Sans lacks, WeasyPrint (Pango) falls back on the fonts of the machine, and
`scripts/setup` installs the ones the documents rely on: DejaVu Sans (symbols, Hebrew, Arabic),
WenQuanYi Micro Hei (Chinese, Japanese, Korean) and Noto Color Emoji. A character none of them
covers comes out as an empty box, and `render` stops (issue 10, item 6). The covered code
points are read from the fonts' cmaps with fontTools once and kept in a small cache file
(`$XDG_CACHE_HOME/actionplan/`, default ~/.cache), valid while the font files are the same,
so `validate` stays fast (quality.md: under 0.4 s for `plans/`).
"""

from __future__ import annotations

import bisect
import fnmatch
import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

FALLBACK_FONTS = ("OpenSans-*.ttf", "DejaVu*.ttf", "wqy-microhei.ttc", "NotoColorEmoji.ttf")
"""The font files scripts/setup installs (fonts-open-sans, fonts-dejavu-core,
fonts-wqy-microhei, fonts-noto-color-emoji), by file name."""
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
CACHE_VERSION = 1

# Drawn by no font and needing none: the layout turns them into space or nothing. Whitespace
# controls, and Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15)
# but for the Hangul fillers, which Pango draws as glyphs.
_NOT_DRAWN = ((0x09, 0x0A), (0x0D, 0x0D), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
              (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFF8),
              (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))


class Coverage:
    """Code points some font draws, as sorted inclusive ranges."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged = _merge([*ranges, *_NOT_DRAWN])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]

    def missing(self, text: str) -> list[str]:
        """The characters of `text` no font draws, each once, in order of appearance."""
        return [c for c in dict.fromkeys(text) if c > "~" and c not in self]


def describe(char: str) -> str:
    """`"₾" (U+20BE GEORGIAN LARI SIGN)`; private-use and unassigned code points by number."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:
        return f"`{char}` ({code} {name})"
    kind = {"Co": "a private-use character, e.g. a Word bullet",
            "Cn": "an unassigned code point"}.get(unicodedata.category(char), "a control character")
    return f"{code} ({kind})"


def font_files(template_dirs: list[Path]) -> tuple[Path, ...]:
    """The fonts the documents use: each template folder's `fonts/`, then the fallback fonts
    found in the usual font folders, sorted."""
    found: set[Path] = set()
    for folder in template_dirs:
        fonts = folder / "fonts"
        if fonts.is_dir():
            found.update(p for p in fonts.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    for root in FONT_FOLDERS:
        for here, _dirs, names in os.walk(os.path.expanduser(root)):
            for name in names:
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in FALLBACK_FONTS):
                    found.add(Path(here, name))
    return tuple(sorted(found))


def coverage(template_dirs: list[Path]) -> Coverage:
    """What the fonts of `template_dirs` and the fallback fonts draw (cached, see above)."""
    files = font_files(template_dirs)
    stamp = tuple((str(p), *_identity(p)) for p in files)
    return _coverage(stamp)


@lru_cache(maxsize=4)
def _coverage(stamp: tuple[tuple[str, int, int], ...]) -> Coverage:
    cache = _cache_file()
    try:
        stored = json.loads(cache.read_text("utf-8"))
        if stored.get("version") == CACHE_VERSION and [tuple(f) for f in stored["fonts"]] == list(stamp):
            return Coverage([(a, b) for a, b in stored["ranges"]])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or one from other fonts or another version: read the fonts
    ranges = _merge(_read_cmaps([Path(f[0]) for f in stamp]))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps({"version": CACHE_VERSION, "fonts": stamp,
                                       "ranges": ranges}), "utf-8")
        os.replace(partial, cache)
    except OSError:
        pass  # a read-only home: the next run reads the fonts again
    return Coverage(ranges)


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "actionplan" / "glyph-coverage.json"


def _identity(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _read_cmaps(files: list[Path]) -> list[tuple[int, int]]:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    codes: set[int] = set()
    for path in files:
        try:
            fonts = (TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc"
                     else [TTFont(str(path), lazy=True)])
            for font in fonts:
                codes.update(font.getBestCmap() or {})
        except (OSError, TTLibError, AssertionError, KeyError):
            continue  # an unreadable font draws nothing
    return _merge([(c, c) for c in codes])


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
