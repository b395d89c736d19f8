"""`actionplan new`: a commented starter plan, and the schema editors read beside it."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from string import Template

from ..errors import ActionPlanError
from ..model import ID_PATTERN
from ..model.fields import LANGUAGE_PATTERN
from ..model.json_schema import schema_json
from .templates import builtin_dir, find, search_path

SCHEMA_DIR = ".actionplan"


def write_starter(folder: Path, plan_id: str, partner: str, today: dt.date | None = None,
                  language: str = "en") -> Path:
    """Write `folder/plan_id.yaml` from the starter template; never overwrite a file. A plan in
    another `language` than English gets its `summary_en:` to fill in."""
    if not re.fullmatch(LANGUAGE_PATTERN, language):
        raise ActionPlanError(f"`{language}` is not a language code: use a BCP-47 tag such as "
                              "en, hu, bg or pt-PT.")
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
        today=(today or dt.date.today()).isoformat(), **language_values(language))
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ActionPlanError(f"{target} exists already; it was left as it is. Choose another "
                              "plan id, or edit that file.") from None
    schema_dir = folder / SCHEMA_DIR
    schema_dir.mkdir(exist_ok=True)
    (schema_dir / "plan.schema.json").write_text(schema_json("plan") + "\n", "utf-8")
    return target


def starter_placeholders(folder: Path) -> frozenset[str]:
    """The example texts of the starter `actionplan new` writes in `folder` (the partnership's
    own templates/new-plan.yaml, else the built-in one): its values in free-text fields, such
    as `Your Name` or "Title of the first action". A plan that still holds one gets a warning;
    read from the starter itself, the list cannot drift from it. Whitespace is collapsed."""
    path = find("new-plan.yaml", search_path(folder))
    info = path.stat()
    return _placeholders(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=4)
def _placeholders(path: Path, _mtime_ns: int, _size: int) -> frozenset[str]:
    from ..model import Plan
    from .typed_text import placeholder_texts
    from .yamlsource import parse_yaml

    text = Template(path.read_text("utf-8")).safe_substitute(
        plan_id="plan", partner="partner", folder=".", today="2019-01-01",
        **language_values("de"))  # with the English summary's example text
    return placeholder_texts(parse_yaml(text, str(path)), Plan)


SUMMARY_EN = """summary_en: |                 # in English (markdown); needed once the plan is submitted
  What the actions are, how they follow from the project, and why they matter for the policy instrument.
"""


def language_values(language: str) -> dict[str, str]:
    """What the starter template's `${language}` and `${summary_en}` become: the language, and
    for a plan not in English the English summary to fill in (else nothing)."""
    english = language.split("-")[0].lower() == "en"
    return {"language": language, "summary_en": "" if english else SUMMARY_EN}


__all__ = ["write_starter", "builtin_dir", "starter_placeholders"]
