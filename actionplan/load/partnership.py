"""From a partnership folder to a validated `Partnership`, or every problem at once.

`load_partnership` finds the files, reads each one safely (`yamlsource`), validates it against
the models, runs the cross-file rules (`check`), reads each logo once (`images`), and either
returns the partnership with its warnings or raises `ValidationFailed` with every error of
every file, sorted.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ActionPlanError, Issue, ValidationFailed
from ..model import ID_PATTERN, Partnership, Picture, Plan, PlanEntry, ProjectFile
from . import check
from .images import read_pictures
from .languages import check_languages
from .messages import explain, suggest_id, without_typo_twins
from .typed_text import TypedText
from .yamlsource import Locations, Source, load_yaml

PROJECT_FILE = "project.yaml"


def find_plan_files(folder: Path) -> list[Path]:
    """Every plan file of a partnership folder: `*.yaml`/`*.yml` beside project.yaml."""
    names = sorted(os.listdir(folder))
    return [folder / n for n in names
            if n.endswith((".yaml", ".yml")) and n != PROJECT_FILE and not n.startswith(".")]


def load_partnership(folder: Path | str, *, display_root: Path | None = None,
                     exclude: set[str] | frozenset[str] = frozenset()) -> Partnership:
    """Load and validate a whole partnership folder; raise `ValidationFailed` on any error.

    `exclude` names plan files (as shown in messages) to leave out, for `build --keep-going`.
    """
    folder = Path(folder)
    if not (folder / PROJECT_FILE).exists():
        raise ActionPlanError(f"{folder}: no {PROJECT_FILE} here. A partnership folder holds "
                              f"{PROJECT_FILE} and one YAML file per plan (see examples/minimal).")
    root = display_root or Path.cwd()
    issues: list[Issue] = []

    project_source = _read(folder, folder / PROJECT_FILE, root, issues)
    typed = TypedText(folder)
    project = _validate(ProjectFile, project_source, issues, typed)

    plans: list[tuple[PlanEntry, Locations]] = []
    for path in find_plan_files(folder):
        plan_id = path.name.rsplit(".", 1)[0]
        display = _display(path, root)
        if display in exclude:
            continue
        if not re.fullmatch(ID_PATTERN, plan_id):
            issues.append(Issue(display, 1, 1, "", f"the file name `{path.name}` cannot be a plan id.",
                                f"Rename it to `{suggest_id(plan_id)}{path.suffix}` (lowercase "
                                "letters, digits and '-')."))
            continue
        source = _read(folder, path, root, issues)
        plan = _validate(Plan, source, issues, typed)
        if plan is not None and source is not None:
            plans.append((PlanEntry(plan_id, path, display, plan), source.locations))

    pictures: dict[str, Picture] = {}
    if project is not None and project_source is not None:
        issues += check.check_partnership(folder, project, project_source.locations, plans)
        issues += check_languages(folder, project, project_source.locations, plans,
                                  lambda path: _display(path, root))
        pictures, refused = read_pictures(folder, project, project_source.locations)
        issues += refused

    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise ValidationFailed(issues)
    assert project is not None
    order = {p.id: n for n, p in enumerate(project.partners)}
    ordered = sorted((entry for entry, _ in plans), key=lambda e: (order[e.plan.partner], e.id))
    return Partnership(folder=folder, project_path=folder / PROJECT_FILE, project=project,
                       plans=tuple(ordered), warnings=tuple(sorted(issues)), pictures=pictures)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _read(folder: Path, path: Path, root: Path, issues: list[Issue]) -> Source | None:
    """Parse one file, refusing anything that is not a regular file inside the folder."""
    display = _display(path, root)
    refusal = _refuse_path(folder, path)
    if refusal:
        issues.append(Issue(display, 1, 1, "", *refusal))
        return None
    source = load_yaml(path, display)
    issues += source.issues
    return source if source.data is not None else None


def _refuse_path(folder: Path, path: Path) -> tuple[str, str] | None:
    try:
        info = path.lstat()
    except OSError as exc:
        return f"this file cannot be read: {exc.strerror}.", "Check that it exists and is readable."
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            return ("this is a link to a file outside the partnership folder.",
                    "Copy the file into the folder instead of linking to it.")
        info = target.stat()
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder, not a plan file.", "Rename the folder so it does not end in .yaml."
    if not stat.S_ISREG(info.st_mode):
        return ("this is not a regular file (a pipe, device or socket).",
                "Plans must be ordinary text files.")
    return None


def _validate(model: type[BaseModel], source: Source | None, issues: list[Issue],
              typed: TypedText) -> Any:
    if source is None:
        return None
    found, set_aside = typed.check(model, source)
    issues += found
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        errors = without_typo_twins(exc.errors(include_url=False))
        issues += [issue for issue in (explain(model, error, source.locations) for error in errors)
                   if issue.field not in set_aside]
        return None
