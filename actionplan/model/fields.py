"""The building blocks of the data contract (docs/format.md) as pydantic types.

Models check one file's shape and its own rules (types, dates, ranges, codes, money). Rules
that need several files (id references, one plan per partner) live in `load/check.py`. Models
never format anything for display: that is the job of `words/`.
"""


from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .codes import COUNTRIES, CURRENCIES

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300)]
"""A short single text: a name, a title, a role."""
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
"""A longer text, written in markdown."""
LANGUAGE_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
"""A BCP-47 language tag: `en`, `hu`, `pt-PT`."""
Email = Annotated[str, StringConstraints(max_length=254)]
"""An e-mail address (the model holding it checks its form)."""


def _in_list(codes: frozenset[str], error: str, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in codes:
            raise PydanticCustomError(error, "`{value}` is not " + what, {"value": value})
        return value

    return AfterValidator(check)


Country = Annotated[str, _in_list(COUNTRIES, "country", "an ISO 3166-1 country code")]
Currency = Annotated[str, _in_list(CURRENCIES, "currency", "an ISO 4217 currency code")]


class Strict(BaseModel):
    """Unknown keys are errors, and no value is coerced from another type."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True,
                              populate_by_name=True)


def check_order(start: object, end: object) -> None:
    if start is not None and end is not None and end < start:  # type: ignore[operator]
        raise PydanticCustomError("range_order",
                                  "the end ({end}) comes before the start ({start})",
                                  {"start": str(start), "end": str(end)})


class MonthRange(Strict):
    start: Month = Field(description="First month, written YYYY-MM.")
    end: Month = Field(description="Last month, written YYYY-MM; not before `start`.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: str, info: ValidationInfo) -> str:
        check_order(info.data.get("start"), end)
        return end
