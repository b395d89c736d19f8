"""The README works as written: the walkthrough's commands, in order, in a fresh copy of the
repository, with `actionplan` installed from that copy. The commands are read from README.md
itself, so the test follows any change of the walkthrough."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

WALKTHROUGH = "## A partner's first ten minutes"


def walkthrough_commands(readme: str) -> list[str]:
    """The fenced `sh` blocks of the walkthrough section, in order, unindented."""
    section = readme.split(f"\n{WALKTHROUGH}\n", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(indent + body) for indent, body in
            re.findall(r"^( *)```sh\n(.*?)^ *```$", section, re.MULTILINE | re.DOTALL)]


def _fresh_copy(target: Path) -> Path:
    """What a clone of this repository holds: its tracked files and the ones git would add."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_the_walkthrough_has_its_steps() -> None:
    commands = walkthrough_commands((ROOT / "README.md").read_text("utf-8"))
    assert [c.split()[:2] for c in commands] == [
        ["cd", "plans"], ["actionplan", "new"], ["actionplan", "validate"], ["actionplan", "render"]]


def test_the_walkthrough_works_as_written(tmp_path: Path) -> None:
    clone = _fresh_copy(tmp_path / "clone")
    commands = walkthrough_commands((clone / "README.md").read_text("utf-8"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "actionplan"  # `actionplan` as installed from the clone
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{clone}" exec "{sys.executable}" -m actionplan "$@"\n')
    shim.chmod(0o755)
    before = {p for p in clone.rglob("*") if p.is_file()}

    script = "set -eu\n" + "".join(f"echo '>>> step {n}'\n{block}"
                                   for n, block in enumerate(commands, 1))
    done = subprocess.run(["bash", "-c", script], cwd=clone, capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert f">>> step {len(commands)}" in done.stdout

    new_files = {p for p in clone.rglob("*") if p.is_file()} - before
    assert {".docx", ".pdf"} <= {p.suffix for p in new_files}, done.stdout
