"""Paths a partnership names, kept inside its folder.

Logos and templates are read only from inside the partnership folder (after resolving links),
so a plan cannot make the tool read or embed `/etc/passwd` or a file two folders up.
"""

from __future__ import annotations

from pathlib import Path


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
