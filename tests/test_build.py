"""Building: all or nothing, incremental, atomic, deterministic, inputs untouched."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, ROOT, write_partnership

from actionplan.cli import main


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(folder: Path) -> dict[str, tuple[int, str]]:
    """Each output's mtime and content hash (the manifest excluded)."""
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """examples/full built once for the module: (partnership folder, output folder)."""
    import shutil

    base = tmp_path_factory.mktemp("full")
    folder = base / "full"
    shutil.copytree(ROOT / "examples" / "full", folder)
    out = base / "build"
    before = tree_digest(folder)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert tree_digest(folder) == before, "the build modified its inputs"
    return folder, out


def test_build_writes_every_plan_and_the_consolidated_files(built: tuple[Path, Path]) -> None:
    folder, out = built
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    plans = sorted(p.stem for p in folder.glob("*.yaml") if p.name != "project.yaml")
    expected = sorted([f"{p}.{ext}" for p in plans for ext in ("docx", "pdf")]
                      + ["EXPORT-PATH-action-plans.docx", "EXPORT-PATH-action-plans.pdf"])
    assert names == expected
    assert not list(out.glob(".*.tmp"))


def test_noop_rebuild_rewrites_nothing(built: tuple[Path, Path]) -> None:
    folder, out = built
    before = outputs(out)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "0 written" in result.output
    assert outputs(out) == before


def test_one_changed_plan_rerenders_it_and_the_consolidated_only(built: tuple[Path, Path]) -> None:
    folder, out = built
    plan = sorted(p for p in folder.glob("*.yaml") if p.name != "project.yaml")[0]
    before = outputs(out)
    text = plan.read_text("utf-8")
    edited = text.replace('\nversion: "', '\nversion: "9', 1)
    plan.write_text(edited, "utf-8")
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    after = outputs(out)
    changed = sorted(name for name in after if after[name][0] != before[name][0])
    assert changed == sorted([f"{plan.stem}.docx", f"{plan.stem}.pdf",
                              "EXPORT-PATH-action-plans.docx", "EXPORT-PATH-action-plans.pdf"])
    plan.write_text(edited.replace("\nversion:", "\n# a comment only\nversion:", 1), "utf-8")
    again = run("build", folder, "-o", out)  # rendered again: the same bytes, not rewritten
    assert again.exit_code == 0, again.output
    assert outputs(out) == after
    assert "0 written" in again.output


def test_comment_and_blank_line_edits_render_nothing(built: tuple[Path, Path]) -> None:
    """Plans are fingerprinted by what they say, not their bytes (issue 15): a comment or a
    blank line in a plan or project.yaml leaves every output current — nothing is rendered.
    The files are still validated: a comment that hides text is still an error."""
    folder, out = built
    run("build", folder, "-o", out)
    before = outputs(out)
    plan = sorted(p for p in folder.glob("*.yaml") if p.name != "project.yaml")[-1]
    project = folder / "project.yaml"
    originals = {path: path.read_text("utf-8") for path in (plan, project)}
    plan.write_text("# reviewed by the lead partner\n\n" + originals[plan] + "\n\n# end\n",
                    "utf-8")
    project.write_text(originals[project].replace("\n", "\n\n", 3) + "# a note\n", "utf-8")
    try:
        result = run("build", folder, "-o", out)
        assert result.exit_code == 0, result.output
        assert "rendered" not in result.output
        assert "0 written" in result.output
        assert outputs(out) == before

        title = "title: Baltic export mentoring network"
        assert title in originals[plan]
        plan.write_text(originals[plan].replace(title, f"{title} #draft", 1), "utf-8")
        refused = run("build", folder, "-o", out)
        assert refused.exit_code != 0
        assert "`#draft` would be left out" in refused.output
        assert outputs(out) == before
    finally:
        for path, text in originals.items():
            path.write_text(text, "utf-8")


def test_deleted_output_is_made_again(built: tuple[Path, Path]) -> None:
    folder, out = built
    victim = sorted(out.glob("*.docx"))[0]
    victim.unlink()
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert victim.is_file()


def test_invalid_plan_writes_nothing(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN, "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: sout")})
    out = tmp_path / "build"
    result = run("build", folder, "-o", out)
    assert result.exit_code == 1
    assert "south.yaml:1:10: partner: `sout` is not a partner of project.yaml." in result.output
    assert "nothing was written" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_build_that_writes_nothing_leaves_no_new_output_folder(tmp_path: Path) -> None:
    """A refused build or render does not leave an empty folder it created behind (an
    existing folder stays, with what it held)."""
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN.replace("partner: north", "partner: sout")})
    result = run("build", folder, "-o", tmp_path / "new")
    assert result.exit_code == 1 and not (tmp_path / "new").exists()
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "my-plan.yaml").write_text(MINIMAL_PLAN, "utf-8")
    result = run("render", alone / "my-plan.yaml", "-o", alone / "build")
    assert result.exit_code == 1 and not (alone / "build").exists()
    (tmp_path / "kept").mkdir()
    result = run("build", folder, "-o", tmp_path / "kept")
    assert result.exit_code == 1 and (tmp_path / "kept").is_dir()


def test_keep_going_warns_of_a_left_out_plan_s_earlier_documents(tmp_path: Path) -> None:
    """A plan left out keeps its documents of an earlier build in the folder: a lead partner
    uploading the folder would send them, so the build says they are out of date."""
    south = MINIMAL_PLAN.replace("partner: north", "partner: south")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          "south.yaml": south})
    out = tmp_path / "build"
    assert run("build", folder, "-o", out).exit_code == 0
    (folder / "south.yaml").write_text(south.replace("status: submitted", "status: aproved"))
    result = run("build", folder, "-o", out, "--keep-going")
    assert result.exit_code == 1, result.output
    assert (f"warning: {out}/south.docx and {out}/south.pdf are from an earlier build: "
            f"{folder}/south.yaml has errors now, so they may not say what it says, and the "
            "deliverable leaves them out. Delete them, or fix the plan and build again."
            ) in result.output


def test_keep_going_renders_the_valid_plans_and_lists_the_others(tmp_path: Path) -> None:
    """Exit 1: a plan was left out. Its partner has a plan (with errors), not none."""
    south = MINIMAL_PLAN.replace("partner: north", "partner: south").replace(
        "status: submitted", "status: aproved")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          "south.yaml": south})
    out = tmp_path / "build"
    result = run("build", folder, "-o", out, "--keep-going")
    assert result.exit_code == 1, result.output
    assert (out / "north.pdf").is_file() and not (out / "south.pdf").exists()
    assert result.output.endswith(f"plans with errors, left out (--keep-going): {folder}/south.yaml."
                                  " The deliverable lists them among its open points.\n")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out / "TestSME-action-plans.pdf").pages)
    assert f"{folder}/south.yaml has errors and was left out: 1 error." in " ".join(text.split())
    assert "Partners without a plan" not in text


def test_earlier_outputs_survive_a_failed_build(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    out = tmp_path / "build"
    assert run("build", folder, "-o", out).exit_code == 0
    before = outputs(out)
    (folder / "north.yaml").write_text(MINIMAL_PLAN.replace('version: "1.0"', "version: 1.10"), "utf-8")
    assert run("build", folder, "-o", out).exit_code == 1
    assert outputs(out) == before


def test_unwritable_output_folder_is_a_clean_error(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run("build", folder, "-o", blocker / "build")
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot create the output folder")
    assert "Traceback" not in result.output


def test_same_inputs_and_source_date_epoch_give_identical_bytes(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("build", folder, "-o", first, "-j", "1").exit_code == 0
    assert run("build", folder, "-o", second, "-j", "2").exit_code == 0
    for name in ("north.docx", "north.pdf", "TestSME-action-plans.docx", "TestSME-action-plans.pdf"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_interrupted_build_leaves_earlier_outputs_intact(tmp_path: Path) -> None:
    """Ctrl-C in the middle of a forced rebuild: every earlier output is byte-identical."""
    import shutil

    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    out = tmp_path / "build"
    first = subprocess.run([sys.executable, "-m", "actionplan", "build", str(folder), "-o", str(out)],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    process = subprocess.Popen([sys.executable, "-m", "actionplan", "build", str(folder), "-o",
                                str(out), "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # mid-way: imports done, plans rendering
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert tree_digest(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    os.sync()


def test_render_one_plan_in_one_format(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN,
        "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")})
    out = tmp_path / "out"
    result = run("render", folder / "south.yaml", "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["south.docx"]
    assert result.output.endswith(f"{out}: 1 written, 0 unchanged in "
                                  f"{result.output.rsplit(' in ', 1)[1]}")


def test_render_is_not_stopped_by_another_partners_mistakes(tmp_path: Path) -> None:
    """Issue 11: `render my-plan.yaml` checks that plan, project.yaml and the rules that involve
    the plan; a neighbour's broken date is not its business, an unreadable neighbour a warning."""
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN,
        "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")
                                  .replace("date: 2019-03-29", "date: 2019-02-30"),
        "west.yaml": 'partner: "west\nversion: "1.0"\n'})
    out = tmp_path / "out"
    result = run("render", folder / "north.yaml", "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (out / "north.docx").is_file()
    assert (f"warning: {folder}/west.yaml:1:1: its `partner:` could not be read, so whether it is "
            "a second plan of the same partner was not checked.") in result.output
    assert "south.yaml" not in result.output

    own = run("render", folder / "south.yaml", "-o", out, "--format", "docx")
    assert own.exit_code == 1
    assert "south.yaml:4:7: date: `2019-02-30` is not a real date." in own.output
    assert own.output.rstrip().endswith("1 error in 1 file; nothing was written.")
    assert not (out / "south.docx").exists()


def test_render_still_checks_the_rule_that_involves_its_plan(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN, "south.yaml": MINIMAL_PLAN})
    result = run("render", folder / "south.yaml", "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 1
    assert (f"{folder}/south.yaml:1:10: partner: two plan files name partner `north`: "
            f"{folder}/north.yaml (line 1) and {folder}/south.yaml (line 1).") in result.output


def test_render_keep_going_renders_the_valid_plans_named(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN,
        "south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")
                                  .replace("status: submitted", "status: aproved")})
    out = tmp_path / "out"
    result = run("render", folder / "north.yaml", folder / "south.yaml", "-o", out,
                 "--format", "docx", "--keep-going")
    assert result.exit_code == 1, result.output  # a plan was left out (issue 12, item 6)
    assert (out / "north.docx").is_file() and not (out / "south.docx").exists()
    assert "south.yaml:3:9: status: `aproved` is not one of" in result.output
    assert (f"plans with errors, left out (--keep-going): {folder}/south.yaml.\n"
            in result.output)
