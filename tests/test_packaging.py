"""The package as partners get it: the wheel `pipx install` installs, and the pre-commit hook
in a partnership's own repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, ROOT

# --- the wheel ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this repository, offline (hatchling is a dev tool)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check",
                    "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("actionplan-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def test_the_wheel_carries_every_module(wheel_names: set[str]) -> None:
    """.gitignore's `build/` once kept the whole build stage out of the wheel."""
    modules = {f"actionplan/{p.relative_to(ROOT / 'actionplan').as_posix()}"
               for p in _files(ROOT / "actionplan") if p.suffix == ".py"}
    assert modules - wheel_names == set()


def test_the_wheel_carries_the_templates_and_fonts(wheel_names: set[str]) -> None:
    shipped = {f"actionplan/_templates/{p.relative_to(ROOT / 'templates').as_posix()}"
               for p in _files(ROOT / "templates")}
    assert {"actionplan/_templates/fonts/OpenSans-Regular.ttf",
            "actionplan/_templates/new-plan.yaml"} <= shipped
    assert shipped - wheel_names == set()


def test_the_wheel_has_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist()
                           if n.endswith(".dist-info/entry_points.txt")]
        assert "actionplan = actionplan.cli:main" in archive.read(entry_points).decode()


# --- the pre-commit hook --------------------------------------------------------------------

def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def hook_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path, str]:
    """(environment, hook repository, its commit): this repository's hook manifest in a git
    repository of its own, pre-commit's cache, and `actionplan` on the PATH.

    The hook says `language: python`: pre-commit would make a virtual environment and
    `pip install` the repository with all its dependencies, which needs the network and a
    minute. The tests therefore run the hook with `language: system`, pre-commit's way to use
    the `actionplan` already installed (here: this checkout); the CI step of .ci/run checks
    that the package installs by pip in a fresh virtual environment.
    """
    base = tmp_path_factory.mktemp("precommit")
    hooks = base / "actionplan-repo"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks)
    bin_dir = base / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "actionplan"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m actionplan "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(base / "cache"), "GIT_AUTHOR_NAME": "Partner",
           "GIT_AUTHOR_EMAIL": "partner@example.org", "GIT_COMMITTER_NAME": "Partner",
           "GIT_COMMITTER_EMAIL": "partner@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(["git", "init", "-q"], cwd=hooks, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=hooks, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=hooks, check=True, env=env)
    commit = _git(hooks, "rev-parse", "HEAD").stdout.strip()
    return env, hooks, commit


def _partnership_repository(folder: Path, env: dict[str, str], hooks: Path, commit: str) -> None:
    """A partnership's own repository: project.yaml at its root, the hook installed."""
    folder.mkdir()
    (folder / "project.yaml").write_text(
        MINIMAL_PROJECT.replace("  lead_partner: north\n",
                                "  lead_partner: north\n  logo: logos/project.png\n"), "utf-8")
    (folder / "logos").mkdir()
    shutil.copy(ROOT / "examples" / "full" / "logos" / "project.png", folder / "logos")
    (folder / "north.yaml").write_text(MINIMAL_PLAN, "utf-8")
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {commit}\n    hooks:\n"
        "      - id: actionplan-validate\n        language: system\n", "utf-8")
    for command in (["git", "init", "-q"], [sys.executable, "-m", "pre_commit", "install"]):
        subprocess.run(command, cwd=folder, check=True, env=env, capture_output=True)


def _commit(folder: Path, env: dict[str, str], *paths: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", *paths], cwd=folder, check=True, env=env)
    done = subprocess.run(["git", "commit", "-m", "update"], cwd=folder, env=env,
                          capture_output=True, text=True)
    done.stdout += done.stderr  # pre-commit writes to the hook's stderr
    return done


def test_the_hook_passes_a_valid_partnership_and_stops_a_broken_plan(
        tmp_path: Path, hook_world: tuple[dict[str, str], Path, str]) -> None:
    env, hooks, commit = hook_world
    folder = tmp_path / "partnership"
    _partnership_repository(folder, env, hooks, commit)

    valid = _commit(folder, env, "-A")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "actionplan validate" in valid.stdout and "Passed" in valid.stdout

    (folder / "north.yaml").write_text(MINIMAL_PLAN.replace("    title: Export", "    titel: Export"))
    broken = _commit(folder, env, "north.yaml")
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert ("north.yaml:24:5: actions[1].titel: `titel` is not a field here. Did you mean "
            "`title`?") in broken.stdout
    assert _git(folder, "log", "--oneline").stdout.count("\n") == 1, "the broken plan was committed"


def test_the_hook_checks_a_replaced_logo(tmp_path: Path,
                                         hook_world: tuple[dict[str, str], Path, str]) -> None:
    env, hooks, commit = hook_world
    folder = tmp_path / "partnership"
    _partnership_repository(folder, env, hooks, commit)
    assert _commit(folder, env, "-A").returncode == 0

    (folder / "logos" / "project.png").write_bytes(b"not a picture")
    broken = _commit(folder, env, "logos/project.png")
    assert broken.returncode == 1
    assert "project.yaml:8:9: project.logo: `logos/project.png`" in broken.stdout
