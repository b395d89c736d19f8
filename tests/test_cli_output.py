"""What the command line prints around the work: help, -q/-v, timings, the default folder."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_partnership

from actionplan.cli import main


def run(*args: str | Path, width: int | None = None):
    extra = {"terminal_width": width} if width else {}
    return CliRunner().invoke(main, [str(a) for a in args], **extra)


# --- help ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [60, 80, 120])
def test_help_never_splits_a_word_at_its_hyphen(width: int) -> None:
    """click's wrapper breaks "es-fomento.yaml" into "es-" / "fomento.yaml" (issue 16)."""
    for command in [[], *([name] for name in main.commands)]:
        text = run(*command, "--help", width=width).output
        split = [line for line in text.splitlines() if re.search(r"[A-Za-z0-9]-$", line)]
        assert not split, (command, split)


def test_render_help_names_the_plan_file_whole() -> None:
    assert "es-fomento.yaml gives es-fomento.docx" in " ".join(
        run("render", "--help", width=80).output.split())


def test_command_list_shows_whole_descriptions() -> None:
    text = run("--help", width=80).output
    listed = text.split("Commands:\n", 1)[1].splitlines()
    assert len(listed) == len(main.commands)
    for line in listed:
        name, description = line.split(None, 1)
        assert not description.endswith("..."), line
        assert description == main.commands[name].short_help, line


# --- -q and -v ------------------------------------------------------------------------------

QUIET_AND_VERBOSE = ("Error: -q (print only problems) and -v (print more detail) cannot be "
                     "used together; choose one.")


@pytest.mark.parametrize("args", [["-q", "-v", "validate"], ["validate", "-q", "-v"],
                                  ["-q", "validate", "-v"], ["-v", "validate", "--quiet"]])
def test_quiet_and_verbose_together_is_a_usage_error(partnership_dir: Path, args: list[str]) -> None:
    result = run(*args, partnership_dir)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == QUIET_AND_VERBOSE


def test_verbose_validate_adds_detail_and_timings(partnership_dir: Path) -> None:
    plain = run("validate", partnership_dir).output
    result = run("-v", "validate", partnership_dir)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:2] == [
        f"{partnership_dir}/project.yaml: TestSME, 2 partners, 1 event, 1 good practice, 1 topic",
        f"{partnership_dir}/north.yaml: the plan of north (North Agency), 1 learning, 1 action",
    ]
    assert re.fullmatch(r"read and checked 2 files in \d+\.\d\d s", lines[2]), lines[2]
    assert lines[3:] == plain.splitlines()


def _fake_clock(monkeypatch: pytest.MonkeyPatch, costs: dict[str, float]) -> None:
    """The build's clock advances only inside the renderers, by `costs` seconds each."""
    import actionplan.build.jobs as jobs
    import actionplan.build.workers as workers
    import actionplan.render.docx as docx
    import actionplan.render.pdf.consolidated as consolidated
    import actionplan.render.pdf.plan as pdf

    now = [100.0]
    for module in (jobs, workers):  # where a job and each of its documents are timed
        monkeypatch.setattr(module, "time", types.SimpleNamespace(perf_counter=lambda: now[0]))
    for module, name in ((docx, "docx_bytes"), (pdf, "layout_plan"), (pdf, "pdf_bytes"),
                         (docx, "consolidated_docx_bytes"),
                         (consolidated, "contents_pdf"), (consolidated, "joined_pdf")):
        real = getattr(module, name)

        def timed(*args, _real=real, _cost=costs[name], **kwargs):
            now[0] += _cost
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, timed)


def test_verbose_build_times_each_document_by_itself(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_clock(monkeypatch, {"docx_bytes": 1.25, "layout_plan": 2.0, "pdf_bytes": 0.5,
                              "consolidated_docx_bytes": 3.0, "contents_pdf": 1.5,
                              "joined_pdf": 2.5})
    folder = write_partnership(tmp_path / "plans")
    result = run("-v", "build", folder, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 0, result.output
    timings = sorted(line.split(None, 1)[1] for line in result.output.splitlines()
                     if line.lstrip().startswith("rendered"))
    assert timings == ["TestSME-action-plans.docx (3.00 s)", "TestSME-action-plans.pdf (4.00 s)",
                       "north.docx (1.25 s)", "north.pdf (2.50 s)"]


# --- which folder -----------------------------------------------------------------------------

def test_the_partnership_folder_is_the_current_one_when_it_holds_project_yaml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_partnership(tmp_path / "ours")
    monkeypatch.chdir(folder)
    result = run("validate")
    assert (result.exit_code, result.output) == (0, "project.yaml and 1 plan are valid.\n")

    made = run("new", "south-plan", "--partner", "south")
    assert made.exit_code == 0, made.output
    assert made.output == ("wrote south-plan.yaml: fill it in, then check it with "
                           "`actionplan validate`.\n")
    assert (folder / "south-plan.yaml").is_file()


def test_the_partnership_folder_is_plans_otherwise(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_partnership(tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert (result.exit_code, result.output) == (0, "plans: project.yaml and 1 plan are valid.\n")


def test_no_partnership_folder_here_is_said_plainly(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (["validate"], ["build"], ["new", "x", "--partner", "y"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert result.output.splitlines()[-1] == (
            "Error: there is no project.yaml here and no plans folder. Run actionplan in the "
            "partnership folder (the one holding project.yaml), or name that folder: "
            f"actionplan {command[0]} FOLDER.")


def test_a_build_inside_the_partnership_folder_is_not_its_own_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A partnership repository builds into build/ beside project.yaml: the outputs must not
    count as inputs, or no rebuild would ever find everything unchanged."""
    folder = write_partnership(tmp_path / "ours")
    monkeypatch.chdir(folder)
    first = run("build")
    assert first.exit_code == 0, first.output
    again = run("build")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1].startswith("build: 0 written, 4 unchanged in ")
