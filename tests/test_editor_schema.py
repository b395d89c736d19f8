"""The editors' JSON Schema: it never marks what the tool accepts, and it knows the ids.

The schema is run with the `jsonschema` package over every sample and every case of the
validation catalogue: whatever the schema rejects, `actionplan validate` rejects too. And the
converse where it matters most while typing: a misspelt id of each kind is marked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, ROOT, write_partnership
from jsonschema.exceptions import best_match
from test_validation_catalogue import CASES, FILE_CASES, ISSUE_11_CASES, Case

from actionplan.cli import main
from actionplan.load.editor_schemas import partnership_schemas
from actionplan.load.yamlsource import load_yaml

SAMPLES = ["plans", "examples/full", "examples/minimal"]


def _plain(value: Any) -> Any:
    """Data as an editor's YAML 1.2 reader sees it: dates are text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _schema_problems(folder: Path) -> dict[str, list[str]]:
    """File name → what the partnership's schema says about it (readable regular files only)."""
    schemas = {name: json.loads(text) for name, text in partnership_schemas(folder).items()}
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.y*ml")):
        if path.is_symlink() or not path.is_file():
            continue
        source = load_yaml(path, path.name)
        if source.data is None:
            continue  # a syntax error: the editor shows its own
        schema = schemas["project.schema.json" if path.name == "project.yaml" else "plan.schema.json"]
        validator = jsonschema.Draft202012Validator(schema)
        errors = [best_match([e]) for e in validator.iter_errors(_plain(source.data))]
        found[path.name] = [f"{list(e.absolute_path)}: {e.message}" for e in errors if e]
    return found


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_schema_accepts_every_sample(sample: str) -> None:
    problems = _schema_problems(ROOT / sample)
    assert len(problems) >= 2
    assert not any(problems.values()), problems


def _tool_rejects(folder: Path) -> bool:
    return CliRunner().invoke(main, ["validate", str(folder), "-q"]).exit_code != 0


@pytest.mark.parametrize("case", CASES + FILE_CASES + ISSUE_11_CASES, ids=lambda c: c.name)
def test_what_the_schema_rejects_the_tool_rejects(case: Case, tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", case.project, case.plans)
    if case.setup:
        case.setup(folder)
    problems = _schema_problems(folder)
    if any(problems.values()):
        assert _tool_rejects(folder), problems
    if case.strict:  # a warning: the tool accepts the files, so must the schema
        assert not any(problems.values()), problems


MISSPELT = {  # kind: (right text, misspelt text, the misspelt id, where, the ids there are)
    "partner": ("partner: north", "partner: nort", "nort", ["partner"], ["north", "south"]),
    "other partner": ('version: "1.0"', 'other_partners: [sout]\nversion: "1.0"', "sout",
                      ["other_partners", 0], ["north", "south"]),
    "event": ("event: visit", "event: vist", "vist", ["learnings", 0, "from", "event"], ["visit"]),
    "good practice": ("practice: talent-house", "practice: talent-hous", "talent-hous",
                      ["learnings", 0, "from", "practice"], ["talent-house"]),
    "topic": ("topic: impact", "topic: impakt", "impakt", ["learnings", 0, "topic"], ["impact"]),
}


@pytest.mark.parametrize("kind", MISSPELT)
def test_the_schema_rejects_a_misspelt_id_of_each_kind(kind: str, tmp_path: Path) -> None:
    right, wrong, misspelt, where, known = MISSPELT[kind]
    folder = write_partnership(tmp_path / "plans", MINIMAL_PROJECT,
                               {"north.yaml": MINIMAL_PLAN.replace(right, wrong)})
    assert _schema_problems(folder)["north.yaml"] == [f"{where}: {misspelt!r} is not one of {known}"]
    assert _tool_rejects(folder)


def test_editors_get_words_not_patterns() -> None:
    """Every pattern and list of values comes with a message in plain words."""
    schema = json.loads(partnership_schemas(ROOT / "plans")["plan.schema.json"])
    leaves: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "pattern" in node or "enum" in node:
                leaves.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(leaves) > 10
    for leaf in leaves:
        assert leaf.get("patternErrorMessage") or leaf.get("errorMessage"), leaf
    partner = schema["properties"]["partner"]
    assert partner["enum"][:2] == ["pbn", "hu-ministry"]
    assert partner["markdownEnumDescriptions"][0] == "Pannon Business Network Association"
    assert partner["examples"] == ["pbn"]


def test_new_writes_the_partnership_schema(partnership_dir: Path) -> None:
    result = CliRunner().invoke(main, ["new", "south-plan", "--partner", "south",
                                       str(partnership_dir)])
    assert result.exit_code == 0, result.output
    schema = json.loads((partnership_dir / ".actionplan" / "plan.schema.json").read_text("utf-8"))
    assert schema["properties"]["partner"]["enum"] == ["north", "south"]
    source = schema["$defs"]["LearningSource"]["properties"]
    assert source["event"]["anyOf"][0]["enum"] == ["visit"]
    assert (partnership_dir / ".actionplan" / "project.schema.json").is_file()


def test_schema_command_writes_them_and_validate_warns_when_project_changes(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    result = CliRunner().invoke(main, ["schema", "--partnership", str(folder)])
    assert result.exit_code == 0, result.output
    schema_file = folder / ".actionplan" / "plan.schema.json"
    assert result.output == (f"wrote {schema_file} and "
                             f"{folder / '.actionplan' / 'project.schema.json'}.\n")
    os.utime(schema_file, (1_500_000_000, 1_500_000_000))  # older, but still right: no warning
    assert "warning" not in CliRunner().invoke(main, ["validate", str(folder)]).output

    (folder / "project.yaml").write_text(MINIMAL_PROJECT.replace("id: visit", "id: visit-2018"),
                                         "utf-8")
    (folder / "north.yaml").write_text(MINIMAL_PLAN.replace("event: visit", "event: visit-2018"),
                                       "utf-8")
    before = schema_file.read_bytes()
    warned = CliRunner().invoke(main, ["validate", str(folder)])
    assert warned.exit_code == 0
    assert f"warning: {schema_file}:1:1: this schema for editors is older" in warned.output
    assert schema_file.read_bytes() == before, "validate wrote into the partnership folder"

    CliRunner().invoke(main, ["schema", "--partnership", str(folder)])
    assert "warning" not in CliRunner().invoke(main, ["validate", str(folder)]).output
