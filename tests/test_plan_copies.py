"""Two plan files that name the same partner: most often an old copy left in the folder.

The rule "each partner writes one plan" (format.md) is reported at every file that breaks it,
each message naming all of them, so that neither file is taken for the real plan because of
how its name sorts (`north-copy.yaml` comes before `north.yaml`), and the advice fits the
usual cause. A copy whose name is not a plan id (`North (copy).yaml`) is still a plan file of
the folder: its name is refused, and the partner it names is checked too, so that renaming it
as advised does not lead into a second error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main

ADVICE = ("If one is an old copy, delete it or move it out of the folder; if two partners write "
          "one plan together, list the second under `other_partners`.")


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _both(folder: Path, copy: str) -> str:
    names = sorted([f"{folder}/north.yaml", f"{folder}/{copy}"])
    return f"two plan files name partner `north`: {names[0]} (line 1) and {names[1]} (line 1)."


@pytest.mark.parametrize("copy", ["north-copy.yaml", "north2.yaml"])
def test_a_copy_is_reported_at_both_files_whichever_sorts_first(tmp_path: Path, copy: str) -> None:
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          copy: MINIMAL_PLAN})
    code, output = run("validate", folder)
    assert code == 1
    for name in ("north.yaml", copy):
        assert f"{folder}/{name}:1:10: partner: {_both(folder, copy)} {ADVICE}\n" in output, output
    assert "already has a plan" not in output
    assert output.endswith("2 errors in 2 files.\n"), output


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("target", ["north.yaml", "north-copy.yaml"])
def test_one_plan_of_the_two_is_refused_with_both_named(tmp_path: Path, command: str,
                                                        target: str) -> None:
    """`render PLAN` checks the one rule that involves other plans (README): whichever of the
    two is named, it is refused, and the message says where the other one is."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          "north-copy.yaml": MINIMAL_PLAN})
    extra = ("-o", tmp_path / "out", "--format", "docx") if command == "render" else ()
    code, output = run(command, folder / target, *extra)
    assert code == 1
    assert (f"{folder}/{target}:1:10: partner: {_both(folder, 'north-copy.yaml')} {ADVICE}\n"
            in output), output
    assert output.count("two plan files name partner") == 1, output
    assert not list(tmp_path.glob("out/*.docx"))


def test_build_names_both_files(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          "north-copy.yaml": MINIMAL_PLAN})
    code, output = run("build", folder, "-o", tmp_path / "out")
    assert code == 1
    assert output.count(_both(folder, "north-copy.yaml")) == 2, output


def test_three_files_of_one_partner_are_all_named(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN, "north-copy.yaml": MINIMAL_PLAN, "north-old.yaml": MINIMAL_PLAN})
    code, output = run("validate", folder)
    assert code == 1
    listed = (f"three plan files name partner `north`: {folder}/north-copy.yaml (line 1), "
              f"{folder}/north-old.yaml (line 1) and {folder}/north.yaml (line 1).")
    assert output.count(listed) == 3, output


@pytest.mark.parametrize("copy", ["North (copy).yaml", "NL_North_v2.yaml"])
def test_a_copy_with_a_name_that_is_no_plan_id(tmp_path: Path, copy: str) -> None:
    """Its name is refused with advice that fits a copy, and the partner it names is checked
    at once: renaming it as advised would otherwise only lead to the next error."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          copy: MINIMAL_PLAN})
    code, output = run("validate", folder)
    assert code == 1
    assert f"{folder}/{copy}:1:1: the file name `{copy}` cannot be a plan id." in output, output
    assert ("(lowercase letters, digits and '-'); if it is an old copy of a plan, delete it or "
            "move it out of the folder.") in output, output
    for name in ("north.yaml", copy):
        assert f"{folder}/{name}:1:10: partner: {_both(folder, copy)} {ADVICE}\n" in output, output

    code, own = run("render", folder / "north.yaml", "-o", tmp_path / "out", "--format", "docx")
    assert code == 1
    assert f"{folder}/north.yaml:1:10: partner: {_both(folder, copy)} {ADVICE}\n" in own, own
    assert "cannot be a plan id" not in own  # the other file's own problem is not this plan's


def test_a_plan_that_joins_another_stays_valid(tmp_path: Path) -> None:
    """The advice's second case: the second partner listed under `other_partners`."""
    joint = MINIMAL_PLAN.replace("partner: north", "partner: north\nother_partners: [south]")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": joint})
    assert run("validate", folder)[0] == 0


def test_a_plan_file_that_cannot_be_opened_is_no_traceback(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Read only for its `partner:` (beside the plan checked, or with a name refused), a file
    the account may not open is a warning or nothing more, never a traceback. (The tests run
    as root, who may open anything: `open` refuses here.)"""
    from actionplan.load import yamlsource

    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN, "North (copy).yaml": MINIMAL_PLAN,
        "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")})

    def refusing(path: object, *args: object, **kwargs: object) -> object:
        if Path(str(path)).name in ("North (copy).yaml", "south.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(yamlsource, "open", refusing, raising=False)
    code, output = run("validate", folder / "north.yaml")
    assert code == 0, output
    assert (f"warning: {folder}/south.yaml:1:1: this file cannot be read (Permission denied), so "
            "whether it is a second plan of the same partner was not checked.") in output, output
    code, output = run("validate", folder)
    assert code == 1
    assert f"{folder}/North (copy).yaml:1:1: the file name" in output, output


@pytest.mark.parametrize(("name", "meant"), [
    ("south.yaml.txt", "south.yaml"), ("south.YAML", "south.yaml"), ("south.Yml", "south.yml"),
    ("south.yml.txt", "south.yml"),
])
def test_a_plan_saved_with_another_extension_is_a_warning_not_silence(
        tmp_path: Path, name: str, meant: str) -> None:
    """Notepad saves `south.yaml.txt`, some systems `south.YAML`: such a file is not read (only
    `*.yaml` and `*.yml` are plans), and the partner must hear so, not find the plan missing
    from the deliverable."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN})
    (folder / name).write_text(MINIMAL_PLAN, "utf-8")
    code, output = run("validate", folder)
    assert code == 0
    assert (f"warning: {folder}/{name}:1:1: this file is not read: only files whose names end "
            f"in .yaml or .yml are plans. If it is a plan, rename it to {meant}.") in output, output


def test_a_plan_named_like_the_deliverable_is_refused(tmp_path: Path) -> None:
    """`TestSME-action-plans.yaml` would render `TestSME-action-plans.pdf`, the consolidated
    deliverable's name: one output would silently replace the other."""
    folder = write_partnership(tmp_path / "plans", plans={"testsme-action-plans.yaml": MINIMAL_PLAN})
    code, output = run("validate", folder)
    assert code == 1
    assert (f"{folder}/testsme-action-plans.yaml:1:1: this plan's documents would have the names "
            "of the consolidated deliverable (TestSME-action-plans.docx and .pdf), and one would "
            "replace the other. Rename the file, e.g. to north.yaml.") in output, output
