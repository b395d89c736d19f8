"""Numbers typed the European way, in the fields that hold money or counts.

YAML reads `120.000` as 120 (the dot is a decimal point) and `1.5e3` as 1500: a partner who
types the amount as on a German or Spanish invoice gets a plan that says "EUR 120" and totals
that are wrong, without a word. So a number field whose *text as typed* has dots between
groups of three digits (`120.000`, `27.750`, `1.250.000`, `1.250.000,50`) or an exponent is
refused at its place, showing the text and how to write it (`120000`). One dot before one,
two or more than three digits, or after a lone zero (`1250.50`, `1250.5000`, `0.500`), is a
decimal point and stays valid. (Issue 10; format.md: amounts are numbers without separators.)
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?\Z")
_EXPONENT = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+\Z")

FIX_GROUPED = "Write it without separators: {plain} (a dot only before decimals, as in 1250.50)."
FIX_EXPONENT = "Write the number out in full: {plain}."


def typed_number_problem(raw: str, value: Any) -> tuple[str, str] | None:
    """(message, hint) when the text `raw`, typed unquoted in a number field and read as
    `value`, does not say the number a reader sees in it; None when it does."""
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
    return None


def _shown(value: float) -> str:
    return f"{value:.10g}"
