"""Paths a partnership names, kept inside its folder.

Logos and templates are read only from inside the partnership folder (after resolving links),
so a plan cannot make the tool read or embed `/etc/passwd` or a file two folders up.
"""

from __future__ import annotations

from pathlib import Path


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` resolved against `folder`, or None when it leads outside it."""
    if Path(relative).is_absolute() or "\\" in relative or ":" in relative:
        return None
    base = folder.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None


def image_problem(data: bytes) -> str | None:
    """Why an image file's bytes cannot be used, in words, or None when they decode."""
    try:
        import io

        from PIL import Image  # Pillow comes with matplotlib

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            if image.format not in ("PNG", "JPEG"):
                return f"is a {image.format} image, not PNG or JPEG"
    except Exception as exc:  # Pillow raises many kinds for broken files  # noqa: BLE001
        return f"cannot be read as an image ({type(exc).__name__})"
    return None
