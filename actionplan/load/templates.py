"""Where template files come from: the partnership's own, then the built-in ones.

A partnership overrides any built-in template by putting a file of the same name in a
`templates/` folder beside project.yaml, or in a folder given with `--templates`; every file it
does not override comes from the built-in set shipped with the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # actionplan/


def builtin_dir() -> Path:
    """The built-in templates: inside the installed wheel, or the repository's `templates/`."""
    shipped = _PACKAGE / "_templates"
    return shipped if shipped.is_dir() else _PACKAGE.parent / "templates"


def search_path(partnership_folder: Path | None, override: Path | None = None) -> list[Path]:
    """Template folders, most specific first."""
    folders = []
    if override is not None:
        folders.append(override)
    if partnership_folder is not None and (partnership_folder / "templates").is_dir():
        folders.append(partnership_folder / "templates")
    folders.append(builtin_dir())
    return folders


def find(name: str, folders: list[Path]) -> Path:
    """The first `name` in `folders` (the built-in one always exists)."""
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(name)
