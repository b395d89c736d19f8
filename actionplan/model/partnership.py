"""A partnership folder after loading: the project file and every validated plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue
from .plan import Plan
from .project import Event, GoodPractice, Partner, ProjectFile, Topic

# --- the loaded partnership ---------------------------------------------------------------

@dataclass(frozen=True)
class PlanEntry:
    """One validated plan file: its id (the file name), where it came from, and its data."""

    id: str
    path: Path
    display: str
    plan: Plan


@dataclass(frozen=True)
class Picture:
    """An image the documents show (a logo), read once while the partnership is loaded and
    made ready for both formats by `load.images`: upright, sRGB, no metadata, at most 300 dpi
    at the largest size a template prints a logo."""

    source: str
    """The path as project.yaml gives it, e.g. `logos/pbn.png`."""
    data: bytes
    """The picture as PNG (8-bit RGB or RGBA) or as baseline RGB JPEG."""
    format: str
    """`png` or `jpeg`."""
    width: int
    """Pixels across, as shown (after the EXIF orientation is applied)."""
    height: int
    """Pixels down, as shown."""


@dataclass(frozen=True)
class Partnership:
    """Everything in one partnership folder, validated; plans in the order of `partners`."""

    folder: Path
    project_path: Path
    project: ProjectFile
    plans: tuple[PlanEntry, ...]
    warnings: tuple[Issue, ...] = ()
    pictures: dict[str, Picture] = field(default_factory=dict)
    """Every logo project.yaml names, by its path as given there."""
    inputs: Mapping[str, bytes] = field(default_factory=dict, repr=False)
    """The bytes of every file the partnership was made from (project.yaml, the plans, the
    images they name), by path inside `folder` (`load.inputs.input_name`), read once: the
    documents are made from these bytes and builds fingerprint them."""

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.project.partners if p.id == partner_id)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.project.events if e.id == event_id)

    def practice(self, practice_id: str) -> GoodPractice:
        return next(g for g in self.project.good_practices if g.id == practice_id)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.project.topics if t.id == topic_id)
