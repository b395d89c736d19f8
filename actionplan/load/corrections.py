"""The partner's own value, corrected: `29/03/2019` → `2019-03-29`, `09.2019` → `2019-09`.

A fixed example ("Dates are written year-month-day: 2019-06-30") makes the partner translate;
their own value written right can be copied. Each function returns the corrected text, or None
when the value cannot be read with confidence (then the message gives a plain example).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal

from ..model.languages import LANGUAGE_CODES

_MONTH_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_SEP = r"[./\- ]"
_QUOTES = " \"'“”„‟‘’‚«»"
_DASHES = "‐‑‒–—−"
"""Dashes a word processor types where a date has hyphens (U+2010–U+2015, the minus sign)."""
_SCALES = (
    (r"k|tsd\.?|thousands?", 10**3),
    (r"m|mio\.?|mln\.?|mill\.?|millions?|millones|milioni", 10**6),
    (r"bn|mrd\.?|billions?|milliards?", 10**9),
)
"""Words after a number that multiply it, as partners shorten amounts in English, German,
French, Spanish, Italian, Polish and Dutch reports (`50k`, `1,2 Mio.`, `2 mln`, `1.2 MEUR`).
Not Spanish and Portuguese `mil`, which is a thousand, not a million: left alone."""


def _bare(text: str) -> str:
    """The text without surrounding quotes, straight or curly (Word types curly ones)."""
    return text.strip().strip(_QUOTES)


def month_from(text: str) -> str | None:
    """`09.2019`, `9/2019`, `2019/09`, `2019-9`, `Sep 2019`, `2019-09-01` → `2019-09`."""
    text = _bare(text)
    for pattern, year_first in ((rf"(\d{{4}}){_SEP}(\d{{1,2}})(?:{_SEP}\d{{1,2}})?", True),
                                (rf"(?:\d{{1,2}}{_SEP})?(\d{{1,2}}){_SEP}(\d{{4}})", False)):
        found = re.fullmatch(pattern, text)
        if found:
            year, month = (found.group(1), found.group(2)) if year_first else (found.group(2),
                                                                               found.group(1))
            return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    found = re.fullmatch(r"([A-Za-z]+)\.?,? *(\d{4})", text)
    if found and found.group(1).lower() in _MONTH_NAMES:
        return f"{found.group(2)}-{_MONTH_NAMES[found.group(1).lower()]:02d}"
    return None


def date_from(text: str) -> str | None:
    """`29/03/2019`, `29.03.2019`, `2019/03/29`, `3/29/2019` (month first only when the
    day shows it), `29 March 2019`, `2019–03–29` (long dashes) → `2019-03-29`; None when no
    real date is meant clearly."""
    text = re.sub(f"[{_DASHES}]", "-", _bare(text))
    found = re.fullmatch(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})", text)
    if found:
        return _real(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    found = re.fullmatch(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})", text)
    if found:
        first, second, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
        # Partners are European: day first, unless the second number cannot be a month
        # (3/29/2019 can only be March 29).
        return _real(year, first, second) if second > 12 and first <= 12 else _real(year, second, first)
    found = re.fullmatch(r"(\d{1,2})\.? *([A-Za-z]+)\.?,? *(\d{4})", text)
    if found and found.group(2).lower() in _MONTH_NAMES:
        return _real(int(found.group(3)), _MONTH_NAMES[found.group(2).lower()], int(found.group(1)))
    return None


def _real(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def why_not_a_date(text: str) -> str | None:
    """For `2019-02-30`: "February 2019 has 28 days."; None when the form is not year-month-day
    or the date is real."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"There is no month {month:02d}; months go from 01 to 12."
    days = calendar.monthrange(year, month)[1]
    return None if 1 <= day <= days else f"{calendar.month_name[month]} {year} has {days} days."


def look_alikes(text: str) -> str | None:
    """What in `text` looks like something else, as a clause ("which holds a no-break space
    (U+00A0), …"): characters shown as a space or not at all (Unicode's space separators and
    format characters), full-width digits (East Asian input methods), long dashes; None when
    nothing does. A correction of such a value looks the same as the value, so the message
    must name the difference."""
    for char in text:
        if char != " " and unicodedata.category(char) in ("Zs", "Cf"):
            return (f"which holds a {unicodedata.name(char, 'space').lower()} "
                    f"(U+{ord(char):04X}), shown as a space or not at all")
    if any("\uff10" <= char <= "\uff19" for char in text):
        return "written in full-width digits"
    dash = next((char for char in text if char in _DASHES), None)
    if dash:
        return f"written with dashes ({dash}, U+{ord(dash):04X}) where a date has hyphens (-)"
    return None


def number_from(text: str) -> str | None:
    """The one number in a text, written as YAML reads numbers: `about 30` → `30`,
    `1,000 EUR` → `1000`, `120.000` → `120000`, `2,5` → `2.5`, `50k` → `50000`, `1,2 Mio.` →
    `1200000` (`_SCALES`), `1 250,50` → `1250.50`, `２０` (full-width) → `20`; None when there are
    several."""
    text = unicodedata.normalize("NFKC", text)
    tokens = list(re.finditer(r"[0-9]+(?:[ ,.'’\u00a0][0-9]+)*", text))
    if len(tokens) != 1:
        return None
    token = tokens[0].group()
    groups = re.split(r"[ ,.'’\u00a0]", token)
    marks = re.findall(r"[ ,.'’\u00a0]", token)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
        number = "".join(groups)  # thousands separators
    elif (len(groups) > 2 and marks[-1] in ",." and len(set(marks[:-1])) == 1
          and marks[-1] != marks[0] and all(len(g) == 3 for g in groups[1:-1])
          and len(groups[0]) <= 3):
        number = "".join(groups[:-1]) + "." + groups[-1]  # `1 250,50`: thousands, then decimals
    elif len(groups) == 2:
        number = f"{groups[0]}.{groups[1]}"  # a decimal comma or point
    elif len(groups) == 1:
        number = token
    else:
        return None
    return _scaled(number, text[tokens[0].end():])


def _scaled(number: str, after: str) -> str:
    """`number` times the scale word that begins `after` (`k`, `Mio.`, `MEUR`…), if one does."""
    for words, factor in _SCALES:
        # the word alone, or glued to a currency (`kEUR`, `M€`); not the start of a word or a
        # unit (`kg`, `m2`)
        if re.match(rf" ?(?:{words})(?:EUR|€)?(?![^\W_])", after, re.IGNORECASE):
            value = f"{Decimal(number) * factor:f}"
            return value.rstrip("0").rstrip(".") if "." in value else value
    return number


def language_from(text: str) -> str | None:
    """`English` → `en`, `Deutsch` → `de`, `Portuguese` → `pt` (`model/languages.py`)."""
    return LANGUAGE_CODES.get(_bare(text).lower())
