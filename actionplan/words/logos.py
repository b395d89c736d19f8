"""Logos as both formats place them: the picture read when the partnership was loaded
(`Partnership.pictures`), the words a screen reader says for it, and its name.

Neither renderer opens the logo file again: the DOCX embeds `Logo.picture.data`, and the PDF's
sandboxed fetcher serves the same bytes under `Logo.url`, an internal URL made from the path
as project.yaml gives it (so no folder path reaches the PDF, and the same partnership in two
folders gives the same PDF).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Partner, Partnership, Picture

if TYPE_CHECKING:
    from .labels import Labels

IMAGE_SCHEME = "actionplan-image"
"""The scheme of the internal URLs under which the PDF renderer serves the logos."""


@dataclass(frozen=True)
class Logo:
    picture: Picture
    alt: str
    """What a screen reader says, e.g. "UpGradeSME logo" (HTML alt, Word's description)."""
    name: str
    """The picture's name in Word ("Project logo", "Partner logo")."""

    @property
    def url(self) -> str:
        """Where the PDF's fetcher serves the picture, e.g. `actionplan-image:logos-pbn-1a2b3c4d.png`
        for `logos/pbn.png`: letters and digits of the path, and a hash of it (two paths that
        differ only in other characters stay apart)."""
        source = self.picture.source
        slug = re.sub(r"[^A-Za-z0-9]+", "-", source.rsplit(".", 1)[0]).strip("-")[:60]
        digest = hashlib.sha256(source.encode()).hexdigest()[:8]
        return f"{IMAGE_SCHEME}:{slug}-{digest}.{'jpg' if self.picture.format == 'jpeg' else 'png'}"

    def as_uri(self) -> str:
        """The same as `url`: templates written when logos were file paths call `as_uri()`."""
        return self.url


def project_logo(partnership: Partnership, words: Labels | None = None) -> Logo | None:
    """The project's logo, or None when project.yaml names none; its alt text and name in the
    language of `words` (English by default)."""
    project = partnership.project.project
    words = words or _english()
    return _logo(partnership, project.logo, words.fill("logo_alt", name=project.acronym),
                 words["project_logo_name"])


def programme_logo(partnership: Partnership, words: Labels | None = None) -> Logo | None:
    """The programme's logo the partnership holds, or None when project.yaml names none."""
    project = partnership.project.project
    words = words or _english()
    return _logo(partnership, project.programme_logo,
                 words.fill("logo_alt", name=project.programme), words["programme_logo_name"])


def partner_logo(partnership: Partnership, partner: Partner, words: Labels | None = None
                 ) -> Logo | None:
    """A partner's logo, or None when project.yaml names none for it."""
    words = words or _english()
    return _logo(partnership, partner.logo, words.fill("logo_alt", name=partner.name),
                 words["partner_logo_name"])


def _english() -> Labels:
    from ..load.templates import builtin_dir
    from .labels import labels_for

    return labels_for("en", [builtin_dir()])


def _logo(partnership: Partnership, relative: str | None, alt: str, name: str) -> Logo | None:
    if not relative:
        return None
    picture = partnership.pictures.get(relative)
    if picture is None:  # a Partnership built without load_partnership
        raise KeyError(f"the logo {relative!r} was not read when the partnership was loaded")
    return Logo(picture, alt, name)
