"""The only way WeasyPrint may read a file while it renders a plan.

WeasyPrint fetches every URL a document names (`<img>`, `<link>`, CSS `url()`, `@import`,
`@font-face`, `<link rel="attachment">`…) through its URL fetcher, and the default one reads
any `file:` path and goes to the network. `SandboxedFetcher` serves only `file:` URLs that
resolve, after following links, to a regular file inside the allowed folders (the template
folders and the partnership folder), and the few documents the caller hands over in memory
under fixed internal URLs (the consolidated PDF's charts, e.g. `actionplan-chart:timeline.svg`;
the logos, read and prepared when the partnership was loaded, `actionplan-image:<hash>.png`).
Anything else — http(s), ftp, data:, a file elsewhere, a missing or unreadable file, an internal
URL nobody handed over — stops the render with `FetchRefused`, an error that names the URL, so
a PDF is never silently missing its logo. No redirects exist on this path: nothing but local
files and the caller's bytes is ever opened.

Template folders are layered like the Jinja search path: a file asked for in a more specific
template folder (the base URL of the document) that is not there is served from the next
folder, so a partnership can override `action-plan.css` and still use the built-in fonts.

Importing this module imports WeasyPrint; only the functions of `plan.py` and `consolidated.py` import it.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ...words.logos import IMAGE_SCHEME

MAX_BYTES = 50 * 1024 * 1024
"""No file a plan document needs (a logo, a font, a stylesheet) comes near this."""

_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
          ".woff2": "font/woff2", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


class FetchRefused(FatalURLFetchingError):
    """A URL the document names was refused or could not be read; the render stops."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"cannot use {_shorten(url)}: {reason}")


class _Response(URLFetcherResponse):
    """A response whose bytes are all WeasyPrint gets: it never reopens the file by path."""

    @property
    def path(self) -> None:  # WeasyPrint would otherwise re-read images from disk when writing
        return None


MEMORY_SCHEME = "actionplan-chart"
"""The scheme of the internal URLs served from memory (`actionplan-chart:timeline.svg`)."""
MEMORY_SCHEMES = (MEMORY_SCHEME, IMAGE_SCHEME)
"""Every scheme served from memory: the charts', and the logos' (`actionplan-image:…`)."""


class SandboxedFetcher(URLFetcher):
    """Serve `file:` URLs inside `allowed` (and the layered `template_dirs`), and the
    `actionplan-chart:` and `actionplan-image:` URLs of `memory` from its bytes; nothing else."""

    def __init__(self, allowed: Iterable[Path], template_dirs: Sequence[Path] = (),
                 memory: Mapping[str, bytes] | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.template_dirs = [Path(os.path.abspath(d)) for d in template_dirs]
        self.allowed = [Path(d).resolve() for d in [*allowed, *template_dirs]]
        self.memory = dict(memory or {})
        for key in self.memory:
            if urlsplit(key).scheme not in MEMORY_SCHEMES:
                raise ValueError(f"in-memory URLs are {' or '.join(MEMORY_SCHEMES)}:NAME, "
                                 f"not {key!r}")
        self.served: list[str] = []
        """Every URL served, in order (for tests and diagnostics)."""
        self.refused: list[FetchRefused] = []
        """Every refusal, in order: WeasyPrint reports some (an SVG's nested image) only as
        "Failed to render SVG image", so the renderer names them from here."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except FetchRefused as refused:
            self.refused.append(refused)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        if urlsplit(url).scheme.lower() in MEMORY_SCHEMES:
            return self._from_memory(url)
        path = self.resolve(url)
        data = _read(url, path)
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        self.served.append(url)
        return _Response(url, data, {"Content-Type": kind or "application/octet-stream"})

    def _from_memory(self, url: str) -> URLFetcherResponse:
        if url not in self.memory:
            raise FetchRefused(url, "no such document was handed over in memory.")
        suffix = Path(urlsplit(url).path).suffix.lower()
        self.served.append(url)
        return _Response(url, self.memory[url],
                         {"Content-Type": _TYPES.get(suffix, "application/octet-stream")})

    def resolve(self, url: str) -> Path:
        """The allowed regular file `url` names, or `FetchRefused` saying why not."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme != "file":
            what = f"{scheme}: URLs" if scheme else "URLs without a scheme"
            raise FetchRefused(url, f"{what} are never fetched; only files inside the template "
                                    "and partnership folders can be used.")
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(url, "files on other hosts are never fetched.")
        requested = Path(os.path.abspath(url2pathname(parts.path)))
        for candidate in self._layers(requested):
            target = candidate.resolve()
            if not any(target.is_relative_to(folder) for folder in self.allowed):
                raise FetchRefused(url, "it is outside the template and partnership folders "
                                        "(links are followed before checking).")
            if target.exists():
                return target
        raise FetchRefused(url, "no such file.")

    def _layers(self, requested: Path) -> list[Path]:
        """`requested`, then the same file in each less specific template folder."""
        candidates = [requested]
        for i, folder in enumerate(self.template_dirs):
            if requested.is_relative_to(folder):
                relative = requested.relative_to(folder)
                candidates += [later / relative for later in self.template_dirs[i + 1:]]
                break
        return candidates


def _read(url: str, path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise FetchRefused(url, "it is not a regular file.")
        if info.st_size > MAX_BYTES:
            raise FetchRefused(url, f"it is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        raise FetchRefused(url, f"it cannot be read ({error.strerror or error}).") from None


def _shorten(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[:limit] + "…"
