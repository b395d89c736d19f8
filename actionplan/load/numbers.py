"""Numbers typed the European way, in the fields that hold money or counts.

YAML reads `120.000` as 120 (the dot is a decimal point) and `1.5e3` as 1500: a partner who
types the amount as on a German or Spanish invoice gets a plan that says "EUR 120" and totals
that are wrong, without a word. So a number field whose *text as typed* has dots between
groups of three digits (`120.000`, `27.750`, `1.250.000`, `1.250.000,50`) or an exponent is
refused at its place, showing the text and how to write it (`120000`). One dot before one,
two or more than three digits, or after a lone zero (`1250.50`, `1250.5000`, `0.500`), is a
decimal point and stays valid. (Issue 10; format.md: amounts are numbers without separators.)

A number YAML reads in hexadecimal or octal (`0x10` is 16) is refused the same way. A number
written out in decimals must then keep the rules of `model.numbers` *as typed*: the float it
is read as may already have lost what breaks them (`1.0000000000000001` is read as 1), and
an integer of 401 digits is no float at all. So the text is checked, not the value read.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..model.numbers import number_problem

_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?\Z")
_EXPONENT = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+\Z")
_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")
_BASES = {"0x": "hexadecimal", "0o": "octal"}

FIX_GROUPED = "Write it without separators: {plain} (a dot only before decimals, as in 1250.50)."
FIX_EXPONENT = "Write the number out in full: {plain}."


def typed_number_problem(raw: str, value: Any, money: bool = False) -> tuple[str, str] | None:
    """(message, hint) when the text `raw`, typed unquoted in a number field and read as
    `value`, does not say the number a reader sees in it, or says one the documents cannot
    print as typed; None when it does. `money`: the field is an amount (costs, funding)."""
    text = raw.strip()
    if _GROUPED.match(text):
        whole, _, decimals = text.partition(",")
        plain = whole.replace(".", "") + (f".{decimals}" if decimals else "")
        read = (f"; here it would be read as {_shown(value)}" if isinstance(value, int | float)
                and not isinstance(value, bool) else "")
        return (f"`{raw}` has dots between thousands{read}.", FIX_GROUPED.format(plain=plain))
    if _EXPONENT.match(text):
        plain = format(Decimal(text), "f")  # the pattern admits only what Decimal reads
        return f"`{raw}` is written with an exponent.", FIX_EXPONENT.format(plain=plain)
    if isinstance(value, int) and text[:2] in _BASES:
        return (f"`{raw}` is written in {_BASES[text[:2]]}; here it would be read as {value}.",
                f"Write it in decimal digits: {value}.")
    if isinstance(value, int | float) and not isinstance(value, bool) and _DECIMAL.match(text):
        problem = number_problem(Decimal(text), money, _read(value), shown=text)
        return problem[1:] if problem else None
    return None


def _read(value: float) -> float | None:
    """The float a number field reads `value` as; None when it is beyond every float."""
    try:
        return float(value)
    except OverflowError:
        return None


def _shown(value: float) -> str:
    return f"{value:.10g}"
