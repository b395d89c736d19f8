"""What a build reads, and that the documents show exactly what it fingerprinted.

Special files in the partnership folder, unreadable files, a file saved and saved back during
a build, the same partnership in two folders, a plan that fails only when rendered, the date
printed without SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, ROOT, write_partnership

from actionplan.cli import main

HANG = 120
"""Seconds after which a command that has not ended is a hang (these take a few seconds)."""
SOUTH_PLAN = MINIMAL_PLAN.replace("partner: north", "partner: south")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def run_process(*args: object) -> subprocess.CompletedProcess[str]:
    """The command in its own process: a hang fails the test instead of stopping the suite."""
    return subprocess.run([sys.executable, "-m", "actionplan", *map(str, args)], timeout=HANG,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def png(colour: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(out, "PNG")
    return out.getvalue()


def with_logos(folder: Path, colour: str = "navy") -> Path:
    """The minimal partnership with a project logo and the north partner's logo."""
    project = MINIMAL_PROJECT.replace("  lead_partner: north\n",
                                      "  lead_partner: north\n  logo: logos/project.png\n")
    project = project.replace("    nuts2: HU22\n", "    nuts2: HU22\n    logo: logos/north.png\n")
    write_partnership(folder, project)
    (folder / "logos").mkdir()
    (folder / "logos" / "project.png").write_bytes(png(colour))
    (folder / "logos" / "north.png").write_bytes(png("orange"))
    return folder


def docx_media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as docx:
        return [docx.read(n) for n in sorted(docx.namelist()) if n.startswith("word/media/")]


# --- files nobody references are not read -------------------------------------------------------

def test_a_fifo_and_a_link_to_dev_zero_in_the_folder_are_never_read(tmp_path: Path) -> None:
    folder = with_logos(tmp_path / "plans")
    os.mkfifo(folder / "logos" / "stray")
    (folder / "zero.png").symlink_to("/dev/zero")
    (folder / "outside.txt").symlink_to("/etc/hostname")
    assert run_process("validate", folder).returncode == 0
    result = run_process("build", folder, "-o", tmp_path / "build")
    assert result.returncode == 0, result.stderr
    again = run_process("build", folder, "-o", tmp_path / "build")
    assert again.returncode == 0, again.stderr
    assert "0 written, 4 unchanged" in again.stdout


@pytest.mark.parametrize(("make", "message"), [
    (lambda logos: os.mkfifo(logos / "pipe.png"),
     "project.yaml:8:9: project.logo: `logos/pipe.png` is a named pipe (FIFO), not an image "
     "file. Replace it with the logo saved as a PNG or JPEG file."),
    (lambda logos: (logos / "pipe.png").symlink_to("/dev/zero"),
     "project.yaml:8:9: project.logo: `logos/pipe.png` leads outside the partnership folder."),
], ids=["fifo", "dev-zero"])
def test_a_special_file_used_as_a_logo_ends_the_build_with_a_located_message(
        tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = with_logos(tmp_path / "plans")
    (folder / "project.yaml").write_text((folder / "project.yaml").read_text("utf-8").replace(
        "logos/project.png", "logos/pipe.png"), "utf-8")
    make(folder / "logos")
    for command in (("validate", folder), ("build", folder, "-o", tmp_path / "build")):
        result = run_process(*command)
        assert result.returncode == 1, result.stdout
        assert f"{folder}/{message}" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_fifo_in_the_template_folder_ends_the_build_with_a_message(tmp_path: Path) -> None:
    """Jinja and the Word template would open it and wait forever."""
    folder = write_partnership(tmp_path / "plans")
    (folder / "templates").mkdir()
    os.mkfifo(folder / "templates" / "action-plan.html.j2")
    result = run_process("build", folder, "-o", tmp_path / "build")
    assert result.returncode == 1
    assert result.stderr == (
        f"{folder}/templates/action-plan.html.j2:1:1: this template file is a pipe (FIFO), not "
        "a file. A template folder holds ordinary files: remove it, or put the file itself "
        "there.\n1 error in 1 file; nothing was written.\n")


@pytest.mark.parametrize("victim", ["north.yaml", "logos/north.png"])
def test_an_unreadable_file_is_a_located_message(tmp_path: Path, victim: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """As a user who may not read the file (the tests run as root, who may: `open` refuses)."""
    folder = with_logos(tmp_path / "plans")
    real_open = os.open

    def refusing(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path) == str(folder / victim):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)
    result = run("build", folder, "-o", tmp_path / "build", "-j", "1")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected = {
        "north.yaml": f"{folder}/north.yaml:1:1: this file cannot be read (Permission denied). "
                      "Check that the file is readable by you (its permissions), then try again.",
        "logos/north.png": f"{folder}/project.yaml:16:11: partners[1].logo: `logos/north.png` "
                           "cannot be read: permission denied. Make the file readable for the "
                           "account that runs actionplan, or save the logo again."}[victim]
    assert expected in result.output


# --- the documents are made from the bytes fingerprinted ----------------------------------------

def test_a_plan_saved_and_saved_back_during_a_build_leaves_no_stale_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit-and-undo race made deterministic: the plan changes right before the build
    loads it and changes back right after. Whatever the build rendered, the next build must
    leave documents that show what the file says."""
    from actionplan.build import pipeline

    folder = write_partnership(tmp_path / "plans")
    out = tmp_path / "build"
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    plan = folder / "north.yaml"
    plan.write_text(MINIMAL_PLAN.replace("Export vouchers", "Export grants"), "utf-8")
    real_load = pipeline.load_partnership

    def racing(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan.write_text(MINIMAL_PLAN.replace("Export vouchers", "Export loans"), "utf-8")
        try:
            return real_load(*args, **kwargs)
        finally:
            plan.write_text(MINIMAL_PLAN.replace("Export vouchers", "Export grants"), "utf-8")

    monkeypatch.setattr(pipeline, "load_partnership", racing)
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    monkeypatch.undo()
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    from actionplan.render.docx import dump_docx

    text = dump_docx((out / "north.docx").read_bytes())
    assert "Export grants" in text and "Export loans" not in text


def test_a_logo_saved_and_saved_back_during_a_build_leaves_no_stale_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The logo changes after the build read it and changes back once the DOCX is made:
    the DOCX embeds the bytes the build read and fingerprinted, never a later read."""
    import actionplan.render.docx as docx_module
    from actionplan.build import pipeline

    folder = with_logos(tmp_path / "plans")
    out = tmp_path / "build"
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    logo = folder / "logos" / "project.png"
    logo.write_bytes(png("green"))
    real_load, real_docx = pipeline.load_partnership, docx_module.docx_bytes

    def load_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        partnership = real_load(*args, **kwargs)
        logo.write_bytes(png("red"))
        return partnership

    def docx_then_undo(*args, **kwargs):  # type: ignore[no-untyped-def]
        data = real_docx(*args, **kwargs)
        logo.write_bytes(png("green"))
        return data

    monkeypatch.setattr(pipeline, "load_partnership", load_then_edit)
    monkeypatch.setattr(docx_module, "docx_bytes", docx_then_undo)
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    monkeypatch.undo()
    assert run("build", folder, "-o", out, "-j", "1").exit_code == 0
    assert png("green") in docx_media(out / "north.docx")
    assert png("red") not in docx_media(out / "north.docx")


def test_the_same_partnership_in_two_folders_gives_the_same_bytes(tmp_path: Path) -> None:
    first = with_logos(tmp_path / "one" / "plans")
    second = tmp_path / "elsewhere" / "deeper" / "partnership"
    shutil.copytree(first, second)
    for folder in (first, second):
        assert run("build", folder, "-o", folder.parent / "build", "-j", "1").exit_code == 0
    for name in ("north.docx", "north.pdf", "TestSME-action-plans.docx", "TestSME-action-plans.pdf"):
        assert (first.parent / "build" / name).read_bytes() == \
            (second.parent / "build" / name).read_bytes(), name


# --- --keep-going with a plan that fails only when rendered --------------------------------------

def test_keep_going_renders_every_other_plan_when_one_fails_to_render(tmp_path: Path) -> None:
    """A plan that passes validation but fails in the PDF template (here an overriding
    template with a mistake only south's plan reaches)."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                          "south.yaml": SOUTH_PLAN})
    (folder / "templates").mkdir()
    template = (ROOT / "templates" / "action-plan.html.j2").read_text("utf-8")
    (folder / "templates" / "action-plan.html.j2").write_text(template.replace(
        "<body>", "<body>{% if ctx.plan_id == 'south' %}{{ ctx.no_such_field }}{% endif %}", 1),
        "utf-8")
    out = tmp_path / "build"
    plain = run("build", folder, "-o", out, "-j", "1")
    assert plain.exit_code == 1
    assert "Nothing was written; earlier outputs are as they were. With --keep-going the other " \
           "plans are built." in plain.output
    assert not out.exists() or not list(out.iterdir())

    result = run("build", folder, "-o", out, "-j", "2", "--keep-going")
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["TestSME-action-plans.docx", "TestSME-action-plans.pdf", "north.docx",
                     "north.pdf"]
    assert f"{folder}/south.yaml:1:1: this plan could not be rendered: template " \
           "action-plan.html.j2: 'actionplan.words.plan.PlanContext object' has no attribute " \
           "'no_such_field'\n" in result.output
    assert result.output.endswith(f"plans with errors, left out (--keep-going): {folder}/"
                                  "south.yaml. The deliverable lists them among its open "
                                  "points.\n")
    from pypdf import PdfReader

    pdf = " ".join(" ".join(page.extract_text() for page in
                            PdfReader(out / "TestSME-action-plans.pdf").pages).split())
    assert f"{folder}/south.yaml has errors and was left out: 1 error." in pdf
    assert "could not be rendered" in pdf and "no_such_field" in pdf
    assert "Partners without a plan" not in pdf
    from actionplan.render.docx import dump_docx

    docx = dump_docx((out / "TestSME-action-plans.docx").read_bytes())
    assert f"{folder}/south.yaml has errors and was left out: 1 error." in docx


# --- the date printed --------------------------------------------------------------------------

def test_without_source_date_epoch_the_local_date_is_printed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Late in the evening of 29 March in UTC, it is already 30 March at UTC+14."""
    from actionplan.console import building
    from actionplan.render.docx import dump_docx

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("TZ", "Etc/GMT-14")  # POSIX sign: UTC+14
    time.tzset()
    monkeypatch.setattr(building, "_now", lambda: dt.datetime(2019, 3, 29, 21, 0, tzinfo=dt.UTC))
    try:
        folder = write_partnership(tmp_path / "plans")
        assert run("build", folder, "-o", tmp_path / "build", "-j", "1").exit_code == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    text = dump_docx((tmp_path / "build" / "TestSME-action-plans.docx").read_bytes())
    assert "| – | April 2016 – March 2021 | 30 March 2019 |" in text  # the cover's date


# --- size ---------------------------------------------------------------------------------------

def test_an_oversized_project_yaml_is_refused_before_any_plan_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actionplan.load import inputs

    folder = write_partnership(tmp_path / "plans",
                               MINIMAL_PROJECT + "# " + "x" * (1024 * 1024) + "\n",
                               {f"p{n:03}.yaml": "partner: [broken\n" for n in range(50)})
    read: list[str] = []
    real_read = inputs.read_regular
    monkeypatch.setattr(inputs, "read_regular",
                        lambda path, limit: read.append(Path(path).name) or real_read(path, limit))
    result = run("validate", folder)
    assert result.exit_code == 1
    assert result.output == (f"{folder}/project.yaml:1:1: the file is larger than 1 MiB, the "
                             "limit for one file. Split long texts or remove pasted material.\n"
                             "1 error in 1 file.\n")
    assert read == ["project.yaml"]  # refused by its size, before a byte of it was read
