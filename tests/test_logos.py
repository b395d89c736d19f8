"""Logos as partners have them: whatever `validate` accepts renders in both formats, upright,
at no more than 300 dpi at its printed size, described for screen readers, read once.

The odd images are made with Pillow here: a CMYK JPEG (Pillow writes Adobe's APP14 marker
first and no JFIF header), an RGB JPEG whose JFIF header was cut out, a phone photo stored
sideways with EXIF orientation 6, a 12-megapixel photo, and a 12,000 × 12,000 PNG that is
written row by row (a few kB on disk, 144 million pixels).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, ROOT, write_partnership
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from actionplan.cli import main

EMU_PER_INCH = 914400
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"wp": WP, "a": A, "r": R}

def _project() -> str:
    text = MINIMAL_PROJECT.replace(
        "  lead_partner: north\n", "  lead_partner: north\n  logo: logos/cmyk.jpg\n")
    text = text.replace("    nuts2: HU22\n", "    nuts2: HU22\n    logo: logos/phone.jpg\n")
    text = text.replace("    nuts2: ES21\n", "    nuts2: ES21\n    logo: logos/no-jfif.jpg\n"
                        "  - id: west\n    name: West Agency\n    country: PT\n"
                        "    region: Norte\n    nuts2: PT11\n    logo: logos/photo.jpg\n")
    return text


PLANS = {"north.yaml": MINIMAL_PLAN,
         "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south"),
         "west.yaml": MINIMAL_PLAN.replace("partner: north", "partner: west")}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the odd images ------------------------------------------------------------------------

def cmyk_jpeg() -> bytes:
    """A CMYK JPEG as Pillow (and Photoshop) write it: Adobe's APP14 first, no JFIF."""
    out = io.BytesIO()
    Image.new("CMYK", (300, 100), (200, 0, 200, 0)).save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert data[2:4] == b"\xff\xee" and b"JFIF" not in data[:200]
    return data


def jpeg_without_jfif() -> bytes:
    """An RGB JPEG with its JFIF (APP0) segment cut out: SOI, then straight to the tables."""
    out = io.BytesIO()
    Image.new("RGB", (300, 100), (240, 200, 0)).save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert data[2:4] == b"\xff\xe0"
    length = int.from_bytes(data[4:6], "big")
    stripped = data[:2] + data[4 + length:]
    assert b"JFIF" not in stripped and b"Exif" not in stripped
    return stripped


def sideways_phone_photo() -> bytes:
    """A photo stored landscape (400 × 200) that a phone marks "rotate 90° clockwise" (EXIF
    orientation 6): shown upright it is 200 × 400, red on top, blue below."""
    image = Image.new("RGB", (400, 200), (220, 0, 0))
    image.paste((0, 0, 220), (200, 0, 400, 200))  # the right half becomes the bottom
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def twelve_megapixel_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(out, "JPEG", quality=90)
    return out.getvalue()


def huge_png(width: int = 12000, height: int = 12000) -> bytes:
    """A black 1-bit PNG of width × height pixels, compressed row by row in little memory."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then all-black pixels
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def write_logos(folder: Path) -> None:
    logos = folder / "logos"
    logos.mkdir(exist_ok=True)
    (logos / "cmyk.jpg").write_bytes(cmyk_jpeg())
    (logos / "no-jfif.jpg").write_bytes(jpeg_without_jfif())
    (logos / "phone.jpg").write_bytes(sideways_phone_photo())
    (logos / "photo.jpg").write_bytes(twelve_megapixel_photo())


# --- what the documents hold ---------------------------------------------------------------

def docx_pictures(path: Path) -> list[dict]:
    """Every inline picture of a DOCX but the EU emblem the tool draws (test_emblem.py): name,
    descr, printed size (inches), embedded image."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        pictures = []
        for inline in document.iterfind(".//wp:inline", NS):
            extent = inline.find("wp:extent", NS)
            doc_pr = inline.find("wp:docPr", NS)
            if doc_pr.get("name") == "EU emblem":
                continue
            blip = inline.find(".//a:blip", NS)
            data = archive.read("word/" + targets[blip.get(f"{{{R}}}embed")])
            pictures.append({"name": doc_pr.get("name"), "descr": doc_pr.get("descr"),
                             "inches": (int(extent.get("cx")) / EMU_PER_INCH,
                                        int(extent.get("cy")) / EMU_PER_INCH),
                             "image": Image.open(io.BytesIO(data)), "data": data})
    return pictures


def pdf_cover_images(path: Path) -> list[dict]:
    """The images pdfimages finds on the first page, with the resolution they print at."""
    listing = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(path)],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    found = []
    for line in listing[2:]:
        cols = line.split()
        if cols[2] == "image":
            found.append({"size": (int(cols[3]), int(cols[4])),
                          "ppi": (float(cols[12]), float(cols[13]))})
    return found


def colour_at(image: Image.Image, where: str) -> tuple[int, int, int]:
    rgb = image.convert("RGB")
    x = rgb.width // 2
    y = rgb.height // 8 if where == "top" else rgb.height * 7 // 8
    return rgb.getpixel((x, y))  # type: ignore[return-value]


def reddish(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 150 and rgb[2] < 80


def bluish(rgb: tuple[int, int, int]) -> bool:
    return rgb[2] > 150 and rgb[0] < 80


# --- accepted odd images: valid, and rendered in both formats ------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("logos")
    folder = write_partnership(base / "plans", _project(), PLANS)
    write_logos(folder)
    checked = run("validate", folder)
    out = base / "build"
    result = run("build", folder, "-o", out)
    return folder, out, checked.output + result.output


def test_odd_but_sound_images_are_valid_and_build(built: tuple[Path, Path, str]) -> None:
    folder, out, output = built
    assert "are valid" in output, output
    assert "Traceback" not in output and "UnrecognizedImageError" not in output, output
    for name in ("north", "south", "west", "TestSME-action-plans"):
        for fmt in ("docx", "pdf"):
            assert (out / f"{name}.{fmt}").is_file(), (name, fmt, output)


def test_docx_logos_have_alt_text_and_a_name(built: tuple[Path, Path, str]) -> None:
    _, out, _ = built
    pictures = docx_pictures(out / "south.docx")
    assert [(p["name"], p["descr"]) for p in pictures] == [
        ("Project logo", "TestSME logo"), ("Partner logo", "South Agency logo")]
    cover = docx_pictures(out / "TestSME-action-plans.docx")[0]
    assert (cover["name"], cover["descr"]) == ("Project logo", "TestSME logo")


def test_docx_logos_are_embedded_at_most_at_300_dpi(built: tuple[Path, Path, str]) -> None:
    _, out, _ = built
    pictures = [p for name in ("north", "south", "west")
                for p in docx_pictures(out / f"{name}.docx")]
    assert len(pictures) == 6
    for picture in pictures:
        (width_in, height_in), image = picture["inches"], picture["image"]
        assert image.width / width_in <= 300.5 and image.height / height_in <= 300.5, picture
    photo = docx_pictures(out / "west.docx")[1]["image"]
    assert photo.size == (315, 236)  # 4000 × 3000 printed 26.7 × 20 mm: 300 dpi


def test_pdf_logos_are_embedded_at_most_at_300_dpi(built: tuple[Path, Path, str]) -> None:
    _, out, _ = built
    for name in ("north", "south", "west"):
        images = pdf_cover_images(out / f"{name}.pdf")
        assert len(images) == 2, name
        for image in images:
            assert max(image["ppi"]) <= 300, (name, image)
    assert max(image["size"][0] for image in pdf_cover_images(out / "west.pdf")) <= 315


def test_exif_orientation_is_applied_in_both_formats(built: tuple[Path, Path, str]) -> None:
    """The phone photo is upright (taller than wide, red on top) in the DOCX and the PDF."""
    _, out, _ = built
    partner = docx_pictures(out / "north.docx")[1]
    image = partner["image"]
    assert image.height > image.width and partner["inches"][1] > partner["inches"][0]
    assert reddish(colour_at(image, "top")) and bluish(colour_at(image, "bottom"))

    cover = PdfReader(out / "north.pdf").pages[0]
    pictures = [i.image for i in cover.images]
    portrait = [p for p in pictures if p.height > p.width]
    assert len(portrait) == 1, [p.size for p in pictures]
    assert reddish(colour_at(portrait[0], "top")) and bluish(colour_at(portrait[0], "bottom"))
    assert portrait[0].size == image.size
    assert b"Exif" not in partner["data"]


def test_cmyk_logo_keeps_its_colour(built: tuple[Path, Path, str]) -> None:
    """Adobe CMYK JPEGs store inverted values; the logo stays green, not magenta."""
    _, out, _ = built
    project = docx_pictures(out / "north.docx")[0]["image"].convert("RGB")
    red, green, blue = project.getpixel((project.width // 2, project.height // 2))
    assert green > 200 and red < 120 and blue < 120


def test_prepared_pictures_carry_no_metadata_and_are_the_same_every_time(tmp_path: Path) -> None:
    """No EXIF (a phone photo's position), no ICC profile (the colours are converted to sRGB;
    a profile Pillow makes carries its creation time, so the bytes would differ each run)."""
    from PIL import ImageCms

    from actionplan.load.images import read_picture

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGBA", (60, 20), (255, 0, 0, 128)).save(tmp_path / "icc.png", icc_profile=srgb)
    (tmp_path / "phone.jpg").write_bytes(sideways_phone_photo())
    for name in ("icc.png", "phone.jpg"):
        first, second = read_picture(tmp_path, name), read_picture(tmp_path, name)
        assert first == second
        info = Image.open(io.BytesIO(first.data)).info
        assert "exif" not in info and "icc_profile" not in info, (name, sorted(info))


# --- refused images: from their header, with what is really wrong --------------------------

def _validate(folder: Path) -> tuple[int, str]:
    result = run("validate", folder)
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


def with_logo(tmp_path: Path, name: str) -> Path:
    project = MINIMAL_PROJECT.replace("  lead_partner: north\n",
                                      f"  lead_partner: north\n  logo: logos/{name}\n")
    folder = write_partnership(tmp_path / "plans", project)
    (folder / "logos").mkdir()
    return folder


def test_too_many_pixels_is_refused_from_the_header(tmp_path: Path) -> None:
    folder = with_logo(tmp_path, "huge.png")
    (folder / "logos" / "huge.png").write_bytes(huge_png())
    code, output = _validate(folder)
    assert code == 1
    assert output.startswith(
        "plans/project.yaml:8:9: project.logo: `logos/huge.png` is 12000 × 12000 pixels "
        "(144 million); a logo may have at most 25 million."), output
    assert "Decompression" not in output and "Traceback" not in output


def test_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    """Decoding 144 million pixels takes over 150 MB; reading the header takes nothing. (The
    peak is VmHWM, which starts afresh in the new program; ru_maxrss would count pytest's.)"""
    folder = with_logo(tmp_path, "huge.png")
    (folder / "logos" / "huge.png").write_bytes(huge_png())
    code = ("import re; from click.testing import CliRunner; from actionplan.cli import main; "
            f"r = CliRunner().invoke(main, ['validate', r'{folder}']); "
            "status = open('/proc/self/status').read(); "
            r"print(r.exit_code, int(re.search(r'VmHWM:\s+(\d+)', status).group(1)) // 1024)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    exit_code, peak_mb = map(int, done.stdout.split())
    assert exit_code == 1 and peak_mb < 140, (done.stdout, done.stderr)
    assert "Warning" not in done.stderr, done.stderr


def test_a_fifo_is_not_called_missing(tmp_path: Path) -> None:
    folder = with_logo(tmp_path, "pipe.png")
    os.mkfifo(folder / "logos" / "pipe.png")
    code, output = _validate(folder)
    assert code == 1
    assert "`logos/pipe.png` is a named pipe (FIFO), not an image file." in output, output
    assert "does not exist" not in output


def test_an_unreadable_logo_is_called_unreadable(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = with_logo(tmp_path, "locked.png")
    locked = folder / "logos" / "locked.png"
    Image.new("RGB", (40, 20), "navy").save(locked)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it does for a user
        real_open = os.open

        def refuse(path: object, *args: object, **kwargs: object) -> int:
            if Path(str(path)) == locked.resolve():
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    code, output = _validate(folder)
    assert code == 1
    assert ("project.logo: `logos/locked.png` cannot be read: permission denied. Make the "
            "file readable" in output), output
    assert "Export the logo again" not in output


# --- read once, from the same bytes, wherever the folder is ---------------------------------

def test_logo_changed_after_loading_does_not_reach_the_documents(tmp_path: Path) -> None:
    """The documents show the logo as it was validated: it is read once."""
    from actionplan.load import load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.docx import docx_bytes
    from actionplan.render.pdf.plan import layout_plan, pdf_bytes
    from actionplan.words.plan import plan_context

    folder = with_logo(tmp_path, "logo.png")
    Image.new("RGB", (60, 20), (0, 150, 0)).save(folder / "logos" / "logo.png")
    partnership = load_partnership(folder)
    (folder / "logos" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n broken since validation")
    ctx = plan_context(partnership, partnership.plans[0])
    dirs = search_path(folder)
    docx = tmp_path / "north.docx"
    docx.write_bytes(docx_bytes(ctx, dirs))
    assert docx_pictures(docx)[0]["image"].size == (60, 20)
    pdf = pdf_bytes(layout_plan(ctx, dirs, [folder]), title="t", author="a", language="en",
                    build_time=None)
    assert [i.image.size for i in PdfReader(io.BytesIO(pdf)).pages[0].images] == [(60, 20)]


def test_same_logos_in_two_folders_give_identical_pdfs(tmp_path: Path) -> None:
    """Nothing of the folder's absolute path reaches the PDF (the images' names did)."""
    first, second = tmp_path / "one" / "full", tmp_path / "two" / "full"
    shutil.copytree(ROOT / "examples" / "full", first)
    shutil.copytree(ROOT / "examples" / "full", second)
    outputs = []
    for folder in (first, second):
        out = folder.parent / "out"
        result = run("render", folder / "el-attica.yaml", "-o", out, "--format", "pdf")
        assert result.exit_code == 0, result.output
        outputs.append((out / "el-attica.pdf").read_bytes())
    assert outputs[0] == outputs[1]
    assert not re.search(rb"/tmp/|one/full|two/full", outputs[0])


def test_templates_written_for_logo_paths_still_work(tmp_path: Path) -> None:
    """Overriding templates copied from earlier versions call `ctx.partner_logo.as_uri()`."""
    from actionplan.load import load_partnership
    from actionplan.load.templates import builtin_dir, search_path
    from actionplan.render.pdf.plan import layout_plan, pdf_bytes
    from actionplan.words.plan import plan_context

    partnership = load_partnership(ROOT / "examples" / "full")
    ctx = plan_context(partnership, partnership.plans[0])
    override = tmp_path / "templates"
    override.mkdir()
    html = (builtin_dir() / "action-plan.html.j2").read_text("utf-8")
    (override / "action-plan.html.j2").write_text(
        html.replace("_logo.url }}", "_logo.as_uri() }}"), "utf-8")
    document = layout_plan(ctx, [override, *search_path(partnership.folder)], [])
    data = pdf_bytes(document, title="t", author="a", language="en", build_time=None)
    assert len(PdfReader(io.BytesIO(data)).pages[0].images) == 2
