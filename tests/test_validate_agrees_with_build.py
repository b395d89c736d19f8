"""`validate` never says "valid" for a partnership that `build` then refuses (issue 10).

Every case of the validation catalogue goes through both commands, and the verdicts must be
the same: refused by both (and `build` names the same places), or accepted by both. `build`
validates first, so a refused case costs no rendering; only where `validate` says valid (the
warnings, and the inputs next to the refused ones that must stay valid) can the two disagree,
and there `build` renders everything, DOCX and PDF, plans and consolidated: a character no
font draws shows only in the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership
from test_validation_catalogue import CASES, FILE_CASES, ISSUE_11_CASES, Case, prepare

from actionplan.cli import main


def verdicts(folder: Path, out: Path) -> tuple[tuple[int, list[str]], tuple[int, list[str]]]:
    """(exit code, error lines) of `validate` and of `build`."""
    checked = CliRunner().invoke(main, ["validate", str(folder)])
    built = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-j", "1"])
    assert "Traceback" not in built.output, built.output

    def errors(output: str) -> list[str]:
        return [line for line in output.splitlines() if line.startswith(f"{folder}/")]

    return (checked.exit_code, errors(checked.output)), (built.exit_code, errors(built.output))


# The cases that check a whole folder (the others validate one plan or pass options).
FOLDER_CASES = CASES + FILE_CASES + [c for c in ISSUE_11_CASES if not c.target and not c.options]


@pytest.mark.parametrize("case", FOLDER_CASES, ids=lambda c: c.name)
def test_validate_and_build_give_the_same_verdict(case: Case, tmp_path: Path) -> None:
    folder = prepare(case, tmp_path)
    (valid, problems), (built, named) = verdicts(folder, tmp_path / "build")
    assert (valid == 0) == (built == 0), f"validate exit {valid}, build exit {built}:\n{named}"
    assert named == problems


# Inputs beside the refused ones that must stay valid, all in one plan: one build renders them.
ACCEPTED = [
    ("costs: {amount: 1000}", "costs: {amount: 1250.50, note: \"Stand #2, ₹ and € costs\"}"),
    ("title: Export vouchers", 'title: "San Sebastián stand #2 at international trade fairs"'),
    ("role: Runs the call", "role: Runs the call   # the contact person"),
    ("background: The study visit showed how",
     "background: The study\u2028visit 中小企业 ❤️ 👩‍👩‍👧 Ωж שלום مرحبا showed how"),
    ("      - Run the call\n", "      - Run the call\u2029and report #2\n"),
    ("status: submitted", "status: submitted  #todo"),
]


def test_what_validate_accepts_builds_in_both_formats(tmp_path: Path) -> None:
    plan = MINIMAL_PLAN
    for old, new in ACCEPTED:
        assert old in plan, old
        plan = plan.replace(old, new, 1)
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": plan})
    (valid, problems), (built, named) = verdicts(folder, tmp_path / "build")
    assert (valid, problems) == (0, [])
    assert (built, named) == (0, [])
    names = sorted(p.name for p in (tmp_path / "build").iterdir() if not p.name.startswith("."))
    assert names == ["TestSME-action-plans.docx", "TestSME-action-plans.pdf", "north.docx",
                     "north.pdf"]
