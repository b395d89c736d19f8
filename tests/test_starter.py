"""`actionplan new`: the partner is checked, and the starter is a complete, valid example."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PROJECT, ROOT, write_partnership
from pydantic import BaseModel

from actionplan.cli import main
from actionplan.load.yamlsource import parse_yaml
from actionplan.model import Plan

STARTER = ROOT / "templates" / "new-plan.yaml"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_new_refuses_a_partner_that_project_yaml_does_not_have(partnership_dir: Path) -> None:
    result = run("new", "x-plan", "--partner", "nobody", partnership_dir)
    assert result.exit_code == 1
    assert result.output == (
        f"{partnership_dir}/project.yaml:9:1: partners: `nobody`, given with --partner, is not a "
        "partner of project.yaml. The partner ids are: north, south. Use one of them, or add the "
        "partner to project.yaml first.\n"
        "1 error in 1 file; nothing was written.\n")
    assert sorted(p.name for p in partnership_dir.iterdir()) == ["north.yaml", "project.yaml"]


def test_new_reports_a_broken_project_yaml_and_writes_nothing(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", MINIMAL_PROJECT.replace("country: ES", "country: XX"))
    result = run("new", "x-plan", "--partner", "south", folder)
    assert result.exit_code == 1
    assert "project.yaml:17:14: partners[2].country:" in result.output
    assert not (folder / "x-plan.yaml").exists()


def _new_plan(folder: Path, partner: str = "south") -> str:
    result = run("new", "starter", "--partner", partner, folder)
    assert result.exit_code == 0, result.output
    return (folder / "starter.yaml").read_text("utf-8")


@pytest.mark.parametrize("project", ["minimal-test", "examples/minimal", "plans"])
def test_the_starter_validates_as_it_is(tmp_path: Path, project: str) -> None:
    """Every project gives a starter that validates: ids come from its project.yaml."""
    import shutil

    if project == "minimal-test":
        folder = write_partnership(tmp_path / "plans", plans={})
        partner = "south"
    else:
        folder = tmp_path / "plans"
        shutil.copytree(ROOT / project, folder)
        partner = {"examples/minimal": "pbn", "plans": "leeuwarden"}[project]
    _new_plan(folder, partner)
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    about_starter = [line for line in result.output.splitlines() if "starter.yaml" in line]
    # Only its example texts may be flagged (they are there to be replaced), nothing else.
    assert all("is the starter's example text" in line for line in about_starter), about_starter


def test_the_starter_fills_in_the_ids_of_the_project(partnership_dir: Path) -> None:
    text = _new_plan(partnership_dir)
    assert "\npartner: south\n" in text and "\n      partner: north\n" in text
    assert "Partner ids: north, south" in text
    assert "# event: visit\n" in text and "Event ids: visit" in text
    assert "# practice: talent-house\n" in text
    assert "# topic: impact\n" in text
    assert "start: 2019-04\n" in text and "end: 2021-03\n" in text  # phase 2 of project.yaml


def _live_yaml(text: str) -> str:
    """The starter without its comments."""
    return "\n".join(re.sub(r"(^|\s)#.*$", "", line).rstrip() for line in text.splitlines())


def test_the_starter_is_block_style_without_null_placeholders(partnership_dir: Path) -> None:
    live = _live_yaml(_new_plan(partnership_dir))
    assert "null" not in live and "~" not in live
    assert not re.search(r":\s*[\[{]", live), "flow style ([…] or {…}) is hard to adapt"


def _field_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every field of `model`, nested, by YAML key names."""
    paths = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        paths.append((*prefix, key))
        for inner in typing.get_args(info.annotation) or (info.annotation,):
            inner = next(iter(typing.get_args(inner)), inner) if typing.get_origin(inner) is list \
                else inner
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                paths += _field_paths(inner, (*prefix, key))
    return paths


def test_the_starter_shows_every_field_of_a_plan(partnership_dir: Path) -> None:
    """Every field of format.md appears, as a value or (for the alternatives and the
    signature) as a commented example line."""
    text = _new_plan(partnership_dir)
    data = parse_yaml(text, "starter.yaml").data
    commented = set(re.findall(r"^\s*#\s*([a-z_]+):", text, re.MULTILINE))
    missing = []
    for path in _field_paths(Plan):
        values: list[typing.Any] = [data]
        for key in path:  # the values at `path`, in every item of the lists on the way
            values = [item for value in values
                      for item in (value if isinstance(value, list) else [value])]
            values = [value[key] for value in values if isinstance(value, dict) and key in value]
        if not values and path[-1] not in commented:
            missing.append(".".join(path))
    assert not missing, missing


def test_the_starter_explains_what_partners_asked_about() -> None:
    text = STARTER.read_text("utf-8")
    for words in ("indicators:", "monitoring:", "note:", "ISO 4217", "currency:",
                  "planned, ongoing, implemented, delayed or cancelled", "funding:"):
        line = next(line for line in text.splitlines() if words in line)
        assert "#" in line, f"no comment explains {words!r}"


def test_the_starter_keeps_recognisable_placeholders() -> None:
    """Another check warns when these are left in; they must stay easy to spot."""
    text = STARTER.read_text("utf-8")
    for placeholder in ("name: Your Name", "email: your.name@example.org",
                        "title: Title of the first action", "name: Your organisation",
                        "source: Name of the first funding source", "name: What you count"):
        assert placeholder in text
