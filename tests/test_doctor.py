"""`actionplan doctor`: what the documents need from the computer, said in plain words.

Each test doctors the environment (no fonts for fontconfig, no `fc-list`, Pango that cannot
be loaded or is too old, no LibreOffice) and reads what a partner would read.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import matplotlib
import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main
from actionplan.render import machine

HAN_PLAN = MINIMAL_PLAN.replace("title: Export vouchers", "title: 出口代金券")
HEBREW_PLAN = MINIMAL_PLAN.replace("title: Export vouchers", "title: שלום")
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def run(*args: str | Path):
    return CliRunner().invoke(main, ["doctor", *map(str, args)])


def lines(result) -> list[str]:  # type: ignore[no-untyped-def]
    return result.output.splitlines()[1:]  # after the line naming versions and the folder


@pytest.fixture
def no_fonts_for_fontconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontconfig (and so fc-list) sees an empty font folder and nothing else."""
    (tmp_path / "no-fonts").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n', "utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_a_script_with_an_installed_font_is_ok(tmp_path: Path) -> None:
    result = run(write_partnership(tmp_path / "plans", plans={"north.yaml": HAN_PLAN}))
    assert result.exit_code == 0, result.output
    han = next(line for line in lines(result) if " Han " in line)
    assert re.fullmatch(r"ok {7}Han \(5 different characters\): drawn by [^()]+\.", han), han
    assert "ok       Latin (" in result.output
    assert result.output.endswith("Everything the documents need is here.\n")


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_a_script_no_font_draws_is_named_with_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_fonts_for_fontconfig: None) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    result = run(write_partnership(tmp_path / "plans", plans={"north.yaml": HAN_PLAN}))
    assert result.exit_code == 1
    assert "ok       Latin (" in result.output  # the built-in Open Sans draws Latin
    assert [line for line in lines(result) if "Han" in line or line.startswith(" ")] == [
        "MISSING  Han (5 different characters): no font on this computer draws 代, 出, 券, 口, 金: "
        "the PDFs cannot be made with them.",
        "         Install a font that has them, e.g. Noto Sans CJK: on Debian or Ubuntu, sudo apt "
        "install fonts-noto-cjk."]
    assert result.output.endswith("1 thing missing: install what is said above, then run "
                                  "actionplan doctor again.\n")


def test_without_fc_list_the_font_folders_are_read(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fontconfig's tools are not installed (Windows, macOS), fontTools reads the
    computer's font folders; run inside the partnership folder, doctor checks it."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(machine.shutil, "which", lambda name: None)
    monkeypatch.setattr(machine, "_system_font_folders", lambda: [fonts])
    monkeypatch.chdir(write_partnership(tmp_path / "ours", plans={"north.yaml": HEBREW_PLAN}))

    result = run()
    assert result.exit_code == 1
    assert "MISSING  Hebrew (4 different characters): no font on this computer draws" in result.output

    shutil.copy(DEJAVU, fonts)
    result = run()
    assert result.exit_code == 0, result.output
    assert "ok       Hebrew (4 different characters): drawn by DejaVu Sans.\n" in result.output


@pytest.mark.parametrize("platform, words", [
    ("linux", "On Debian or Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0"),
    ("darwin", "Install Homebrew (https://brew.sh), then run: brew install pango"),
    ("win32", "in its \"MSYS2 UCRT64\" window run: pacman -S mingw-w64-ucrt-x86_64-pango"),
])
def test_pango_that_cannot_be_loaded_is_explained_for_the_system(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, words: str) -> None:
    def no_pango() -> None:
        raise OSError("cannot load library 'libpango-1.0-0': error 0x7e")

    monkeypatch.setattr(machine, "pdf_libraries", no_pango)
    monkeypatch.setattr(sys, "platform", platform)
    result = run(write_partnership(tmp_path / "plans"))
    assert result.exit_code == 1
    assert lines(result)[0] == ("MISSING  Pango: Pango cannot be loaded (cannot load library "
                                "'libpango-1.0-0': error 0x7e), so no PDF can be made.")
    assert words in lines(result)[1]


def test_an_old_pango_and_slow_harfbuzz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(machine, "pdf_libraries", lambda: ((1, 42, 6), "2.6.4", False))
    monkeypatch.setattr(sys, "platform", "linux")
    result = run(write_partnership(tmp_path / "plans"))
    assert result.exit_code == 1
    assert lines(result)[:4] == [
        "MISSING  Pango 1.42.6: is too old to lay out the PDFs: 1.44 or later is needed.",
        "         On Debian or Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0 (other systems: the package named pango).",
        "note     HarfBuzz 2.6.4: without its subsetting library (libharfbuzz-subset, HarfBuzz "
        "4.1 or later): the PDFs are right, but written about twice as slowly.",
        "         On Debian or Ubuntu: sudo apt install libharfbuzz-subset0."]


def test_for_tests_checks_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which
    monkeypatch.setattr(machine.shutil, "which", lambda name: None if name == "soffice" else real(name))
    folder = write_partnership(tmp_path / "plans")
    assert "LibreOffice" not in run(folder).output
    result = run(folder, "--for-tests")
    assert result.exit_code == 1
    assert ("MISSING  LibreOffice: is not installed: the tests that open every DOCX in a real "
            "word processor are skipped.") in result.output
