"""References checked on plain data say exactly what `check.py` says on validated data.

`load/partial.py` repeats the reference rules for files that did not validate; run on files
that did, it must find the same problems in the same words, or a partner would see a
message change between two rounds for the same mistake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_partnership
from test_validation_catalogue import CASES, FILE_CASES, Case

from actionplan.errors import ValidationFailed
from actionplan.load import load_partnership
from actionplan.load.partial import check_plan_data, project_ids
from actionplan.load.yamlsource import load_yaml
from actionplan.model import ProjectFile

REFERENCE_CASES = [c for c in CASES + FILE_CASES if c.name.startswith(("unknown-", "own-partner",
                                                                       "duplicate-action"))
                   and not c.name.startswith("unknown-key") and c.where.startswith("north")]


@pytest.mark.parametrize("case", REFERENCE_CASES, ids=lambda c: c.name)
def test_plain_data_gives_the_same_messages(case: Case, tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", case.project, case.plans)
    with pytest.raises(ValidationFailed) as failed:
        load_partnership(folder)
    expected = [i for i in failed.value.errors if i.file.endswith("north.yaml")]
    assert expected

    project_source = load_yaml(folder / "project.yaml", "project.yaml")
    ids = project_ids(ProjectFile.model_validate(project_source.data), project_source)
    plan = load_yaml(folder / "north.yaml", expected[0].file)
    assert sorted(check_plan_data(ids, plan.data, plan.locations)) == expected


def test_the_rules_are_all_covered() -> None:
    assert len(REFERENCE_CASES) >= 8
