"""The package measured: a snapshot of actionplan/ and templates/ (or the live tree), its content
digest, and the console script that runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_snapshot(tmp: Path, ref: str | None = None) -> Path:
    """A copy of the package and its templates as they are now (or at git `ref`), measured
    instead of the live working tree (colleagues' edits during the run would otherwise change
    what is measured, and invalidate the build manifests between the rounds)."""
    import compileall
    import tarfile

    snap = tmp / "snapshot"
    if ref:
        archive = tmp / "snapshot.tar"
        subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(archive), ref,
                        "actionplan", "templates"], check=True)
        snap.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(snap, filter="data")
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "actionplan", snap / "actionplan", ignore=ignore)
        shutil.copytree(REPO / "templates", snap / "templates", ignore=ignore)
    compileall.compile_dir(str(snap / "actionplan"), quiet=1)
    return snap


def tree_digest(root: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for folder in ("actionplan", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def actionplan_exe() -> str:
    """The package's console script itself, not a version-manager shim in front of it."""
    beside = Path(sys.executable).parent / "actionplan"
    return str(beside) if beside.exists() else (shutil.which("actionplan") or "actionplan")
