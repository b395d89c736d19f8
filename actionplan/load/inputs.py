"""Reading the files a partnership's documents are made from: each once, bounded, never stuck.

A build reads project.yaml, the plan files and the images they name — nothing else of the
partnership folder — and makes the documents *and* their fingerprints from those same bytes,
so a file saved during a build and saved back cannot leave a document the manifest calls
current although it shows the other text (issue 12, item 4).

`read_regular` refuses, by what `stat` says and before reading a byte, anything that is not a
regular file: a FIFO (opening one for reading waits for a writer forever), a device
(`/dev/zero` never ends), a socket, a folder. It opens without blocking and checks the opened
file again (the path may have been replaced in between), and reads at most `limit` bytes, so a
file that grows while it is read cannot exhaust memory either. `Inputs` adds the partnership
folder: a path that leads outside it (`../`, a link out) is refused, and each file is read at
most once per load.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

MAX_IMAGE_BYTES = 20 * 2**20
"""A logo is printed 22 mm high: even a photograph needs a few megabytes at most."""


class InputRefused(Exception):
    """A file that cannot be used: why (`reason`, without a full stop), a `hint`, and the
    `cause` for callers that word some cases their own way: `missing`, `unreadable`,
    `special`, `too-large` or `outside`."""

    def __init__(self, reason: str, hint: str, cause: str):
        self.reason, self.hint, self.cause = reason, hint, cause
        super().__init__(f"{reason}. {hint}")


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words (`a pipe (FIFO)`), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _megabytes(limit: int) -> str:
    return f"{limit / 2**20:g} MiB"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (links followed).

    Raises `InputRefused` for a missing, unreadable, special or oversized file; never blocks
    and never reads more than `limit + 1` bytes.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise _unreadable(error) from None
    kind = kind_of(info.st_mode)
    if kind:
        raise InputRefused(f"is {kind}, not a file", "Put an ordinary file there.", "special")
    if info.st_size > limit:
        raise _too_large(limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise _unreadable(error) from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        kind = kind_of(opened.st_mode)
        if kind:  # replaced between stat and open
            raise InputRefused(f"is {kind}, not a file", "Put an ordinary file there.", "special")
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _unreadable(error) from None
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _unreadable(error: OSError) -> InputRefused:
    if isinstance(error, FileNotFoundError):
        return InputRefused("does not exist", "Check the spelling and that the file is there.",
                            "missing")
    reason = (error.strerror or str(error)).rstrip(".")
    return InputRefused(f"cannot be read ({reason})",
                        "Check that the file is readable by you (its permissions), then try again.",
                        "unreadable")


def _too_large(limit: int) -> InputRefused:
    return InputRefused(f"is larger than {_megabytes(limit)}, the limit for this kind of file",
                        "Save a smaller version of it.", "too-large")


def input_name(relative: str) -> str:
    """The name a file of the partnership folder is known by: its path as written, without
    `./` and `a/../` detours, with forward slashes (`./logos//x.png` → `logos/x.png`)."""
    return PurePosixPath(os.path.normpath(relative.replace(os.sep, "/"))).as_posix()


class Inputs:
    """The files of one partnership folder read so far, by `input_name`; each read once.

    `read` refuses paths that leave the folder (after following links) as well as everything
    `read_regular` refuses. The bytes it returns are the ones to fingerprint and to render.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, bytes] = {}

    def read(self, relative: str, limit: int) -> bytes:
        name = input_name(relative)
        if name in self.files:
            return self.files[name]
        path = self.folder / name
        if PurePosixPath(name).is_absolute() or name.startswith("../") or name == "..":
            raise InputRefused("leads outside the partnership folder",
                               "Copy the file into the folder and give its path from there.", "outside")
        base = self.folder.resolve()
        if not path.resolve().is_relative_to(base):
            raise InputRefused("is a link to a file outside the partnership folder",
                               "Copy the file into the folder instead of linking to it.", "outside")
        data = read_regular(path, limit)
        self.files[name] = data
        return data
