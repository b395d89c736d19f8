"""One plan as a DOCX: the Word template `action-plan.docx` filled in with docxtpl; the lead
partner's consolidated deliverable likewise from `consolidated.docx` (`consolidated_docx_bytes`).

The template sees the plan's `PlanContext` as `plan` (the consolidated one its
`DeliverableContext` as `deliverable`, then `contents.py` heads each plan's section), with a
few substitutions: markdown fields become `WordText` (paragraphs, real Word lists and
hyperlinks when placed with `{{p … }}`), logos
the pictures read when the partnership was loaded (`Logo.picture`), charts their PNG, each
picture described by its alt text, amounts keep currency and number together (no-break
space). Everything else is the context's own words, escaped data never rendered as templates.

The result is reproducible: no clock is read (created/modified come from `build_time`), ids
are counted up from the template, the zip has fixed timestamps and a stable entry order.
docxtpl and python-docx are imported on first use (`actionplan validate` never loads them).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ...errors import ActionPlanError
from ...load.images import LOGO_BOX_MM
from ...load.templates import find
from ...summary import Money
from ...summary.deliverable import Chart, DeliverableContext
from ...words.logos import Logo
from ...words.markdown import Text
from ...words.plan import PlanContext
from ..memory import give_back
from .body import fill_pieces
from .contents import plan_headers, set_contents_pages
from .filling import environment, template_class
from .markdown import WordTarget, WordText
from .package import reproducible_zip, set_properties, utc
from .tables import keep_rows_together
from .template_look import add_numbered_list, table_heading_fill

TEMPLATE = "action-plan.docx"
CONSOLIDATED = "consolidated.docx"
CHART_WIDTH_MM, CHART_MAX_HEIGHT_MM = 165, 215  # at most the text width; a page's height
NBSP = "\u00a0"
LOGO_MAX_WIDTH_MM, LOGO_HEIGHT_MM = LOGO_BOX_MM  # the box the pictures were reduced for

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def docx_bytes(ctx: PlanContext, template_dirs: list[Path], *,
               build_time: dt.datetime | None = None) -> bytes:
    """The plan as DOCX bytes, from the first `action-plan.docx` in `template_dirs`.

    `build_time` (e.g. from SOURCE_DATE_EPOCH) becomes the created/modified date and the zip
    timestamps; without it a fixed epoch is used, so the same input gives the same bytes.
    """
    properties = {"title": ctx.document_title, "author": ctx.author, "language": ctx.language,
                  "subject": ctx.project_title, "content_status": ctx.status,
                  "version": ctx.version, "identifier": ctx.plan_id}
    return _render(find(TEMPLATE, template_dirs),
                   lambda tpl, target: {"plan": _view(ctx, "plan", tpl, target)},
                   properties, build_time, ctx.word_language)


def consolidated_docx_bytes(ctx: DeliverableContext, template_dirs: list[Path], *,
                            build_time: dt.datetime | None = None,
                            pages: Mapping[str, int] | None = None,
                            placeholders: bool = False) -> bytes:
    """The lead partner's consolidated deliverable as DOCX bytes, from the first
    `consolidated.docx` in `template_dirs`: cover, contents, the cross-partner summary with its
    charts (the PNGs, described by their alt texts) and every plan. Reproducible as
    `docx_bytes` is. The template sees the context as `deliverable` and its summary also as
    `summary`. The contents store `pages` (by contents key, see `contents.py`) as their page
    numbers, or none; with `placeholders` they keep placeholders for `set_contents_pages`
    (a build gives them the PDF's once it is laid out)."""
    # the charts the template shows: `timeline`, then the rest of `timelines`
    for name, chart in (("timeline", ctx.timeline), *(
            (f"timelines[{n}]", chart) for n, chart in enumerate(ctx.timelines) if n)):
        if chart.png is None:
            raise ValueError(f"deliverable.{name}: no PNG drawn; build the context with "
                             "'docx' among its formats")
    properties = {"title": ctx.document_title, "author": ctx.author, "language": ctx.language,
                  "subject": ctx.project_title, "content_status": "", "version": "",
                  "identifier": f"{ctx.acronym}-action-plans"}

    def context(tpl: Any, target: WordTarget) -> dict[str, Any]:
        view = _view(ctx, "deliverable", tpl, target)
        return {"deliverable": view, "summary": view.summary}

    data = _render(find(CONSOLIDATED, template_dirs), context, properties, build_time,
                   ctx.word_language, finish=lambda document: plan_headers(document, ctx.plans),
                   large=True)
    return data if placeholders else set_contents_pages(data, pages or {}, utc(build_time))


def _render(path: Path, context: Any, properties: dict[str, str],
            build_time: dt.datetime | None, proofing: str, finish: Any = None,
            large: bool = False) -> bytes:
    """Fill in the Word template at `path` with `context(tpl, target)`; the reproducible zip.
    A `large` document's memory is given back to the system before the zip is made."""
    from jinja2 import TemplateError

    when = utc(build_time)
    tpl = template_class()(io.BytesIO(_template_bytes(path)))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a file that is no DOCX  # noqa: BLE001
        raise ActionPlanError(f"{path}: cannot be opened as a Word document "
                              f"({type(exc).__name__}); save it from Word as .docx.") from exc
    values = context(tpl, _target(tpl))
    try:
        tpl.render(values, jinja_env=environment(), autoescape=True)
    except TemplateError as exc:
        raise ActionPlanError(f"{path}: the Word template cannot be filled in: {exc}") from exc
    except ActionPlanError as exc:
        raise ActionPlanError(f"{path}: {exc}") from exc
    del values  # the views, with the pictures that hold the template
    keep_rows_together(tpl.docx)
    if finish is not None:
        finish(tpl.docx)
    set_properties(tpl.docx, properties, when, proofing)
    out = io.BytesIO()
    tpl.save(out)
    written = getattr(tpl, "pieces", None)
    del tpl
    if large:  # its tree (some 200 MB at 200 plans) goes before the zip is written again
        give_back()
    data = out.getvalue()
    if not written:
        return reproducible_zip(data, when)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = fill_pieces(archive.read("word/document.xml"), written)
    return reproducible_zip(data, when, {"word/document.xml": document})


# --- the template and its Jinja environment ----------------------------------------------

def _template_bytes(path: Path) -> bytes:
    stat = path.stat()
    return _read_template(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_template(path: str, mtime_ns: int, size: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


# --- what the template sees ---------------------------------------------------------------

def _view(value: Any, where: str, tpl: Any, target: WordTarget) -> Any:
    """The context as the template sees it: markdown as WordText, logos as images."""
    if isinstance(value, str):
        _check_xml(value, where)
        return value
    if isinstance(value, Text):
        _check_xml(value.source, where)
        return WordText(value, target)
    if isinstance(value, Logo):
        _check_xml(value.alt, f"{where}.alt")
        return _logo(tpl, value)
    if isinstance(value, Money):
        # an amount never breaks between currency and number, only after a `; `
        return SimpleNamespace(amounts=value.amounts,
                               text=value.text.replace(" ", NBSP).replace(f";{NBSP}", "; "))
    if isinstance(value, Chart):
        _check_xml(value.alt, f"{where}.alt")
        return SimpleNamespace(picture=_chart(tpl, value, _chart_name(where)), alt=value.alt)
    if is_dataclass(value) and not isinstance(value, type):
        return SimpleNamespace(**{f.name: _view(getattr(value, f.name), f"{where}.{f.name}",
                                                tpl, target) for f in fields(value)})
    if isinstance(value, (list, tuple)):
        return [_view(v, f"{where}[{i}]", tpl, target) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _view(v, f"{where}.{k}", tpl, target) for k, v in value.items()}
    return value


def _check_xml(value: str, where: str) -> None:
    """Refuse characters a DOCX cannot hold (validation rejects them first; this is the last
    guard, because docxtpl would otherwise drop the rest of the document without a word)."""
    bad = _NOT_XML.search(value)
    if bad:
        raise ActionPlanError(f"{where}: character U+{ord(bad.group()):04X} at position "
                              f"{bad.start() + 1} cannot be stored in a Word document.")


def _logo(tpl: Any, logo: Logo) -> Any:
    """A logo `LOGO_HEIGHT_MM` high (narrower than `LOGO_MAX_WIDTH_MM`), from the bytes read
    when the partnership was loaded, its alt text as the picture's description."""
    from docx.shared import Emu, Mm

    picture = logo.picture
    ratio = picture.width / picture.height
    height, width = int(Mm(LOGO_HEIGHT_MM)), int(Mm(LOGO_HEIGHT_MM) * ratio)
    if width > Mm(LOGO_MAX_WIDTH_MM):
        width, height = int(Mm(LOGO_MAX_WIDTH_MM)), int(Mm(LOGO_MAX_WIDTH_MM) / ratio)
    # a stream, not a path: the part is then named "image1.png", not after the file
    return _picture_class()(tpl, io.BytesIO(picture.data), width=Emu(width), height=Emu(height),
                            descr=logo.alt, name=logo.name)


def _chart(tpl: Any, chart: Chart, name: str) -> Any:
    """A chart's PNG across the text width (at most `CHART_WIDTH_MM`; narrower when it would
    be taller than `CHART_MAX_HEIGHT_MM`), its alt text as the picture's description."""
    from docx.image.image import Image
    from docx.shared import Emu, Mm

    assert chart.png is not None
    image = Image.from_blob(chart.png)
    section = tpl.docx.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    width = min(int(Mm(CHART_WIDTH_MM)), int(text_width))
    height = int(width * image.px_height / image.px_width)
    if height > Mm(CHART_MAX_HEIGHT_MM):
        height = int(Mm(CHART_MAX_HEIGHT_MM))
        width = int(height * image.px_width / image.px_height)
    return _picture_class()(tpl, io.BytesIO(chart.png), width=Emu(width), height=Emu(height),
                            descr=chart.alt, name=name)


def _chart_name(where: str) -> str:
    """The picture's name in Word's selection pane: `deliverable.timeline` and the first of
    several, `deliverable.timelines[0]` → `Timeline chart`; `deliverable.timelines[1]` →
    `Timeline chart 2` (the PDF's chart names, `charts_of`, count the same way)."""
    name = where.rsplit(".", 1)[-1]
    if match := re.fullmatch(r"(\w+?)s\[(\d+)\]", name):
        name, number = match[1], int(match[2]) + 1
        return f"{name.capitalize()} chart" + (f" {number}" if number > 1 else "")
    return f"{name.capitalize()} chart"


@lru_cache(maxsize=1)
def _picture_class() -> type:
    from docxtpl import InlineImage

    class Picture(InlineImage):  # type: ignore[misc]
        """An inline picture with a description (alt text) and a name."""

        def __init__(self, tpl: Any, image: Any, *, width: Any, height: Any, descr: str,
                     name: str) -> None:
            super().__init__(tpl, image, width=width, height=height)
            self.descr, self.name = descr, name

        def _insert_image(self) -> str:
            inline = self.tpl.current_rendering_part.new_pic_inline(
                self.image_descriptor, self.width, self.height)
            for element in (inline.docPr, *inline.iter(f"{PIC}cNvPr")):
                element.set("descr", self.descr)
                element.set("name", self.name)
            return (f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                    '<w:t xml:space="preserve">')

    return Picture


def _target(tpl: Any) -> WordTarget:
    """The template's list styles and numbering, and how to add links and lists to it."""
    doc = tpl.docx
    styles: dict[str, str] = {}
    style_nums: dict[str, int] = {}
    for style in doc.styles.element.iterchildren(f"{W}style"):
        name, style_id = style.find(f"{W}name"), style.get(f"{W}styleId")
        if name is None or style_id is None:
            continue
        styles[name.get(f"{W}val").lower()] = style_id
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            style_nums[style_id] = int(num.get(f"{W}val"))
    bullet_num = style_nums.get(styles.get("list bullet", ""))
    number_num = style_nums.get(styles.get("list number", ""))

    numbering = None
    if number_num is not None:
        try:
            numbering = doc.part.numbering_part.element
            abstract = numbering.num_having_numId(number_num).abstractNumId.val
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None

    def numbered_list(level: int, start: int, delimiter: str) -> int | None:
        """A new w:num for one numbered list, so that it counts from its own start."""
        if numbering is None:
            return number_num
        return add_numbered_list(numbering, abstract, level, start, delimiter)

    def link_id(url: str) -> str:
        part = tpl.current_rendering_part or doc.part
        return str(part.relate_to(url, HYPERLINK, is_external=True))

    return WordTarget(style_ids=_NameMap(styles), link_id=link_id, numbered_list=numbered_list,
                      bullet_num=bullet_num, heading_fill=table_heading_fill(
                          doc.styles.element, styles.get("plan table")))


class _NameMap(dict):  # type: ignore[type-arg]
    """Style names are matched without regard to case ("heading 1" is "Heading 1")."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)
