"""A plan in each shipped language prints no English label in either format, and its dates,
months, money and country as CLDR writes them in that language; Word proof-reads it in it.

One small plan per language, all in one partnership, each rendered once for the module (a
DOCX is cheap, a PDF about a third of a second): the tests read the documents as a user does,
the DOCX with python-docx and the PDF with pypdf.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any

import pytest
from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal
from conftest import write_partnership
from pypdf import PdfReader
from test_labels import LANGUAGES, NEUTRAL, SAME_AS_ENGLISH

from actionplan.load import load_partnership
from actionplan.load.catalogues import english, placeholders, read_catalogue
from actionplan.load.templates import builtin_dir, search_path
from actionplan.render.docx import docx_bytes, paragraph_text
from actionplan.render.pdf.plan import layout_plan, pdf_bytes, render_html
from actionplan.words.format import cldr_locale, word_language
from actionplan.words.plan import plan_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A country (and a NUTS-2 region in it) for the partner writing in each language.
COUNTRY = {"bg": "BG41", "cs": "CZ01", "da": "DK01", "de": "DE30", "el": "EL30", "es": "ES21",
           "et": "EE00", "fi": "FI1B", "fr": "FR10", "ga": "IE06", "hr": "HR04", "hu": "HU22",
           "it": "ITC4", "lt": "LT01", "lv": "LV00", "mt": "MT00", "nb": "NO01", "nl": "NL32",
           "pl": "PL71", "pt": "PT11", "ro": "RO32", "sk": "SK01", "sl": "SI04", "sv": "SE11"}

# Every text a partner types is Latin filler: any English word in the documents is a label.
PROJECT = """\
project:
  acronym: LRM
  title: Lorem ipsum dolor
  programme: Interreg Europe 2021-2027
  period: {start: "2018-01", end: "2021-12"}
  lead_partner: p-hu
partners:
%s
topics:
  - {id: ipsum, title: Ipsum}
events:
  - {id: ev, title: Conventus, kind: study-visit, host: p-de, place: Pécs, start: 2018-10-16,
     end: 2018-10-17}
good_practices:
  - {id: gp, title: Praxis lorem, owner: p-de}
"""
PARTNER = "  - {id: p-%s, name: Societas %s, country: %s, region: Regio, nuts2: %s}"
PLAN = """\
partner: p-{code}
version: "1.0"
status: draft
date: 2019-03-29
language: {code}
contact: {{name: Anna Lorem, email: anna@example.org, phone: "+00 1 234 567"}}
policy_context:
  instrument_type: territorial-cooperation
  instrument: Lorem ipsum
  managing_authority: Dolor sit
  details: Consectetur adipiscing.
learnings:
  - id: l1
    title: Sed do eiusmod
    topic: ipsum
    from: {{event: ev, practice: gp, partner: p-{other}}}
    text: Tempor incididunt.
actions:
  - id: a1
    title: Ut labore
    learnings: [l1]
    improvement: structural-change
    background: Et dolore magna.
    activities: |
      - Aliqua
      - Enim
    players: [{{name: Minim, role: Veniam}}]
    timeframe: {{start: "2019-06", end: "2020-12"}}
    costs: {{amount: 120000, note: Quis nostrud}}
    funding: [{{source: Exercitation, amount: 60000}}]
    indicators: [{{name: Ullamco, target: 40, unit: laboris}}]
    monitoring: {{status: delayed, notes: Nisi ut aliquip.}}
signature: {{name: Ex Ea, position: Commodo, organisation: Consequat, place: Duis, date: 2019-04-02}}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`rendered(code)`: the plan in language `code` as (DOCX bytes, DOCX text, PDF text),
    made on first use."""
    partners = "\n".join(PARTNER % (code, code.upper(), nuts[:2], nuts)
                         for code, nuts in COUNTRY.items())
    plans = {f"{code}.yaml": PLAN.format(code=code, other="hu" if code != "hu" else "de")
             for code in COUNTRY}
    folder = write_partnership(tmp_path_factory.mktemp("languages") / "plans",
                               PROJECT % partners, plans)
    partnership = load_partnership(folder)
    dirs = search_path(folder)

    @cache
    def render(code: str) -> tuple[bytes, str, str, str]:
        entry = next(e for e in partnership.plans if e.id == code)
        ctx = plan_context(partnership, entry)
        docx = docx_bytes(ctx, dirs)
        pdf = pdf_bytes(layout_plan(ctx, dirs, [folder]), title=ctx.document_title,
                        author=ctx.author, language=ctx.language, build_time=None,
                        label=ctx.page_of.label)
        pages = PdfReader(io.BytesIO(pdf)).pages
        return (docx, _words(_docx_text(docx)),
                _words(" ".join(p.extract_text() for p in pages)), render_html(ctx, dirs))

    return render


def _docx_text(data: bytes) -> str:
    """What a reader of the DOCX sees: every paragraph of the body, headers and footers."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    stories = [doc.element.body] + [story._element for section in doc.sections
                                    for story in (section.header, section.footer,
                                                  section.first_page_header,
                                                  section.first_page_footer)]
    return "\n".join(paragraph_text(p) for story in stories for p in story.iter(f"{W}p"))


def _words(text: str) -> str:
    """The text with every run of white space as one space (lines wrap anywhere in a PDF)."""
    return re.sub(r"\s+", " ", text)


def _english_fragments(code: str) -> set[str]:
    """The English words of every label the language translates: each label's text between its
    placeholders, of three letters or more, unless the language's own labels use the same
    words (`Partner` in German)."""
    own = read_catalogue(builtin_dir() / "labels" / f"{code}.yaml").labels
    own_text = " ".join(t for text in own.values()
                        for t in (text.values() if isinstance(text, dict) else [text]))
    fragments = set()
    for key, text in english().labels.items():
        if key in NEUTRAL | SAME_AS_ENGLISH[code] or isinstance(text, dict):
            continue
        for part in re.split(r"\{[a-z_]+\}", text):
            part = part.strip(" :·–,.()")
            if len(re.sub(r"\W", "", part)) >= 3 and not _has(own_text, part):
                fragments.add(part)
    return fragments


def _has(text: str, words: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_english_label_is_left_in_either_format(code: str, rendered: Any) -> None:
    _docx, docx_text, pdf_text, _html = rendered(code)
    fragments = _english_fragments(code)
    assert len(fragments) > 60  # the check has teeth
    for name, text in (("DOCX", docx_text), ("PDF", pdf_text)):
        left = sorted(f for f in fragments if _has(text, f))
        assert left == [], f"English in the {name}: {left}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_months_dates_money_and_country_as_cldr_writes_them(code: str, rendered: Any) -> None:
    _docx, docx_text, pdf_text, html = rendered(code)
    locale = cldr_locale(code)
    june = {get_month_names("wide", context, locale)[6].lower()
            for context in ("format", "stand-alone")}
    english_months = [m for m in ("June", "December", "October", "March")
                      if m.lower() not in " ".join(get_month_names("wide", c, locale)[n].lower()
                                                   for c in ("format", "stand-alone")
                                                   for n in range(1, 13))]
    country = locale.territories[COUNTRY[code][:2].replace("EL", "GR")]
    english_country = Locale.parse("en").territories[COUNTRY[code][:2].replace("EL", "GR")]
    for text in (docx_text, pdf_text):
        assert any(month in text.lower() for month in june), (code, june)
        assert [m for m in english_months if _has(text, m)] == []
        assert f"{country} ({COUNTRY[code][:2]})" in text
        if english_country != country:
            assert not _has(text, english_country)
        assert _words(format_decimal(120000, locale=locale)) in text  # CLDR's digit grouping
    assert f'<html lang="{code}">' in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_pdf_footer_counts_pages_in_the_plans_language(code: str, rendered: Any) -> None:
    """The stamped footer ("Page 2 of 7") says its words in the plan's language."""
    from actionplan.words.labels import labels_for

    before, between, after = labels_for(code, [builtin_dir()]).split("page_of", "page", "pages")
    _, _, pdf_text, _ = rendered(code)
    footer = _words(f"{re.escape(before)}2{re.escape(between)}\\d+{re.escape(after)}")
    assert re.search(footer, pdf_text), (code, before, between, after)


@pytest.mark.parametrize("code", LANGUAGES)
def test_word_proofreads_every_run_in_the_plans_language(code: str, rendered: Any) -> None:
    docx, *_ = rendered(code)
    languages = _run_languages(docx)
    assert set(languages) == {word_language(code)}, languages
    assert word_language(code).startswith(code if code != "nb" else "nb")


def _run_languages(docx: bytes) -> dict[str | None, int]:
    """How many runs with text Word proof-reads in each language (None: the default)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    counts: dict[str | None, int] = {}
    for run in body.iter(f"{W}r"):
        if "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            lang = run.find(f"{W}rPr/{W}lang")
            key = lang.get(f"{W}val") if lang is not None else None
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_the_word_languages_have_their_region() -> None:
    assert [word_language(c) for c in ("en", "en-US", "bg", "el", "pt", "no", "de-AT", "ga")] == [
        "en-GB", "en-US", "bg-BG", "el-GR", "pt-PT", "nb-NO", "de-AT", "ga-IE"]


def test_placeholders_are_names_only() -> None:
    assert placeholders("Page {page} of {pages}") == ["page", "pages"]
    assert placeholders("{name.__class__}") is None and placeholders("{a:>9}") is None
    assert placeholders("a { b") is None and placeholders("{{literal}}") == []
