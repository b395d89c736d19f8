"""A logo's path as partners write it: with Windows' \\, as a full path, in other letters.

A path that leaves the partnership folder stays refused (quality.md), but a path that names a
file inside it in a way only some computers read is told apart from one that leaves it, with
the path to write instead. Letters that differ in case from the file's name are refused on
every system: Linux, where documents are often built, does not find such a file, so a partner
on Windows or macOS learns it from `validate` before the lead partner's build fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, write_partnership
from PIL import Image

from actionplan.cli import main

OUTSIDE = ("leads outside the partnership folder. Put the image in the folder (e.g. logos/) and "
           "give its path from project.yaml.")


def partnership(tmp_path: Path, logo: str, *, partner: bool = False) -> Path:
    """A folder with logos/leeuwarden.png, and `logo` as the project's logo (or north's)."""
    if partner:
        text = MINIMAL_PROJECT.replace("    nuts2: HU22\n", f"    nuts2: HU22\n    logo: {logo}\n")
    else:
        text = MINIMAL_PROJECT.replace("  lead_partner: north\n",
                                       f"  lead_partner: north\n  logo: {logo}\n")
    folder = write_partnership(tmp_path / "plans", text, {"north.yaml": MINIMAL_PLAN})
    (folder / "logos").mkdir()
    Image.new("RGB", (40, 20), "navy").save(folder / "logos" / "leeuwarden.png")
    return folder


def validate(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_the_path_as_it_should_be_is_valid(tmp_path: Path) -> None:
    assert validate(partnership(tmp_path, "logos/leeuwarden.png"))[0] == 0


@pytest.mark.parametrize("partner", [False, True], ids=["project", "partner"])
def test_backslashes_are_named_with_the_path_to_write(tmp_path: Path, partner: bool) -> None:
    folder = partnership(tmp_path, "logos\\leeuwarden.png", partner=partner)
    code, output = validate(folder)
    where = "project.yaml:15:11: partners[1].logo" if partner else "project.yaml:8:9: project.logo"
    assert code == 1
    assert (f"{folder}/{where}: `logos\\leeuwarden.png` separates folders with \\, which only "
            "Windows reads. Write the path with / instead of \\: `logos/leeuwarden.png`.\n"
            in output), output


def test_backslashes_that_lead_out_of_the_folder_are_still_refused(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "..\\secret.png")
    (tmp_path / "secret.png").write_bytes((folder / "logos" / "leeuwarden.png").read_bytes())
    code, output = validate(folder)
    assert code == 1
    assert f"project.logo: `..\\secret.png` {OUTSIDE}\n" in output, output


def test_a_full_path_inside_the_folder_is_given_relative(tmp_path: Path) -> None:
    full = tmp_path / "plans" / "logos" / "leeuwarden.png"
    folder = partnership(tmp_path, str(full))
    code, output = validate(folder)
    assert code == 1
    assert (f"project.logo: `{full}` is a full path, which names the file on one computer only. "
            "Write it relative to the partnership folder: `logos/leeuwarden.png`.\n"
            in output), output


def test_a_full_path_that_leaves_the_folder_is_still_refused(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "/etc/passwd")
    code, output = validate(folder)
    assert code == 1
    assert f"project.logo: `/etc/passwd` {OUTSIDE}\n" in output, output


def test_a_windows_full_path_to_a_file_of_the_folder_is_given_relative(tmp_path: Path) -> None:
    logo = "C:\\Users\\anna\\Documents\\plans\\logos\\leeuwarden.png"
    folder = partnership(tmp_path, logo)
    code, output = validate(folder)
    assert code == 1
    assert (f"project.logo: `{logo}` is a full path, which names the file on one computer only. "
            "Write it relative to the partnership folder: `logos/leeuwarden.png`.\n"
            in output), output


def test_a_windows_full_path_to_another_file_is_outside(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "C:\\Users\\anna\\Pictures\\emblem.png")
    code, output = validate(folder)
    assert code == 1
    assert f"project.logo: `C:\\Users\\anna\\Pictures\\emblem.png` {OUTSIDE}\n" in output, output


CASE_WORDS = ("is not found on Linux, where documents are often built: the file's name has other "
              "capital and small letters. Did you mean `logos/leeuwarden.png`? (letters must "
              "match in case)\n")


@pytest.mark.parametrize("partner", [False, True], ids=["project", "partner"])
def test_other_capitals_are_named_with_the_file_meant(tmp_path: Path, partner: bool) -> None:
    folder = partnership(tmp_path, "Logos/Leeuwarden.PNG", partner=partner)
    code, output = validate(folder)
    assert code == 1
    assert f".logo: `Logos/Leeuwarden.PNG` {CASE_WORDS}" in output, output


def test_other_capitals_are_refused_where_the_file_system_finds_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows or macOS, whose file systems ignore case: opening the file succeeds."""
    from actionplan.load import images

    folder = partnership(tmp_path, "Logos/Leeuwarden.PNG")
    real_read = images._read

    def ignoring_case(path: Path) -> bytes:
        return real_read(folder / str(path.relative_to(folder.resolve())).lower())

    monkeypatch.setattr(images, "_read", ignoring_case)
    code, output = validate(folder)
    assert code == 1
    assert f"project.logo: `Logos/Leeuwarden.PNG` {CASE_WORDS}" in output, output


def test_backslashes_and_other_capitals_are_corrected_at_once(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "Logos\\Leeuwarden.png")
    code, output = validate(folder)
    assert code == 1
    assert ("`Logos\\Leeuwarden.png` separates folders with \\, which only Windows reads. Write "
            "the path with / instead of \\: `logos/leeuwarden.png`.\n" in output), output


def test_a_missing_file_is_still_called_missing(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "logos/groningen.png")
    code, output = validate(folder)
    assert code == 1
    assert ("project.logo: `logos/groningen.png` does not exist. Check the spelling; the path is "
            "relative to project.yaml.\n" in output), output


def test_a_link_out_of_the_folder_is_still_refused(tmp_path: Path) -> None:
    folder = partnership(tmp_path, "logos/link.png")
    (folder / "logos" / "link.png").symlink_to(tmp_path / "elsewhere.png")
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "elsewhere.png")
    code, output = validate(folder)
    assert code == 1
    assert f"project.logo: `logos/link.png` {OUTSIDE}\n" in output, output
