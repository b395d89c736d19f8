"""What a build leaves in the output folder, whatever happened to it since the last one.

Hand-edited outputs, outputs of deleted plans, damaged build records, stale temp files, an
output folder inside the partnership folder, a full disk, a second build at the same time.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main

MANIFEST = ".actionplan-manifest.json"
SOUTH_PLAN = MINIMAL_PLAN.replace("partner: north", "partner: south")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(folder: Path) -> dict[str, str]:
    """Content hash of every visible file of an output folder."""
    return {p.name: digest(p) for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def counts(result) -> str:  # type: ignore[no-untyped-def]
    """`2 written, 4 unchanged` from a build's last line."""
    last = result.output.strip().splitlines()[-1]
    return last.split(": ", 1)[1].rsplit(" in ", 1)[0]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A partnership of two plans, built with -j 1: the folder holding plans/ and build/."""
    base = tmp_path_factory.mktemp("two-plans")
    folder = write_partnership(base / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                      "south.yaml": SOUTH_PLAN})
    result = run("build", folder, "-o", base / "build", "-j", "1")
    assert result.exit_code == 0, result.output
    return base


@pytest.fixture
def two_plans(built_once: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of `built_once`: (partnership folder, output folder). Copies keep their
    times, and a build record names nothing outside its folder: the copy is current."""
    shutil.copytree(built_once / "plans", tmp_path / "plans")
    shutil.copytree(built_once / "build", tmp_path / "build")
    return tmp_path / "plans", tmp_path / "build"


# --- outputs edited by hand (issue 10 item 9, issue 12 item 4) -------------------------------

def test_an_edited_output_is_kept_aside_even_with_the_same_size_and_time(
        two_plans: tuple[Path, Path]) -> None:
    folder, out = two_plans
    docx = out / "north.docx"
    made, info = docx.read_bytes(), docx.stat()
    edited = made[:-4] + b"EDIT"  # same size
    docx.write_bytes(edited)
    os.utime(docx, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same time
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert (f"warning: {out}/north.docx was changed after actionplan wrote it: your version is "
            f"kept as {out}/north.edited.docx, beside the new one.") in result.output
    assert docx.read_bytes() == made
    assert (out / "north.edited.docx").read_bytes() == edited
    assert counts(result) == "1 written, 5 unchanged"


def test_an_edited_output_is_kept_aside_when_its_plan_changed_too(
        two_plans: tuple[Path, Path]) -> None:
    folder, out = two_plans
    (out / "north.pdf").write_bytes(b"my notes on the PDF")
    (out / "north.edited.pdf").write_bytes(b"kept from an earlier round")
    plan = folder / "north.yaml"
    plan.write_text(MINIMAL_PLAN.replace("Export vouchers", "Export grants"), "utf-8")
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"kept as {out}/north.edited-2.pdf, beside the new one." in result.output
    assert (out / "north.edited-2.pdf").read_bytes() == b"my notes on the PDF"
    assert (out / "north.edited.pdf").read_bytes() == b"kept from an earlier round"
    assert (out / "north.pdf").read_bytes().startswith(b"%PDF")


def test_without_a_record_an_existing_different_file_is_kept_aside(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    out = tmp_path / "build"
    out.mkdir()
    (out / "north.docx").write_bytes(b"someone's own north.docx")
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert (out / "north.edited.docx").read_bytes() == b"someone's own north.docx"
    assert (out / "north.docx").read_bytes().startswith(b"PK")


def test_the_manifest_records_content_hashes_of_what_was_written(
        two_plans: tuple[Path, Path]) -> None:
    _, out = two_plans
    record = json.loads((out / MANIFEST).read_text("utf-8"))
    written = {name: entry["sha256"] for name, entry in record["outputs"].items()}
    assert written == outputs(out)


# --- outputs of deleted plans ----------------------------------------------------------------

def test_outputs_of_a_deleted_plan_belong_to_no_plan_and_are_not_counted(
        two_plans: tuple[Path, Path]) -> None:
    folder, out = two_plans
    (folder / "south.yaml").unlink()
    first = run("build", folder, "-o", out, "-j", "1")
    assert first.exit_code == 0, first.output
    again = run("build", folder, "-o", out, "-j", "1")
    assert again.exit_code == 0, again.output
    for result in (first, again):
        assert (f"warning: these files in {out} belong to no plan any more and were left as they "
                "are: south.docx, south.pdf. Delete them if they are no longer needed."
                ) in result.output
    assert counts(first) == "2 written, 2 unchanged"
    assert counts(again) == "0 written, 4 unchanged"
    assert (out / "south.pdf").is_file()


# --- damaged build records ---------------------------------------------------------------------

DAMAGE = {
    "entry-not-an-object": lambda path: path.write_text('{"north.pdf": 5, "north.docx": []}'),
    "not-json": lambda path: path.write_bytes(b"\x00\xffgarbage"),
    "a-list": lambda path: path.write_text("[1, 2, 3]"),
    "outputs-not-an-object": lambda path: path.write_text('{"format": 2, "outputs": "x"}'),
    "a-directory": lambda path: (path.unlink(), path.mkdir(), (path / "x").write_text("x")),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_manifest_is_set_aside_and_rebuilt(two_plans: tuple[Path, Path],
                                                     damage: str) -> None:
    folder, out = two_plans
    before = outputs(out)
    DAMAGE[damage](out / MANIFEST)
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert (f"warning: {out}/{MANIFEST}, the record of what actionplan wrote, was damaged; it is "
            f"kept as {out}/{MANIFEST}.damaged and made again.") in result.output
    assert outputs(out) == before  # the same bytes again: nothing kept aside
    assert (out / f"{MANIFEST}.damaged").exists()
    assert json.loads((out / MANIFEST).read_text("utf-8"))["outputs"]
    assert counts(run("build", folder, "-o", out, "-j", "1")) == "0 written, 6 unchanged"


def test_without_a_record_an_output_is_kept_as_one_that_may_have_been_edited(
        two_plans: tuple[Path, Path]) -> None:
    """With the build record damaged nothing tells an edited output from one actionplan wrote:
    each file the build replaces is kept, and the warning says why, not that it was edited."""
    folder, out = two_plans
    DAMAGE["not-json"](out / MANIFEST)
    (folder / "north.yaml").write_text(MINIMAL_PLAN.replace("Export vouchers", "Grants"), "utf-8")
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"{out}/north.pdf was changed after actionplan wrote it" not in result.output
    assert (f"warning: {out}/north.pdf: with its build record damaged, actionplan cannot tell "
            f"whether it was edited; it is kept as {out}/north.edited.pdf, beside the new one."
            ) in result.output


def test_a_full_disk_while_the_manifest_is_written_is_a_plain_message(
        two_plans: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, out = two_plans
    (folder / "north.yaml").write_text(MINIMAL_PLAN.replace("Export vouchers", "Grants"), "utf-8")
    real_replace = os.replace

    def full(src: object, dst: object, **kwargs: object) -> None:
        if str(dst).endswith(MANIFEST):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.endswith(
        f"error: cannot record what was written in {out}/{MANIFEST}: No space left on device. "
        "Every output is complete; the next build checks them all again.\n")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    again = run("build", folder, "-o", out, "-j", "1")
    assert counts(again) == "0 written, 6 unchanged"  # the new bytes are there already
    assert not list(out.glob("*.edited*")), again.output


def test_a_failed_rename_says_which_outputs_were_written(two_plans: tuple[Path, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder, out = two_plans
    for name in ("north.yaml", "south.yaml"):
        plan = folder / name
        plan.write_text(plan.read_text("utf-8").replace("Export vouchers", "Grants"), "utf-8")
    real_replace = os.replace

    def refuse(src: object, dst: object, **kwargs: object) -> None:
        if str(dst).endswith("south.docx"):
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse)
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert result.output.endswith(
        f"error: cannot write {out}/south.docx: Permission denied. Written: north.docx, "
        "north.pdf. Not written, their previous versions kept: south.docx, south.pdf, "
        "TestSME-action-plans.docx, TestSME-action-plans.pdf.\n")


# --- temp files, concurrent builds -------------------------------------------------------------

def test_the_next_build_removes_its_own_stale_temp_files(two_plans: tuple[Path, Path]) -> None:
    folder, out = two_plans
    stale = [out / ".actionplan.north.pdf.k1ll3d.tmp", out / ".north.docx.abcd1234.tmp"]
    for path in stale:
        path.write_bytes(b"half a file, left by a killed build")
    (out / ".notes.tmp").write_bytes(b"not the build's")
    result = run("build", folder, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) == [".notes.tmp"]


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(
        two_plans: tuple[Path, Path]) -> None:
    folder, out = two_plans
    with open(out / ".actionplan-lock", "a+") as lock:  # what a running build holds
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.seek(0)
        lock.truncate()
        lock.write("4242\n")
        lock.flush()
        result = run("build", folder, "-o", out, "-j", "1", "--force")
    assert result.exit_code == 1
    assert result.output == (f"error: another actionplan build is writing to {out} (process "
                             "4242). Wait for it to finish, or choose another folder with -o.\n")


# --- output folders inside the partnership folder ----------------------------------------------

def test_an_output_folder_inside_the_partnership_folder_is_not_an_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_partnership(tmp_path / "plans")
    monkeypatch.chdir(folder)
    assert run("build", ".", "-o", "build", "-j", "1").exit_code == 0
    again = run("build", ".", "-o", "build", "-j", "1")
    assert again.exit_code == 0, again.output
    assert counts(again) == "0 written, 4 unchanged"
    render = run("render", "north.yaml")  # render's default output folder: build
    assert render.exit_code == 0, render.output
    assert counts(render) == "0 written, 2 unchanged"


def test_build_in_a_partnership_folder_without_plans_subfolder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the folder holding project.yaml, that folder is the partnership (issue 16)."""
    folder = write_partnership(tmp_path / "partnership")
    monkeypatch.chdir(folder)
    result = run("build", "-o", "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "out").iterdir() if not p.name.startswith(".")) == [
        "TestSME-action-plans.docx", "TestSME-action-plans.pdf", "north.docx", "north.pdf"]


def test_build_of_a_folder_that_does_not_exist(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_partnership(tmp_path / "partnership")
    monkeypatch.chdir(folder)
    result = run("build", "plans", "-o", "out")
    assert result.exit_code == 1
    assert result.output == ("error: plans: no such folder. This folder holds project.yaml: "
                             "build it with `actionplan build . -o out`.\n")
    assert not (folder / "out").exists()


def test_an_output_folder_that_is_a_dangling_link(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    (tmp_path / "build").symlink_to(tmp_path / "gone")
    result = run("build", folder, "-o", tmp_path / "build")
    assert result.exit_code == 1
    assert result.output == (f"error: the output folder {tmp_path}/build is a link to "
                             f"{tmp_path}/gone, which does not exist. Remove the link, or create "
                             "the folder it points to.\n")
