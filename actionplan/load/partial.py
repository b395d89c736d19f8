"""Id references checked on whatever could be read, so that no stage hides another.

`check.py` checks files that validated. A file with a schema error (`titel:` in one action)
still holds ids worth checking (a misspelt learning id in another action), and a project.yaml
with an error still lists partners, events, practices and topics the plans refer to. The rules
here are those of `check.py` (format.md: "Rules the validator enforces"), with the same words,
applied to the plain data read from the YAML: a value that is not text is left to the schema
message already given, and a section that could not be read checks nothing.

The rule that each partner writes one plan lives here only (`claim_issues`): it needs nothing
but each plan file's `partner:`, and is the same for files that validated and files that did
not, the plan checked and the other plans beside it (`neighbours.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Issue
from ..model import ID_PATTERN, ProjectFile
from .check import duplicate_ids, unknown_id
from .images import ImageRefused, read_picture
from .yamlsource import Locations, Source

SECTIONS = {"partners": "partners", "events": "events", "practices": "good_practices",
            "topics": "topics"}


@dataclass(frozen=True)
class ProjectIds:
    """The ids project.yaml defines, by kind; None for a section that could not be read."""

    partners: frozenset[str] | None = None
    events: frozenset[str] | None = None
    practices: frozenset[str] | None = None
    topics: frozenset[str] | None = None
    titles: tuple[tuple[str, str, str], ...] = ()
    """(kind, id, name or title) of every id read, for editors' help texts."""


@dataclass(frozen=True)
class Claim:
    """One plan's `partner:`, as far as it could be read, for the one-plan-per-partner rule."""

    display: str
    partner: str
    where: Locations


def project_ids(project: ProjectFile | None, source: Source | None) -> ProjectIds:
    """The ids of a validated project, else those of its plain data (or of what could be read
    around its syntax errors) section by section."""
    if project is not None:
        return _ids_from({kind: [item.model_dump(by_alias=True) for item in getattr(project, name)]
                          for kind, name in SECTIONS.items()}, lambda _name: True)
    if source is None:
        return ProjectIds()
    data, report = (source.data, None) if source.data is not None else (
        (source.syntax.data, source.syntax) if source.syntax is not None else (None, None))
    if not isinstance(data, dict):
        return ProjectIds()
    where = source.locations if report is None else report.locations
    spans = _section_spans(where, data)
    return _ids_from({kind: data.get(name) for kind, name in SECTIONS.items()},
                     lambda name: report is None or report.is_sure(*spans.get(name, (1, 1))))


def _ids_from(sections: dict[str, Any], sure: Any) -> ProjectIds:
    found: dict[str, frozenset[str] | None] = {}
    titles: list[tuple[str, str, str]] = []
    for kind, items in sections.items():
        ids = [item.get("id") if isinstance(item, dict) else None
               for item in (items if isinstance(items, list) else [None])]
        # A missing section, or an item without a readable id: an id looked for may be there.
        # An id that is not of the id form will be renamed, so it cannot answer either.
        if not sure(SECTIONS[kind]) or not all(_text_id(i) for i in ids):
            found[kind] = None
            continue
        found[kind] = frozenset(ids)  # type: ignore[arg-type]
        titles += [(kind, item["id"], str(item.get("name") or item.get("title") or ""))
                   for item in items]
    return ProjectIds(**found, titles=tuple(titles))  # type: ignore[arg-type]


def _section_spans(where: Locations | None, data: dict) -> dict[str, tuple[int, float]]:
    """The lines each top-level section spans, from its key to the next one's."""
    if where is None:
        return {}
    starts = sorted((where.of((name,), key=True).line, name) for name in data)
    ends = [line - 1 for line, _ in starts[1:]] + [float("inf")]
    return {name: (line, end) for (line, name), end in zip(starts, ends, strict=True)}


def _text_id(value: Any) -> str | None:
    """An id worth looking up: text of the id form (others have their schema message)."""
    return value if isinstance(value, str) and re.fullmatch(ID_PATTERN, value) else None


def _items(data: Any, key: str) -> list[tuple[int, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    return list(enumerate(value)) if isinstance(value, list) else []


def _lookup(ids: frozenset[str] | None, value: Any, what: str, where: Locations, path: tuple
            ) -> list[Issue]:
    text = _text_id(value)
    if ids is None or text is None or text in ids:
        return []
    return [unknown_id(ids, text, what, where, path)]


def check_plan_data(ids: ProjectIds, data: Any, where: Locations) -> list[Issue]:
    """The id references of one plan that did not validate, on its plain data."""
    if not isinstance(data, dict):
        return []
    issues = _lookup(ids.partners, data.get("partner"), "partner", where, ("partner",))
    for n, other in _items(data, "other_partners"):
        if _text_id(other) is not None and other == data.get("partner"):
            issues.append(where.issue(("other_partners", n), f"`{other}` is the plan's own partner.",
                                      "List only the other partners involved."))
        else:
            issues += _lookup(ids.partners, other, "partner", where, ("other_partners", n))
    issues += _duplicates(data, "learnings", where) + _duplicates(data, "actions", where)
    for n, learning in _items(data, "learnings"):
        if not isinstance(learning, dict):
            continue
        source = learning.get("from")
        if isinstance(source, dict):
            for field, kind, what in (("event", ids.events, "event"),
                                      ("practice", ids.practices, "good practice"),
                                      ("partner", ids.partners, "partner")):
                issues += _lookup(kind, source.get(field), what, where, ("learnings", n, "from", field))
        issues += _lookup(ids.topics, learning.get("topic"), "topic", where, ("learnings", n, "topic"))
    return issues + _action_learnings(data, where)


def _action_learnings(data: dict, where: Locations) -> list[Issue]:
    found = [item.get("id") if isinstance(item, dict) else None
             for _, item in _items(data, "learnings")]
    learnings = [i for i in found if isinstance(i, str)]
    if not isinstance(data.get("learnings"), list | None) or len(learnings) != len(found):
        return []  # the plan's own learnings could not all be read
    issues = []
    for n, action in _items(data, "actions"):
        for k, used in _items(action, "learnings"):
            if _text_id(used) is not None and used not in learnings:
                known = ", ".join(learnings) if learnings else "none: add `learnings:` first"
                issues.append(where.issue(("actions", n, "learnings", k),
                                          f"`{used}` is not a learning of this plan.",
                                          f"This plan's learnings: {known}."))
    return issues


def _duplicates(data: Any, section: str, where: Locations) -> list[Issue]:
    ids = ((n, item["id"]) for n, item in _items(data, section)
           if isinstance(item, dict) and isinstance(item.get("id"), str))
    return duplicate_ids(ids, section, where)


def check_project_data(folder: Path, ids: ProjectIds, data: Any, where: Locations) -> list[Issue]:
    """The id references and image paths of a project.yaml that did not validate."""
    if not isinstance(data, dict):
        return []
    issues: list[Issue] = []
    for section in SECTIONS.values():
        issues += _duplicates(data, section, where)
    project: dict = data["project"] if isinstance(data.get("project"), dict) else {}
    issues += _lookup(ids.partners, project.get("lead_partner"), "partner", where,
                      ("project", "lead_partner"))
    for section, field in (("topics", "coordinator"), ("events", "host"), ("good_practices", "owner")):
        for n, item in _items(data, section):
            if isinstance(item, dict):
                issues += _lookup(ids.partners, item.get(field), "partner", where, (section, n, field))
    logos = [(("project", "logo"), project.get("logo"))] + [
        (("partners", n, "logo"), item.get("logo")) for n, item in _items(data, "partners")
        if isinstance(item, dict)]
    for path, logo in logos:
        if isinstance(logo, str) and logo:
            try:
                read_picture(folder, logo)
            except ImageRefused as refusal:
                issues.append(where.issue(path, f"`{logo}` {refusal.reason}", refusal.fix))
    return issues


def claim_of(display: str, source: Source | None) -> Claim | None:
    """The `partner:` a plan file claims, if it could be read for sure."""
    if source is None:
        return None
    data, where = source.data, source.locations
    if data is None and source.syntax is not None:
        report = source.syntax
        data, where = report.data, report.locations
        if not isinstance(data, dict) or "partner" not in data or where is None:
            return None
        line = where.of(("partner",)).line
        if not report.is_sure(line, line):
            return None
    partner = _text_id(data.get("partner")) if isinstance(data, dict) else None
    if partner is None or where is None:
        return None
    return Claim(display, partner, where)


SAME_PARTNER_HINT = ("If one is an old copy, delete it or move it out of the folder; if two "
                     "partners write one plan together, list the second under `other_partners`.")
_HOW_MANY = {2: "two", 3: "three", 4: "four", 5: "five"}


def claim_issues(claims: Sequence[Claim], *, report_on: Iterable[str] | None = None) -> list[Issue]:
    """A partner claimed by several plan files (validated or not, whatever their names), an
    issue at the `partner:` of each, naming all of them: none is taken for the real plan by
    the order of the names (an old copy `x-copy.yaml` sorts before `x.yaml`). Only at the
    files in `report_on` when given."""
    by_partner: dict[str, list[Claim]] = {}
    for claim in claims:
        by_partner.setdefault(claim.partner, []).append(claim)
    shown = None if report_on is None else set(report_on)
    issues = []
    for partner, group in by_partner.items():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda c: c.display)
        files = [f"{c.display} (line {c.where.of(('partner',)).line})" for c in group]
        message = (f"{_HOW_MANY.get(len(group), str(len(group)))} plan files name partner "
                   f"`{partner}`: {', '.join(files[:-1])} and {files[-1]}.")
        issues += [c.where.issue(("partner",), message, SAME_PARTNER_HINT) for c in group
                   if shown is None or c.display in shown]
    return issues
