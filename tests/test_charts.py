"""The summary's charts: pictures that decode, at the promised size, byte for byte the same
every time, naming the partners they show (PNG, SVG, and a vector PDF with its fonts embedded
as TrueType and its words as text)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from PIL import Image
from pypdf import PdfReader

from actionplan.load import load_partnership
from actionplan.summary import (
    FlowMatrix,
    PartnerRef,
    Summary,
    Timeline,
    TimelineBar,
    build_summary,
    charts,
    flows_chart,
    timeline_chart,
)

ROOT = Path(__file__).resolve().parent.parent
CHARTS = ("timeline_png", "timeline_svg", "timeline_pdf", "flows_png", "flows_svg", "flows_pdf")
REAL_LABELS = ["PBN", "ADR Sud Muntenia", "SEZ", "BDF", "ADRAVE", "Fomento"]


@pytest.fixture(scope="module")
def real() -> Summary:
    return build_summary(load_partnership(ROOT / "plans", display_root=ROOT))


@pytest.fixture(scope="module")
def rendered(real: Summary) -> dict[str, bytes]:
    """Each chart of plans/ drawn once, at the default resolution."""
    return {name: getattr(charts, name)(real) for name in CHARTS}


@pytest.fixture(scope="module")
def odd(real: Summary) -> Summary:
    """Awkward content: a long name without short name, `$`, a cancelled one-month action,
    Greek and Cyrillic, no phase 2, a lone action."""
    long_name = "Regional Development Agency of the Very Long Named Region of Somewhere"
    bars = (
        TimelineBar("long", long_name, 1, "Vouchers worth $ 40,000 and $ 10,000 each",
                    (2018, 11), (2019, 1), "November 2018 – January 2019", None),
        TimelineBar("long", long_name, 2, "A one-month action with a rather long title indeed",
                    (2020, 5), (2020, 5), "May 2020", "Cancelled", cancelled=True),
        TimelineBar("greek", "ΕΒΕΑ", 1, "Ακαδημία εξαγωγών – Академия за износ",
                    (2019, 1), (2021, 12), "January 2019 – December 2021", "Ongoing"),
    )
    timeline = Timeline(bars=bars, plans=2, start=(2018, 11), end=(2021, 12),
                        span="November 2018 – December 2021", phase2=None, phase2_text=None)
    refs = (PartnerRef("long", long_name, long_name), PartnerRef("greek", "ΕΒΕΑ", "ΕΒΕΑ"),
            PartnerRef("cash", "Cash $ Partner", "Cash $ Partner"))
    flows = FlowMatrix(rows=refs[:2], columns=refs, counts=((0, 3, 1), (5, 0, 0)),
                       row_learnings=(4, 5), column_totals=(5, 3, 1), learnings=9)
    return dataclasses.replace(real, timeline=timeline, flows=flows)


def svg_texts(svg: bytes) -> str:
    """The words of an SVG whose text is drawn as paths: matplotlib writes each string as a
    comment before its glyphs."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "\n".join(str(e.text) for e in root.iter() if e.tag is ET.Comment)


def pdf_page(data: bytes) -> Any:
    """The one page of a chart's PDF."""
    assert data.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    return pdf.pages[0]


def pdf_texts(data: bytes) -> str:
    """The words of a chart's PDF, as a reader (or pypdf) extracts them."""
    return str(pdf_page(data).extract_text())


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


def test_timeline_png_size(real: Summary, rendered: dict[str, bytes]) -> None:
    image = png(rendered["timeline_png"])
    # 17 cm wide at 200 dpi; 17 actions in 6 partner groups, 0.6 row between groups
    rows = 17 + 5 * timeline_chart.GROUP_GAP
    height_in = timeline_chart.MARGIN_IN + rows * timeline_chart.ROW_IN
    assert image.size == (int(17 / 2.54 * 200), round(height_in * 200))
    assert image.size == (1338, 950)
    assert png(charts.timeline_png(real, dpi=100)).size == (669, 475)


def test_the_timeline_for_word_is_the_pdf_chart_as_a_pdf_viewer_shows_it(real: Summary) -> None:
    """The Word document's picture and the PDF's chart are one picture: the PNG is the PDF
    page as MuPDF (a viewer that has nothing to do with how the PNG is made) draws it, but for
    the anti-aliasing of edges. matplotlib's own PNG differs in its text (hinted, bolder):
    one pixel in 25 is off by more than a quarter of the range, against one in 2,000 here.
    (The flow matrix, mostly empty cells, is too sparse in text to tell them apart so.)"""
    from PIL import ImageChops
    pymupdf = pytest.importorskip("pymupdf")

    mine = png(charts.timeline_png(real, dpi=200)).convert("RGB")
    pdf = pymupdf.open(stream=charts.timeline_pdf(real), filetype="pdf")
    viewer = Image.open(io.BytesIO(pdf[0].get_pixmap(dpi=200).tobytes("png"))).convert("RGB")
    box = (0, 0, min(mine.width, viewer.width), min(mine.height, viewer.height))
    assert abs(mine.width - viewer.width) <= 1 and abs(mine.height - viewer.height) <= 1
    difference = ImageChops.difference(mine.crop(box), viewer.crop(box)).convert("L")
    off = sum(difference.histogram()[64:]) / (box[2] * box[3])
    assert off < 0.005, off


def test_flows_png_size(real: Summary) -> None:
    image = png(charts.flows_png(real, dpi=100))
    assert image.size == (669, round((flows_chart.FLOWS_MARGIN_IN + 6 * flows_chart.CELL_IN) * 100))


def test_timeline_grows_with_actions(real: Summary, odd: Summary) -> None:
    assert png(charts.timeline_png(odd, dpi=50)).height < png(
        charts.timeline_png(real, dpi=50)).height


def test_timeline_svg_names_partners_and_actions(rendered: dict[str, bytes]) -> None:
    words = svg_texts(rendered["timeline_svg"])
    for label in REAL_LABELS:
        assert label in words
    assert "Export Carousel West Transdanubia" in words
    assert "Phase 2 · April 2019 – March 2021" in words
    assert all(year in words for year in ("2019", "2020", "2021"))


def test_flows_svg_names_partners(rendered: dict[str, bytes]) -> None:
    words = svg_texts(rendered["flows_svg"])
    for label in [*REAL_LABELS, "NGM", "Leeuwarden"]:
        assert label in words or label.replace(" ", "\n") in words, label
    assert "Learning partner (plan)" in words


def test_svg_is_a4_wide(rendered: dict[str, bytes]) -> None:
    root = ET.fromstring(rendered["flows_svg"])
    assert root.get("width") == "481.889764pt"  # 17 cm


@pytest.mark.parametrize("name", ["timeline", "flows"])
def test_pdf_page_is_the_chart(rendered: dict[str, bytes], name: str) -> None:
    """One page of exactly the chart's size in points: 17 cm wide, as tall as the SVG."""
    box = pdf_page(rendered[f"{name}_pdf"]).mediabox
    svg = ET.fromstring(rendered[f"{name}_svg"])
    assert (float(box.left), float(box.bottom)) == (0, 0)
    assert float(box.width) == pytest.approx(17 / 2.54 * 72)
    assert float(box.height) == pytest.approx(float(str(svg.get("height")).removesuffix("pt")))


def test_the_timeline_s_size_is_known_before_it_is_drawn(real: Summary, odd: Summary) -> None:
    """`timeline_size` (what the summary's layout leaves room for while the chart is drawn
    elsewhere, issue 15) is the drawn PDF's page, for every kind of timeline: plans/, awkward
    content, an empty one, each slice of a long one."""
    empty = dataclasses.replace(real.timeline, bars=(), plans=0)
    long = dataclasses.replace(real.timeline, bars=real.timeline.bars * 4)
    timelines = [real.timeline, odd.timeline, empty, *timeline_chart.timeline_slices(long)]
    assert len(timelines) > 4
    for timeline in timelines:
        box = pdf_page(charts.timeline_pictures(real, ("pdf",), timeline=timeline)["pdf"]).mediabox
        width, height = timeline_chart.timeline_size(timeline)
        assert f"{width:.6f} {height:.6f}" == f"{float(box.width):.6f} {float(box.height):.6f}"


def test_timeline_pdf_names_partners_and_actions(rendered: dict[str, bytes]) -> None:
    words = pdf_texts(rendered["timeline_pdf"])
    for label in REAL_LABELS:
        assert label in words
    assert "Export Carousel West Transdanubia" in words
    assert "Phase 2 · April 2019 – March 2021" in words
    assert all(year in words for year in ("2019", "2020", "2021"))


def test_flows_pdf_names_partners(rendered: dict[str, bytes]) -> None:
    words = pdf_texts(rendered["flows_pdf"])
    for label in [*REAL_LABELS, "NGM", "Leeuwarden"]:
        assert label in words or label.replace(" ", "\n") in words, label
    assert "Learning partner (plan)" in words


def test_pdf_text_is_text_in_embedded_truetype_subsets(rendered: dict[str, bytes]) -> None:
    """`pdf.fonttype` 42: each font a subset of Open Sans embedded as TrueType (CID-keyed,
    with a ToUnicode map, so the words can be found and copied); no glyph drawn as outlines,
    no Type 3 font, no picture."""
    for name in ("timeline_pdf", "flows_pdf"):
        page = pdf_page(rendered[name])
        resources = page["/Resources"]
        fonts = [ref.get_object() for ref in resources["/Font"].values()]
        assert fonts
        for font in fonts:
            assert font["/Subtype"] == "/Type0" and "/ToUnicode" in font
            cid = font["/DescendantFonts"][0].get_object()
            assert cid["/Subtype"] == "/CIDFontType2"
            assert "/FontFile2" in cid["/FontDescriptor"].get_object()
            assert str(font["/BaseFont"]).split("+")[1].startswith("OpenSans")
        xobjects = resources["/XObject"].get_object() if "/XObject" in resources else {}
        assert all(x.get_object()["/Subtype"] == "/Form" for x in xobjects.values())  # no image
        assert page.get_contents().get_data().count(b" c\n") < 100  # glyphs are not curves


def test_pdf_carries_the_alt_text(real: Summary, rendered: dict[str, bytes]) -> None:
    metadata = PdfReader(io.BytesIO(rendered["timeline_pdf"])).metadata
    assert metadata is not None and metadata.title == charts.timeline_alt_text(real)
    assert set(metadata) == {"/Title"}  # no producer, creator or dates


def test_svg_carries_the_alt_text(real: Summary, rendered: dict[str, bytes]) -> None:
    assert charts.timeline_alt_text(real).encode() in rendered["timeline_svg"]


@pytest.mark.parametrize("name", CHARTS)
def test_byte_identical_twice(real: Summary, rendered: dict[str, bytes], name: str) -> None:
    assert getattr(charts, name)(real) == rendered[name]


def test_no_software_version_or_date(rendered: dict[str, bytes]) -> None:
    for data in rendered.values():
        assert matplotlib.__version__.encode() not in data
        assert b"dc:date" not in data and b"Creator" not in data
        assert b"CreationDate" not in data and b"Producer" not in data


DIGEST = f"""\
import hashlib, sys
from actionplan.summary import charts
from actionplan.load import load_partnership
from actionplan.summary import build_summary
s = build_summary(load_partnership(sys.argv[1]))
for name in {CHARTS!r}:
    print(name, hashlib.sha256(getattr(charts, name)(s)).hexdigest())
"""


@pytest.mark.parametrize("chart", ["timeline", "flows"])
def test_one_drawing_for_all_formats(real: Summary, odd: Summary, rendered: dict[str, bytes],
                                     chart: str) -> None:
    """Drawn once and saved in several formats: the PDF (saved first) is byte for byte the
    one drawn alone, so is the PNG for these summaries; the SVG says the same words."""
    pictures = getattr(charts, f"{chart}_pictures")
    for summary, dpi in ((real, 200), (odd, 72)):
        made = pictures(summary, ("svg", "png", "pdf"), dpi=dpi)
        assert made["pdf"] == getattr(charts, f"{chart}_pdf")(summary)
        assert made["png"] == getattr(charts, f"{chart}_png")(summary, dpi=dpi)
        assert svg_texts(made["svg"]) == svg_texts(getattr(charts, f"{chart}_svg")(summary))
    assert pictures(real, ["pdf"]) == {"pdf": rendered[f"{chart}_pdf"]}
    with pytest.raises(ValueError, match="jpeg"):
        pictures(real, ("jpeg",))


def test_byte_identical_across_processes(rendered: dict[str, bytes]) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run([sys.executable, "-c", DIGEST, str(ROOT / "plans")], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    here = "".join(f"{n} {hashlib.sha256(rendered[n]).hexdigest()}\n" for n in CHARTS)
    assert run.stdout == here


def test_matplotlib_is_imported_only_to_draw() -> None:
    code = ("import sys, actionplan.summary.charts, actionplan.summary; "
            "print('matplotlib' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert run.stdout.strip() == "False"


def test_awkward_content(odd: Summary) -> None:
    timeline = svg_texts(charts.timeline_svg(odd))
    assert "Vouchers worth $ 40,000 and $ 10,000 each" in timeline  # not read as mathtext
    assert "Ακαδημία εξαγωγών – Академия за износ" in timeline
    lines = [line.strip() for line in timeline.splitlines()]
    # wrapped on the three lines two rows leave room for
    assert lines[lines.index("Regional Development"):][:3] == [
        "Regional Development", "Agency of the Very Long", "Named Region of…"]
    assert "(cancelled)" in timeline
    assert "Phase 2" not in timeline
    flows = svg_texts(charts.flows_svg(odd))
    assert "Cash $ Partner" in flows
    in_pdf = pdf_texts(charts.timeline_pdf(odd))
    assert "Vouchers worth $ 40,000 and $ 10,000 each" in in_pdf
    assert "Ακαδημία εξαγωγών – Академия за износ" in in_pdf
    assert "Named Region of…" in in_pdf and "(cancelled)" in in_pdf
    assert "Cash $ Partner" in pdf_texts(charts.flows_pdf(odd))
    assert png(charts.timeline_png(odd, dpi=72)).width == int(17 / 2.54 * 72)
    assert png(charts.flows_png(odd, dpi=72)).width == int(17 / 2.54 * 72)


def test_many_partners_keep_only_the_ones_drawn_on(real: Summary) -> None:
    refs = tuple(PartnerRef(f"p{n}", f"Partner {n}", f"P{n:02d}") for n in range(20))
    counts = tuple(tuple(1 if c in (3, 7) else 0 for c in range(20)) for _ in range(3))
    flows = FlowMatrix(rows=refs[:3], columns=refs, counts=counts, row_learnings=(2, 2, 2),
                       column_totals=tuple(3 if c in (3, 7) else 0 for c in range(20)),
                       learnings=6)
    words = svg_texts(charts.flows_svg(dataclasses.replace(real, flows=flows)))
    assert "P03" in words and "P07" in words
    assert "P04" not in words and "P19" not in words
    assert "partners no plan draws on left out" in words


def test_nothing_to_draw(real: Summary) -> None:
    empty = dataclasses.replace(
        real,
        timeline=Timeline((), 0, None, None, "–", None, None),
        flows=FlowMatrix((), real.flows.columns, (), (), (0,) * 8, 0))
    assert "No actions yet" in svg_texts(charts.timeline_svg(empty))
    assert "No learnings yet" in svg_texts(charts.flows_svg(empty))
    assert "No actions yet" in pdf_texts(charts.timeline_pdf(empty))
    assert "No learnings yet" in pdf_texts(charts.flows_pdf(empty))
    assert png(charts.timeline_png(empty, dpi=50)).width == int(17 / 2.54 * 50)
    assert charts.timeline_alt_text(empty) == "Timeline of the actions: no plan has actions yet."
    assert charts.flows_alt_text(empty) == "Matrix of learning flows: the plans name no " \
                                           "learnings yet."


def test_alt_texts(real: Summary, odd: Summary) -> None:
    assert charts.timeline_alt_text(real) == (
        "Timeline of 17 actions of 6 plans, April 2019 – March 2021, "
        "phase 2 (April 2019 – March 2021) shaded.")
    assert charts.flows_alt_text(real) == (
        "Matrix of learning flows: 19 learnings of 6 plans draw on 6 of 8 partners, "
        "most often on BDF (7 learnings).")
    assert charts.timeline_alt_text(odd) == (
        "Timeline of 3 actions of 2 plans, November 2018 – December 2021.")
    assert charts.flows_alt_text(odd) == (
        "Matrix of learning flows: 9 learnings of 2 plans draw on 3 of 3 partners, "
        "most often on Regional Development Agency of the Very Long Named Region of "
        "Somewhere (5 learnings).")


def test_examples_full_renders() -> None:
    folder = ROOT / "examples" / "full"
    if not folder.is_dir():
        pytest.skip("examples/full is not in this checkout")
    summary = build_summary(load_partnership(folder, display_root=ROOT))
    words = svg_texts(charts.timeline_svg(summary)) + svg_texts(charts.flows_svg(summary))
    in_pdf = pdf_texts(charts.timeline_pdf(summary)) + pdf_texts(charts.flows_pdf(summary))
    for label in ("ΠΑ", "СО", "ŁARR", "GMCA", "Звено „Износ“ към Столична община"):
        assert label in words and label in in_pdf
    assert charts.flows_alt_text(summary).endswith(
        "most often on ΠΑ, СО, ŁARR and GMCA (2 learnings each).")


def test_global_matplotlib_state_untouched(real: Summary) -> None:
    before = dict(matplotlib.rcParams)
    charts.flows_png(real, dpi=30)
    assert dict(matplotlib.rcParams) == before
    assert "matplotlib.pyplot" not in sys.modules or not sys.modules[
        "matplotlib.pyplot"].get_fignums()
