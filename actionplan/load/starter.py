"""`actionplan new`: a commented starter plan, and the schema editors read beside it."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from string import Template

from ..errors import ActionPlanError, ValidationFailed
from ..model import ID_PATTERN, ProjectFile
from ..model.fields import LANGUAGE_PATTERN
from .editor_schemas import SCHEMA_DIR, write_editor_schemas
from .partnership import load_project
from .templates import builtin_dir, find, search_path


def write_starter(folder: Path, plan_id: str, partner: str, today: dt.date | None = None,
                  language: str = "en") -> Path:
    """Write `folder/plan_id.yaml` from the starter template (`new-plan.yaml`); never
    overwrite a file. A plan in another `language` than English gets its `summary_en:` to
    fill in.

    The starter validates as written: the ids it needs (the partner, the learning's source,
    the action's months) come from the folder's project.yaml, and the ids a partner may use
    instead are listed in its comments. Raises `ActionPlanError` for a bad id or language, a
    missing folder or an existing file, and `ValidationFailed` (located in project.yaml) for a
    broken project.yaml or a partner it does not have.
    """
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
    project, where = load_project(folder)
    ids = [p.id for p in project.partners]
    if partner not in ids:
        raise ValidationFailed([where.issue(
            ("partners",), f"`{partner}`, given with --partner, is not a partner of project.yaml.",
            f"The partner ids are: {', '.join(ids)}. Use one of them, or add the partner to "
            "project.yaml first.", key=True)])
    target = folder / f"{plan_id}.yaml"
    check = "actionplan validate" + ("" if folder == Path(".") else f" {folder}")
    text = Template(find("new-plan.yaml", search_path(folder)).read_text("utf-8")).substitute(
        plan_id=plan_id, partner=partner, folder=folder, check=check,
        today=(today or dt.date.today()).isoformat(), **_project_values(project, partner),
        **language_values(language))
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ActionPlanError(f"{target} exists already; it was left as it is. Choose another "
                              "plan id, or edit that file.") from None
    write_editor_schemas(folder)
    return target


def _project_values(project: ProjectFile, partner: str) -> dict[str, str]:
    """What the starter takes from project.yaml: names, example ids and the ids to choose from."""
    partners = [p.id for p in project.partners]
    others = [p for p in partners if p != partner]
    lead = project.project.lead_partner
    # A learning comes from elsewhere: the lead partner, else any other partner.
    source = lead if lead != partner and lead in partners else (others or [partner])[0]
    months = project.project.phase2 or project.project.period
    values = {
        "partner_name": next(p.name for p in project.partners if p.id == partner),
        "partner_ids": ", ".join(partners),
        "source_partner": source,
        "other_example": (others or ["another-partner"])[0],
        "start": months.start,
        "end": months.end,
    }
    for key, items, example in (("event", project.events, "an-event-id"),
                                ("practice", project.good_practices, "a-practice-id"),
                                ("topic", project.topics, "a-topic-id")):
        item_ids = [item.id for item in items]
        values[f"{key}_example"] = item_ids[0] if item_ids else example
        values[f"{key}_ids"] = ", ".join(item_ids) if item_ids else "none in project.yaml yet"
    return values




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


SUMMARY_EN = ("summary_en: |                 # in English (markdown); needed once the plan is submitted\n"
              "  What the actions are, how they follow from the project, and why they matter for the "
              "policy instrument.\n")


ENGLISH_PLAN = ("# summary_en: |               # only for a plan not written in English: its "
                "summary in English\n")


def language_values(language: str) -> dict[str, str]:
    """What the starter template's `${language}` and `${summary_en}` become: the language, and
    for a plan not in English the English summary to fill in (else nothing)."""
    english = language.split("-")[0].lower() == "en"
    return {"language": language, "summary_en": ENGLISH_PLAN if english else SUMMARY_EN}


__all__ = ["SCHEMA_DIR", "write_starter", "builtin_dir", "starter_placeholders"]
