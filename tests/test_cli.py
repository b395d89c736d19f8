"""The command line as a user meets it: exit codes and exact messages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import MINIMAL_PLAN, ROOT, write_partnership

from actionplan import __version__
from actionplan.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_valid_folder(partnership_dir: Path) -> None:
    result = run("validate", str(partnership_dir))
    assert result.exit_code == 0
    assert result.output == f"{partnership_dir}: project.yaml and 1 plan are valid.\n"


def test_validate_quiet_prints_nothing(partnership_dir: Path) -> None:
    result = run("validate", str(partnership_dir), "-q")
    assert (result.exit_code, result.output) == (0, "")


def test_warnings_do_not_fail_unless_strict(tmp_path: Path) -> None:
    late = MINIMAL_PLAN.replace('end: "2020-12"', 'end: "2021-06"')
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": late})
    warning = ("warning: plans/north.yaml:33:16: actions[1].timeframe: the timeframe 2019-06 – "
               "2021-06 falls outside phase 2 (2019-04 – 2021-03). Actions are monitored in "
               "phase 2; check the months.")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0
    assert warning.replace("plans/", f"{folder}/") in result.output
    assert result.output.endswith("are valid, with 1 warning(s).\n")
    strict = run("validate", str(folder), "--strict")
    assert strict.exit_code == 1
    assert "--strict: not valid" in strict.output


def test_folder_without_project_yaml(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (f"error: {tmp_path}: no project.yaml here. A partnership folder holds "
                             "project.yaml and one YAML file per plan (see examples/minimal).\n")


def test_usage_errors_exit_2() -> None:
    assert run("validate", "--no-such-option").exit_code == 2
    assert run("schema", "budget").exit_code == 2
    assert run("new", "x").exit_code == 2  # --partner is required


def test_version_and_help() -> None:
    assert run("--version").output == f"actionplan, version {__version__}\n"
    for command in ("validate", "schema", "new"):
        help_text = run(command, "-h").output
        assert "Example:" in help_text, command


def test_schema_is_json_with_the_fields() -> None:
    import json

    schema = json.loads(run("schema", "plan").output)
    assert schema["title"] == "actionplan plan file"
    assert {"partner", "actions", "policy_context"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_committed_schemas_are_current() -> None:
    for kind in ("plan", "project"):
        committed = (ROOT / "schema" / f"{kind}.schema.json").read_text("utf-8")
        assert committed == run("schema", kind).output, (
            f"schema/{kind}.schema.json is stale: actionplan schema {kind} > schema/{kind}.schema.json")


def test_new_writes_a_starter_and_never_overwrites(partnership_dir: Path) -> None:
    result = run("new", "south-plan", "--partner", "south", str(partnership_dir))
    assert result.exit_code == 0, result.output
    written = partnership_dir / "south-plan.yaml"
    text = written.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=.actionplan/plan.schema.json\n")
    assert "partner: south" in text
    assert (partnership_dir / ".actionplan" / "plan.schema.json").is_file()

    again = run("new", "south-plan", "--partner", "south", str(partnership_dir))
    assert again.exit_code == 1
    assert "exists already; it was left as it is" in again.output
    assert written.read_text("utf-8") == text


def test_new_refuses_bad_ids(partnership_dir: Path) -> None:
    result = run("new", "South Plan", "--partner", "south", str(partnership_dir))
    assert result.exit_code == 1
    assert "is not a valid plan id" in result.output


def test_validate_a_plan_file_beside_broken_ones(tmp_path: Path) -> None:
    """`validate plans/x.yaml`: that plan and project.yaml; another plan's errors are not its."""
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN,
        "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")
                                  .replace("status: submitted", "status: aproved")})
    result = run("validate", str(folder / "north.yaml"))
    assert (result.exit_code, result.output) == (
        0, f"{folder}/project.yaml and {folder}/north.yaml are valid.\n")
    whole = run("validate", str(folder))
    assert whole.exit_code == 1
    assert whole.output.endswith("1 error in 1 file.\n")


def test_validate_names_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "plans" / "north.yaml"))
    assert (result.exit_code, result.output) == (
        1, f"error: {tmp_path}/plans/north.yaml: no such file or folder.\n")
