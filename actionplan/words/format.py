"""Words and numbers as the documents print them: months, dates, money, countries, partners.

One place for the formatting that the plan documents and the cross-partner summary share, so
both formats and every part of the deliverable say the same thing (house style: models never
format for display).
"""

from __future__ import annotations

import datetime as dt

from ..model import Partner
from ..model.codes import NUTS_PREFIX

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

COUNTRY_NAMES = {
    "AL": "Albania", "AT": "Austria", "BA": "Bosnia and Herzegovina", "BE": "Belgium",
    "BG": "Bulgaria", "CH": "Switzerland", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DK": "Denmark", "EE": "Estonia", "EL": "Greece", "GR": "Greece", "ES": "Spain",
    "FI": "Finland", "FR": "France", "HR": "Croatia", "HU": "Hungary", "IE": "Ireland",
    "IS": "Iceland", "IT": "Italy", "LI": "Liechtenstein", "LT": "Lithuania", "LU": "Luxembourg",
    "LV": "Latvia", "MD": "Moldova", "ME": "Montenegro", "MK": "North Macedonia", "MT": "Malta",
    "NL": "Netherlands", "NO": "Norway", "PL": "Poland", "PT": "Portugal", "RO": "Romania",
    "RS": "Serbia", "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia", "TR": "Türkiye",
    "UA": "Ukraine", "UK": "United Kingdom", "GB": "United Kingdom", "XK": "Kosovo",
}

INSTRUMENT_TYPES = (
    ("growth-and-jobs", "Investment for Growth and Jobs programme"),
    ("territorial-cooperation", "European Territorial Cooperation programme"),
    ("other", "Other regional development policy instrument"),
)

IMPROVEMENTS = {
    "new-projects": "Implementation of new projects",
    "management": "Change in the management of the policy instrument",
    "structural-change": "Change in the strategic focus of the policy instrument",
}

EVENT_KINDS = {
    "interregional-meeting": "Interregional meeting", "study-visit": "Study visit",
    "peer-review": "Peer review", "workshop": "Workshop", "conference": "Conference",
    "survey": "Survey", "other": "Event",
}


# --- formatting --------------------------------------------------------------------------

def format_month(month: str) -> str:
    """`2019-06` → `June 2019`."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def format_months(start: str, end: str) -> str:
    """`2019-06`, `2020-12` → `June 2019 – December 2020`."""
    return format_month(start) if start == end else f"{format_month(start)} – {format_month(end)}"


def format_date(day: dt.date) -> str:
    """`2019-03-29` → `29 March 2019`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_days(start: dt.date, end: dt.date | None) -> str:
    """One day, or a span written as short as it reads: `16–17 October 2018`."""
    if end is None or end == start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def format_number(value: float) -> str:
    """`120000` → `120,000`; `1641479.64` → `1,641,479.64`."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(amount: float, currency: str) -> str:
    """`120000, EUR` → `EUR 120,000`."""
    return f"{currency} {format_number(amount)}"


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


def partner_label(partner: Partner) -> str:
    """How a partner is named in running text: its short name when it has one."""
    return partner.short_name or partner.name

def countries_text(partners: list[Partner]) -> str:
    """`Hungary (HU)`, each country once (ISO's GR and GB count as the EU's EL and UK)."""
    codes = list(dict.fromkeys(NUTS_PREFIX.get(p.country, p.country) for p in partners))
    return "; ".join(f"{country_name(c)} ({c})" for c in codes)


def regions_text(partners: list[Partner]) -> str:
    """`Nyugat-Dunántúl (HU22)`, each region once."""
    regions = list(dict.fromkeys((p.region, p.nuts2) for p in partners))
    return "; ".join(f"{region} ({nuts2})" for region, nuts2 in regions)
