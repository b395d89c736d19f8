"""Every partnership shipped in the repository validates, with no warnings."""

from __future__ import annotations

import pytest
from conftest import ROOT

from actionplan.load import load_partnership

FOLDERS = ["plans", "examples/minimal", "examples/full", "examples/multilingual"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_shipped_partnership_is_valid_without_warnings(folder: str) -> None:
    partnership = load_partnership(ROOT / folder)
    assert partnership.plans
    assert partnership.warnings == ()


def test_upgradesme_has_the_six_instruments_and_eight_partners() -> None:
    partnership = load_partnership(ROOT / "plans")
    assert partnership.project.project.acronym == "UpGradeSME"
    assert len(partnership.project.partners) == 8
    assert len(partnership.plans) == 6
    joint = {e.plan.partner: e.plan.other_partners for e in partnership.plans if e.plan.other_partners}
    assert joint == {"pbn": ["hu-ministry"], "bdf": ["leeuwarden"]}
