"""What every layout shares: the stylesheets and fonts, loaded once per process, and
WeasyPrint's own problems said in plain words.

Parsing `action-plan.css` and loading its fonts costs about 50 ms, and a process's first
layout in those fonts some 0.1 s more: each process does it once per search path
(`_stylesheets`), and the workers it forks use what it loaded (`_own_cache`): a process that
builds again and again (`--watch`) renders a plan before its first build
(`build.jobs.warm_up`), so the workers forked for each save start warm (issue 15).
WeasyPrint keeps the fonts in a temporary folder of the process that loaded them, deleted
when that process ends (`_forget_stylesheets`, `delete_font_folders`), never by a worker.

Whatever WeasyPrint logs as a warning or an error while it parses, lays out or writes
becomes an `ActionPlanError` (`_weasyprint_problems`).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ...errors import ActionPlanError

STYLESHEET = "action-plan.css"

_NOTDEF = ".notdef glyph rendered for Unicode string unsupported by fonts"
# Messages about the machine, not the document: the PDF is still complete and correct.
_HARMLESS = (
    "Using fontTools instead of HarfBuzz-Subset",  # libharfbuzz-subset0 missing: slower only
)

_STYLESHEETS: dict[tuple[Any, ...], tuple[list[Any], Any]] = {}
_OWNER = {"pid": os.getpid()}


def _stylesheets(template_dirs: list[Path], fetcher: Any,
                 names: tuple[str, ...] = (STYLESHEET,)) -> tuple[list[Any], Any]:
    """The parsed stylesheets `names` and the fonts they load, once per process and search path.

    Parsing `action-plan.css` and loading its fonts costs about 50 ms; every later document
    reuses both (WeasyPrint allows one CSS object and one FontConfiguration for many
    documents). The key holds each file's identity, so an edited stylesheet is parsed again.
    An entry is kept only when WeasyPrint had nothing to say about its stylesheets.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from ...load.templates import find

    found = []
    for name in names:
        try:
            found.append(find(name, template_dirs))
        except FileNotFoundError:
            raise ActionPlanError(f"no {name} in the template folders "
                                  f"{', '.join(map(str, template_dirs))}") from None
    key = (tuple(template_dirs), names,
           *((path, path.stat().st_mtime_ns, path.stat().st_size) for path in found))
    cache = _own_cache()
    if key not in cache:
        fonts = FontConfiguration()
        sheets = []
        for name in names:
            with _weasyprint_problems(name):
                # The URL of the most specific folder: the fetcher falls back along the search
                # path, so an overriding stylesheet still finds the built-in fonts.
                sheets.append(weasyprint.CSS(url=_folder_url(template_dirs[0]) + name,
                                             url_fetcher=fetcher, font_config=fonts))
        if not cache:
            _clean_up_at_exit()
        elif len(cache) >= 8:
            cache.pop(next(iter(cache)))
        cache[key] = (sheets, fonts)
    return cache[key]


def _own_cache() -> dict[tuple[Any, ...], tuple[list[Any], Any]]:
    """The cache of this process. A forked worker inherits its parent's entries, whose fonts
    live in the parent's temporary folder: it uses them (a worker of a warm process saves
    some 0.15 s a layout, issue 15) and never deletes that folder, which the parent does."""
    if _OWNER["pid"] != os.getpid():
        for _sheets, fonts in _STYLESHEETS.values():
            fonts._folder = None  # FontConfiguration.__del__ would delete the parent's fonts
        _OWNER["pid"] = os.getpid()
    return _STYLESHEETS


def _forget_stylesheets() -> None:
    """Release the cached fonts and delete their temporary font folders. WeasyPrint deletes
    a folder when its FontConfiguration is collected, but text layouts hold it in reference
    cycles, and a process ending on Ctrl-C (`--watch`) may still hold those: the folders are
    deleted here, not left to the collector."""
    if _OWNER["pid"] == os.getpid() and _STYLESHEETS:
        import gc

        delete_font_folders()
        _STYLESHEETS.clear()
        gc.collect()


def delete_font_folders() -> None:
    """Delete the temporary font folders of this process's cached fonts now: a worker being
    stopped ends with `os._exit` and cannot wait for the garbage collector."""
    if _OWNER["pid"] != os.getpid():
        return
    import shutil

    for _sheets, fonts in _STYLESHEETS.values():
        folder = getattr(fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _clean_up_at_exit() -> None:
    # atexit for a normal exit; multiprocessing workers leave with os._exit and run only
    # multiprocessing's own finalizers.
    import atexit
    from multiprocessing import util

    atexit.register(_forget_stylesheets)
    util.Finalize(None, _forget_stylesheets, exitpriority=0)


def _folder_url(folder: Path) -> str:
    return folder.absolute().as_uri().rstrip("/") + "/"


class _Collector(logging.Handler):
    """Keep WeasyPrint's warnings and errors from this thread (not its progress notes)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []
        self.missing_glyphs: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or record.name.startswith("weasyprint.progress"):
            return
        message = _with_reasons(record)
        if message.startswith(_NOTDEF):  # '.notdef glyph rendered for …: "東" (U+6771)'
            self.missing_glyphs.append(message.rpartition(": ")[2])
        elif not message.startswith(_HARMLESS):
            self.messages.append(message)

    def problems(self) -> list[str]:
        problems = list(dict.fromkeys(self.messages))
        if self.missing_glyphs:
            chars = ", ".join(dict.fromkeys(self.missing_glyphs))
            problems.append(f"no installed font can draw {chars}; the PDF would show empty "
                            "boxes. Install a font that covers these characters (for Chinese, "
                            "Japanese or Korean e.g. Noto Sans CJK) or remove them")
        return problems


def _with_reasons(record: logging.LogRecord) -> str:
    """The record's message, where an exception that says nothing (WeasyPrint's
    `ImageLoadingError`, "Failed to load image at '…': .") is replaced by its cause."""
    if not isinstance(record.args, tuple):
        return record.getMessage()
    args = tuple(f"{type(a.__cause__).__name__}: {a.__cause__}"
                 if isinstance(a, BaseException) and not str(a) and a.__cause__ is not None
                 else a for a in record.args)
    return str(record.msg) % args if args else str(record.msg)


@contextmanager
def _weasyprint_problems(what: str, fetcher: Any = None) -> Iterator[None]:
    """Turn what WeasyPrint logs as a warning or error into an `ActionPlanError`; URLs the
    `fetcher` refused meanwhile are named (an SVG's nested image is refused deep inside
    WeasyPrint, which logs only that the SVG failed)."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    if problems := collector.problems():
        refused = getattr(fetcher, "refused", [])
        svg = [p for p in problems if p.startswith("Failed to render SVG")]
        if refused and len(svg) == 1:  # the refusal explains it: said last, at length
            problems = [p for p in problems if p not in svg] + [svg[0] + "".join(
                f": it refers to {r.url}, which was refused: {r.reason}"
                for r in dict.fromkeys(refused))]
        raise ActionPlanError(f"{what}: {'; '.join(problems)}.")
