"""The consolidated PDF's front matter as PDF bytes, and the key of what it shows.

The front is laid out in two parts (`Front.part`): the summary's pages (`summary`, with an
empty box where each chart goes, `FrontPdf.stamps`), beside the plans and the charts' drawing,
and then the cover and contents (`front`, footers stamped "Page i of N" for the whole
deliverable). Each depends only on the deliverable's context, the
templates and the build time — the contents also on the summary's and the plans' page counts
and the actions' pages (`consolidated.front_matter`) —: an edit of a plan's text that changes
neither the summary nor a page count leaves both as they were. Laying them out costs about a
second at six plans, so:

- `front_key` hashes what goes into the layout — the front's HTML as the template renders it,
  the page-numbering CSS, every picture served from memory (logos, and each chart's empty
  box: its size) and the charts' alt texts, every file of the template folders (stylesheets,
  fonts, templates), title, author, language, footer label and page total, the code
  that lays out and tags (this package's version and these modules' source) and the versions
  of WeasyPrint, pydyf and pikepdf; equal keys give equal bytes. (The system's own fonts and
  libraries, which WeasyPrint reaches through Pango, are not in it: `build --force` lays the
  front out again.)
- The build time is in the key only as the cover shows it (a date, in the HTML): the
  creation and modification times of the PDF's metadata are stamped on the front each build
  (`open_front`), so a build later the same day uses the front kept. SOURCE_DATE_EPOCH is in
  it as set: fontTools dates the fonts it writes with it, and a reproducible build must give
  the bytes of a fresh one. (Unset, fontTools dates them now: no two builds' bytes agree.)
- `front_pdf` gives the front as bytes, from a `Store` when it holds the key (the build's
  cache in the output folder: where such files are kept is the build's business, not
  rendering's), else laid out and put there. The front always travels as these bytes, laid out
  now or kept, so a kept front and a fresh one give a byte-identical deliverable.

A file the layout read from outside the template folders (an overriding template may name
one in the partnership folder) is recorded in the entry with its digest and checked again
before the entry is used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ... import __version__
from ...load.template_files import template_files
from ...summary.deliverable import DeliverableContext

if TYPE_CHECKING:
    import pikepdf

    from .consolidated import Front, Stamp

LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "tinycss2", "cssselect2", "fonttools")
MODULES = "*.py"
"""The modules whose code decides the front's bytes (those of this folder: the few that only
join count too, rather than miss one that matters)."""


class Store(Protocol):
    """Somewhere to keep parts of bytes by kind and key (build/work_cache.py)."""

    def get(self, kind: str, key: str) -> dict[str, bytes] | None: ...

    def put(self, kind: str, key: str, parts: dict[str, bytes]) -> None: ...


@dataclass(frozen=True)
class FrontPdf:
    data: bytes
    """The front matter as a tagged PDF, ready for `join.join_plans` (`tagged.open_pdf`)."""
    pages: dict[str, int]
    """The page (from 1, in the joined file) of each contents line, by the line's key."""
    files: dict[str, str]
    """Each file the layout read outside the template folders: path → SHA-256."""
    stamps: tuple[Stamp, ...] = ()
    """Where each chart's PDF goes (the layout left its box empty): drawn in when the pages
    are joined (`consolidated.joined_pdf`), so the layout need not wait for the drawing."""


def front_key(ctx: DeliverableContext, front: Front, template_dirs: list[Path], *,
              build_time: dt.datetime | None, label: str) -> str:
    """A hex SHA-256 of what goes into the front's layout (see the module notes). Reads every
    file of `template_dirs` (about 1.6 MB for the built-in ones)."""
    from .consolidated import _numbering_css, chart_pictures, charts_of, render_front_html
    from .plan import logo_pictures

    parts: list[bytes | str] = [_code(), render_front_html(ctx, front, template_dirs),
                                _numbering_css(front), ctx.document_title, ctx.author,
                                # the time only as the cover shows it (in the HTML): the
                                # metadata's times are stamped on every build (`open_front`)
                                ctx.language, "timed" if build_time else "untimed",
                                # fontTools dates the fonts it writes (the footers') with it
                                os.environ.get("SOURCE_DATE_EPOCH", ""),
                                label, str(front.pages_behind)]
    memory = chart_pictures(ctx, front) | logo_pictures(ctx.project_logo, ctx.programme_logo,
                                                        ctx.eu_emblem)
    for url in sorted(memory):
        parts += [url, memory[url]]
    for name, chart in charts_of(ctx).items():  # each one's size: in its empty picture
        parts += [name, chart.alt]
    for folder in template_dirs:
        parts.append(str(folder))
        for path in template_files(folder):
            parts += [path.relative_to(folder).as_posix(), _file_digest(path)]
    return _digest(parts)


def front_pdf(ctx: DeliverableContext, front: Front, template_dirs: list[Path],
              allowed: list[Path], *, build_time: dt.datetime | None, label: str,
              store: Store | None = None) -> FrontPdf:
    """The front matter (see the module notes): from `store` when it keeps it, else laid out
    (`lay_out_front_pdf`) and given to `store`. Raises what the layout raises
    (`ActionPlanError`); a store's troubles are its own (it answers None)."""
    if store is None:
        return lay_out_front_pdf(ctx, front, template_dirs, allowed, build_time=build_time,
                                 label=label)
    key = front_key(ctx, front, template_dirs, build_time=build_time, label=label)
    kept = _from_parts(store.get(front.part, key))  # `front` and `summary` kept apart
    if kept is not None and all(_file_digest(Path(path)) == digest
                                for path, digest in kept.files.items()):
        return kept
    made = lay_out_front_pdf(ctx, front, template_dirs, allowed, build_time=build_time,
                             label=label)
    store.put(front.part, key, {"pdf": made.data, "pages": _json(made.pages),
                                "files": _json(made.files), "stamps": _stamps_json(made.stamps)})
    return made


def open_front(made: FrontPdf, build_time: dt.datetime | None) -> pikepdf.Pdf:
    """The front, open for the plans to be joined, its creation and modification times (in
    the document information and the XMP metadata, which PDF/A wants equal) those of
    `build_time`: a kept front was made at another time of the same day. Stamped whether or
    not they differ, so a kept front and a fresh one give the same bytes."""
    import pikepdf

    from .plan import _w3c
    from .tagged import open_pdf

    pdf = open_pdf(made.data)
    if build_time is None:
        return pdf
    w3c = _w3c(build_time)  # 2019-03-29T00:00:00Z, as WeasyPrint got it
    for name in ("/CreationDate", "/ModDate"):
        pdf.docinfo[name] = pikepdf.String("D:" + re.sub(r"\D", "", w3c) + "Z")
    metadata = pdf.Root.get("/Metadata")
    if metadata is not None:
        xmp = metadata.read_bytes()
        for tag in (b"CreateDate", b"ModifyDate"):
            xmp = re.sub(rb"(<xmp:%s>)[^<]*(</xmp:%s>)" % (tag, tag),
                         rb"\g<1>" + w3c.encode() + rb"\g<2>", xmp)
        metadata.write(xmp)
    return pdf


def lay_out_front_pdf(ctx: DeliverableContext, front: Front, template_dirs: list[Path],
                      allowed: list[Path], *, build_time: dt.datetime | None,
                      label: str) -> FrontPdf:
    """Lay the front out, tag it, number its pages out of the whole deliverable's, find where
    the charts go: the front's PDF bytes (`tagged.save_pdf`), before any plan is joined."""
    from ..memory import give_back
    from .consolidated import chart_stamps, contents_pages, layout_front
    from .plan import open_tagged, written_pdf
    from .tagged import save_pdf

    document = layout_front(ctx, front, template_dirs, allowed)
    stamps = chart_stamps(ctx, front, document)
    pages = contents_pages(ctx, front, document)
    files = _files_read(document, template_dirs)
    total = len(document.pages) + front.pages_behind
    written = written_pdf(document, title=ctx.document_title, author=ctx.author,
                          language=ctx.language, build_time=build_time)
    # The laid-out pages (about 2 MB each, in reference cycles) are not needed to tag and
    # join: give them back first, or a large partnership holds both at once (issue 12).
    del document
    give_back()
    pdf = open_tagged(written, total=total, label=label)
    return FrontPdf(save_pdf(pdf), pages, files, tuple(stamps))


# --- helpers ------------------------------------------------------------------------------

_CODE: list[str] = []


def _code() -> str:
    """This package's version, the layout modules' source and the libraries' versions, once
    per process (an upgrade starts a new process)."""
    if not _CODE:
        from importlib import metadata

        here = Path(__file__).parent
        parts: list[bytes | str] = [__version__]
        for module in sorted(here.glob(MODULES)):
            parts += [module.name, module.read_bytes()]
        for library in LIBRARIES:
            try:
                parts.append(f"{library} {metadata.version(library)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{library} absent")
        _CODE.append(_digest(parts))
    return _CODE[0]


def _files_read(document: object, template_dirs: list[Path]) -> dict[str, str]:
    """The files the layout read outside the template folders (the key holds those), with
    their digests."""
    fetcher = getattr(document, "url_fetcher", None)
    files = {}
    for url in getattr(fetcher, "served", []):
        if urlsplit(url).scheme.lower() != "file":
            continue
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(folder.resolve()) for folder in template_dirs):
            files[str(path)] = _file_digest(path)
    return files


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _from_parts(parts: dict[str, bytes] | None) -> FrontPdf | None:
    """A kept front, or None when the entry is not one (a store checks its bytes; this, that
    they are the parts a front has)."""
    from .consolidated import Stamp

    if parts is None or set(parts) != {"pdf", "pages", "files", "stamps"}:
        return None
    try:
        pages, files = json.loads(parts["pages"]), json.loads(parts["files"])
        stamps = tuple(Stamp(int(page), str(chart), (float(x), float(y), float(w), float(h)))
                       for page, chart, (x, y, w, h) in json.loads(parts["stamps"]))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if not (isinstance(pages, dict) and all(isinstance(v, int) for v in pages.values())
            and isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
        return None
    return FrontPdf(parts["pdf"], pages, files, stamps)


def _json(value: dict[str, int] | dict[str, str]) -> bytes:
    return json.dumps(value).encode("utf-8")  # in order: a kept front gives the same dict


def _stamps_json(stamps: tuple[Stamp, ...]) -> bytes:
    """The stamps as JSON (floats as Python writes them: read back, the same numbers)."""
    return json.dumps([[s.page, s.chart, list(s.box)] for s in stamps]).encode("utf-8")


def _digest(parts: list[bytes | str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
