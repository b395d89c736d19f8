"""`actionplan new`: a commented starter plan, and the schema editors read beside it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from ..errors import ActionPlanError
from ..model import ID_PATTERN
from .editor_schemas import SCHEMA_DIR, write_editor_schemas
from .templates import builtin_dir, find, search_path


def write_starter(folder: Path, plan_id: str, partner: str, today: dt.date | None = None) -> Path:
    """Write `folder/plan_id.yaml` from the starter template; never overwrite a file."""
    for value, what in ((plan_id, "plan id"), (partner, "partner id")):
        if not re.fullmatch(ID_PATTERN, value):
            raise ActionPlanError(f"`{value}` is not a valid {what}: use lowercase letters, "
                                  "digits and '-', starting with a letter.")
    if not folder.is_dir():
        raise ActionPlanError(f"{folder}: no such folder. Create it, or name the partnership "
                              "folder that holds project.yaml.")
    target = folder / f"{plan_id}.yaml"
    text = Template(find("new-plan.yaml", search_path(folder)).read_text("utf-8")).substitute(
        plan_id=plan_id, partner=partner, folder=folder,
        today=(today or dt.date.today()).isoformat())
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ActionPlanError(f"{target} exists already; it was left as it is. Choose another "
                              "plan id, or edit that file.") from None
    write_editor_schemas(folder)
    return target


__all__ = ["SCHEMA_DIR", "write_starter", "builtin_dir"]
