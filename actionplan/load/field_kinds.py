"""What kind of value a field of the models holds, by its path in a file's data.

The checks on what partners type (`typed_text`) treat a value by what the field means: a
number is money or a count, a one-line text (`Line`) and a markdown text (`Markdown`) reach
the documents, an e-mail address too; ids, codes and choices have patterns of their own.
The kinds come from the models' types (model/fields.py), so a new field is covered the day it
is added.
"""

from __future__ import annotations

import datetime as dt
import types
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..model.fields import Email, Line, Markdown
from ..model.numbers import MONEY_CHECK

Kind = Literal["money", "number", "line", "markdown", "email", "text", "coded", "other"]
"""`money`: an amount (`model.numbers.Amount`); `number`: another number (a target);
`line`/`markdown`/`email`: free text that reaches the documents; `text`: other text
(a version, an acronym); `coded`: ids, codes, choices, months, dates; `other`: lists, groups."""

NUMBERS = ("money", "number")

FREE_TEXT = ("line", "markdown", "email")

_NAMED = {tuple(get_args(Line)[1:]): "line", tuple(get_args(Markdown)[1:]): "markdown",
          tuple(get_args(Email)[1:]): "email"}


def field_kind(model: type[BaseModel], path: tuple[str | int, ...]) -> Kind | None:
    """The kind of the value at `path` (e.g. `("actions", 0, "costs", "amount")` → `number`),
    or None when the path names no field of `model` (an unknown key)."""
    return _kind_at(model, tuple(path))


@lru_cache(maxsize=4096)
def _kind_at(model: type[BaseModel], path: tuple[str | int, ...]) -> Kind | None:
    current: Any = model
    for part in path:
        current, metadata = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is not list:
                return None
            current = get_args(current)[0]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = {(f.alias or name): f for name, f in current.model_fields.items()}
        info = fields.get(part)
        if info is None:
            return None
        current = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return _kind_of(current)


def _unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """`X | None` → X, `Annotated[X, m…]` → (X, (m…)), any depth."""
    metadata: tuple[Any, ...] = ()
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *more = get_args(annotation)
            annotation, metadata = base, metadata + tuple(more)
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation, metadata
            annotation = rest[0]
        else:
            return annotation, metadata


def _kind_of(annotation: Any) -> Kind:
    base, metadata = _unwrap(annotation)
    if base in (int, float):
        return "money" if any(m is MONEY_CHECK for m in metadata) else "number"
    if base is str:
        named = _NAMED.get(metadata)
        if named:
            return named  # type: ignore[return-value]
        if any(getattr(m, "pattern", None) for m in metadata) or _has_validator(metadata):
            return "coded"
        return "text"
    if get_origin(base) is Literal or base in (dt.date, dt.datetime):
        return "coded"
    return "other"


def _has_validator(metadata: tuple[Any, ...]) -> bool:
    """Country and currency codes are plain `str` checked by a validator against a list."""
    return any(type(m).__name__.endswith("Validator") for m in metadata)
