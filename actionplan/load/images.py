"""The logos project.yaml names: checked from their header, read once, made ready for both formats.

`read_pictures` runs while the partnership is loaded (so `validate` sees every problem that
`render` and `build` would meet). Each logo file is read once, whatever the number of fields
naming it; its bytes are checked in this order, each refusal an `Issue` at the `logo:` field:

1. the path stays inside the partnership folder (links followed) and is not a loop of links,
   and names the file as every system reads it (`paths`: a path with `\\`, a full path or
   other capital letters than the file's name are refused with the path to write instead);
2. it is a regular, readable file of at most `MAX_FILE_BYTES` (never opened when it is a
   named pipe, a device or a socket: reading those can block forever or never end);
3. its name ends in .png, .jpg or .jpeg and its content is PNG or JPEG;
4. its header (read without decoding a pixel) gives at most `MAX_PIXELS` pixels;
5. it decodes completely.

What passes becomes a `Picture` that python-docx and WeasyPrint both read the same way:
turned upright by its EXIF orientation, converted to sRGB (through its ICC profile when it has
one: CMYK JPEGs, Adobe RGB photos), reduced to at most 300 dpi at the largest box a logo is
printed in (`LOGO_BOX_MM`), without metadata (a phone photo's GPS position stays out of the
documents), and encoded as PNG (8-bit RGB or RGBA) or, for JPEG sources without
transparency, as a baseline RGB JPEG. The same file gives the same bytes every time.

Pillow is imported on first use.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Issue
from ..model import Picture, ProjectFile
from .inputs import Inputs, input_name
from .paths import case_of_file, inside, is_full_path, relative_for, with_slashes
from .yamlsource import Locations

if TYPE_CHECKING:
    from PIL import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_FILE_BYTES = 50 * 1024 * 1024
"""A logo file larger than this is refused before it is read (a 24-megapixel JPEG is ~10 MB)."""
MAX_PIXELS = 25_000_000
"""At most 25 million pixels (a 24-megapixel camera's 6000 × 4000), judged from the header.
Decoding is what costs: a PNG of this size takes about 1 s and 100 MB; Pillow's own bomb
warning starts at 89 million, and a 12,000 × 12,000 PNG of 445 kB took 14 s and 1.2 GB."""
PRINT_DPI = 300
LOGO_BOX_MM = (70.0, 20.0)
"""Width and height of the box a logo fills in the Word documents (render/docx), the smaller
of the two formats' boxes (the PDF's CSS prints a logo at most 75 × 22 mm)."""
LOGO_BOX_PX = (int(LOGO_BOX_MM[0] / 25.4 * PRINT_DPI), int(LOGO_BOX_MM[1] / 25.4 * PRINT_DPI))
"""826 × 236: pictures are reduced to fit, which is at most 300 dpi in both formats."""
JPEG_QUALITY = 92
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
_ORIENTATION = 0x0112  # EXIF tag
_REEXPORT = "Open it in an image editor and export it again as PNG or JPEG."


class ImageRefused(Exception):
    """Why a logo cannot be used: `reason` follows the quoted path, `fix` says what to do."""

    def __init__(self, reason: str, fix: str):
        super().__init__(reason)
        self.reason, self.fix = reason, fix


def read_pictures(folder: Path, project: ProjectFile, where: Locations,
                  inputs: Inputs | None = None) -> tuple[dict[str, Picture], list[Issue]]:
    """Every logo of `project` as a `Picture` by its path as given, and an `Issue` at each
    `logo:` field whose file cannot be used (see the module notes for the checks). The bytes
    each picture was made from are recorded in `inputs`, so builds fingerprint what the
    documents show (issue 12, item 4)."""
    pictures: dict[str, Picture] = {}
    refused: dict[str, ImageRefused] = {}
    issues = []
    for path, relative in _logo_fields(project):
        if relative not in pictures and relative not in refused:
            try:
                pictures[relative] = read_picture(folder, relative, inputs)
            except ImageRefused as refusal:
                refused[relative] = refusal
        if relative in refused:
            issues.append(where.issue(path, f"`{relative}` {refused[relative].reason}",
                                      refused[relative].fix))
    return pictures, issues


def _logo_fields(project: ProjectFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    if project.project.logo:
        yield ("project", "logo"), project.project.logo
    if project.project.programme_logo:
        yield ("project", "programme_logo"), project.project.programme_logo
    for n, partner in enumerate(project.partners):
        if partner.logo:
            yield ("partners", n, "logo"), partner.logo


def read_picture(folder: Path, relative: str, inputs: Inputs | None = None) -> Picture:
    """The image at `relative` inside `folder`, read once and made ready for both formats.

    Raises `ImageRefused` saying what is wrong with the file and how to fix it.
    """
    data = _read(_locate(folder, relative))
    if inputs is not None:
        inputs.files[input_name(relative)] = data
    if not relative.lower().endswith(IMAGE_SUFFIXES):
        raise ImageRefused("is not a PNG or JPEG image.", "Save the logo as .png or .jpg.")
    return _prepare(relative, data)


# --- 1 and 2: where the file is, what it is, its bytes ---------------------------------------

def _locate(folder: Path, relative: str) -> Path:
    """The file inside `folder` that `relative` names as every system reads it (`paths`)."""
    try:
        target = inside(folder, relative)
    except (RuntimeError, OSError):  # Python raises RuntimeError (3.11, 3.12) or OSError for loops
        raise ImageRefused("is a link that leads back to itself (a loop of links).",
                           "Give the path of the image file itself.") from None
    if target is None:
        raise _misplaced(folder, relative)
    named = case_of_file(folder, relative)
    if named is not None:  # refused everywhere, though Windows and macOS would find the file
        raise ImageRefused("is not found on Linux, where documents are often built: the file's "
                           "name has other capital and small letters.",
                           f"Did you mean `{named}`? (letters must match in case)")
    return target


def _misplaced(folder: Path, relative: str) -> ImageRefused:
    """Why a path `inside` refuses is refused, with the path to write when it means a file of
    the folder."""
    if is_full_path(relative):
        meant = relative_for(folder, relative)
        if meant is not None:
            return ImageRefused("is a full path, which names the file on one computer only.",
                                f"Write it relative to the partnership folder: `{meant}`.")
    elif "\\" in relative and (slashed := with_slashes(folder, relative)) is not None:
        return ImageRefused("separates folders with \\, which only Windows reads.",
                            f"Write the path with / instead of \\: `{slashed}`.")
    return ImageRefused("leads outside the partnership folder.",
                        "Put the image in the folder (e.g. logos/) and give its path from "
                        "project.yaml.")


def _read(path: Path) -> bytes:
    """The bytes of a regular file, refused by kind and size before a byte is read."""
    try:
        _refuse_kind(os.stat(path))
        # Non-blocking: should the file have become a named pipe since, opening it does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            _refuse_kind(os.fstat(file.fileno()))
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImageRefused("does not exist.",
                           "Check the spelling; the path is relative to project.yaml.") from None
    except PermissionError:
        raise ImageRefused("cannot be read: permission denied.",
                           "Make the file readable for the account that runs actionplan, or "
                           "save the logo again.") from None
    except OSError as error:
        raise ImageRefused(f"cannot be read: {(error.strerror or str(error)).lower()}.",
                           "Check the file, or save the logo again.") from None
    if len(data) > MAX_FILE_BYTES:  # it grew since
        raise _too_large()
    return data


def _refuse_kind(info: os.stat_result) -> None:
    """Refuse anything but a regular file of at most `MAX_FILE_BYTES`."""
    if stat.S_ISDIR(info.st_mode):
        raise ImageRefused("is a folder, not an image file.",
                           "Give the path of the image file inside it.")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise ImageRefused(f"is {kind}, not an image file.",
                           "Replace it with the logo saved as a PNG or JPEG file.")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large()


def _too_large() -> ImageRefused:
    return ImageRefused(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than a "
                        "logo needs.", _SMALLER)


_SMALLER = (f"Save a smaller copy: a logo is printed at most {LOGO_BOX_MM[0]:.0f} × "
            f"{LOGO_BOX_MM[1]:.0f} mm, where {LOGO_BOX_PX[0]} × {LOGO_BOX_PX[1]} pixels "
            f"already give {PRINT_DPI} dpi.")


# --- 3 to 5: the content --------------------------------------------------------------------

def _prepare(relative: str, data: bytes) -> Picture:
    from PIL import JpegImagePlugin, PngImagePlugin

    if data.startswith(_PNG):
        opener: Any = PngImagePlugin.PngImageFile
    elif data.startswith(_JPEG):
        opener = JpegImagePlugin.JpegImageFile
    else:
        raise ImageRefused(_what_else(data), "Open it in an image editor and export it as "
                                             "PNG or JPEG.")
    kind = "PNG" if opener is PngImagePlugin.PngImageFile else "JPEG"
    damaged = ImageRefused(f"is damaged or incomplete: it cannot be read as a {kind} image.",
                           _REEXPORT)
    try:
        # The format's own class reads the header only: no pixel is decoded yet, and Pillow's
        # decompression-bomb check (a warning, then an error) is not reached.
        image: Image.Image = opener(io.BytesIO(data))
    except Exception:  # Pillow raises many kinds for broken headers  # noqa: BLE001
        raise damaged from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageRefused(f"is {width} × {height} pixels ({width * height / 1e6:.0f} million); "
                           f"a logo may have at most {MAX_PIXELS // 1_000_000} million.", _SMALLER)
    if not width or not height:
        raise damaged
    try:
        return _normalise(relative, image, kind)
    except Exception:  # truncated data, bad compressed stream…  # noqa: BLE001
        raise damaged from None


def _what_else(data: bytes) -> str:
    """What a file that is not PNG or JPEG is, in words."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                return f"is a {image.format} image, not PNG or JPEG."
    except Exception:  # noqa: BLE001  # not an image at all, or a broken one
        return "is not a PNG or JPEG image (its content is not an image)."


def _normalise(relative: str, image: Image.Image, kind: str) -> Picture:
    """Upright, sRGB, at most `LOGO_BOX_PX`, encoded anew (see the module notes)."""
    from PIL import Image, ImageOps

    if kind == "JPEG":
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale directly: a 12-megapixel photo costs a
        # quarter of the time and memory. Not below twice the size wanted, for the quality.
        sideways = image.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8)
        wanted = _fit(image.size, LOGO_BOX_PX[::-1] if sideways else LOGO_BOX_PX)
        image.draft(image.mode, (wanted[0] * 2, wanted[1] * 2))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    picture = _srgb(image)
    size = _fit(picture.size, LOGO_BOX_PX)
    if picture.size != size:
        picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    # Pillow writes what `info` holds (ICC profile, EXIF, dpi, transparency…): nothing of it
    # is wanted, and a converted image's profile carries a creation time (other bytes each run).
    picture.info = {}
    out = io.BytesIO()
    if kind == "JPEG" and picture.mode == "RGB":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
        fmt = "jpeg"
    else:
        picture.save(out, "PNG")
        fmt = "png"
    return Picture(relative, out.getvalue(), fmt, picture.width, picture.height)


def _fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """`size` reduced to fit `box`, in proportion; never enlarged."""
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _srgb(image: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the image has transparency, in sRGB."""
    from PIL import Image

    if image.mode.startswith("I"):  # 16-bit grey PNG: scale to 8 bits (convert would clip)
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    alpha = None
    if "A" in image.getbands() or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    colour = _through_profile(image)
    if colour is None:
        colour = image.convert("RGB")
    if alpha is not None and alpha.getextrema() != (255, 255):
        colour = Image.merge("RGBA", (*colour.split(), alpha))
    return colour


def _through_profile(image: Image.Image) -> Image.Image | None:
    """The image converted to sRGB through its embedded ICC profile, or None when it has none
    (or one that does not fit its colours)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "CMYK", "L", "RGBA", "LA"):
        return None
    from PIL import ImageCms

    base = image.convert(image.mode.rstrip("A")) if image.mode in ("RGBA", "LA") else image
    try:
        converted = ImageCms.profileToProfile(base, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                              ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return converted
