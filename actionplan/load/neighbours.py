"""The other plans of a partnership, read only as far as one plan's rules need them.

`actionplan render my-plan.yaml` checks that plan and project.yaml fully, but another
partner's half-written file must not stop it: the only rule that involves the other plans is
"each partner writes one plan" (format.md), which needs nothing but their `partner:`. A
neighbour whose `partner:` cannot be read is a warning, never an error of this plan.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Issue
from .partial import Claim, claim_of
from .yamlsource import load_yaml


def neighbour_claim(folder: Path, path: Path, display: str, issues: list[Issue] | None
                    ) -> Claim | None:
    """The `partner:` another plan claims; when it cannot be read, a warning joins `issues`
    (none when `issues` is None: a file whose name was refused has its error already)."""
    from .partnership import refuse_path

    refusal = refuse_path(folder, path)
    claim = None
    if refusal is None:
        try:
            claim = claim_of(display, load_yaml(path, display))
            reason = "its `partner:` could not be read"
        except OSError as exc:  # not readable by this account, or gone since it was listed
            reason = f"this file cannot be read ({exc.strerror or exc})"
    else:
        reason = refusal[0].rstrip(".")
    if claim is None and issues is not None:
        issues.append(Issue(display, 1, 1, "", f"{reason}, so whether it is a second plan of the "
                            "same partner was not checked.",
                            f"Run `actionplan validate {display}` to see what is wrong with it.",
                            severity="warning"))
    return claim
