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
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ActionPlanError, Issue, ValidationFailed
from ..model import ID_PATTERN, Partnership, Picture, Plan, PlanEntry, ProjectFile
from . import check, partial
from .editor_schemas import stale_schema_warnings
from .images import read_pictures
from .inputs import InputRefused, Inputs
from .languages import check_languages
from .limits import check_plan_size
from .markdown_rules import check_links, check_tables
from .messages import explain, suggest_id, without_typo_twins
from .neighbours import neighbour_claim
from .typed_text import TypedText
from .yamlsource import MAX_BYTES, Locations, Source, decode_text, parse_yaml, too_large

PROJECT_FILE = "project.yaml"


_OTHER_EXTENSION = re.compile(r"(?i)(?P<stem>[^.].*)\.(?P<ext>ya?ml)(?:\.txt)?\Z")


def misnamed_plan_warnings(folder: Path, root: Path) -> list[Issue]:
    """A warning for each file that looks like a plan saved with another extension
    (`south.yaml.txt` from Notepad, `south.YAML`): it is not read, and without a word the
    plan would only be missing from the deliverable."""
    issues = []
    for name in sorted(os.listdir(folder)):
        found = _OTHER_EXTENSION.fullmatch(name)
        if found and not name.endswith((".yaml", ".yml")):
            meant = f"{found['stem']}.{found['ext'].lower()}"
            issues.append(Issue(_display(folder / name, root), 1, 1, "",
                                "this file is not read: only files whose names end in .yaml or "
                                ".yml are plans.", f"If it is a plan, rename it to {meant}.",
                                severity="warning"))
    return issues


def find_plan_files(folder: Path) -> list[Path]:
    """Every plan file of a partnership folder: `*.yaml`/`*.yml` beside project.yaml."""
    names = sorted(os.listdir(folder))
    return [folder / n for n in names
            if n.endswith((".yaml", ".yml")) and n != PROJECT_FILE and not n.startswith(".")]


def load_partnership(folder: Path | str, *, display_root: Path | None = None,
                     exclude: set[str] | frozenset[str] = frozenset(),
                     only: Collection[str] | None = None,
                     inputs: Inputs | None = None) -> Partnership:
    """Load and validate a whole partnership folder; raise `ValidationFailed` on any error.

    `exclude` names plan files (as shown in messages) to leave out, for `build --keep-going`.
    `only` names the plan ids to validate (`render PLAN`, `validate PLAN`): the other plans
    are read only for their `partner:` (one plan per partner), and one that cannot be read is
    a warning; the partnership then holds only these plans.
    Every file is read through `inputs` (a fresh `Inputs` when not given): once, bounded,
    never a special file; the returned partnership keeps those bytes (`Partnership.inputs`).
    An oversized project.yaml stops the load before any plan is read.
    """
    folder = Path(folder)
    if not (folder / PROJECT_FILE).exists():
        raise ActionPlanError(f"{folder}: no {PROJECT_FILE} here. A partnership folder holds "
                              f"{PROJECT_FILE} and one YAML file per plan (see examples/minimal).")
    root = display_root or Path.cwd()
    issues: list[Issue] = []
    inputs = inputs or Inputs(folder)

    project_source = _read(folder, folder / PROJECT_FILE, root, issues, inputs)
    if project_source is None and too_large(_display(folder / PROJECT_FILE, root)) in issues:
        raise ValidationFailed(issues)  # reading thousands of plans first would only cost time
    typed = TypedText(folder)
    project = _validate(ProjectFile, project_source, issues, typed)
    if project is not None and project_source is not None:
        issues += check_links(project, project_source.locations, folder / PROJECT_FILE)
        issues += check_tables(project, project_source.locations, folder / PROJECT_FILE)

    plans: list[tuple[PlanEntry, Locations]] = []
    claims: list[partial.Claim | None] = []
    focus: set[str] = set()
    ids = partial.project_ids(project, project_source)
    for path in find_plan_files(folder):
        plan_id = path.name.rsplit(".", 1)[0]
        display = _display(path, root)
        if display in exclude:
            continue
        if only is not None and plan_id not in only:
            claims.append(neighbour_claim(folder, path, display, issues))
            continue
        focus.add(display)
        if not re.fullmatch(ID_PATTERN, plan_id):
            issues.append(Issue(display, 1, 1, "", f"the file name `{path.name}` cannot be a plan id.",
                                f"Rename it to `{suggest_id(plan_id)}{path.suffix}` (lowercase "
                                "letters, digits and '-'); if it is an old copy of a plan, delete "
                                "it or move it out of the folder."))
            # Its partner still counts: renamed as advised, it would claim it (partial.claim_issues).
            claims.append(neighbour_claim(folder, path, display, None))
            continue
        source = _read(folder, path, root, issues, inputs)
        if source is not None and source.data is not None and (too_big := check_plan_size(source)):
            issues += too_big  # validating a plan of thousands of actions costs gigabytes
            continue
        plan = _validate(Plan, source, issues, typed)
        if plan is not None and source is not None:
            issues += check_links(plan, source.locations, path)
            issues += check_tables(plan, source.locations, path)
            plans.append((PlanEntry(plan_id, path, display, plan), source.locations))
        elif source is not None and source.data is not None:  # what could be read, checked
            issues += partial.check_plan_data(ids, source.data, source.locations)
        claims.append(partial.claim_of(display, source))

    pictures: dict[str, Picture] = {}
    if project is not None and project_source is not None:
        issues += check.check_partnership(folder, project, project_source.locations, plans)
        issues += check_languages(folder, project, project_source.locations, plans,
                                  lambda path: _display(path, root))
        pictures, refused = read_pictures(folder, project, project_source.locations, inputs)
        issues += refused
        issues += stale_schema_warnings(folder, root, ids)
        issues += misnamed_plan_warnings(folder, root)
    elif project_source is not None and project_source.data is not None:
        issues += partial.check_project_data(folder, ids, project_source.data, project_source.locations)
    if project is None:  # check.py left the plans that validated unchecked
        for entry, where in plans:
            issues += partial.check_plan_data(ids, _plain(entry), where)
    issues += partial.claim_issues([c for c in claims if c is not None],
                                   report_on=None if only is None else focus)

    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise ValidationFailed(issues)
    assert project is not None
    order = {p.id: n for n, p in enumerate(project.partners)}
    ordered = sorted((entry for entry, _ in plans), key=lambda e: (order[e.plan.partner], e.id))
    return Partnership(folder=folder, project_path=folder / PROJECT_FILE, project=project,
                       plans=tuple(ordered), warnings=tuple(sorted(issues)), pictures=pictures,
                       inputs=dict(inputs.files))


def load_project(folder: Path | str) -> tuple[ProjectFile, Locations]:
    """project.yaml of `folder` alone, with where each value stands, for `actionplan new`;
    raise `ValidationFailed` when it does not validate by itself (cross-file rules aside)."""
    folder = Path(folder)
    if not (folder / PROJECT_FILE).exists():
        raise ActionPlanError(f"{folder}: no {PROJECT_FILE} here. A partnership folder holds "
                              f"{PROJECT_FILE} and one YAML file per plan (see examples/minimal).")
    issues: list[Issue] = []
    source = _read(folder, folder / PROJECT_FILE, Path.cwd(), issues, Inputs(folder))
    project = _validate(ProjectFile, source, issues, TypedText(folder))
    if project is None or source is None or any(i.severity == "error" for i in issues):
        raise ValidationFailed(issues)
    return project, source.locations


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _read(folder: Path, path: Path, root: Path, issues: list[Issue], inputs: Inputs
          ) -> Source | None:
    """Parse one file, refusing anything that is not a regular file inside the folder. A file
    with syntax errors gives a source without data (but with what could be read anyway)."""
    display = _display(path, root)
    refusal = refuse_path(folder, path)
    if refusal:
        issues.append(Issue(display, 1, 1, "", *refusal))
        return None
    try:
        raw = inputs.read(path.name, MAX_BYTES + 1)  # one byte more: decode_text says "larger"
    except InputRefused as refused:
        issues.append(too_large(display) if refused.cause == "too-large" else
                      Issue(display, 1, 1, "", f"this file {refused.reason}.", refused.hint))
        return None
    text, problem = decode_text(raw, display)
    if problem or text is None:
        issues += [problem] if problem else []
        return None
    source = parse_yaml(text, display)
    issues += source.issues
    return source


def _plain(entry: PlanEntry) -> Any:
    """A validated plan as the plain data it was read from (ids and lists, by their names)."""
    return entry.plan.model_dump(by_alias=True, mode="json")


def refuse_path(folder: Path, path: Path) -> tuple[str, str] | None:
    """Why a plan or project file may not be read, in words, or None when it may."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"this file cannot be read: {exc.strerror}.", "Check that it exists and is readable."
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            return ("this is a link to a file outside the partnership folder.",
                    "Copy the file into the folder instead of linking to it.")
        try:
            info = target.stat()
        except OSError:
            return ("this is a link to a file that does not exist.",
                    "Remove the link, or put the plan file where it points.")
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder, not a plan file.", "Rename the folder so it does not end in .yaml."
    if not stat.S_ISREG(info.st_mode):
        return ("this is not a regular file (a pipe, device or socket).",
                "Plans must be ordinary text files.")
    return None


def _validate(model: type[BaseModel], source: Source | None, issues: list[Issue],
              typed: TypedText) -> Any:
    if source is None or source.data is None:
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
