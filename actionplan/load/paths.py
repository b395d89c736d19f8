"""Paths a partnership names, kept inside its folder.

Logos and templates are read only from inside the partnership folder (after resolving links),
so a plan cannot make the tool read or embed `/etc/passwd` or a file two folders up.

A path may name a file of the folder the way only some computers read it: with Windows' `\\`
between folders, as a full path (`/home/anna/plans/…`, `C:\\Users\\…`), or in other capital and
small letters than the file's name (Windows and macOS find `Logos/Leeuwarden.PNG` for
`logos/leeuwarden.png`; Linux does not). The functions after `inside` find the path to write
instead. They read no file, and list only folders inside the partnership folder; what they
suggest is never outside it.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` resolved against `folder`, or None when it leads outside it.

    A loop of links raises what `Path.resolve` raises for it (RuntimeError up to Python
    3.12, OSError later).
    """
    if Path(relative).is_absolute() or "\\" in relative or ":" in relative:
        return None
    base = folder.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None


def is_full_path(written: str) -> bool:
    """A path from the root of one computer: `/…`, `C:\\…`, `C:/…`, `\\\\server\\…`."""
    return (Path(written).is_absolute() or bool(PureWindowsPath(written).drive)
            or written.startswith(("/", "\\")))


def relative_for(folder: Path, written: str) -> str | None:
    """The path from `folder` of the file of the folder a full path means: the one it leads
    to, else, for a Windows path read on another system (`C:\\Users\\…\\logos\\x.png`), the one
    found at its longest ending (`logos/x.png`); None when there is none."""
    native = Path(os.path.normpath(written))
    candidates = [native.relative_to(base).as_posix()
                  for base in (folder.absolute(), _resolved(folder))
                  if base is not None and native.is_absolute() and native.is_relative_to(base)]
    if not native.is_absolute():  # C:\… on Linux or macOS: where it leads cannot be known
        parts = PureWindowsPath(written).parts[1:]  # after the drive and root
        candidates += ["/".join(parts[n:]) for n in range(len(parts))]
    for candidate in candidates:
        if _stays_inside(folder, candidate) and (named := as_named(folder, candidate)):
            return named
    return None


def with_slashes(folder: Path, written: str) -> str | None:
    """A path written with `\\` between folders, with `/` (and the file's own letters when it
    exists), or None when even so it would lead outside `folder`."""
    slashed = written.replace("\\", "/")
    if not _stays_inside(folder, slashed):
        return None
    return as_named(folder, slashed) or slashed


def case_of_file(folder: Path, relative: str) -> str | None:
    """The path as the file is named, when `relative` names it in other capital and small
    letters; None when it names it as it is (or names nothing, or several files)."""
    named = as_named(folder, relative)
    return named if named is not None and named != _plain(relative) else None


def as_named(folder: Path, relative: str) -> str | None:
    """`relative` (without `..`) with the names of the entries it meets, when it leads to an
    existing file or folder by names that differ at most in case; None when it leads nowhere,
    or where several entries differ from a name only in case."""
    parts = PurePosixPath(relative).parts
    base = _resolved(folder)
    if not parts or ".." in parts or parts[0] == "/" or base is None:
        return None
    current, named = folder, []
    for part in parts:
        where = _resolved(current)
        if where is None or not where.is_relative_to(base):
            return None  # a link out of the folder: its folder is not listed
        try:
            entries = os.listdir(current)
        except OSError:
            return None
        wanted = unicodedata.normalize("NFC", part)  # macOS may list names decomposed
        same = [e for e in entries if unicodedata.normalize("NFC", e) == wanted]
        if not same:
            same = [e for e in entries
                    if unicodedata.normalize("NFC", e).casefold() == wanted.casefold()]
        if len(same) != 1:
            return None
        named.append(part if unicodedata.normalize("NFC", same[0]) == wanted else same[0])
        current = current / same[0]
    return "/".join(named)


def _plain(relative: str) -> str:
    """`relative` without `./` and doubled slashes, as `as_named` gives it."""
    return "/".join(PurePosixPath(relative).parts)


def _stays_inside(folder: Path, relative: str) -> bool:
    try:
        return ":" not in relative and inside(folder, relative) is not None
    except (RuntimeError, OSError):  # a loop of links
        return False


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a loop of links
        return None
