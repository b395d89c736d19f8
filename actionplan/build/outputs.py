"""Writing outputs so that nothing is ever lost or half-written, and knowing what is current.

Every file goes to a temporary name in the output folder and is renamed into place, so a
reader sees the old file or the new one, never a part. The manifest records, for each output,
a fingerprint of everything it was made from; an output whose fingerprint and file are
unchanged is neither rendered nor rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ActionPlanError

MANIFEST = ".actionplan-manifest.json"


def fingerprint(parts: Iterable[bytes | str]) -> str:
    """A hash of the given inputs, in order."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def prepare_folder(folder: Path) -> None:
    """Create the output folder, or say plainly why it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ActionPlanError(f"cannot create the output folder {folder}: {exc.strerror}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ActionPlanError(f"the output folder {folder} is not writable. Choose another with "
                              "-o, or change its permissions.")


def _file_mode() -> int:
    """The mode an ordinary new file gets under this process's umask (temp files get 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _file_mode())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write several outputs; on any failure, the ones not yet renamed keep their old content."""
    for path, data in outputs.items():
        try:
            write_atomically(path, data)
        except OSError as exc:
            raise ActionPlanError(f"cannot write {path}: {exc.strerror}. Outputs written before "
                                  "it are complete; the others are unchanged.") from None


@dataclass
class Manifest:
    """What each output in a folder was made from: name → fingerprint, size and mtime."""

    folder: Path
    entries: dict[str, dict[str, object]]

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            entries = json.loads((folder / MANIFEST).read_text("utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        return cls(folder, entries)

    def is_current(self, name: str, print_: str) -> bool:
        """True when `name` was made from `print_` and has not been touched since."""
        entry = self.entries.get(name)
        if not entry or entry.get("fingerprint") != print_:
            return False
        try:
            info = (self.folder / name).stat()
        except OSError:
            return False
        return entry.get("size") == info.st_size and entry.get("mtime_ns") == info.st_mtime_ns

    def record(self, name: str, print_: str) -> None:
        info = (self.folder / name).stat()
        self.entries[name] = {"fingerprint": print_, "size": info.st_size,
                              "mtime_ns": info.st_mtime_ns}

    def save(self) -> None:
        text = json.dumps(self.entries, indent=1, sort_keys=True)
        write_atomically(self.folder / MANIFEST, text.encode("utf-8"))
