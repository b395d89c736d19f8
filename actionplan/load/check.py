"""The rules that need more than one file: references, uniqueness, and the warnings.

Each rule reports where the mistake is and, where it helps, where the other side stands (the
first use of a duplicate id) and what ids exist. The one rule between plan files, one plan per
partner, is `partial.claim_issues`: it reads no more than each file's `partner:`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Issue
from ..model import PlanEntry, ProjectFile
from .yamlsource import Locations


def check_partnership(folder: Path, project: ProjectFile, where: Locations,
                      plans: Sequence[tuple[PlanEntry, Locations]]) -> list[Issue]:
    """Every cross-file error and warning of a partnership whose files parsed and validated
    (its images are checked as they are read, in `images.read_pictures`)."""
    from .template_files import check_template_folder

    issues: list[Issue] = []
    issues += _check_project(folder, project, where)
    issues += check_template_folder(folder / "templates", Path(where.file).parent / "templates")
    for entry, plan_where in plans:
        issues += _check_plan(project, entry, plan_where)
    return issues


def unknown_id(ids: Iterable[str], value: str, what: str, where: Locations, path: tuple,
             ) -> Issue:
    known = sorted(ids)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = f"Did you mean `{close[0]}`?"
    elif known:
        hint = f"Known {what}s: {', '.join(known)}."
    else:
        hint = f"project.yaml lists no {what}s yet."
    article = "an" if what[0] in "aeiou" else "a"
    return where.issue(path, f"`{value}` is not {article} {what} of project.yaml.", hint)


def duplicate_ids(ids: Iterable[tuple[int, str]], section: str, where: Locations) -> list[Issue]:
    """An issue at every id of `section` used a second time; `ids` are (index, id) pairs, so
    items without a readable id (`load/partial.py`) are simply left out."""
    seen: dict[str, int] = {}
    issues = []
    for n, item_id in ids:
        if item_id in seen:
            first = where.of((section, seen[item_id], "id"))
            issues.append(where.issue((section, n, "id"),
                                      f"the id `{item_id}` is used twice in `{section}` (first at "
                                      f"line {first.line}).", "Give each one its own id."))
        else:
            seen[item_id] = n
    return issues


def _duplicates(items: Sequence[Any], section: str, where: Locations) -> list[Issue]:
    return duplicate_ids(((n, item.id) for n, item in enumerate(items)), section, where)


def _check_project(folder: Path, project: ProjectFile, where: Locations) -> list[Issue]:
    issues: list[Issue] = []
    for section in ("partners", "topics", "events", "good_practices"):
        issues += _duplicates(getattr(project, section), section, where)
    partners = {p.id for p in project.partners}
    if project.project.lead_partner not in partners:
        issues.append(unknown_id(partners, project.project.lead_partner, "partner", where,
                               ("project", "lead_partner")))
    for n, topic in enumerate(project.topics):
        if topic.coordinator and topic.coordinator not in partners:
            issues.append(unknown_id(partners, topic.coordinator, "partner", where,
                                   ("topics", n, "coordinator")))
    for n, event in enumerate(project.events):
        if event.host not in partners:
            issues.append(unknown_id(partners, event.host, "partner", where, ("events", n, "host")))
    for n, practice in enumerate(project.good_practices):
        if practice.owner not in partners:
            issues.append(unknown_id(partners, practice.owner, "partner", where,
                                   ("good_practices", n, "owner")))
    return issues


def _check_plan(project: ProjectFile, entry: PlanEntry, where: Locations) -> list[Issue]:
    plan = entry.plan
    partners = {p.id for p in project.partners}
    events = {e.id for e in project.events}
    practices = {g.id for g in project.good_practices}
    topics = {t.id for t in project.topics}
    issues: list[Issue] = []

    if plan.partner not in partners:
        issues.append(unknown_id(partners, plan.partner, "partner", where, ("partner",)))
    stem = f"{project.project.acronym}-action-plans"  # build.consolidate.deliverable_stem
    if entry.id.lower() == stem.lower():  # equal on case-insensitive file systems too
        issues.append(Issue(where.file, 1, 1, "", "this plan's documents would have the names of "
                            f"the consolidated deliverable ({stem}.docx and .pdf), and one would "
                            "replace the other.",
                            f"Rename the file, e.g. to {plan.partner}.yaml."))
    for n, other in enumerate(plan.other_partners):
        if other not in partners:
            issues.append(unknown_id(partners, other, "partner", where, ("other_partners", n)))
        elif other == plan.partner:
            issues.append(where.issue(("other_partners", n), f"`{other}` is the plan's own partner.",
                                      "List only the other partners involved."))

    issues += _duplicates(plan.learnings, "learnings", where)
    issues += _duplicates(plan.actions, "actions", where)
    for n, learning in enumerate(plan.learnings):
        source = learning.from_
        for field, ids, what in (("event", events, "event"), ("practice", practices, "good practice"),
                                 ("partner", partners, "partner")):
            value = getattr(source, field)
            if value is not None and value not in ids:
                issues.append(unknown_id(ids, value, what, where, ("learnings", n, "from", field)))
        if learning.topic and learning.topic not in topics:
            issues.append(unknown_id(topics, learning.topic, "topic", where, ("learnings", n, "topic")))

    learning_ids = [learning.id for learning in plan.learnings]
    for n, action in enumerate(plan.actions):
        for k, used in enumerate(action.learnings):
            if used not in learning_ids:
                known = ", ".join(learning_ids) if learning_ids else "none: add `learnings:` first"
                issues.append(where.issue(("actions", n, "learnings", k),
                                          f"`{used}` is not a learning of this plan.",
                                          f"This plan's learnings: {known}."))
    issues += _plan_warnings(project, entry, where)
    return issues


def _plan_warnings(project: ProjectFile, entry: PlanEntry, where: Locations) -> list[Issue]:
    plan = entry.plan
    issues: list[Issue] = []
    phase2 = project.project.phase2
    for n, action in enumerate(plan.actions):
        frame = action.timeframe
        if phase2 and (frame.start < phase2.start or frame.end > phase2.end):
            issues.append(where.issue(("actions", n, "timeframe"),
                                      f"the timeframe {frame.start} – {frame.end} falls outside "
                                      f"phase 2 ({phase2.start} – {phase2.end}).",
                                      "Actions are monitored in phase 2; check the months.",
                                      severity="warning"))
    used = {learning for action in plan.actions for learning in action.learnings}
    for n, learning in enumerate(plan.learnings):
        if learning.id not in used:
            issues.append(where.issue(("learnings", n, "id"),
                                      f"the learning `{learning.id}` is used by no action.",
                                      "Name it in an action's `learnings`, or remove it.",
                                      severity="warning"))
    if plan.signature and plan.date > plan.signature.date:
        issues.append(where.issue(("date",), f"the plan's date {plan.date} is later than its "
                                  f"signature's date {plan.signature.date}.",
                                  "Sign the version you date, or correct one of the dates.",
                                  severity="warning"))
    return issues
