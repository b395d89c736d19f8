"""Writing outputs so that nothing is ever lost, half-written or overwritten unseen.

Every document is written, as soon as it is rendered, to a temporary file in the output
folder (`.actionplan.<name>.<build>-<random>.tmp`), so no process holds every rendered file in
memory. Once everything rendered, `commit` renames the temporary files into place: a reader
sees the old file or the new one, never a part, and a build that fails or is interrupted
before that leaves every earlier output as it was. Its temporary files are removed on the way
out; those of a build that was killed are removed by the next build into the folder, which
alone may write there (`output_lock`).

**Hand-edited outputs** (issue 10, item 9; issue 12, item 4). An output whose bytes differ
from what actionplan last wrote there (by SHA-256; with no record, from what it is about to
write) is never overwritten or deleted: it is kept beside the new one as `NAME.edited.EXT`
(`-2`, `-3`… when that is taken) and the build says so. Keeping rather than refusing: the
lead partner's build the night before a deadline still completes, nobody has to learn a flag
that would, once learned, be used by reflex and destroy the edits it exists to protect, and
the partner who polished a DOCX in Word finds the edited copy beside the new one to carry
the edits over.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ActionPlanError
from ..load.inputs import kind_of
from .manifest import MANIFEST, Manifest, Output, file_sha256

LOCK = ".actionplan-lock"
TEMP_PREFIX = ".actionplan."
_STALE = (re.compile(r"\.actionplan\..+\.tmp\Z"),
          # the temporary files of earlier versions: .north.pdf.k3j2h1x9.tmp
          re.compile(r"\..+\.(pdf|docx|json)\.[A-Za-z0-9_]{8}\.tmp\Z"))


@contextmanager
def prepared_folder(folder: Path) -> Iterator[None]:
    """`prepare_folder`, and a folder it created removed again when what runs inside fails
    and leaves it empty: a refused build leaves no empty folder behind."""
    created = not os.path.lexists(folder)
    prepare_folder(folder)
    try:
        yield
    except BaseException:
        if created:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
        raise


def prepare_folder(folder: Path) -> None:
    """Create the output folder, or say plainly why it cannot be written."""
    if folder.is_symlink() and not folder.exists():
        raise ActionPlanError(f"the output folder {folder} is a link to {os.readlink(folder)}, "
                              "which does not exist. Remove the link, or create the folder it "
                              "points to.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ActionPlanError(f"cannot create the output folder {folder}: {exc.strerror}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ActionPlanError(f"the output folder {folder} is not writable. Choose another with "
                              "-o, or change its permissions.")


@contextmanager
def output_lock(folder: Path) -> Iterator[bool]:
    """Hold the folder for this build: True when locked (then every temporary file there is a
    dead build's), False where the file system has no locks. A second build is refused. The
    lock file `.actionplan-lock` exists only while a build holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds must not overlap
        yield False
        return
    path = folder / LOCK
    for _attempt in range(10):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise ActionPlanError(f"cannot write in the output folder {folder}: "
                                  f"{error.strerror}.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise ActionPlanError(f"another actionplan build is writing to {folder}{who}. Wait "
                                  "for it to finish, or choose another folder with -o.") from None
        except OSError as error:  # e.g. ENOLCK on some network file systems
            os.close(fd)
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                raise
            yield False
            return
        if _same_file(fd, path):
            break
        os.close(fd)  # the build before removed it meanwhile: lock the new one
    else:
        raise ActionPlanError(f"cannot lock the output folder {folder}; try again.")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield True
    finally:
        path.unlink(missing_ok=True)  # still holding the lock: no build can hold this file
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files that builds killed mid-write left behind (only while locked)."""
    for entry in os.scandir(folder):
        if any(p.match(entry.name) for p in _STALE) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


@dataclass(frozen=True)
class Rendered:
    """A rendered output waiting in its temporary file: `name` in the output folder."""

    name: str
    temp: Path
    sha256: str
    seconds: float = 0.0
    """How long this document took to render by itself (`-v` shows it)."""


def build_token() -> str:
    return f"{os.getpid()}"


def rewritten(output: Rendered, data: bytes, folder: Path, token: str) -> Rendered:
    """`output` holding `data` instead, in a new temporary file (the old one removed)."""
    new = write_temp(folder, output.name, data, token)
    output.temp.unlink(missing_ok=True)
    return dataclasses.replace(new, seconds=output.seconds)


def write_temp(folder: Path, name: str, data: bytes, token: str) -> Rendered:
    """Write `data` to a new temporary file for output `name`."""
    import hashlib

    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{name}.{token}-",
                                    suffix=".tmp")
    except OSError as error:
        raise ActionPlanError(f"cannot write in {folder}: {error.strerror}. Nothing was "
                              "written; earlier outputs are as they were.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _file_mode())
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise ActionPlanError(f"cannot write {folder / name}: {error.strerror}. Nothing was "
                              "written; earlier outputs are as they were.") from None
    return Rendered(name, Path(temp), hashlib.sha256(data).hexdigest())


def remove_temps(folder: Path, token: str) -> None:
    """Delete this build's temporary files that were not renamed into place."""
    marker = f".{token}-"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and marker in entry.name and entry.name.endswith(".tmp"):
            Path(entry.path).unlink(missing_ok=True)


def _file_mode() -> int:
    """The mode an ordinary new file gets under this process's umask (temp files get 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename (raises OSError)."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.",
                                         suffix=".tmp", delete=False)
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


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while outputs are renamed into place and recorded (a
    few milliseconds), so an interruption never separates outputs from their record; a signal
    that came meanwhile takes effect right after."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@dataclass
class Committed:
    """What `commit` did: outputs renamed into place, outputs that held the new bytes
    already (left as they were), and edited files kept aside."""

    written: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    """(output, the name the edited file is kept under)."""
    unrecorded: list[str] = field(default_factory=list)
    """Those of `kept` the build record has no entry for: edited or not, nothing can tell."""


def commit(folder: Path, rendered: list[tuple[Rendered, str | None, str]], manifest: Manifest
           ) -> Committed:
    """Rename each rendered output into place and record it in `manifest` (not saved).

    `rendered` holds (output, its plan or None, its fingerprint), plans first. An existing
    file with other bytes than actionplan wrote is kept aside first (see the module notes);
    one that holds the new bytes already is left as it is. A failure stops at that output
    with a message naming what was and was not written.
    """
    done = Committed()
    for n, (output, plan, print_) in enumerate(rendered):
        target = folder / output.name
        try:
            recorded = manifest.outputs.get(output.name)
            found = _found(target)
            if found == output.sha256:
                output.temp.unlink()
                done.same.append(output.name)
            elif found is not None and found != (recorded.sha256 if recorded else None):
                done.kept.append((output.name, _keep_aside(target, output.temp)))
                done.written.append(output.name)
                if recorded is None:
                    done.unrecorded.append(output.name)
            else:
                os.replace(output.temp, target)
                done.written.append(output.name)
        except OSError as error:
            remaining = [r.name for r, _, _ in rendered[n:]]
            written = ", ".join(done.written) or "none"
            raise ActionPlanError(f"cannot write {target}: {error.strerror or error}. Written: "
                                  f"{written}. Not written, their previous versions kept: "
                                  f"{', '.join(remaining)}.") from None
        manifest.outputs[output.name] = Output(plan, print_, output.sha256)
    return done


def _found(target: Path) -> str | None:
    """The SHA-256 of the file at `target`; None when there is none; "" for something that is
    not a regular file (a folder, pipe or link: never read, and kept aside)."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    if kind_of(info.st_mode) is not None or os.path.islink(target):
        return ""
    return file_sha256(target)


def _keep_aside(target: Path, temp: Path) -> str:
    """Keep the file at `target` under a free `.edited` name, then put `temp` in its place.
    A hard link keeps it at both names until the rename, so it is never missing."""
    stem, dot, suffix = target.name.rpartition(".")
    for n in range(1, 1000):
        aside = target.with_name(f"{stem}.edited{'' if n == 1 else f'-{n}'}{dot}{suffix}")
        try:
            os.link(target, aside, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network or FAT file systems)
            if os.path.lexists(aside):
                continue
            os.rename(target, aside)
        os.replace(temp, target)
        return aside.name
    raise OSError(errno.EEXIST, f"{target.name}: 999 edited copies are kept already")


__all__ = ["MANIFEST", "Committed", "Manifest", "Rendered", "build_token", "commit",
           "deferred_signals", "output_lock", "prepare_folder", "prepared_folder",
           "remove_stale_temps", "remove_temps", "write_atomically", "write_temp"]
