"""The English summary of a plan written in another language (`summary_en`): asked for at its
place once the plan is submitted, printed after the cover under an English heading in both
formats, proof-read in English, and ahead of the plan in the consolidated deliverable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership
from pypdf import PdfReader

from actionplan.cli import main
from actionplan.render.docx import dump_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUMMARY = ("The south agency will give export vouchers to small firms, as the north does; "
           "the action changes the management of the ERDF programme.")
SPANISH = (MINIMAL_PLAN.replace("partner: north", "partner: south")
           .replace("date: 2019-03-29", "date: 2019-03-29\nlanguage: es"))


def _validate(folder: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder), *extra])
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


def test_a_submitted_plan_in_spanish_needs_its_english_summary(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={"south.yaml": SPANISH})
    assert _validate(folder) == (1, (
        "plans/south.yaml:5:11: summary_en: a plan written in `es` needs a summary in English "
        "once it is submitted. Add `summary_en:` (markdown, a few paragraphs in English) on the "
        "nature of the actions, their link with the project and their policy relevance; it is "
        "printed after the cover.\n"
        "1 error in 1 file.\n"))
    built = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert built.exit_code == 1 and not (tmp_path / "out" / "south.pdf").exists()


def test_a_draft_gets_a_warning(tmp_path: Path) -> None:
    draft = SPANISH.replace("status: submitted", "status: draft")
    folder = write_partnership(tmp_path / "plans", plans={"south.yaml": draft})
    code, output = _validate(folder)
    assert code == 0
    assert output.startswith(
        "warning: plans/south.yaml:5:11: summary_en: the plan is written in `es`: once it is "
        "submitted, the programme asks for a summary in English. Add `summary_en:`")
    assert _validate(folder, "--strict")[0] == 1


def test_an_english_plan_needs_none_and_prints_none(tmp_path: Path) -> None:
    plan = MINIMAL_PLAN.replace("date: 2019-03-29", f"date: 2019-03-29\nsummary_en: {SUMMARY}")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": plan})
    assert _validate(folder) == (0, (
        "warning: plans/north.yaml:5:1: summary_en: the plan is written in English "
        "(`language: en`), so no document prints an English summary. Remove `summary_en`, or "
        "set `language` to the language the plan is written in.\n"
        "plans: project.yaml and 1 plan are valid, with 1 warning(s).\n"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English and a Spanish plan with its summary, built whole: plans and deliverable."""
    base = tmp_path_factory.mktemp("summary")
    spanish = SPANISH.replace("date: 2019-03-29", f"date: 2019-03-29\nsummary_en: |\n  {SUMMARY}",
                              1).replace("language: es", "language: es", 1)
    folder = write_partnership(base / "plans", plans={"north.yaml": MINIMAL_PLAN,
                                                      "south.yaml": spanish})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(base / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    return base / "out"


def _lines(docx: bytes) -> list[str]:
    return dump_docx(docx).splitlines()


def test_the_summary_follows_the_cover_in_the_docx(built: Path) -> None:
    lines = _lines((built / "south.docx").read_bytes())
    heading = lines.index("Heading 1: Summary in English")
    assert lines[heading + 1] == f"Normal: {SUMMARY}"
    assert lines[heading + 2] == "Heading 1: Parte I – Información general"
    assert lines.index("Title: Plan de acción") < heading  # after the cover
    assert "Summary in English" not in dump_docx((built / "north.docx").read_bytes())


def test_the_summary_follows_the_cover_in_the_pdf(built: Path) -> None:
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(built / "south.pdf").pages]
    assert "Plan de acción" in pages[0] and "Summary in English" not in pages[0]
    assert f"Summary in English {SUMMARY}" in pages[1]
    assert pages[1].index(SUMMARY) < pages[1].index("Parte I – Información general")
    assert "Summary in English" not in " ".join(
        p.extract_text() for p in PdfReader(built / "north.pdf").pages)


def test_the_deliverable_has_the_summary_ahead_of_the_plan(built: Path) -> None:
    lines = _lines((built / "TestSME-action-plans.docx").read_bytes())
    plan = lines[lines.index("Title: Plan de acción"):]  # the plan's cover, in Spanish
    summary = plan.index("Heading 1: Summary in English")
    assert plan[summary:summary + 3] == ["Heading 1: Summary in English", f"Normal: {SUMMARY}",
                                         "Heading 1: Parte I – Información general"]
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(built / "TestSME-action-plans.pdf").pages)
    south = text.index("Plan de acción")
    assert south < text.index(f"Summary in English {SUMMARY}", south) < text.index(
        "Parte I – Información general", south)


def test_the_html_marks_the_summary_english(built: Path) -> None:
    from actionplan.load import load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.pdf.plan import render_html
    from actionplan.words.plan import plan_context

    folder = built.parent / "plans"
    partnership = load_partnership(folder)
    entry = next(e for e in partnership.plans if e.id == "south")
    html = render_html(plan_context(partnership, entry), search_path(folder))
    assert '<html lang="es">' in html
    assert '<section class="part summary-en" id="south-summary-en" lang="en">' in html


def test_word_proofreads_the_summary_in_english_and_the_plan_in_spanish(built: Path) -> None:
    """Read back with python-docx: each paragraph's runs and the language they carry."""
    from docx import Document

    body = Document(io.BytesIO((built / "south.docx").read_bytes())).element.body
    by_text = {}
    for p in body.iter(f"{W}p"):
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t"))]
        if runs:
            by_text["".join(t.text or "" for r in runs for t in r.iter(f"{W}t"))] = {
                r.find(f"{W}rPr/{W}lang").get(f"{W}val") for r in runs}
    assert next(v for k, v in by_text.items() if k.startswith("Plan de acción")) == {"es-ES"}  # cover
    assert by_text["Summary in English"] == {"en-GB"}
    assert by_text[SUMMARY] == {"en-GB"}
    assert by_text["Parte I – Información general"] == {"es-ES"}
    languages = {lang for langs in by_text.values() for lang in langs}
    assert languages == {"es-ES", "en-GB"}
