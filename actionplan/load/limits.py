"""How big one plan may be: bounded so that validating and rendering it stays within memory.

Rendering costs memory with the plan's size: about 0.9 MB per action (a plan of 2,000 actions
took 1.8 GB and 122 s), and about 0.25 MB per 1,000 characters of text (600,000 characters,
148 pages: 165 MB). The limits below keep one plan well under the 400 MB a build process may
use (quality.md), and far above any real action plan (3–10 actions, 10,000–40,000 characters).
A plan over a limit is refused at the place where it passes it, before its fields are
validated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Issue
from .yamlsource import PathKey, Source

MAX_ACTIONS = 100
MAX_ENTRIES = 1_000
"""List entries of one plan together: actions, learnings, players, funding sources, …"""
MAX_CHARACTERS = 300_000
"""Characters of all texts of one plan together: about 75 pages."""


def check_plan_size(source: Source) -> list[Issue]:
    """The limits one plan passes, each located where it passes it (at most one per limit)."""
    data = source.data
    issues: list[Issue] = []
    actions = data.get("actions") if isinstance(data, dict) else None
    if isinstance(actions, list) and len(actions) > MAX_ACTIONS:
        issues.append(source.locations.issue(
            ("actions", MAX_ACTIONS), f"this plan has {len(actions):,} actions; a plan holds "
            f"at most {MAX_ACTIONS}.", "Merge small actions, or split the plan by policy "
            "instrument."))
    entries = characters = 0
    entries_over = characters_over = False
    for path, value in _walk(data, ()):
        if isinstance(value, list):
            entries += len(value)
            if entries > MAX_ENTRIES and not entries_over:
                entries_over = True
                issues.append(source.locations.issue(
                    (*path, len(value) - (entries - MAX_ENTRIES)),
                    f"the plan passes {MAX_ENTRIES:,} list entries here (actions, learnings, "
                    "players, funding sources, indicators… together); a plan holds at most "
                    "that many.", "Keep the lists to what the plan needs."))
        elif isinstance(value, str):
            characters += len(value)
            if characters > MAX_CHARACTERS and not characters_over:
                characters_over = True
                issues.append(source.locations.issue(
                    path, f"the plan's texts pass {MAX_CHARACTERS:,} characters here (about 75 "
                    "pages); a plan holds at most that many.", "Shorten the texts, or put "
                    "long material in an annex outside the plan."))
    return issues


def _walk(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    """Every value with its path, in the order of the file."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
