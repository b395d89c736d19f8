"""What `-v` adds: the detail behind a one-line result."""

from __future__ import annotations

from ..model import Partnership


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def validate_details(partnership: Partnership, seconds: float) -> list[str]:
    """`validate -v`: what each file holds, and how long reading and checking took (s)."""
    project = partnership.project
    lines = [f"{partnership.project_path}: {project.project.acronym}, "
             f"{_count(len(project.partners), 'partner')}, {_count(len(project.events), 'event')}, "
             f"{_count(len(project.good_practices), 'good practice')}, "
             f"{_count(len(project.topics), 'topic')}"]
    names = {p.id: p.name for p in project.partners}
    for entry in partnership.plans:
        plan = entry.plan
        lines.append(f"{entry.display}: the plan of {plan.partner} ({names[plan.partner]}), "
                     f"{_count(len(plan.learnings), 'learning')}, "
                     f"{_count(len(plan.actions), 'action')}")
    lines.append(f"read and checked {len(partnership.plans) + 1} files in {seconds:.2f} s")
    return lines
