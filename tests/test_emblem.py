"""The programme's identity on every cover, in both formats: the EU emblem drawn from its
geometric description (12 upright five-pointed stars on a circle on a blue rectangle, #003399
and #FFCC00), at least as tall as the tallest other logo, "European Union | European Regional
Development Fund" beside it, the programme logo project.yaml names; and the consolidated
cover's date from project.yaml."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, write_partnership
from docx import Document
from PIL import Image
from pypdf import PdfReader

from actionplan.build.pipeline import BuildOptions, build_partnership
from actionplan.render.docx import paragraph_text
from actionplan.words import emblem
from actionplan.words.emblem import (
    ALT,
    FUNDING_LINE,
    PNG_FILE,
    emblem_png,
    emblem_svg,
    eu_emblem,
    star_centres,
    star_points,
)

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIME = dt.datetime(2019, 3, 29, 12, 0, tzinfo=dt.UTC)
BLUE, YELLOW = (0x00, 0x33, 0x99), (0xFF, 0xCC, 0x00)
PDF_BLUE, PDF_YELLOW = b"0 0.2 0.6 rg", b"1 0.8 0 rg"
SVG = "{http://www.w3.org/2000/svg}"


def _catalogue_words(key: str) -> set[str]:
    """`key` of every built-in catalogue: covers speak the language of their document."""
    import yaml

    return {yaml.safe_load(path.read_text("utf-8"))["labels"][key]
            for path in (ROOT / "templates" / "labels").glob("*.yaml")}


ALTS = _catalogue_words("eu_emblem_alt")
FUNDING_LINES = _catalogue_words("funding_line")
assert ALT in ALTS and FUNDING_LINE in FUNDING_LINES


# --- the drawing --------------------------------------------------------------------------

def test_the_geometry_of_the_official_description() -> None:
    height = 180.0
    centres = star_centres(height)
    assert len(centres) == 12
    for hour, (x, y) in enumerate(centres):
        assert math.dist((x, y), (135, 90)) == pytest.approx(60)  # a third of the height
        assert math.degrees(math.atan2(x - 135, 90 - y)) % 360 == pytest.approx(30 * hour % 360)
    points = star_points(0, 0, 10)
    assert len(points) == 10
    assert points[0] == pytest.approx((0, -10))  # one point straight up
    assert [math.hypot(*p) for p in points[::2]] == pytest.approx([10] * 5)
    svg = ET.fromstring(emblem_svg(height))
    assert (svg.get("width"), svg.get("height")) == ("270", "180")  # 3:2
    assert svg.find(f"{SVG}rect").get("fill") == "#003399"
    stars = svg.find(f"{SVG}g")
    assert stars.get("fill") == "#FFCC00" and len(stars.findall(f"{SVG}polygon")) == 12
    assert svg.find(f"{SVG}title").text == ALT


def test_the_png_is_the_same_drawing_in_the_two_colours() -> None:
    image = Image.open(io.BytesIO(emblem_png(120))).convert("RGB")
    assert image.size == (180, 120)
    assert image.getpixel((5, 5)) == BLUE
    assert image.getpixel((90, 20)) == YELLOW  # the star at twelve o'clock: (90, 120 / 6)
    assert image.getpixel((90, 60)) == BLUE  # the centre of the circle is empty
    assert emblem_png(120) == emblem_png(120)


def test_the_shipped_png_is_the_drawing() -> None:
    """Covers show the shipped PNG instead of drawing it in every process (issue 15): it must
    be the drawing, pixel for pixel (`emblem.draw_png_file()` draws it again)."""
    shipped, drawn = Image.open(PNG_FILE), Image.open(io.BytesIO(emblem_png()))
    assert (shipped.size, shipped.mode) == (drawn.size, drawn.mode) == ((900, 600), "RGB")
    assert shipped.tobytes() == drawn.tobytes()


def test_covers_take_the_shipped_png_without_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    def drawn(*_args: Any) -> bytes:
        raise AssertionError("the emblem was drawn while a document was made")

    monkeypatch.setattr(emblem, "emblem_png", drawn)
    eu_emblem.cache_clear()
    try:
        made = eu_emblem("Flagge der Europäischen Union")
    finally:
        eu_emblem.cache_clear()
    assert made.picture.data == PNG_FILE.read_bytes()
    assert (made.picture.width, made.picture.height) == (900, 600)
    assert made.alt == "Flagge der Europäischen Union"


# --- on every cover -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory,
          built_examples: dict[str, Path]) -> dict[str, Path]:
    """`plans/` and `examples/full` built in both formats, and a partnership that names its
    programme logo and its deliverable's date."""
    folders = {name: built_examples[name] for name in ("plans", "examples/full")}
    own = tmp_path_factory.mktemp("own")
    project = MINIMAL_PROJECT.replace(
        "  lead_partner: north\n",
        "  lead_partner: north\n  programme_logo: logos/programme.png\n"
        "  logo: logos/project.png\n") + "deliverable:\n  date: 2021-03-31\n"
    folder = write_partnership(own / "plans", project, {"north.yaml": MINIMAL_PLAN})
    (folder / "logos").mkdir()
    shutil.copy(ROOT / "examples/full/logos/project.png", folder / "logos/project.png")
    Image.new("RGB", (400, 100), (200, 30, 30)).save(folder / "logos/programme.png")
    output = own / "out"
    build_partnership(folder, BuildOptions(output=output, jobs=1, build_time=BUILD_TIME))
    folders["own"] = output
    return folders


FOOTERS = re.compile("|".join(
    re.escape(words).replace(re.escape("{page}"), r"\d+").replace(re.escape("{pages}"), r"\d+")
    for words in _catalogue_words("page_of")))
"""'Page n of N' in any catalogue's words (a plan's PDF says it in the plan's language)."""


def pdf_covers(path: Path) -> list[int]:
    """Pages that are covers: no "Page n of N" on them."""
    reader = PdfReader(path)
    return [n for n, page in enumerate(reader.pages)
            if not FOOTERS.search(" ".join(page.extract_text().split()))]


def pdf_figures(pdf: pikepdf.Pdf, index: int) -> list[tuple[str, float, Any]]:
    """(alt text, height in layout units, element) of every figure on page `index`."""
    from actionplan.render.pdf.tagged import elements

    target = pdf.pages[index].obj.objgen
    out = []
    for element in elements(pdf.Root.StructTreeRoot):
        if element.S == "/Figure" and "/Pg" in element and element.Pg.objgen == target:
            box = [float(v) for v in element.A.BBox]
            out.append((str(element.Alt), box[3] - box[1], element))
    return out


def figure_content(pdf: pikepdf.Pdf, index: int, mcid: int) -> bytes:
    """The content stream bytes of the marked content `mcid` of page `index`."""
    page = pdf.pages[index].obj
    contents = page.Contents
    data = b"".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) \
        else contents.read_bytes()
    start = re.search(rb"/Figure\s*<<\s*/MCID %d\s*>>\s*BDC" % mcid, data).end()
    depth = 1
    for mark in re.finditer(rb"\b(BDC|BMC|EMC)\b", data[start:]):
        depth += 1 if mark[1] != b"EMC" else -1
        if depth == 0:
            return data[start:start + mark.start()]
    raise AssertionError("unclosed marked content")


def test_every_pdf_cover_shows_the_emblem_large_enough_in_its_colours(
        built: dict[str, Path]) -> None:
    checked = 0
    for folder in built.values():
        for path in sorted(folder.glob("*.pdf")):
            pdf = pikepdf.open(path)
            reader = PdfReader(path)
            for index in pdf_covers(path):
                figures = pdf_figures(pdf, index)
                emblems = [f for f in figures if f[0] in ALTS]
                assert len(emblems) == 1, (path.name, index, figures)
                _, height, element = emblems[0]
                others = [h for alt, h, _ in figures if alt not in ALTS]
                assert all(height >= other - 0.01 for other in others), (path.name, figures)
                drawing = figure_content(pdf, index, int(element.K[0]))
                assert drawing.count(PDF_BLUE) == 1 and drawing.count(PDF_YELLOW) == 12
                text = " ".join(reader.pages[index].extract_text().split())
                assert any(line in text for line in FUNDING_LINES), text
                checked += 1
    assert checked == (6 + 1 + 6) + (3 + 1 + 3) + (1 + 1 + 1)  # plans, consolidated, its plans


def docx_pictures(path: Path) -> list[tuple[str, int, bytes]]:
    """(description, height in EMU, image bytes) of every inline picture of a DOCX."""
    document = Document(str(path))
    out = []
    for shape in document.inline_shapes:
        inline = shape._inline
        blip = inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].blob
        out.append((inline.docPr.get("descr"), int(shape.height), image))
    return out


def test_every_docx_cover_shows_the_emblem_large_enough_in_its_colours(
        built: dict[str, Path]) -> None:
    for folder in built.values():
        for path in sorted(folder.glob("*.docx")):
            pictures = docx_pictures(path)
            emblems = [p for p in pictures if p[0] in ALTS]
            body = Document(str(path)).element.body
            covers = body.xpath(".//w:p[w:pPr/w:pStyle/@w:val='Title']")
            assert len(emblems) == len(covers) >= 1, path.name
            logos = [height for descr, height, _ in pictures if descr.endswith(" logo")]
            for _, height, image in emblems:
                assert all(height >= logo for logo in logos), (path.name, height, logos)
                colours = Image.open(io.BytesIO(image)).convert("RGB").getcolors(1 << 20)
                top = [colour for _, colour in sorted(colours, reverse=True)[:2]]
                assert top == [BLUE, YELLOW], top
            assert any(line in docx_table_text(path) for line in FUNDING_LINES)


def docx_table_text(path: Path) -> str:
    """The words of every table cell of a DOCX, whitespace squeezed."""
    text = " ".join(paragraph_text(p._p) for table in Document(str(path)).tables
                    for row in table.rows for cell in row.cells for p in cell.paragraphs)
    return " ".join(text.split())


def test_the_programme_logo_and_the_deliverables_date(built: dict[str, Path]) -> None:
    folder = built["own"]
    for path in folder.glob("*.pdf"):
        pdf = pikepdf.open(path)
        alts = [alt for alt, _, _ in pdf_figures(pdf, 0)]
        assert "Interreg Europe 2014-2020 logo" in alts, (path.name, alts)
    for path in folder.glob("*.docx"):
        assert "Interreg Europe 2014-2020 logo" in [d for d, _, _ in docx_pictures(path)]
    cover = PdfReader(folder / "TestSME-action-plans.pdf").pages[0].extract_text()
    assert "31 March 2021" in cover
    assert "31 March 2021" in docx_table_text(folder / "TestSME-action-plans.docx")
    full = PdfReader(built["examples/full"] / "EXPORT-PATH-action-plans.pdf").pages[0]
    assert "29 March 2019" in full.extract_text()  # no date in project.yaml: the build's
    plans = PdfReader(built["plans"] / "UpGradeSME-action-plans.pdf").pages[0].extract_text()
    assert "29 March 2019" in plans  # plans/project.yaml: deliverable.date
