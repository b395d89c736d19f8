"""Does this computer have what the documents need? The checks behind `actionplan doctor`.

The PDFs need Pango (1.44 or later, WeasyPrint's own requirement) with HarfBuzz, and a font
for every character the partnership's texts use: the built-in Open Sans covers Latin, Greek
and Cyrillic; other scripts (Chinese, Japanese, Korean, Arabic, emoji…) need a font installed
on the computer. Fonts are looked up the way WeasyPrint finds them, through fontconfig
(`fc-list`); where `fc-list` cannot be found, the usual font folders are read with fontTools.
The test suite also needs LibreOffice, which opens every DOCX (`for_tests`).

Every check returns `Finding`s in plain words with what to install; nothing here prints.
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PANGO_NEEDED = (1, 44, 0)
"""WeasyPrint's documented minimum (its "First steps" page)."""

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_CJK = {"Hani", "Hira", "Kana", "Hang", "Bopo"}


@dataclass(frozen=True)
class Finding:
    """One thing checked: `ok`, what it is, a sentence about it, and how to fix it when not
    ok. A finding that is not `needed` only slows things down or concerns the tests."""

    ok: bool
    what: str
    detail: str
    fix: str = ""
    needed: bool = True


# --- Pango and HarfBuzz -------------------------------------------------------------------

def check_pdf_libraries() -> list[Finding]:
    """Pango and HarfBuzz, as WeasyPrint loads them."""
    try:
        pango, harfbuzz, fast_subset = pdf_libraries()
    except OSError as error:
        return [Finding(False, "Pango", f"Pango cannot be loaded ({error}), so no PDF can be "
                        "made.", _install_pango())]
    version = ".".join(map(str, pango))
    findings = [Finding(True, f"Pango {version}", "lays out the PDFs.")
                if pango >= PANGO_NEEDED else
                Finding(False, f"Pango {version}", "is too old to lay out the PDFs: 1.44 or "
                        "later is needed.", _install_pango())]
    if fast_subset:
        findings.append(Finding(True, f"HarfBuzz {harfbuzz}", "has its subsetting library, so "
                                "the PDFs are written at full speed."))
    else:
        findings.append(Finding(False, f"HarfBuzz {harfbuzz}", "without its subsetting library "
                                "(libharfbuzz-subset, HarfBuzz 4.1 or later): the PDFs are "
                                "right, but written about twice as slowly.",
                                "On Debian or Ubuntu: sudo apt install libharfbuzz-subset0.",
                                needed=False))
    return findings


def pdf_libraries() -> tuple[tuple[int, int, int], str, bool]:
    """(Pango's version, HarfBuzz's version text, whether fast font subsetting is there);
    raises OSError when WeasyPrint cannot load them."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints advice, then raises
        from weasyprint.text import ffi
    number = ffi.pango.pango_version()  # 15012 for 1.50.12
    pango = (number // 10000, number // 100 % 100, number % 100)
    fast = ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))
    return pango, _harfbuzz_version(), fast


def _harfbuzz_version() -> str:
    """HarfBuzz's own version text; WeasyPrint has loaded the library, under one of these
    names (the ones of weasyprint/text/ffi.py)."""
    import ctypes

    for name in ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "harfbuzz"):
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        library.hb_version_string.restype = ctypes.c_char_p
        return library.hb_version_string().decode()
    return "(version unknown)"


def _install_pango() -> str:
    """How to install Pango here, after WeasyPrint's installation guide."""
    if sys.platform == "win32":
        return ("Install MSYS2 (https://www.msys2.org) with its default options; in its "
                "\"MSYS2 UCRT64\" window run: pacman -S mingw-w64-ucrt-x86_64-pango . If MSYS2 is "
                "not in C:\\msys64, set WEASYPRINT_DLL_DIRECTORIES to its ucrt64\\bin folder.")
    if sys.platform == "darwin":
        return ("Install Homebrew (https://brew.sh), then run: brew install pango . If it is "
                "installed and still not found, run: "
                "export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib")
    return ("On Debian or Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0 (other systems: the package named pango).")


# --- fonts --------------------------------------------------------------------------------

Coverage = dict[str, list[tuple[int, int]]]
"""Font family → the code point ranges it draws, sorted."""


def check_fonts(texts: Iterable[str], font_folders: Iterable[Path]) -> list[Finding]:
    """For each script the texts use, whether some font draws every character of it: the
    fonts in `font_folders` (the templates' own) first, then the computer's."""
    from fontTools import unicodedata

    by_script: dict[str, set[str]] = {}
    for text in texts:
        for char in text:
            if char.isprintable() and not char.isspace():
                by_script.setdefault(unicodedata.script(char), set()).add(char)
    fonts = _read_fonts(_font_files(font_folders), suffix=" (built in)") | system_fonts()
    findings = []
    for code in sorted(by_script, key=lambda c: (c != "Latn", c)):
        chars = sorted(by_script[code])
        name = _script_name(code)
        whole = [family for family, ranges in fonts.items()
                 if all(_draws(ranges, char) for char in chars)]
        some = [family for family, ranges in fonts.items()
                if any(_draws(ranges, char) for char in chars)]
        missing = [char for char in chars
                   if not any(_draws(ranges, char) for ranges in fonts.values())]
        what = f"{name} ({len(chars)} different character{'s' if len(chars) != 1 else ''})"
        if not missing:
            drawn = whole[0] if whole else f"{', '.join(some[:3])} together"
            findings.append(Finding(True, what, f"drawn by {drawn}."))
        else:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            findings.append(Finding(False, what, f"no font on this computer draws {shown}: the "
                                    "PDFs cannot be made with them.", _install_font(code, name)))
    return findings


def system_fonts() -> Coverage:
    """The computer's fonts as WeasyPrint sees them: fontconfig's list, or, without
    `fc-list`, the fonts in the usual font folders."""
    fc_list = _fc_list()
    if fc_list is None:
        return _read_fonts(_font_files(_system_font_folders()))
    listing = subprocess.run([fc_list, "--format", "%{family[0]}\t%{charset}\n"],
                             capture_output=True, text=True, check=False).stdout
    coverage: Coverage = {}
    for line in listing.splitlines():
        family, _, charset = line.partition("\t")
        ranges = coverage.setdefault(family, [])
        for part in charset.split():
            low, _, high = part.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
    return {family: sorted(ranges) for family, ranges in coverage.items() if ranges}


def _fc_list() -> str | None:
    """fontconfig's `fc-list`: on the PATH, or (Windows) beside the DLLs WeasyPrint loads."""
    found = shutil.which("fc-list")
    if found or sys.platform != "win32":
        return found
    folders = os.environ.get("WEASYPRINT_DLL_DIRECTORIES", r"C:\msys64\ucrt64\bin").split(";")
    return next((str(Path(f) / "fc-list.exe") for f in folders
                 if (Path(f) / "fc-list.exe").is_file()), None)


def _system_font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts", home / ".fonts"]


def _font_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)


def _read_fonts(files: Iterable[Path], suffix: str = "") -> Coverage:
    """Each font file's family and the characters its best cmap maps, read with fontTools."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    coverage: dict[str, set[int]] = {}
    for path in files:
        try:
            fonts = (TTCollection(path, lazy=True).fonts if path.suffix.lower() == ".ttc"
                     else [TTFont(path, lazy=True)])
            for font in fonts:
                family = font["name"].getBestFamilyName() or path.stem
                coverage.setdefault(family + suffix, set()).update(font.getBestCmap() or {})
        except (TTLibError, OSError, KeyError, AssertionError):
            continue  # not a font fontTools can read: Pango would not use it either
    return {family: _ranges(points) for family, points in coverage.items() if points}


def _ranges(points: set[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


def _draws(ranges: list[tuple[int, int]], char: str) -> bool:
    point = ord(char)
    at = bisect.bisect_right(ranges, (point, sys.maxunicode + 1)) - 1
    return at >= 0 and ranges[at][0] <= point <= ranges[at][1]


def _script_name(code: str) -> str:
    from fontTools import unicodedata

    return {"Zyyy": "Signs and symbols", "Zinh": "Combining marks"}.get(
        code, unicodedata.script_name(code, default=code))


def _install_font(code: str, name: str) -> str:
    if code in _CJK:
        font, debian = "Noto Sans CJK", "fonts-noto-cjk"
    elif code in ("Zyyy", "Zinh"):
        font, debian = "Noto Color Emoji (for emoji) or Noto Sans Symbols 2", \
            "fonts-noto-color-emoji fonts-noto-core"
    else:
        font, debian = f"Noto Sans {name}", "fonts-noto-core"
    if sys.platform in ("win32", "darwin"):
        return (f"Install a font that has them, e.g. {font}: download it from "
                "https://fonts.google.com/noto and open the font file to install it.")
    return f"Install a font that has them, e.g. {font}: on Debian or Ubuntu, sudo apt install {debian}."


def partnership_texts(folder: Path | None) -> list[str]:
    """Every text value of the partnership's files (what reaches the documents), and the
    built-in templates' own words (Latin); a file that does not parse counts as its text."""
    from ..load import PROJECT_FILE, find_plan_files
    from ..load.yamlsource import load_yaml

    texts = ["Action plan Interreg Europe 0123456789"]
    if folder is None or not (folder / PROJECT_FILE).is_file():
        return texts
    for path in [folder / PROJECT_FILE, *find_plan_files(folder)]:
        if not path.is_file():
            continue
        data = load_yaml(path, str(path)).data
        texts += list(_strings(data)) if data is not None else [
            path.read_text("utf-8", errors="replace")]
    return texts


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


# --- what the tests need --------------------------------------------------------------------

def check_test_tools() -> list[Finding]:
    """LibreOffice, which the test suite uses to open every DOCX as a real client does."""
    if shutil.which("soffice"):
        return [Finding(True, "LibreOffice", "opens the DOCX files in the tests.")]
    return [Finding(False, "LibreOffice", "is not installed: the tests that open every DOCX in "
                    "a real word processor are skipped.",
                    "On Debian or Ubuntu: sudo apt install libreoffice-writer-nogui "
                    "(bash scripts/setup installs it).")]
