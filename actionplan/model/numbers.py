"""The numbers of a plan (amounts, targets): kept exactly from the file to the documents.

YAML reads a number as a binary float, and the documents print that float again in decimals:
a number comes out as typed only when the float keeps it. So every number typed obeys rules
that make sure it does, and a number that breaks one is refused at its place (the checks of
what was typed, `load/numbers.py`, apply them to the text; the models to the float, for data
that does not come from a file):

- At most `MAX_DIGITS` (15) significant digits, leading and trailing zeros aside: a binary64
  float keeps any decimal of 15 significant digits exactly, and not always one of 16 (IEEE
  754-2008 §5.12.2; C's `DBL_DIG`, Python's `sys.float_info.dig`). Such a float's shortest
  `repr` is the number typed, which `exact` gives back for printing.
- Within the float's normal range: a number of 401 digits cannot be a float at all, and
  `0.` with 400 zeros and a 1 would be read as 0.
- An amount (costs, funding) has at most `MONEY_DECIMALS` (2) decimals: amounts are in the
  currency's units and cents (the euro's minor unit is two decimals, ISO 4217; the programme's
  budgets and reports are kept to the cent), and the documents print an amount with its cents
  or none, so a third decimal would be rounded away without a word.
- An amount is below `MONEY_LIMIT` (10^12): a generous bound (the whole Interreg Europe
  2021-2027 programme has about EUR 379 million; the EU's yearly budget is below EUR 2·10^11),
  so a larger amount is a typo (an extra zero, cents typed as units). It also keeps each
  amount, with its cents, within 14 digits.
- An indicator's target has no other bound: it is printed with every decimal typed (`1.0005`,
  `0.000001`), never rounded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

MAX_DIGITS = 15
MONEY_DECIMALS = 2
MONEY_LIMIT = 10**12

Problem = tuple[str, str, str]
"""(error kind, message, hint)."""


def exact(value: float | int | Decimal) -> Decimal:
    """The decimal number a value stands for: a float's shortest `repr` (the number typed, for
    a float within the rules above), an int or a Decimal as it is."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def significant_digits(number: Decimal) -> int:
    """`12345678901234567890.123456789` → 29, `0.000001` → 1, `1.50` → 2, `0` → 0."""
    digits = "".join(map(str, number.as_tuple().digits)).strip("0")
    return len(digits)


def decimals(number: Decimal) -> int:
    """The decimals a number has, trailing zeros aside: `1250.50` → 1, `1000.005` → 3,
    `0.00` → 0."""
    _, digits, exponent = number.as_tuple()
    shown = "".join(map(str, digits))
    if not isinstance(exponent, int) or not shown.strip("0"):
        return 0
    return max(0, -(exponent + len(shown) - len(shown.rstrip("0"))))


def plain(number: Decimal) -> str:
    """A number as it is typed: `1.2345678901234567E+19` → `12345678901234567000`, `1.0` → `1`."""
    text = format(number, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def number_problem(number: Decimal, money: bool, read: float | None = None,
                   shown: str | None = None) -> Problem | None:
    """What makes `number` (typed as `shown`, read as the float `read`) print otherwise than
    typed, with the fix; None when it prints as typed. `money`: an amount of costs or funding."""
    shown = shown or plain(number)
    if money and number.copy_abs() >= MONEY_LIMIT:
        return ("money_limit",
                f"`{shown}` is too large for an amount: amounts are below {MONEY_LIMIT} (10^12).",
                "Check the digits: an amount is written in whole units of its currency, with at "
                "most two decimals, e.g. 120000 or 1250.50.")
    if money and decimals(number) > MONEY_DECIMALS:
        cents = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=Context(prec=40))
        return ("money_cents",
                f"`{shown}` has {decimals(number)} decimals; an amount has at most "
                f"{MONEY_DECIMALS} (cents).", f"Round it to the cent: {cents}.")
    count = significant_digits(number)
    if count > MAX_DIGITS:
        rounded = Context(prec=MAX_DIGITS, rounding=ROUND_HALF_UP).plus(number)
        read_as = f"; here it would be read as {plain(exact(read))}" if read is not None else ""
        return ("too_many_digits",
                f"`{shown}` has too many digits to be kept exactly: {count} significant digits, "
                f"and a number keeps {MAX_DIGITS}{read_as}.",
                f"Round it to {MAX_DIGITS} significant digits: {plain(rounded)}.")
    kept = float(number)  # inf beyond the largest float, 0 below the smallest
    if kept in (float("inf"), float("-inf")) or exact(kept) != number:
        return _out_of_range(shown, kept)
    return None


def _out_of_range(shown: str, kept: float) -> Problem:
    if len(shown) > 40:
        what = "digits" if shown.isdigit() else "characters"
        quoted = f"`{shown[:20]}…{shown[-10:]}` ({len(shown)} {what})"
    else:
        quoted = f"`{shown}`"
    if kept in (float("inf"), float("-inf")):
        return ("number_range", f"{quoted} is too large to be kept as a number.",
                "Count it in a larger unit (thousands, millions), so that it has fewer digits.")
    read_as = "; here it would be read as 0" if kept == 0 else ""
    return ("number_range", f"{quoted} is too close to zero to be kept as a number{read_as}.",
            "Count it in a smaller unit (thousandths, millionths), so that it has fewer zeros.")


def _check(money: bool) -> AfterValidator:
    def check(value: float) -> float:
        problem = number_problem(exact(value), money)
        if problem:
            kind, message, hint = problem
            raise PydanticCustomError(kind, "{message}", {"message": message.rstrip("."),
                                                           "hint": hint})
        return value

    return AfterValidator(check)


MONEY_CHECK = _check(money=True)
"""The rules of an amount (`Amount`); `load/field_kinds` knows an amount by it."""

Amount = Annotated[float, Field(ge=0), MONEY_CHECK]
"""An amount of money in a currency's units: zero or more, to the cent, below 10^12."""
Quantity = Annotated[float, Field(ge=0), _check(money=False)]
"""A number printed exactly as typed: zero or more, at most 15 significant digits."""
