"""Messages that know the field: a month is given a date, a count a sentence, funding a text.

`messages.py` words pydantic's errors by their kind; some kinds mislead without the field they
happen in ("expected text, found a date" for `start: 2019-09-01`, the money example 120000 for
an indicator's `target: about 30`). `correct` words those cases from the field's point of view,
with the partner's own value corrected where it can be (`corrections.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from ..model import MONTH_PATTERN
from .corrections import (
    date_from,
    language_from,
    look_alikes,
    month_from,
    number_from,
    why_not_a_date,
)
from .numbers import typed_number_problem

_NUMBER_KINDS = ("int_type", "float_type", "int_parsing", "float_parsing")
_DATE_KINDS = ("date_type", "date_parsing", "date_from_datetime_parsing")
_MONEY = {("Costs", "amount"), ("FundingSource", "amount")}

# An item of each list of groups, as one line a partner can copy (flow style).
_ITEM_EXAMPLES = {
    "FundingSource": ("source", "{source: ERDF, amount: 60000}"),
    "Player": ("organisation", "{name: Regional Development Agency, role: Runs the call}"),
    "Indicator": ("indicator", "{name: SMEs supported, target: 30, unit: companies}"),
}


def correct(kind: str, error: Any, shown: str, model: type[BaseModel] | None,
            name: str | None) -> tuple[str, str] | None:
    """(message, hint) for an error whose words depend on its field, else None."""
    value = error.get("input")
    if model is None or name is None:
        return None
    if _pattern(model, name) == MONTH_PATTERN and kind in ("string_type", "string_pattern_mismatch"):
        return _month(value, shown)
    if kind in _DATE_KINDS:
        return _date(shown)
    if kind in _NUMBER_KINDS and isinstance(value, str):
        return _number(model.__name__, name, shown)
    if name == "language" and kind == "string_pattern_mismatch":
        code = language_from(shown)
        return (f"`{shown}` is not a language code.",
                f"Write `{code}`." if code else "Write a code such as en, de or pt-PT.")
    if kind == "list_type" and isinstance(value, str | int | float):
        return _list_of_groups(model, name, shown)
    return None


def _month(value: Any, shown: str) -> tuple[str, str]:
    if isinstance(value, dt.date):
        return f"`{shown}` is a date; a month is written year-month.", f"Write `{shown[:7]}`."
    month = month_from(shown)
    if month:
        return _curly(shown) or f"`{shown}` is not a month written year-month.", f"Write `{month}`."
    return (f"`{shown}` is not a month.",
            "Months are written year-month, the month from 01 to 12: 2019-06.")


def _date(shown: str) -> tuple[str, str]:
    why = why_not_a_date(shown)
    if why:
        return f"`{shown}` is not a real date.", why
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown):  # a real date that reached us as text
        return _quoted(shown, "a date")
    fixed = date_from(shown)
    if fixed:
        odd = look_alikes(shown)
        return (_curly(shown) or (f"`{shown}` is {odd}." if odd else None)
                or f"`{shown}` is not written year-month-day.", f"Write `{fixed}`.")
    return f"`{shown}` is not a date.", "Write it year-month-day, e.g. 2019-06-30."


def _curly(shown: str) -> str | None:
    """The message for a value in curly quotes (as word processors type them)."""
    if shown[:1] in "“‘„‚«":
        return (f"`{shown}` is in curly quotes, which are not quote marks to YAML: they stay part "
                "of the value.")
    return None


def _quoted(shown: str, what: str) -> tuple[str, str]:
    """A value YAML would read as `what` but for the quote marks around it (which the message
    cannot show: the value has none)."""
    return (f"`{shown}` is in quote marks, so YAML reads it as text, not as {what}.",
            f"Write it without quote marks: {shown}.")


def _number(owner: str, name: str, shown: str) -> tuple[str, str]:
    if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", shown):  # a number that reached us as text
        # what the number itself breaks, said now too, not in the next round without quotes
        problem = typed_number_problem(shown, float(shown), (owner, name) in _MONEY)
        if problem:
            return (f"{problem[0]} It is in quote marks too, so YAML reads it as text.",
                    f"{problem[1]} Write it without quote marks.")
        return _quoted(shown, "a number")
    number = number_from(shown)
    odd = look_alikes(shown)
    message = f"expected a number, found the text `{shown}`" + (f", {odd}." if odd else ".")
    if (owner, name) == ("Indicator", "target"):
        alone = f"`{number}`" if number else "e.g. 30"
        return message, f"Write the number alone, {alone}; words such as the unit go in `unit:`."
    if (owner, name) in _MONEY:
        alone = f": `{number}`" if number else ", e.g. 120000"
        return message, f"Write the amount alone, without currency or thousands separators{alone}."
    return message, f"Write the number alone: `{number}`." if number else "Write a number, e.g. 30."


def _list_of_groups(model: type[BaseModel], name: str, shown: str) -> tuple[str, str] | None:
    inner = _item_model(model, name)
    if inner is None:
        return None
    item, example = _ITEM_EXAMPLES.get(inner.__name__, ("item", ""))
    fields = [f.alias or n for n, f in inner.model_fields.items()][:2]
    named = " and ".join(f"`{f}:`" for f in fields)
    hint = (f"Write each {item} on its own line under `{name}:`, starting with `- ` and giving "
            f"{named}" + (f", e.g. `- {example}`." if example else "."))
    return f"expected a list, found the text `{shown}`.", hint


def _item_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    info = model.model_fields.get(name)
    for arg in getattr(info.annotation, "__args__", ()) if info else ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _pattern(model: type[BaseModel], name: str) -> str | None:
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    info = fields.get(name)
    for meta in info.metadata if info else ():
        if getattr(meta, "pattern", None):
            return str(meta.pattern)
    return None
