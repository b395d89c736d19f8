"""The build record of an output folder: what actionplan wrote there, and from what.

`.actionplan-manifest.json` holds, for every output, the plan it belongs to (none for the
consolidated deliverable), the fingerprint of the inputs it was made from and the SHA-256 of
the bytes written; and, for the no-op check, the input files the last build read with their
SHA-256 and the plan files it found. An output is current when its fingerprint matches and
its file still holds the bytes written — compared by content, not by size and time, so a file
replaced by other bytes of the same size and time is noticed (issue 12, item 4).

A record that cannot be trusted (not JSON, not the expected shape, a folder, unreadable) is
set aside under `.actionplan-manifest.json.damaged` and the build starts a new one: never a
traceback, never a stop (item 3). A record of the earlier format (size and time of each
output) is carried over: an output still of the recorded size and time counts as written by
actionplan, so upgrading does not set every output aside as edited.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ActionPlanError
from ..load.inputs import InputRefused, kind_of, read_regular

MANIFEST = ".actionplan-manifest.json"
FORMAT = 2
MAX_BYTES = 64 * 2**20
"""A record of 200 plans is about 100 kB: anything this large is not one."""
_SHA = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Output:
    """One output as written: its plan (None for the deliverable), the fingerprint of what it
    was made from, and the SHA-256 of its bytes."""

    plan: str | None
    fingerprint: str
    sha256: str


@dataclass
class Manifest:
    folder: Path
    outputs: dict[str, Output] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each input file the last full build read, by name inside the partnership."""
    plans: dict[str, str] = field(default_factory=dict)
    """The plan files the last full build found: plan id → file name."""
    acronym: str | None = None
    """The project acronym the deliverable was named after."""
    damaged: str | None = None
    """Where a damaged record was set aside (its path), for the build to say so."""

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The record of `folder`; an empty one when there is none or it is damaged."""
        manifest = cls(folder)
        if not os.path.lexists(manifest.path):
            return manifest
        try:
            data = json.loads(read_regular(manifest.path, MAX_BYTES).decode("utf-8"))
            manifest._load(data)
        except (InputRefused, ValueError, TypeError, KeyError, AttributeError):
            manifest.outputs, manifest.inputs, manifest.plans = {}, {}, {}
            manifest.acronym = None
            manifest.damaged = _set_aside(manifest.path)
        return manifest

    def _load(self, data: Any) -> None:
        if isinstance(data, dict) and "format" not in data:
            self._carry_over(data)
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a build record of this version")
        for name, entry in _mapping(data["outputs"]).items():
            entry = _mapping(entry)
            plan = entry.get("plan")
            if not (_plain_name(name) and (plan is None or isinstance(plan, str))
                    and isinstance(entry["fingerprint"], str)
                    and _SHA.match(entry["sha256"])):
                raise ValueError(f"bad entry {name!r}")
            self.outputs[name] = Output(plan, entry["fingerprint"], entry["sha256"])
        self.inputs = {_text(k): _text(v) for k, v in _mapping(data["inputs"]).items()}
        self.plans = {_text(k): _text(v) for k, v in _mapping(data["plans"]).items()}
        acronym = data.get("acronym")
        self.acronym = acronym if isinstance(acronym, str) else None

    def _carry_over(self, data: dict[str, Any]) -> None:
        """The first format: name → {fingerprint, size, mtime_ns}. Its fingerprints mean
        nothing now; an output of the recorded size and time is taken as actionplan's."""
        for name, entry in data.items():
            entry = _mapping(entry)
            if not _plain_name(name):
                raise ValueError(f"bad entry {name!r}")
            try:
                info = (self.folder / name).lstat()
            except OSError:
                continue
            if (kind_of(info.st_mode) is None and entry.get("size") == info.st_size
                    and entry.get("mtime_ns") == info.st_mtime_ns):
                self.outputs[name] = Output(None, "", file_sha256(self.folder / name))

    def save(self) -> None:
        """Write the record atomically; a failure is a plain message (outputs are complete)."""
        from .outputs import write_atomically

        data = {"format": FORMAT, "acronym": self.acronym,
                "outputs": {name: {"plan": o.plan, "fingerprint": o.fingerprint,
                                   "sha256": o.sha256} for name, o in sorted(self.outputs.items())},
                "inputs": dict(sorted(self.inputs.items())), "plans": dict(sorted(self.plans.items()))}
        try:
            write_atomically(self.path, json.dumps(data, indent=1).encode("utf-8"))
        except OSError as error:
            raise ActionPlanError(f"cannot record what was written in {self.path}: "
                                  f"{error.strerror or error}. Every output is complete; the "
                                  "next build checks them all again.") from None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (outputs can be tens of megabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _plain_name(name: Any) -> bool:
    """A file name directly in the output folder: a tampered record cannot point elsewhere."""
    return (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
            and "\\" not in name and "\0" not in name)


def _set_aside(path: Path) -> str:
    """Move a damaged record out of the way; its new path, or why it could not be moved."""
    for n in range(1, 100):
        aside = path.with_name(f"{path.name}.damaged" + (f"-{n}" if n > 1 else ""))
        if os.path.lexists(aside):
            continue
        try:
            os.rename(path, aside)
        except OSError as error:
            raise ActionPlanError(f"the build record {path} is damaged and cannot be moved "
                                  f"aside ({error.strerror or error}). Delete it, then build "
                                  "again.") from None
        return str(aside)
    raise ActionPlanError(f"the build record {path} is damaged, and 99 damaged records are "
                          "already kept beside it. Delete them, then build again.")
