"""Work done once: the deliverable's chart pictures and laid-out front matter, kept by what
they show (issue 15).

A rebuild after a one-word edit in one plan used to draw the timeline again (matplotlib's
import alone about half a second) and lay out the consolidated PDF's front matter again
(about a second), although neither shows that word. Both are now kept in the output folder,
in `.actionplan-cache/`, under a digest of everything they are made from
(`summary.chart_key.timeline_key`, `render.pdf.front.front_key`): not under file times, so an
edit that changes what they show always makes them again, and one that does not never does.

Why the output folder: the cache belongs to the outputs it helps make (a second output
folder has its own, deleting the outputs deletes it), a build already holds that folder alone
(`outputs.output_lock`), and nothing is written anywhere the user did not name. The folder is
hidden, like the build record `.actionplan-manifest.json` beside it; `build --watch` ignores
hidden files and output folders.

Bounded: each kind (`chart`; `summary` and `front`, the two laid-out parts of the PDF) keeps
its `KEEP` most recently used entries (a few hundred kilobytes each at six plans); older ones
are removed when an entry is added.

Robust: an entry is one file, written to a temporary file and renamed (a killed build leaves
the old entry or none, and its temporary file is removed by the next write); it carries the
length and SHA-256 of each of its parts, so a truncated, damaged or foreign file is not used.
Any trouble — an entry that cannot be read, a directory in its place, a cache folder that
cannot be created or written — means the work is done again; it never stops a build.

The consolidated DOCX is not kept: it holds every plan's text, so every edit that reaches a
build changes it (an edit that changes no data — a comment, a blank line — renders nothing
already: `fingerprints`), and composing it from kept parts would be a second renderer.

`--force` reads nothing from the cache (everything is rendered from scratch, so a cache can
never be why a fix does not show up) and keeps what it made, for the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the summary is imported only when a deliverable is made
    from ..summary.deliverable import DrawTimeline
    from ..summary.values import Summary
    from .workers import Job

CACHE = ".actionplan-cache"
KEEP = 3
"""Entries kept of each kind: the current one and the two before (an edit undone finds its
pictures again)."""
MAX_BYTES = 512 * 2**20
"""No entry comes near this (the front of 200 plans is a few megabytes)."""
MAGIC = b"actionplan-cache 1\n"
_ENTRY = re.compile(r"(?P<kind>[a-z]+)-[0-9a-f]{64}\Z")
_TEMP = ".tmp-"
ABANDONED = 600.0
"""Seconds after which a temporary file is taken for one a killed build left: a write takes
milliseconds, and the jobs of a build write at the same time (a younger one is being
written)."""


class WorkCache:
    """The entries of one output folder's cache. `read=False` (`--force`): `get` finds
    nothing, `put` still keeps."""

    def __init__(self, output: Path, *, read: bool = True):
        self.folder = output / CACHE
        self.read = read

    def path(self, kind: str, key: str) -> Path:
        if not re.fullmatch(r"[a-z]+", kind) or not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError(f"not a cache entry: {kind!r}, {key!r}")
        return self.folder / f"{kind}-{key}"

    def get(self, kind: str, key: str) -> dict[str, bytes] | None:
        """The parts kept under `kind` and `key`, or None (none kept, not readable, damaged)."""
        if not self.read:
            return None
        path = self.path(kind, key)
        try:
            data = _read(path)
        except (OSError, ValueError):
            return None
        parts = _decode(data, f"{kind}-{key}")
        if parts is not None:
            try:
                os.utime(path)  # most recently used
            except OSError:
                pass
        return parts

    def put(self, kind: str, key: str, parts: dict[str, bytes]) -> None:
        """Keep `parts` under `kind` and `key`, and forget the oldest entries of `kind` beyond
        `KEEP`; when the folder cannot be written, nothing is kept (no error)."""
        path = self.path(kind, key)
        try:
            self.folder.mkdir(exist_ok=True)
            _write(path, _encode(parts, path.name))
        except OSError:
            return
        self.prune(kind, keep=path.name)

    def prune(self, kind: str, keep: str) -> None:
        """Remove the entries of `kind` but the `KEEP` most recently used (always `keep`), and
        the temporary files of killed builds (`ABANDONED`)."""
        entries = []
        try:
            with os.scandir(self.folder) as found:
                for item in found:
                    if item.name.startswith(_TEMP):
                        if _age(item) > ABANDONED:
                            _remove(Path(item.path))
                        continue
                    match = _ENTRY.match(item.name)
                    if match and match["kind"] == kind and item.name != keep:
                        try:
                            entries.append((item.stat(follow_symlinks=False).st_mtime_ns,
                                            item.name))
                        except OSError:
                            entries.append((0, item.name))
        except OSError:
            return
        for _, name in sorted(entries, reverse=True)[KEEP - 1:]:
            _remove(self.folder / name)


@contextmanager
def forgotten_on_failure(output: Path) -> Iterator[None]:
    """A cache this build starts is removed again when the build fails: "nothing was
    written" holds for a new output folder. (Entries a failed build adds to an existing cache
    stay: they are as good as any, and bounded.)"""
    folder = output / CACHE
    new = not os.path.lexists(folder)
    try:
        yield
    except BaseException:
        if new and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
        raise


def timeline_drawer(cache: WorkCache) -> DrawTimeline:
    """`charts.timeline_charts` through `cache`: a timeline whose key is kept is not drawn
    (and matplotlib not imported). All the charts of one timeline are one entry: parts
    `0.alt`, `0.png`, `0.pdf`, `1.alt`…"""
    from ..summary.chart_key import timeline_key

    def draw(summary: Summary, kinds: Sequence[str]) -> list[tuple[str, dict[str, bytes]]]:
        key = timeline_key(summary, kinds)
        kept = _charts(cache.get("chart", key), kinds)
        if kept is not None:
            return kept
        made = _drawn(summary, tuple(kinds))
        cache.put("chart", key, {f"{n}.{part}": data for n, (alt, pictures) in enumerate(made)
                                 for part, data in {"alt": alt.encode("utf-8"),
                                                    **pictures}.items()})
        return made

    return draw


def _drawn(summary: Summary, kinds: tuple[str, ...]) -> list[tuple[str, dict[str, bytes]]]:
    """`charts.timeline_charts`, in a process of its own when this is a build's worker and
    the deliverable is large (`jobs.SMALL_DELIVERABLE`): that process alone imports
    matplotlib (some 30 MB) and keeps what drawing leaves behind (20 MB at 200 plans), which
    would otherwise stay in the document's worker under the plans it renders next (issue 12,
    item 7). A small
    deliverable's charts are drawn here, in the document's worker: a process of their own
    cost 0.05 s of a title edit under `build --watch` (issue 15). A build in one process
    (-j 1, --watch) draws here too, where matplotlib stays warm."""
    from ..summary.charts import timeline_charts
    from .jobs import SMALL_DELIVERABLE
    from .workers import Job, in_worker, run_jobs

    if not in_worker() or summary.totals.plans <= SMALL_DELIVERABLE:
        return timeline_charts(summary, kinds)
    # `run_jobs` gives a single isolated job a process of its own when allowed more than one
    return [made for _, made, _ in run_jobs([Job()], draw_task, (summary, kinds), 2,
                                            isolate=True)][0]


def draw_task(_job: Job, work: tuple[Summary, tuple[str, ...]]
              ) -> list[tuple[str, dict[str, bytes]]]:
    """The timeline's charts of `work` (a summary and the kinds of picture), as a job."""
    from ..summary.charts import timeline_charts
    from .workers import name_worker

    name_worker("ap-charts")
    return timeline_charts(*work)


def _charts(parts: dict[str, bytes] | None, kinds: Sequence[str]
            ) -> list[tuple[str, dict[str, bytes]]] | None:
    """The charts an entry of `timeline_drawer` holds, or None unless it holds each chart in
    every one of `kinds`."""
    if not parts:
        return None
    charts = []
    for n in range(len(parts)):
        if f"{n}.alt" not in parts:
            break
        pictures = {kind: parts.get(f"{n}.{kind}") for kind in kinds}
        if any(data is None for data in pictures.values()):
            return None
        charts.append((parts[f"{n}.alt"].decode("utf-8", "replace"),
                       {kind: data for kind, data in pictures.items() if data is not None}))
    return charts or None


# --- entries ------------------------------------------------------------------------------

def _encode(parts: dict[str, bytes], name: str) -> bytes:
    """MAGIC, a JSON line naming the entry and each part's name, length and SHA-256, then the
    parts' bytes one after the other."""
    head = {"entry": name, "parts": [[part, len(data), hashlib.sha256(data).hexdigest()]
                                     for part, data in parts.items()]}
    return b"".join([MAGIC, json.dumps(head).encode("utf-8"), b"\n", *parts.values()])


def _decode(data: bytes, name: str) -> dict[str, bytes] | None:
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        head = json.loads(data[len(MAGIC):end])
        listed = [(str(part), int(length), str(digest)) for part, length, digest in head["parts"]]
        if head["entry"] != name:
            return None
    except (ValueError, TypeError, KeyError):
        return None
    parts, at = {}, end + 1
    for part, length, digest in listed:
        chunk = data[at:at + length]
        if length < 0 or len(chunk) != length or hashlib.sha256(chunk).hexdigest() != digest:
            return None
        parts[part], at = chunk, at + length
    return parts if at == len(data) else None


def _read(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES` (raises OSError, ValueError):
    opened without blocking, so a FIFO or a device in an entry's place cannot hang a build."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise ValueError(f"{path} is not a cache entry")
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a reader sees the old entry or the new.
    A directory (or anything not a file) in the entry's place is removed first."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=_TEMP, delete=False)
    try:
        with handle:
            handle.write(data)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _age(item: os.DirEntry[str]) -> float:
    """Seconds since `item` was last written; none (0) when it is gone already."""
    try:
        return time.time() - item.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
