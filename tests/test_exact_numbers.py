"""Numbers reach the documents exactly as typed, or `validate` refuses them at their place.

YAML reads a number as a binary float, and the documents print it through Babel: a number with
more digits than a float keeps came out changed (`12345678901234567890.123456789` printed as
`12,345,678,901,234,567,000`), targets lost their decimals (`1.0005` printed as `1`), and a
30-digit amount crashed `render` with a traceback after `validate` had said valid. Each test
gives the input and the right output: the exact message (file:line:column, field, fix), or the
words of the DOCX (read back with python-docx) and the PDF (read with pypdf), for the plan's
documents and for the consolidated deliverable's summary.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, write_partnership
from test_typed_input import INDICATOR, documents, validate, with_plan

from actionplan.cli import main

VALID = (0, "plans: project.yaml and 1 plan are valid.\n")
TARGET_AT = "plans/north.yaml:37:17: actions[1].indicators[1].target: "


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def with_target(tmp_path: Path, target: str, unit: str = "") -> Path:
    indicator = INDICATOR.format(target=target) + (f"        unit: {unit}\n" if unit else "")
    return with_plan(tmp_path, "    funding:\n", indicator + "    funding:\n")


# --- 1. what validate refuses, at its place ---------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("costs: {amount: 1000}", "costs: {amount: 123456789012345678901234567890}",
     "plans/north.yaml:34:21: actions[1].costs.amount: `123456789012345678901234567890` is too "
     "large for an amount: amounts are below 1000000000000 (10^12). Check the digits: an amount "
     "is written in whole units of its currency, with at most two decimals, e.g. 120000 or "
     "1250.50."),
    ("amount: 500", "amount: 1000000000000",
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `1000000000000` is too large for an "
     "amount: amounts are below 1000000000000 (10^12). Check the digits: an amount is written in "
     "whole units of its currency, with at most two decimals, e.g. 120000 or 1250.50."),
    ("costs: {amount: 1000}", "costs: {amount: 1000.005}",
     "plans/north.yaml:34:21: actions[1].costs.amount: `1000.005` has 3 decimals; an amount has "
     "at most 2 (cents). Round it to the cent: 1000.01."),
    ("amount: 500", "amount: 0.125",
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `0.125` has 3 decimals; an amount "
     "has at most 2 (cents). Round it to the cent: 0.13."),
])
def test_amounts_beyond_cents_or_the_bound_are_refused(tmp_path: Path, old: str, new: str,
                                                       expected: str) -> None:
    code, output = validate(with_plan(tmp_path, old, new))
    assert (code, output) == (1, expected + "\n1 error in 1 file.\n")


@pytest.mark.parametrize(("target", "expected"), [
    ("12345678901234567890.123456789",
     "`12345678901234567890.123456789` has too many digits to be kept exactly: 29 significant "
     "digits, and a number keeps 15; here it would be read as 12345678901234567000. Round it to "
     "15 significant digits: 12345678901234600000."),
    ("1.0000000000000001",
     "`1.0000000000000001` has too many digits to be kept exactly: 17 significant digits, and a "
     "number keeps 15; here it would be read as 1. Round it to 15 significant digits: 1."),
    ("0.1234567890123456789",
     "`0.1234567890123456789` has too many digits to be kept exactly: 19 significant digits, and "
     "a number keeps 15; here it would be read as 0.12345678901234568. Round it to 15 "
     "significant digits: 0.123456789012346."),
    ("1" + "0" * 400,
     "`10000000000000000000…0000000000` (401 digits) is too large to be kept as a number. Count "
     "it in a larger unit (thousands, millions), so that it has fewer digits."),
    ("0." + "0" * 400 + "1",
     "`0.000000000000000000…0000000001` (403 characters) is too close to zero to be kept as a "
     "number; here it would be read as 0. Count it in a smaller unit (thousandths, millionths), "
     "so that it has fewer zeros."),
    ("0x10", "`0x10` is written in hexadecimal; here it would be read as 16. Write it in decimal "
             "digits: 16."),
    ("0o17", "`0o17` is written in octal; here it would be read as 15. Write it in decimal "
             "digits: 15."),
])
def test_targets_a_float_cannot_keep_are_refused(tmp_path: Path, target: str, expected: str) -> None:
    code, output = validate(with_target(tmp_path, target))
    assert (code, output) == (1, TARGET_AT + expected + "\n1 error in 1 file.\n")


def test_render_refuses_what_validate_refuses_without_a_traceback(tmp_path: Path) -> None:
    """The tester's plan: validate said valid, render ended in `decimal.InvalidOperation`."""
    folder = with_plan(tmp_path, "costs: {amount: 1000}",
                       "costs: {amount: 123456789012345678901234567890}")
    result = CliRunner().invoke(main, ["render", str(folder / "north.yaml"), "-o",
                                       str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "north.yaml:34:21: actions[1].costs.amount: `123456789012345678901234567890` is too " \
           "large for an amount" in result.output
    assert not (tmp_path / "out" / "north.docx").exists()


# --- 2. what validate accepts is printed exactly ----------------------------------------------

PRINTED = [
    ("1.0005", "companies", "1.0005 companies"),
    ("0.000001", "companies", "0.000001 companies"),
    ("123456789012345", "", "123,456,789,012,345"),
    ("12345678.1234567", "", "12,345,678.1234567"),
    ("100000000000000000000", "", "100,000,000,000,000,000,000"),
    ("0.5000", "", "0.5"),
]


@pytest.mark.parametrize(("target", "unit", "printed"), PRINTED)
def test_targets_print_every_decimal_typed(tmp_path: Path, target: str, unit: str,
                                           printed: str) -> None:
    folder = with_target(tmp_path, target, unit)
    assert validate(folder) == VALID
    docx, pdf = documents(folder)
    assert f"| Companies exporting | {printed} |" in docx
    assert f"Companies exporting {printed}" in _squeezed(pdf)


def test_the_largest_amounts_print_to_the_cent(tmp_path: Path) -> None:
    folder = with_plan(tmp_path, "costs: {amount: 1000}", "costs: {amount: 999999999999.99}")
    (folder / "north.yaml").write_text((folder / "north.yaml").read_text("utf-8").replace(
        "amount: 500", "amount: 0.01"), "utf-8")
    assert validate(folder) == VALID
    docx, pdf = documents(folder)
    for text in (docx.replace("\u00a0", " "), _squeezed(pdf)):
        assert "EUR 999,999,999,999.99" in text
        assert "EUR 0.01" in text


def test_numbers_print_exactly_in_the_plans_language() -> None:
    from actionplan.words.format import format_money, format_number

    assert format_number(1.0005, "de") == "1,0005"
    assert format_number(0.000001, "hu") == "0,000001"
    assert format_number(12345678.1234567, "de") == "12.345.678,1234567"
    assert format_money(999999999999.99, "EUR", "de") == "999.999.999.999,99 EUR"
    assert format_money(-0.0, "EUR") == format_money(0, "EUR") == "EUR 0"
    assert format_money(Decimal("1250.50") - Decimal("1250.50"), "EUR") == "EUR 0"  # unfunded


@pytest.mark.parametrize("value", [1e300, 1.2345678901234568e29, 5e-324, 1.7976931348623157e308,
                                   Decimal("1E+400"), Decimal("123456789012345678901234567890.55")])
def test_no_number_crashes_the_printing(value: float | Decimal) -> None:
    """What validate lets through is printed exactly; whatever else reaches the printing (a
    sum, a model built in code) is printed in full, never a traceback."""
    from actionplan.words.format import format_money, format_number

    number = Decimal(repr(value)) if isinstance(value, float) else value
    assert format_number(value) == f"{number:,f}"
    assert format_money(value, "EUR").startswith("EUR ")
    assert format_money(1.2345678901234568e29, "EUR") == "EUR 123,456,789,012,345,680,000,000,000,000"


# --- 3. the consolidated deliverable's sums ---------------------------------------------------

def _bank_lines(count: int) -> list[Decimal]:
    """Amounts below 10^12 with cents, spread like real ones (fixed pseudo-random ones: with
    these, adding the amounts as floats ends a cent off)."""
    draw = random.Random(0)
    return [Decimal(draw.randrange(10**14)) / 100 for _ in range(count)]


def _summary_folder(tmp_path: Path, lines: list[Decimal]) -> Path:
    funding = "".join(f"      - source: Bank\n        amount: {amount}\n        currency: BGN\n"
                      for amount in lines)
    plan = MINIMAL_PLAN.replace("costs: {amount: 1000}", "costs: {amount: 999999999999.99}")
    plan = plan[:plan.index("    funding:\n")] + "    funding:\n" + funding
    return write_partnership(tmp_path / "plans", MINIMAL_PROJECT, {"north.yaml": plan})


def test_the_summary_adds_amounts_exactly(tmp_path: Path) -> None:
    """Hundreds of amounts near the bound add up past what a float keeps to the cent."""
    from actionplan.load import load_partnership
    from actionplan.summary import build_summary

    lines = _bank_lines(400)
    folder = _summary_folder(tmp_path, lines)
    assert validate(folder) == VALID
    total = f"{sum(lines):,.2f}"
    money = build_summary(load_partnership(folder)).money
    assert money.partners[0].costs.text == "EUR 999,999,999,999.99"
    assert money.partners[0].funding.text == f"BGN {total}"
    assert money.funding.text == f"BGN {total}"
    assert [(s.source, s.amount.text) for s in money.sources] == [("Bank", f"BGN {total}")]


def test_the_deliverable_prints_amounts_exactly(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from actionplan.load import load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.docx import consolidated_docx_bytes, dump_docx
    from actionplan.render.pdf.consolidated import summary_pdf
    from actionplan.summary import build_summary
    from actionplan.summary.deliverable import deliverable_context

    lines = _bank_lines(400)
    partnership = load_partnership(_summary_folder(tmp_path, lines))
    when = dt.datetime(2019, 3, 29, tzinfo=dt.UTC)
    dirs = search_path(partnership.folder)
    total = f"BGN {sum(lines):,.2f}"
    docx_ctx = deliverable_context(partnership, build_summary(partnership), when, ("docx",))
    docx = dump_docx(consolidated_docx_bytes(docx_ctx, dirs, build_time=when)).replace("\u00a0", " ")
    pdf_ctx = deliverable_context(partnership, build_summary(partnership), when, ("pdf",))
    made = summary_pdf(pdf_ctx, dirs, [partnership.folder], build_time=when)
    pdf = _squeezed(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(made.data)).pages))
    for text in (docx, pdf):
        assert "EUR 999,999,999,999.99" in text
        assert total in text
