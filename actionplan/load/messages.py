"""Pydantic's validation errors in plain words: what is wrong, where, and how to fix it.

`explain` turns one pydantic error into a located `Issue` (file, line, column, dotted field,
the value as typed, a sentence with the fix), through a small table of reasons (house style:
rendercv's pydantic_error_handling). `without_typo_twins` drops the noise a misspelt key makes.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from ..errors import Issue
from ..model import ID_PATTERN
from .hints import correct
from .yamlsource import Locations, PathKey, dotted


def without_typo_twins(errors: list[Any]) -> list[Any]:
    """Drop "`title` is missing" where the same mapping has an unknown key like `titel`:
    the message about the typo says it all."""
    unknown = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors
               if e["type"] == "extra_forbidden"}

    def twin(error: Any) -> bool:
        parent, name = tuple(error["loc"][:-1]), str(error["loc"][-1])
        return any(p == parent and difflib.get_close_matches(k, [name], n=1, cutoff=0.6)
                   for p, k in unknown)

    return [e for e in errors if not (e["type"] == "missing" and twin(e))]


def explain(model: type[BaseModel], error: Any, locations: Locations) -> Issue:
    path: PathKey = tuple(error["loc"])
    kind = error["type"]
    raw = locations.values.get(path)
    shown = raw.raw if raw and raw.raw is not None else _show(error.get("input"))
    field_model, field_name = _field_owner(model, path)

    if kind == "missing":
        hint = _description(field_model, field_name)
        return _at_parent(locations, path, f"the field `{path[-1]}` is missing.", hint)
    if kind == "extra_forbidden":
        allowed = list(_fields_by_alias(field_model)) if field_model else []
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        hint = (f"Did you mean `{close[0]}`?" if close
                else f"The fields here are: {', '.join(allowed)}." if allowed else "")
        return locations.issue(path, f"`{path[-1]}` is not a field here.", hint, key=True)
    if error.get("input", "") is None and kind.endswith("_type"):
        return locations.issue(path, "no value is given.",
                               _empty_hint(field_model, field_name))
    corrected = correct(kind, error, shown, field_model, field_name)
    message, hint = corrected or _reason(kind, error, shown, field_name)
    # A problem with a whole group or list is shown at its name, not at its first item.
    return locations.issue(path, message, hint, key=isinstance(error.get("input"), dict | list))


def _empty_hint(model: type[BaseModel] | None, name: str | None) -> str:
    info = _fields_by_alias(model).get(name or "") if model else None
    what = _description(model, name)
    fix = ("Write it after the colon." if info is None or info.is_required()
           else "Write it after the colon, or remove the line.")
    return f"{fix} {what}" if what else fix


def _at_parent(locations: Locations, path: PathKey, message: str, hint: str) -> Issue:
    mark = locations.of(path[:-1], key=True)
    return Issue(locations.file, mark.line, mark.column, dotted(path), message, hint)


def _reason(kind: str, error: Any, shown: str, field_name: str | None) -> tuple[str, str]:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "string_type":
        what = _kind_of(value)
        return (f"expected text, found {what} `{shown}`.",
                f'Put it in quotes: "{shown}".' if what in ("the number", "true/false") else "")
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return (f"expected a number, found {_kind_of(value)} `{shown}`.",
                "Write numbers without quotes, thousands separators or currency: 120000.")
    if kind == "finite_number":
        return f"`{shown}` is not a real number.", "Write an ordinary number such as 120000."
    if kind == "greater_than_equal":
        return f"`{shown}` is negative.", "Amounts and targets are zero or more."
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"`{shown}` is not a real date.", "Dates are written year-month-day: 2019-06-30."
    if kind == "string_pattern_mismatch":
        return _pattern_reason(str(ctx.get("pattern", "")), shown)
    if kind == "string_too_long":
        return (f"the text is {len(str(value))} characters long; at most {ctx.get('max_length')} "
                "fit here.", "Shorten it, or move the details to a longer text field.")
    if kind == "string_too_short":
        return "the text is empty.", "Write something here, or remove the field if it is optional."
    if kind == "too_short":
        return "the list is empty; at least one item is needed.", "Add an item as a `- ` line."
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        return (f"`{shown}` is not one of: {', '.join(expected)}.",
                f"Did you mean `{close[0]}`?" if close else "")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"expected fields written as `name: value` lines, found {_kind_of(value)}.",
                "Indent the fields under this one.")
    if kind == "list_type":
        found = f"{_kind_of(value)} `{shown}`" if not isinstance(value, dict) else _kind_of(value)
        return (f"expected a list, found {found}.",
                "Write each item on its own line starting with `- `.")
    if kind == "bool_type":
        return f"expected true or false, found `{shown}`.", ""
    return str(error["msg"]).rstrip(".") + ".", str(ctx.get("hint") or _custom_hint(kind))


def _custom_hint(kind: str) -> str:
    return {
        "range_order": "Swap the two, or correct one of them.",
        "country": "Use the two-letter code, e.g. HU, EL for Greece, UK for the United Kingdom.",
        "currency": "Use the three-letter code, e.g. EUR.",
        "nuts2": "A NUTS-2 code is the country code and two characters, e.g. HU22.",
        "nuts2_country": "Check the country and the NUTS-2 code; they must agree.",
        "acronym_file_name": "Write the acronym without it, e.g. with `-` instead.",
        "email": "Write the address as name@organisation.eu.",
        "funding_above_costs": "Lower the funding amounts or raise the costs.",
        "signature_required": "Add a `signature:` with name, position, organisation, place and "
                              "date, or set the status to submitted.",
        "source_empty": "Add `event:`, `practice:` or `partner:` with an id from project.yaml.",
    }.get(kind, "")


def _pattern_reason(pattern: str, shown: str) -> tuple[str, str]:
    if pattern == ID_PATTERN:
        return (f"`{shown}` is not a valid id.",
                f"Ids use lowercase letters, digits and '-', starting with a letter, e.g. "
                f"`{suggest_id(shown)}`.")
    if "0[1-9]" in pattern:
        return f"`{shown}` is not a month.", "Months are written year-month: 2019-06."
    return f"`{shown}` is not in the expected form.", ""


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "the number"
    if isinstance(value, str):
        return "the text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if value is None:
        return "nothing"
    return "a date" if hasattr(value, "isoformat") else "a value"


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "…"
    return str(value) if value is not None else ""


def _field_owner(model: type[BaseModel], path: PathKey) -> tuple[type[BaseModel] | None, str | None]:
    """The model class holding the last field of `path`, and that field's name."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        info = _fields_by_alias(current).get(str(part))
        if info is None:
            return None, None
        current = _inner_model(info.annotation)
        if current is None:
            return None, None
    return current, str(path[-1]) if path else None


def _fields_by_alias(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _description(model: type[BaseModel] | None, name: str | None) -> str:
    if model is None or name is None:
        return ""
    info = _fields_by_alias(model).get(name)
    return f"It is: {info.description}" if info and info.description else ""


def suggest_id(name: str) -> str:
    """An id like the name given, e.g. `ES Fomento` → `es-fomento`."""
    words = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return words if words and words[0].isalpha() else f"plan-{words}".rstrip("-")
