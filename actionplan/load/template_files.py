"""The files of a template folder as a build reads them: ordinary files inside the folder.

A build fingerprints every file of the template folders in use, and the renderers open the
ones they need by name (Jinja, the Word template, WeasyPrint's fetcher). A FIFO there would
block the open forever, a device would never end, and a link out of the folder would be read
although nothing may be (issue 12, item 1): such a file is refused before anything is read,
by `validate` for the partnership's own `templates/` folder as much as by `build`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import Issue
from .inputs import kind_of


def template_files(folder: Path) -> Iterator[Path]:
    """Every file below `folder`, sorted, without hidden ones and Python's byte-code caches
    (which are not inputs of any document)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def template_file_problem(path: Path, folder: Path) -> tuple[str, str] | None:
    """Why a file of template folder `folder` cannot be used (reason, hint), or None."""
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return ("is a link to a file outside its template folder",
                    "Copy the file into the folder instead of linking to it.")
        kind = kind_of(path.stat().st_mode)
    except OSError as error:
        return (f"cannot be read ({(error.strerror or str(error)).rstrip('.')})",
                "Check that it exists and is readable by you.")
    if kind:
        return (f"is {kind}, not a file",
                "A template folder holds ordinary files: remove it, or put the file itself there.")
    return None


def check_template_folder(folder: Path, display: Path) -> list[Issue]:
    """The files of a partnership's `templates/` folder (`display` as messages name it) that
    a build would refuse."""
    if not folder.is_dir():
        return []
    issues = []
    for path in template_files(folder):
        problem = template_file_problem(path, folder)
        if problem:
            issues.append(Issue(str(display / path.relative_to(folder)), 1, 1, "",
                                f"this template file {problem[0]}.", problem[1]))
    return issues
