"""Shared fixtures: a minimal valid partnership written in Python, and golden files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"

# Pin the build time for every test: outputs are compared byte for byte.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1553817600")  # 2019-03-29

MINIMAL_PROJECT = """\
project:
  acronym: TestSME
  title: Testing policy instruments
  programme: Interreg Europe 2014-2020
  period: {start: "2016-04", end: "2021-03"}
  phase2: {start: "2019-04", end: "2021-03"}
  lead_partner: north

partners:
  - id: north
    name: North Agency
    country: HU
    region: Nyugat-Dunántúl
    nuts2: HU22
  - id: south
    name: South Agency
    country: ES
    region: País Vasco
    nuts2: ES21

topics:
  - id: impact
    title: Impact
    coordinator: south

events:
  - id: visit
    title: Study visit to the south
    kind: study-visit
    host: south
    place: San Sebastián
    start: 2018-10-16
    end: 2018-10-17

good_practices:
  - id: talent-house
    title: Talent House
    owner: south
"""

MINIMAL_PLAN = """\
partner: north
version: "1.0"
status: submitted
date: 2019-03-29

contact:
  name: Anna Example
  email: anna@example.org

policy_context:
  instrument_type: growth-and-jobs
  instrument: SME export support

learnings:
  - id: talent
    title: Returning talent helps SMEs export
    topic: impact
    from:
      event: visit
      practice: talent-house

actions:
  - id: a1
    title: Export vouchers
    learnings: [talent]
    background: The study visit showed how returning talent opens markets.
    activities: |
      - Design the call
      - Run the call
    players:
      - name: North Agency
        role: Runs the call
    timeframe: {start: "2019-06", end: "2020-12"}
    costs: {amount: 1000}
    funding:
      - source: ERDF
        amount: 500
"""


def write_partnership(folder: Path, project: str = MINIMAL_PROJECT,
                      plans: dict[str, str] | None = None) -> Path:
    """A partnership folder with the given project.yaml text and plan texts by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "project.yaml").write_text(project, "utf-8")
    for name, text in (plans if plans is not None else {"north.yaml": MINIMAL_PLAN}).items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.fixture
def partnership_dir(tmp_path: Path) -> Path:
    return write_partnership(tmp_path / "plans")


@pytest.fixture
def copy_of(tmp_path: Path):
    """Copy a folder of the repository (e.g. `examples/full`) into a temporary folder."""

    def make(relative: str) -> Path:
        target = tmp_path / Path(relative).name
        shutil.copytree(ROOT / relative, target)
        return target

    return make


def outputs_per_hash_seed(code: str, seeds: tuple[str, ...] = ("1", "2")) -> set[str]:
    """What `python -c code` prints in fresh processes with different hash seeds: one distinct
    output means nothing depends on the order of sets and dicts of strings."""
    import subprocess
    import sys

    return {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in seeds}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(relative: str, actual: str) -> None:
        path = GOLDEN / relative
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, "utf-8")
            return
        assert actual == path.read_text("utf-8"), f"differs from golden file {relative}"

    return check


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`plans/`, `examples/full` and `examples/minimal` built once in both formats, as
    `actionplan build` writes them (build time 29 March 2019): folder → output folder.
    Shared by the tests that read the finished documents."""
    import datetime as dt

    from actionplan.build.pipeline import BuildOptions, build_partnership

    outputs = {}
    for folder in ("plans", "examples/full", "examples/minimal"):
        output = tmp_path_factory.mktemp(folder.replace("/", "-"))
        build_partnership(ROOT / folder, BuildOptions(
            output=output, jobs=1, build_time=dt.datetime(2019, 3, 29, 12, 0, tzinfo=dt.UTC)))
        outputs[folder] = output
    return outputs
