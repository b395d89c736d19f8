"""Fingerprints: which outputs are current, from the files the documents are made of.

Only what a build uses is read (issue 12, item 1): project.yaml, the plan files, the images
project.yaml names, and the files of the template folders in use — never the rest of the
partnership folder (an output folder inside it, a FIFO, a link to `/dev/zero`, a 500 MB file
nobody references). Every read is bounded and refuses special files (`load.inputs`).

An output's fingerprint hashes the settings (tool version, formats, the build time when
SOURCE_DATE_EPOCH pins it), the templates, the shared inputs (project.yaml and images) and,
for a plan's documents, its file; the deliverable's hashes every plan file. They are computed
from the very bytes the partnership was loaded and rendered from (`Partnership.inputs`), so a
file saved during a build cannot make an output look current that shows other text (item 4).
The no-op check re-reads the files the last build recorded and compares; it decides only
whether to load, never what an output is recorded as.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import ActionPlanError
from ..load.inputs import MAX_IMAGE_BYTES, InputRefused, Inputs, read_regular
from ..load.template_files import template_file_problem, template_files
from ..load.templates import search_path

MAX_TEMPLATE_BYTES = 50 * 2**20
"""Per template file: fonts are the largest (a CJK font is about 20 MB)."""


def fingerprint(parts: Iterable[bytes | str]) -> str:
    """A hash of the given parts, in order (each length-prefixed, so none runs into the next)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Prints:
    """The fingerprints of one build's outputs."""

    plans: dict[str, str]
    """Plan id → fingerprint of its documents."""
    deliverable: str


def settings_print(folder: Path, formats: tuple[str, ...], templates: Path | None,
                   pinned_time: str | None) -> str:
    """What every output depends on besides the partnership's files: the tool's version, the
    formats, the time SOURCE_DATE_EPOCH pins (None when unpinned), the template folders."""
    parts: list[bytes | str] = [__version__, ",".join(formats), pinned_time or ""]
    own = folder / "templates"  # validation reports its problems, at their place
    for template_dir in reversed(search_path(folder, templates)):
        for path in template_files(template_dir):
            try:
                problem = template_file_problem(path, template_dir)
                if problem and template_dir == own:
                    parts += [path.relative_to(template_dir).as_posix(), "refused"]
                    continue
                if problem:
                    raise InputRefused(*problem, "special")
                data = read_regular(path, MAX_TEMPLATE_BYTES)
            except InputRefused as refused:
                raise ActionPlanError(f"{path}: this template file {refused.reason}. "
                                      f"{refused.hint}") from None
            parts += [path.relative_to(template_dir).as_posix(), data]
    return fingerprint(parts)


def prints_of(settings: str, digests: Mapping[str, str], plan_files: Mapping[str, str]
              ) -> Prints:
    """The fingerprints, from the SHA-256 of each input file by name (`digests`) and the plan
    files by plan id (`plan_files`, every plan file found, valid or not)."""
    plan_names = set(plan_files.values())
    common = fingerprint([settings, *(f"{name}:{digest}" for name, digest in sorted(digests.items())
                                      if name not in plan_names)])
    plans = {plan_id: fingerprint([common, digests.get(name, "unread")])
             for plan_id, name in plan_files.items()}
    deliverable = fingerprint([common, *(f"{plan_id}:{print_}"
                                         for plan_id, print_ in sorted(plans.items()))])
    return Prints(plans, deliverable)


def digests_of(files: Mapping[str, bytes]) -> dict[str, str]:
    return {name: sha256(data) for name, data in files.items()}


def recorded_inputs_now(folder: Path, recorded: Mapping[str, str]) -> dict[str, str] | None:
    """The SHA-256 of each input the last build recorded, read again now; None as soon as one
    cannot be read (the full build then says why, at its place)."""
    inputs = Inputs(folder)
    digests = {}
    for name in recorded:
        try:
            digests[name] = sha256(inputs.read(name, MAX_IMAGE_BYTES))
        except InputRefused:
            return None
    return digests
