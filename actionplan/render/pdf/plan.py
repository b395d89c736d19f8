"""One plan as PDF: context → HTML (Jinja) → laid-out document (WeasyPrint) → bytes.

The three steps are separate (HTML golden-tested, layout timed, bytes reproducible):

    html = render_html(ctx, folders)            # deterministic text, golden-file tested
    document = layout_plan(ctx, folders, [partnership.folder])
    data = pdf_bytes(document, title=…, author=…, language=…, build_time=…)

`pdf_bytes` writes a tagged PDF (PDF/UA-1 and PDF/A-3a, see `tagged.py`) and stamps the
"Page n of N" footers (`footers.py`): the stylesheet lays the pages out without them, so the
consolidated PDF can number the same pages as one document without laying them out again.

The lead partner's consolidated PDF lays out only its front matter and joins the plans' PDF
bytes behind it (`consolidated.py`).

WeasyPrint is imported inside the functions: `actionplan validate` never pays for it. Every
file WeasyPrint reads goes through `SandboxedFetcher` (templates and the partnership folder
only, never the network; the logos from the bytes read when the partnership was loaded); a
refused fetch, and any warning WeasyPrint logs while laying out or writing (missing image,
bad CSS in an overriding template…), becomes an `ActionPlanError`.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import ActionPlanError
from ...words.logos import Logo
from ...words.plan import PlanContext
from . import footers
from .stylesheets import _folder_url, _stylesheets, _weasyprint_problems

if TYPE_CHECKING:
    import pikepdf
    import weasyprint


TEMPLATE = "action-plan.html.j2"


def render_html(ctx: PlanContext, template_dirs: list[Path]) -> str:
    """The HTML of one plan, from the first `action-plan.html.j2` found in `template_dirs`."""
    return _render_template(TEMPLATE, template_dirs, ctx=ctx)


def layout_plan(ctx: PlanContext, template_dirs: list[Path],
                allowed: list[Path]) -> weasyprint.Document:
    """Lay one plan out as pages, reading only files in `allowed` and the template folders."""
    import weasyprint

    from ...load.templates import builtin_dir
    from .fetcher import FetchRefused, SandboxedFetcher

    template_dirs = template_dirs or [builtin_dir()]
    html = render_html(ctx, template_dirs)
    fetcher = SandboxedFetcher(allowed, template_dirs,
                               logo_pictures(ctx.project_logo, ctx.partner_logo,
                                             ctx.programme_logo, ctx.eu_emblem))
    base = _folder_url(template_dirs[0])
    what = f"PDF of {ctx.plan_id}"
    try:
        sheets, fonts = _stylesheets(template_dirs, fetcher)
        with _weasyprint_problems(what, fetcher):
            page = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            return page.render(stylesheets=sheets, font_config=fonts)
    except FetchRefused as refused:
        raise ActionPlanError(f"{what}: {refused}") from None


def pdf_bytes(document: weasyprint.Document, *, title: str, author: str, language: str,
              build_time: dt.datetime | None, first: int = 1, total: int | None = None,
              label: str = footers.LABEL) -> bytes:
    """The tagged PDF (PDF/UA-1 and PDF/A-3a) of a laid-out document, with the given metadata
    and a "Page n of N" footer (`label`) on every page not laid out as a cover (the CSS named
    page `cover`): pages numbered from `first` out of `total` (by default the document's own
    pages).

    The same document and `build_time` give the same bytes: creation and modification dates
    are `build_time` (UTC; a naive time is taken as UTC; None writes no dates) and the file
    /ID is a hash of the content. The document itself is not changed.
    """
    from .tagged import save_pdf

    return save_pdf(tagged_pdf(document, title=title, author=author, language=language,
                               build_time=build_time, first=first, total=total, label=label))


def tagged_pdf(document: weasyprint.Document, *, title: str, author: str, language: str,
               build_time: dt.datetime | None, first: int = 1, total: int | None = None,
               label: str = footers.LABEL) -> pikepdf.Pdf:
    """`pdf_bytes` as an open pikepdf document, for the consolidated PDF to join onto."""
    return open_tagged(written_pdf(document, title=title, author=author, language=language,
                                   build_time=build_time), first=first, total=total, label=label)


def written_pdf(document: weasyprint.Document, *, title: str, author: str, language: str,
                build_time: dt.datetime | None) -> tuple[bytes, frozenset[int]]:
    """`tagged_pdf`'s first half: WeasyPrint's PDF of `document` and its `cover_pages`; a large
    document's pages can then go before `open_tagged` (the summary of 200 plans: 200 MB)."""
    from .fetcher import FetchRefused
    from .tagged import VARIANT

    fetcher = getattr(document, "url_fetcher", None)  # which URLs it refused: see below
    document = document.copy()
    document.metadata = metadata = copy.copy(document.metadata)
    metadata.title, metadata.authors, metadata.lang = title, [author], language
    stamp = _w3c(build_time) if build_time is not None else None
    metadata.created = metadata.modified = stamp
    try:
        with _weasyprint_problems(f"PDF {title!r}", fetcher):
            data = document.write_pdf(pdf_variant=VARIANT, finisher=compress_once)
    except FetchRefused as refused:
        raise ActionPlanError(f"PDF {title!r}: {refused}") from None
    return data, cover_pages(document)


def open_tagged(written: tuple[bytes, frozenset[int]], *, first: int = 1,
                total: int | None = None, label: str = footers.LABEL) -> pikepdf.Pdf:
    """`tagged_pdf`'s second half: the written PDF opened, tagged and footed."""
    from .tagged import finish, open_pdf

    pdf = open_pdf(written[0])
    finish(pdf, first=first, total=total, label=label, covers=written[1])
    return pdf


def cover_pages(document: weasyprint.Document) -> frozenset[int]:
    """The pages laid out as the named page `cover` (no running header, no footer)."""
    return frozenset(index for index, page in enumerate(document.pages)
                     if getattr(getattr(page._page_box, "page_type", None), "name", None)
                     == "cover")


def compress_once(document: weasyprint.Document, pdf: Any) -> None:
    """WeasyPrint `write_pdf` finisher: every stream of `pdf` (a `pydyf.PDF`) keeps the bytes
    it is written as, so it is compressed once, not twice.

    pydyf computes the file /ID as the MD5 of every object's bytes, computed again after the
    objects are written, so with the /ID on (PDF/A) every stream was deflated twice, at level
    9 (issue 15). The written bytes are the same. Streams pydyf adds while writing (the object
    stream) are covered through `pdf`'s `add_object`.
    """
    for object_ in pdf.objects:
        _write_once(object_)
    pdf.__class__ = _once_class(type(pdf), "add_object", _add_written_once)


def logo_pictures(*logos: Logo | None) -> dict[str, bytes]:
    """What the fetcher serves for each logo's internal URL: the bytes read and prepared when
    the partnership was loaded (the logo file is not opened again); the EU emblem's SVG."""
    return {logo.url: getattr(logo, "svg", b"") or logo.picture.data
            for logo in logos if logo is not None}


# --- helpers ------------------------------------------------------------------------------

def _render_template(name: str, template_dirs: list[Path], **values: Any) -> str:
    """Render the first template `name` in `template_dirs`; a template mistake is the user's."""
    from jinja2 import TemplateError

    try:
        return _environment(tuple(template_dirs)).get_template(name).render(**values)
    except TemplateError as error:
        filename = getattr(error, "filename", None) or name
        line = getattr(error, "lineno", None)
        where = f", line {line}" if line else ""
        raise ActionPlanError(f"template {filename}{where}: {error}") from None


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[Path, ...]) -> Any:
    """One sandboxed Jinja environment per search path: partnerships may override templates,
    and a template must not reach Python internals."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader([str(folder) for folder in template_dirs]),
        undefined=StrictUndefined, autoescape=True, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)


def _w3c(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


_ONCE_CLASSES: dict[tuple[type, str], type] = {}
_WRITTEN = "_actionplan_written"


def _write_once(object_: Any) -> None:
    import pydyf

    if isinstance(object_, pydyf.Stream):
        object_.__class__ = _once_class(type(object_), "data", property(_data_once))


def _data_once(self: Any) -> bytes:
    """A stream's bytes, computed (compressed) on first use, then kept."""
    kept: bytes | None = self.__dict__.get(_WRITTEN)
    if kept is None:
        kept = self.__dict__[_WRITTEN] = _base_data(self)
    return kept


def _base_data(object_: Any) -> bytes:
    plain = type(object_).__mro__[1]  # the class `_once_class` derived from
    return plain.data.__get__(object_, plain)  # type: ignore[attr-defined,no-any-return]


def _add_written_once(self: Any, object_: Any) -> None:
    super(type(self), self).add_object(object_)
    _write_once(object_)


def _once_class(base: type, name: str, member: Any) -> type:
    """`base` with `member` as `name`, one class per base (instances change class in place)."""
    if getattr(base, "_actionplan_once", False):
        return base
    key = (base, name)
    if key not in _ONCE_CLASSES:
        _ONCE_CLASSES[key] = type(base.__name__, (base,), {
            name: member, "_actionplan_once": True, "__module__": base.__module__})
    return _ONCE_CLASSES[key]
