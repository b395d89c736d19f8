"""The consolidated deliverable in its own language (`project.language`): its summary, charts
and labels in that language; each plan in its own, with its English summary ahead of it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from pypdf import PdfReader

from actionplan.cli import main
from actionplan.render.docx import dump_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/multilingual with a Hungarian deliverable, built whole."""
    base = tmp_path_factory.mktemp("deliverable")
    folder = base / "multilingual"
    shutil.copytree(ROOT / "examples" / "multilingual", folder)
    project = folder / "project.yaml"
    project.write_text(project.read_text("utf-8").replace("  language: en\n", "  language: hu\n"),
                       "utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(base / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    return base / "out"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_word_deliverable_speaks_hungarian(built: Path) -> None:
    dump = dump_docx((built / "RURAL-DIGI-action-plans.docx").read_bytes())
    for line in ("Title: A partnerség cselekvési tervei", "TOC Heading: Tartalom",
                 "Heading 1: A partnerség összefoglalója", "Heading 2: Áttekintés",
                 "Heading 2: Tudásáramlás", "Heading 2: Ütemterv", "Heading 2: Pénzügyek",
                 "Title: Σχέδιο δράσης",  # a plan's cover, in the plan's language
                 "  | Interreg Europe 2021-2027 | {PAGE}. oldal / {NUMPAGES} |"):
        assert line in dump.splitlines(), line
    overview = dump.split("Heading 2: Áttekintés\n")[1]
    assert overview.startswith("table:\n  | Partner | Ország / régió (NUTS 2) | Szakpolitikai eszköz |")
    assert "| Spanyolország (ES) / Andalucía (ES61) |" in overview  # CLDR's country names
    assert "1 250 000,50 EUR" in overview.replace("\u00a0", " ")  # and its money
    assert "| Összesen (4 terv) |" in overview
    # the charts' descriptions, in Hungarian
    assert re.search(r"Caption: Ütemterv: 5 intézkedés \(4 terv\), 2026\. március – 2027\. "
                     r"február; a 2\. szakasz \(2026\. március – 2027\. február\) árnyékolva\.", dump)


def test_each_plan_keeps_its_language_with_the_english_summary_ahead(built: Path) -> None:
    lines = dump_docx((built / "RURAL-DIGI-action-plans.docx").read_bytes()).splitlines()
    start = lines.index("Title: План за действие")
    assert lines[start + 1:start + 4] == ["Община Пловдив", "Cover Text: Южен централен, България",
                                          "Cover Draft: ЧЕРНОВА"]
    summary = lines.index("Heading 1: Summary in English", start)
    assert lines[summary + 3] == "Heading 1: Част I – Обща информация"


def test_word_proofreads_each_part_in_its_language(built: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(built / "RURAL-DIGI-action-plans.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = archive.read("word/styles.xml").decode()
    assert '<w:lang w:val="hu-HU"' in styles.split("</w:rPrDefault>")[0]
    order = []
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        lang = run.find(f"{W}rPr/{W}lang")
        if text.strip() and lang is not None and (not order or order[-1][0] != lang.get(f"{W}val")):
            order.append((lang.get(f"{W}val"), text))
    languages = [lang for lang, _ in order]
    # front matter in Hungarian; then each plan from its cover in its language, its English
    # summary in English
    assert languages == ["hu-HU", "en-GB", "hu-HU",  # the Hungarian plan and its summary
                         "el-GR", "en-GB", "el-GR", "bg-BG", "en-GB", "bg-BG",
                         "es-ES", "en-GB", "es-ES"], order


def test_the_pdf_deliverable_speaks_hungarian(built: Path) -> None:
    pdf = PdfReader(built / "RURAL-DIGI-action-plans.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "hu"
    front = [_words(page.extract_text()) for page in pdf.pages[:6]]
    assert "A partnerség cselekvési tervei" in front[0]
    assert front[1].startswith("Tartalom A PARTNERSÉG ÖSSZEFOGLALÓJA Áttekintés 3")
    assert re.search(r"RURAL-DIGI · A partnerség cselekvési tervei 2\. oldal / \d+$", front[1])
    text = " ".join(front)
    for words in ("Áttekintés", "Tudásáramlás", "Ki kitől tanult: minden sor egy terv",
                  "2. szakasz · 2026. március – 2027. február", "Nyitott kérdések"):
        assert words in text, words
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert "Община Пловдив – Cselekvési terv" in outline


def test_the_front_marks_plan_texts_with_their_language() -> None:
    """Titles of the plans' actions in the contents are in the plans' languages."""
    from actionplan.load import load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.pdf.consolidated import (
        ContentsEntry,
        Front,
        render_front_html,
        summary_matter,
    )
    from actionplan.summary import build_summary
    from actionplan.summary.deliverable import deliverable_context

    partnership = load_partnership(ROOT / "examples" / "multilingual")
    ctx = deliverable_context(partnership, build_summary(partnership), dt.datetime(2026, 1, 5),
                              formats=())
    front = Front([ContentsEntry("action", "plan-2-action-1", ctx.plans[1].actions[0].heading, 3,
                                 "ap-toc-1", language="el")],
                  10, {"timeline": None})
    html = render_front_html(ctx, front, search_path(partnership.folder))
    assert '<html lang="en">' in html
    assert '<li class="toc-action" lang="el">' in html
    summary = render_front_html(ctx, summary_matter(ctx), search_path(partnership.folder))
    assert '<span lang="hu">Terület- és Településfejlesztési' in summary


def test_each_plan_counts_its_pages_in_its_language_and_the_deliverable_in_its_own(
        built: Path) -> None:
    """A plan's own PDF says "Page 2 of 5" in the plan's language; the deliverable numbers
    every page, the plans' too, as one document in the deliverable's language."""
    plan = _words(PdfReader(built / "bg-plovdiv.pdf").pages[1].extract_text())
    assert re.search(r"Страница 2 от \d+$", plan), plan
    whole = PdfReader(built / "RURAL-DIGI-action-plans.pdf")
    assert all(re.search(rf"{n}\. oldal / {len(whole.pages)}$", _words(page.extract_text()))
               for n, page in enumerate(whole.pages, start=1) if n > 1 and n not in (6, 11, 16, 21))
