""""Page n of N" footers stamped onto laid-out pages, marked as pagination artifacts.

A plan is laid out once, without a footer; its footers are stamped afterwards: "Page 3 of 7"
in the plan's own PDF and, when the same page is joined into the consolidated deliverable,
"Page 23 of 57" there (the plan's footer stream is swapped for the deliverable's). Each footer
is a content stream of its own, the last of the page's /Contents, drawn as

    /Artifact <</Type /Pagination /Subtype /Footer>> BDC … EMC

so that screen readers skip it (ISO 14289-1 7.8) and the tags of the page need no change.

The text is drawn with the bundled Open Sans Regular at 7.5 pt, right-aligned at the right
margin, on the baseline where WeasyPrint put the footer margin box of `action-plan.css`
before (17 mm above the bottom edge, top-aligned line of 1.3). The font is embedded as a
Type 0 font (Identity-H, glyph ids kept, widths from the font's `hmtx`, a ToUnicode map so the
words copy and read aloud), reduced once per process to the digits and the label's letters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

FONT_FILE = "OpenSans-Regular.ttf"
FONT_NAME = "/APFooter"
SIZE = 7.5
"""Points: the size of the running header and footer (and captions), see the report notes."""
COLOR = (0x5B / 255, 0x64 / 255, 0x78 / 255)
MM = 72 / 25.4
RIGHT = 20 * MM
"""The page's right margin (action-plan.css): the footer ends there."""
BASELINE = 17 * MM - 7.79
"""Points above the bottom edge: the top of the old footer line box (17 mm up), less the
ascent of Open Sans at 7.5 pt with half-leading (1.069 em − 0.023 em)."""
MARK = b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
"""How a footer stream starts: the saved state of the page closed, then the artifact."""
LABEL = "Page {page} of {pages}"


@dataclass(frozen=True)
class FooterFont:
    """The bundled font, subset: its file, glyph ids and widths (1000 units per em)."""

    data: bytes
    glyphs: dict[str, int]
    widths: dict[int, int]
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]

    def encode(self, text: str) -> bytes:
        """`text` as a hex string of 2-byte glyph ids; KeyError for a character not subset."""
        return b"<" + "".join(f"{self.glyphs[c]:04X}" for c in text).encode() + b">"

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[self.glyphs[c]] for c in text) * size / 1000


DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "DSIG", "kern", "hdmx", "VDMX", "LTSH", "fpgm", "prep",
                  "cvt ", "gasp", "name")
"""Tables a PDF viewer does not use to draw the glyphs of an embedded TrueType font."""


@lru_cache(maxsize=8)
def footer_font(chars: str) -> FooterFont:
    """Open Sans Regular reduced to `chars`: every other glyph emptied, glyph ids kept (so
    Identity-H needs no map), no layout or hinting tables. fontTools' own subsetter would do
    the same in 0.15 s more per process (its import); `fontTools.ttLib` is loaded already to
    check the partnership's text against the fonts.

    Raises KeyError naming a character the font lacks."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    from ...load.templates import builtin_dir

    font = TTFont(builtin_dir() / "fonts" / FONT_FILE)
    cmap = font.getBestCmap()
    missing = [c for c in chars if ord(c) not in cmap]
    if missing:
        raise KeyError(f"the footer font has no glyph for {''.join(missing)!r}")
    scale = 1000 / font["head"].unitsPerEm
    glyphs = {c: font.getGlyphID(cmap[ord(c)]) for c in chars}
    widths = {gid: round(font["hmtx"][font.getGlyphName(gid)][0] * scale)
              for gid in glyphs.values()}
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    table = font["glyf"]
    keep = {".notdef", *(cmap[ord(c)] for c in chars)}
    for name in list(keep):  # an accented letter is drawn from its parts
        keep.update(table[name].getComponentNames(table))
    for name in table.keys():
        if name not in keep:
            table[name] = Glyph()
    for tag in DROPPED_TABLES:
        if tag in font:
            del font[tag]
    font["post"].formatType = 3.0  # no glyph names
    out = io.BytesIO()
    font.save(out)
    return FooterFont(out.getvalue(), glyphs, widths, round(hhea.ascent * scale),
                      round(hhea.descent * scale), round(os2.sCapHeight * scale),
                      tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)))


def label_chars(label: str) -> str:
    """The characters a footer label can need: its words, a space and every digit."""
    words = label.replace("{page}", "").replace("{pages}", "")
    return "".join(sorted(set(words + " 0123456789")))


def add_font(pdf: pikepdf.Pdf, label: str = LABEL) -> pikepdf.Object:
    """Embed the footer font for `label` in `pdf`; the font dictionary (indirect)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    font = footer_font(label_chars(label))
    tag = "APFOOT"  # a subset's name starts with six capitals and '+' (ISO 32000-1 9.6.4)
    base = Name(f"/{tag}+Open-Sans-Regular")
    file = pikepdf.Stream(pdf, font.data)
    file.Length1 = len(font.data)
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=base, Flags=32, FontBBox=Array(font.bbox),
        ItalicAngle=0, Ascent=font.ascent, Descent=font.descent, CapHeight=font.cap_height,
        StemV=80, FontFile2=pdf.make_indirect(file)))
    widths: list[Any] = []
    for gid in sorted(font.widths):
        widths += [gid, Array([font.widths[gid]])]
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=base,
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                 Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor, W=Array(widths), DW=0, CIDToGIDMap=Name.Identity))
    to_unicode = pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode(font)))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=base, Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cid_font]), ToUnicode=to_unicode))


def stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, text: str, font: pikepdf.Object,
          opening: pikepdf.Object, label: str = LABEL) -> None:
    """Draw the footer `text` on `page` as a pagination artifact, replacing a footer stamped
    before. `opening` is a shared content stream `q`: the page's own content is wrapped in
    q … Q so that the footer is drawn in the page's default coordinates."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    metrics = footer_font(label_chars(label))
    box = [float(v) for v in page.mediabox]
    x = box[2] - RIGHT - metrics.width(text, SIZE)
    y = box[1] + BASELINE
    content = (MARK + b"q %.4f %.4f %.4f rg BT %s %g Tf 1 0 0 1 %.4f %.4f Tm %s Tj ET Q\nEMC\n" % (
        *COLOR, FONT_NAME.encode(), SIZE, x, y, metrics.encode(text)))
    footer = pdf.make_indirect(pikepdf.Stream(pdf, content))
    parts = page_contents(page)
    if parts and is_footer(parts[-1]):
        parts[-1] = footer
    else:
        parts = [opening, *parts, footer]
    page.obj.Contents = Array(parts)
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = Dictionary()
    fonts = resources.get("/Font")
    if fonts is None:
        resources.Font = fonts = Dictionary()
    fonts[Name(FONT_NAME)] = font


def page_contents(page: pikepdf.Page) -> list[pikepdf.Object]:
    """The content streams of `page`, as a list."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, pikepdf.Array):
        return list(contents)
    return [contents]


def is_footer(stream: pikepdf.Object) -> bool:
    """Whether a content stream is a footer `stamp` drew."""
    return bool(stream.read_bytes().startswith(MARK))


def _to_unicode(font: FooterFont) -> bytes:
    """A ToUnicode CMap from each glyph id to its character."""
    pairs = sorted((gid, char) for char, gid in font.glyphs.items())
    lines = "\n".join(f"<{gid:04X}> <{ord(char):04X}>" for gid, char in pairs)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{lines}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()
