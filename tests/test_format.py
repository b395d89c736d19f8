"""Months, dates, money, numbers and countries as CLDR writes them in each language
(words/format.py), with the programme's conventions: ISO codes, whole amounts without cents,
month ranges written in full."""

from __future__ import annotations

import datetime as dt

import pytest

from actionplan.words.format import (
    country_name,
    format_date,
    format_days,
    format_list,
    format_money,
    format_months,
    format_number,
)

NBSP, THIN = "\u00a0", "\u2009"


def test_english_is_written_as_the_programme_writes_it() -> None:
    assert format_months("2019-06", "2020-12") == "June 2019 – December 2020"
    assert format_months("2020-05", "2020-05") == "May 2020"
    assert format_date(dt.date(2019, 3, 29)) == "29 March 2019"
    assert format_money(120000, "EUR") == "EUR 120,000"
    assert format_money(1641479.64, "BGN") == "BGN 1,641,479.64"
    assert format_number(120000) == "120,000" and format_number(1250.5) == "1,250.5"
    assert country_name("UK") == country_name("GB") == "United Kingdom"
    assert country_name("EL") == "Greece"


@pytest.mark.parametrize(("language", "months", "money", "date"), [
    ("de", "Juni 2019 – Dezember 2020", "120.000 EUR", "29. März 2019"),
    ("hu", "2019. június – 2020. december", f"120{NBSP}000 EUR", "2019. március 29."),
    ("bg", f"юни 2019{NBSP}г. – декември 2020{NBSP}г.", f"120{NBSP}000 EUR", f"29 март 2019{NBSP}г."),
    ("el", "Ιούνιος 2019 – Δεκέμβριος 2020", "120.000 EUR", "29 Μαρτίου 2019"),
    ("fr", "juin 2019 – décembre 2020", f"120{NBSP}000 EUR", "29 mars 2019"),
    ("pl", "czerwiec 2019 – grudzień 2020", f"120{NBSP}000 EUR", "29 marca 2019"),
    ("pt", "junho de 2019 – dezembro de 2020", f"120{NBSP}000 EUR", "29 de março de 2019"),
    ("nb", "juni 2019 – desember 2020", f"120{NBSP}000 EUR", "29. mars 2019"),
    ("no", "juni 2019 – desember 2020", f"120{NBSP}000 EUR", "29. mars 2019"),
])
def test_each_language_as_cldr_writes_it(language: str, months: str, money: str, date: str) -> None:
    assert format_months("2019-06", "2020-12", language) == months
    assert format_money(120000, "EUR", language) == money
    assert format_date(dt.date(2019, 3, 29), language) == date


def test_cents_only_when_the_amount_has_them() -> None:
    assert format_money(1250000.5, "EUR", "es") == "1.250.000,50 EUR"
    assert format_money(1250000, "EUR", "es") == "1.250.000 EUR"
    assert format_money(3700, "EUR", "de-AT") == "EUR 3.700"  # Austria puts the code first


def test_no_narrow_no_break_space_which_the_bundled_font_cannot_draw() -> None:
    for language in ("fr", "bg", "sv", "fi", "cs"):
        for text in (format_money(1234567, "EUR", language), format_number(1234567, language),
                     format_months("2019-06", "2020-12", language)):
            assert "\u202f" not in text, (language, text)


def test_day_spans_are_cldr_intervals_with_full_month_names() -> None:
    october = (dt.date(2018, 10, 16), dt.date(2018, 10, 17))
    assert format_days(*october) == f"16{THIN}–{THIN}17 October 2018"
    assert format_days(*october, "de") == "16.–17. Oktober 2018"
    assert format_days(*october, "pt") == "16–17 de outubro de 2018"  # CLDR's `out.` in full
    assert format_days(*october, "hu") == "2018. október 16–17."
    assert format_days(dt.date(2018, 10, 30), dt.date(2018, 11, 2), "de") == \
        f"30. Oktober{THIN}–{THIN}2. November 2018"
    assert format_days(october[0], None, "el") == "16 Οκτωβρίου 2018"


def test_countries_and_lists_in_the_language() -> None:
    assert country_name("EL", "hu") == "Görögország"
    assert country_name("HU", "bg") == "Унгария"
    assert format_list(["BDF", "PBN", "SEZ"], "hu") == "BDF, PBN és SEZ"
    assert format_list(["BDF", "PBN"]) == "BDF and PBN"


def test_a_language_cldr_does_not_know_is_written_in_english() -> None:
    assert format_months("2019-06", "2020-12", "tlh") == "June 2019 – December 2020"
    assert format_money(120000, "EUR", "tlh") == "EUR 120,000"
