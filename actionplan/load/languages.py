"""The rules about languages: the English summary of a plan not in English, and the label
catalogues of the languages a partnership's files name.

The programme lets a partner write its action plan in its own language provided an English
summary comes with it, covering the nature of the actions, their link with the project and their
policy relevance (Interreg Europe programme manual, on action plans). So a plan whose
`language` is not English needs `summary_en` once it is submitted or approved; while it is a
draft, a warning says so. Like `signature`, the rule lets every file written to format.md
before the field existed keep validating (they are English, or drafts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import Issue, ValidationFailed
from ..model import PlanEntry, ProjectFile
from .catalogues import SOURCE, Use, catalogue_codes, check_catalogues
from .templates import search_path
from .yamlsource import Locations

WHAT_IT_COVERS = ("the nature of the actions, their link with the project and their policy "
                  "relevance")


def check_languages(folder: Path, project: ProjectFile, where: Locations,
                    plans: Sequence[tuple[PlanEntry, Locations]],
                    display: Callable[[Path], str], template_dirs: list[Path] | None = None
                    ) -> list[Issue]:
    """The English-summary rule for every plan, and the catalogues of the partnership's
    template folders (`template_dirs`, default: its own `templates/` and the built-in ones)."""
    issues: list[Issue] = []
    uses: list[Use] = [(project.project.language, where, ("project", "language"))]
    for entry, plan_where in plans:
        issues += english_summary_issues(entry, plan_where)
        uses.append((entry.plan.language, plan_where, ("language",)))
    issues += check_catalogues(template_dirs or search_path(folder), uses, display)
    return issues


def is_english(language: str) -> bool:
    return catalogue_codes(language)[-1] == SOURCE


def english_summary_issues(entry: PlanEntry, where: Locations) -> list[Issue]:
    """A plan not in English without `summary_en`: an error once submitted or approved, a
    warning while a draft (placed at its `language`, the reason it needs one). An English
    plan with `summary_en`: a warning, since no document prints it."""
    plan = entry.plan
    if is_english(plan.language):
        if plan.summary_en:
            return [where.issue(("summary_en",), f"the plan is written in English "
                                f"(`language: {plan.language}`), so no document prints an English "
                                "summary.", "Remove `summary_en`, or set `language` to the "
                                "language the plan is written in.", key=True, severity="warning")]
        return []
    if plan.summary_en:
        return []
    mark = where.of(("language",))
    hint = (f"Add `summary_en:` (markdown, a few paragraphs in English) on {WHAT_IT_COVERS}; "
            "it is printed after the cover.")
    if plan.status == "draft":
        return [Issue(where.file, mark.line, mark.column, "summary_en",
                      f"the plan is written in `{plan.language}`: once it is submitted, the "
                      "programme asks for a summary in English.", hint, "warning")]
    return [Issue(where.file, mark.line, mark.column, "summary_en",
                  f"a plan written in `{plan.language}` needs a summary in English once it is "
                  f"{plan.status}.", hint)]


def override_catalogue_issues(template_dirs: list[Path], display: Callable[[Path], str]
                              ) -> list[Issue]:
    """The problems of the catalogues in a `--templates` folder, which `validate` (reading only
    the partnership's own templates) has not seen; raises `ValidationFailed` on an error."""
    issues = check_catalogues(template_dirs, (), display)
    if any(issue.severity == "error" for issue in issues):
        raise ValidationFailed(issues)
    return issues
