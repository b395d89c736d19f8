"""The JSON Schemas an editor reads beside the plans, made for one partnership.

`actionplan new` and `actionplan schema --partnership FOLDER` write them into
FOLDER/.actionplan/, with project.yaml's ids as the only values a plan's references may take.
Nothing else writes into the partnership folder: `validate` and `build` only warn when a
schema there no longer matches project.yaml, so the editor does not mislead the partner.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Issue
from ..model.json_schema import SCHEMA_FILES, schema_json
from .partial import SECTIONS, ProjectIds, project_ids

SCHEMA_DIR = ".actionplan"


def editor_ids(ids: ProjectIds) -> dict[str, list[tuple[str, str]] | None]:
    """Ids by kind, as `schema_json` takes them: (id, name) pairs, None where unknown."""
    return {kind: None if getattr(ids, kind) is None
            else [(i, name) for k, i, name in ids.titles if k == kind] for kind in SECTIONS}


def schema_texts(ids: ProjectIds) -> dict[str, str]:
    """File name → text of the schemas for a partnership with these ids."""
    known = editor_ids(ids)
    return {name: schema_json(kind, known) + "\n" for kind, name in SCHEMA_FILES.items()}


def partnership_schemas(folder: Path) -> dict[str, str]:
    """File name → text of the schemas for FOLDER, with the ids of FOLDER/project.yaml as far
    as it can be read (none when it cannot)."""
    return schema_texts(_read_ids(folder))


def write_editor_schemas(folder: Path) -> list[Path]:
    """Write FOLDER/.actionplan/plan.schema.json and project.schema.json (`partnership_schemas`)
    and return their paths."""
    target = folder / SCHEMA_DIR
    target.mkdir(exist_ok=True)
    written = []
    for name, text in partnership_schemas(folder).items():
        path = target / name
        temporary = path.with_name(f".{name}.tmp")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
        written.append(path)
    return written


def _read_ids(folder: Path) -> ProjectIds:
    from pydantic import ValidationError

    from ..model import ProjectFile
    from .partnership import PROJECT_FILE, refuse_path
    from .yamlsource import load_yaml

    path = folder / PROJECT_FILE
    if not path.exists() or refuse_path(folder, path):
        return ProjectIds()
    source = load_yaml(path, PROJECT_FILE)
    try:
        project = ProjectFile.model_validate(source.data) if source.data is not None else None
    except ValidationError:
        project = None
    return project_ids(project, source)


def stale_schema_warnings(folder: Path, root: Path, ids: ProjectIds) -> list[Issue]:
    """A warning for each editor schema in FOLDER/.actionplan/ older than project.yaml that no
    longer says what the tool would write now (an older file with the same text is fine)."""
    from .partnership import PROJECT_FILE

    target = folder / SCHEMA_DIR
    if not target.is_dir():
        return []
    project_time = (folder / PROJECT_FILE).stat().st_mtime
    issues = []
    texts: dict[str, str] | None = None
    for name in SCHEMA_FILES.values():
        path = target / name
        if not path.is_file() or path.stat().st_mtime >= project_time:
            continue
        texts = texts or schema_texts(ids)
        if path.read_text("utf-8", errors="replace") != texts[name]:
            shown = _shown(path, root)
            issues.append(Issue(shown, 1, 1, "", "this schema for editors is older than "
                                "project.yaml and no longer matches it, so an editor may mark "
                                "ids that exist or miss ones that do not.",
                                f"Update it: actionplan schema --partnership {_shown(folder, root)}",
                                severity="warning"))
    return issues


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)
