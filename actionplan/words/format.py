"""Words and numbers as the documents print them: months, dates, money, numbers, countries, in
the language of the document, as the Unicode CLDR writes them (through Babel).

One place for the formatting that the plan documents and the cross-partner summary share, so
both formats and every part of the deliverable say the same thing (house style: models never
format for display). Every function takes the document's `language`, a BCP-47 tag as the
files give it (`en`, `hu`, `pt-PT`); `en` is written as the programme writes English, in
CLDR's British English (`29 March 2019`, `EUR 120,000`).

The programme's conventions kept on top of CLDR:
- numbers are printed exactly, with every decimal they have (`1.0005`, never rounded to
  CLDR's three): a float is printed as its shortest repr, the number typed for every number
  `validate` lets through (model/numbers.py);
- money shows the ISO 4217 code, not the sign (`EUR 120,000`, `120.000 EUR` in German: where
  the code goes, the grouping and the decimal mark are CLDR's), whole amounts without cents;
- a range of months is written in full at both ends, `June 2019 – December 2020`
  (`Juni 2019 – Dezember 2020`), each month as CLDR writes "month year" in the language;
- CLDR's narrow no-break space (U+202F, French and Bulgarian grouping, `2019 г.`) becomes a
  no-break space: the bundled Open Sans has no glyph for it, and both keep the words together;
- the space between a currency code and its amount is a plain space: the renderers keep an
  amount on one line themselves (the DOCX with a no-break space, the HTML in one span).

Babel and its locale data are imported on first use: `actionplan validate` never loads them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from contextlib import AbstractContextManager
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model import Partner
from ..model.codes import NUTS_PREFIX
from ..model.numbers import decimals, exact

if TYPE_CHECKING:
    from babel import Locale

ENGLISH = "en_GB"
"""The CLDR locale of `en`: the programme writes British English (29 March 2019)."""
_DEFAULT_REGION = {"en": "GB", "pt": "PT"}
"""The region a bare language means in an EU programme where CLDR's likeliest one differs
(CLDR: en → US, pt → BR)."""
_ALIASES = {"no": "nb"}
"""`no` (Norwegian) is written as Bokmål, CLDR's `nb`."""
# CLDR territories are ISO 3166 codes; the EU writes Greece EL and the United Kingdom UK.
_ISO_TERRITORY = {"EL": "GR", "UK": "GB"}
_NARROW_NBSP, _NBSP = "\u202f", "\u00a0"


# --- languages -------------------------------------------------------------------------------

def base_language(language: str) -> str:
    """`pt-PT` → `pt`, `no` → `nb`: the language without region or script, lower case."""
    base = language.replace("_", "-").split("-")[0].lower()
    return _ALIASES.get(base, base)


def is_english(language: str) -> bool:
    return base_language(language) == "en"


@lru_cache(maxsize=64)
def cldr_locale(language: str) -> Locale:
    """The CLDR locale of a BCP-47 tag: `en` → en_GB, `no` → nb, `de-AT` → de_AT; a tag CLDR
    does not know falls back to its language, then to English."""
    from babel import Locale, UnknownLocaleError

    tag = language.replace("_", "-")
    parts = tag.split("-")
    base = base_language(tag)
    candidates = ["_".join([base, *parts[1:]])] if len(parts) > 1 else []
    candidates.append(f"{base}_{_DEFAULT_REGION[base]}" if base in _DEFAULT_REGION else base)
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(ENGLISH)


def word_language(language: str) -> str:
    """The language tag Word proof-reads with: language and region, `bg` → `bg-BG`,
    `en` → `en-GB`, `pt` → `pt-PT`, `de-AT` → `de-AT` (CLDR's likely region otherwise)."""
    from babel.core import get_global

    locale = cldr_locale(language)
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((p for p in likely.split("_")[1:] if p.isupper() and len(p) == 2), None)
    return f"{locale.language}-{territory}" if territory else locale.language


def _clean(text: str) -> str:
    return text.replace(_NARROW_NBSP, _NBSP)


# --- months and dates ------------------------------------------------------------------------

def format_month(month: str, language: str = "en") -> str:
    """`2019-06` → `June 2019`; `2019. június` in Hungarian, `юни 2019 г.` in Bulgarian
    (CLDR's "month year", skeleton yMMMM)."""
    from babel.dates import format_skeleton

    year, number = month.split("-")
    day = dt.date(int(year), int(number), 1)
    return _clean(format_skeleton("yMMMM", day, locale=cldr_locale(language)))


def format_months(start: str, end: str, language: str = "en") -> str:
    """`2019-06`, `2020-12` → `June 2019 – December 2020` (one month alone when equal)."""
    if start == end:
        return format_month(start, language)
    return f"{format_month(start, language)} – {format_month(end, language)}"


def format_date(day: dt.date, language: str = "en") -> str:
    """`2019-03-29` → `29 March 2019`; `29. März 2019`, `2019. március 29.` (CLDR's long date)."""
    from babel.dates import format_date as babel_date

    return _clean(babel_date(day, "long", locale=cldr_locale(language)))


def format_days(start: dt.date, end: dt.date | None, language: str = "en") -> str:
    """One day, or a span as CLDR writes date intervals (`16–17 October 2018`, with the thin
    spaces of British English), the month names in full as in `format_date`."""
    if end is None or end == start:
        return format_date(start, language)
    return _clean(_interval(start, end, "yMMMMd", cldr_locale(language)))


def _interval(start: dt.date, end: dt.date, skeleton: str, locale: Locale) -> str:
    """A CLDR date interval (UTS #35, "intervalFormats"). Babel's `format_interval` matches
    `yMMMMd` to the locale's `yMMMd` and then prints abbreviated months; the standard asks to
    adjust the matched pattern's field widths to the skeleton's, which this does."""
    from babel.dates import match_skeleton, parse_pattern

    formats = locale.interval_formats
    matched = skeleton if skeleton in formats else match_skeleton(skeleton, formats)
    fields = formats.get(matched) if matched else None
    for field, values in (("y", (start.year, end.year)), ("M", (start.month, end.month)),
                          ("d", (start.day, end.day))):
        if fields and field in fields and values[0] != values[1]:
            parts = [_widen(pattern, skeleton) for pattern in fields[field]]
            return "".join(parse_pattern(p).apply(day, locale)
                           for p, day in zip(parts, (start, end), strict=True))
    fallback = formats.get(None, "{0} – {1}")
    return fallback.replace("{0}", format_date(start, str(locale))).replace(
        "{1}", format_date(end, str(locale)))


def _widen(pattern: str, skeleton: str) -> str:
    """`d MMM y` → `d MMMM y` when the skeleton asks for full month names."""
    from babel.dates import tokenize_pattern, untokenize_pattern

    if "MMMM" not in skeleton:
        return pattern
    tokens = [("field", (value[0], 4)) if kind == "field" and value[0] in "ML" and value[1] == 3
              else (kind, value) for kind, value in tokenize_pattern(pattern)]
    return str(untokenize_pattern(tokens))


# --- numbers and money -----------------------------------------------------------------------

def format_number(value: float | Decimal, language: str = "en") -> str:
    """`120000` → `120,000`; `1250.5` → `1,250.5`; `1.0005` → `1.0005`; `120.000` in German
    (CLDR's decimal format, with every decimal of the number: never rounded)."""
    from babel.numbers import format_decimal

    number = _exact(value)
    with _room_for(number):
        return _clean(format_decimal(number, locale=cldr_locale(language),
                                     decimal_quantization=False))


def format_money(amount: float | Decimal, currency: str, language: str = "en") -> str:
    """`120000, EUR` → `EUR 120,000`; `120.000 EUR` in German, `120 000 EUR` in Hungarian;
    `EUR 1,641,479.64` with cents only when the amount has them (CLDR's currency format for
    the language, with the ISO code in place of the sign)."""
    from babel.numbers import format_currency

    number = _exact(amount)
    locale = cldr_locale(language)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if not decimals(number):
        pattern = re.sub(r"\.0+", "", pattern)
    pattern = pattern.replace("¤", "¤¤")  # the ISO code (CLDR: two currency signs)
    with _room_for(number):
        text = format_currency(number, currency, format=pattern, locale=locale,
                               currency_digits=False)
    # CLDR's currencySpacing: a code's letters next to a digit get a space between them
    code = re.escape(currency)
    text = re.sub(rf"(?<={code})[{_NBSP}{_NARROW_NBSP} ]?(?=[\d-])", " ", text)
    text = re.sub(rf"(?<=\d)[{_NBSP}{_NARROW_NBSP} ]?(?={code})", " ", text)
    return _clean(text)


def _exact(value: float | Decimal) -> Decimal:
    """The number to print: a float's shortest repr, which is the number typed for every float
    the rules of `model.numbers` let through (`1.0005`, not 1.000499999…); 0 for -0."""
    number = exact(value)
    return number.copy_abs() if number.is_zero() else number


def _room_for(number: Decimal) -> AbstractContextManager[decimal.Context]:
    """A decimal context with room for every digit of `number` written out in full: Babel
    rounds in the current context, whose 28 digits end in `InvalidOperation` for a number
    like 1.2345678901234568E+29 printed to the unit."""
    _, digits, exponent = number.as_tuple()
    size = len(digits) + abs(exponent) if isinstance(exponent, int) else len(digits)
    return decimal.localcontext(decimal.Context(prec=max(28, size + 4)))


# --- places and partners ---------------------------------------------------------------------

def country_name(code: str, language: str = "en") -> str:
    """`HU` → `Hungary`; `Magyarország` in Hungarian (CLDR's territory names; EL and UK are
    Greece and the United Kingdom)."""
    names: Any = cldr_locale(language).territories
    return str(names.get(_ISO_TERRITORY.get(code, code), code))


def partner_label(partner: Partner) -> str:
    """How a partner is named in running text: its short name when it has one."""
    return partner.short_name or partner.name


def countries_text(partners: list[Partner], language: str = "en") -> str:
    """`Hungary (HU)`, each country once (ISO's GR and GB count as the EU's EL and UK)."""
    codes = list(dict.fromkeys(NUTS_PREFIX.get(p.country, p.country) for p in partners))
    return "; ".join(f"{country_name(c, language)} ({c})" for c in codes)


def regions_text(partners: list[Partner]) -> str:
    """`Nyugat-Dunántúl (HU22)`, each region once."""
    regions = list(dict.fromkeys((p.region, p.nuts2) for p in partners))
    return "; ".join(f"{region} ({nuts2})" for region, nuts2 in regions)


def format_list(items: list[str], language: str = "en") -> str:
    """`BDF, PBN and SEZ`; `BDF, PBN és SEZ` in Hungarian (CLDR's list patterns)."""
    from babel.lists import format_list as babel_list

    return _clean(babel_list(items, locale=cldr_locale(language))) if items else ""
