"""Characters no font of the documents can draw are refused by `validate`, at their place.

Before, Devanagari, Thai, ₾, ₼ or a Word bullet (U+F0B7) passed `validate`, and `render`
stopped with a message naming no file or line. Now `validate` reads the fonts' coverage
(fontTools, cached) and names file:line:column, the code point and its Unicode name; and what
it accepts, the PDF draws (checked against WeasyPrint itself).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main


def validate(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


HINT_ONE = ("Remove or replace it; the documents' fonts cover Latin, Greek, Cyrillic, Hebrew, "
            "Arabic, Chinese, Japanese and Korean text and emoji.")
HINT_MANY = HINT_ONE.replace("replace it;", "replace them;")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("title: Export vouchers", "title: Export वाउचर",
     "plans/north.yaml:24:19: actions[1].title: no font of the documents can draw `व` (U+0935 "
     "DEVANAGARI LETTER VA), `ा` (U+093E DEVANAGARI VOWEL SIGN AA), `उ` (U+0909 DEVANAGARI "
     "LETTER U) and 2 more; the PDF would show empty boxes. " + HINT_MANY),
    ("background: The study visit showed how", "background: The study visit to ก showed how",
     "plans/north.yaml:26:36: actions[1].background: no font of the documents can draw `ก` "
     "(U+0E01 THAI CHARACTER KO KAI); the PDF would show an empty box. " + HINT_ONE),
    ("costs: {amount: 1000}", 'costs: {amount: 1000, currency: GEL, note: "Paid in ₾"}',
     "plans/north.yaml:34:57: actions[1].costs.note: no font of the documents can draw `₾` "
     "(U+20BE LARI SIGN); the PDF would show an empty box. " + HINT_ONE),
    ("role: Runs the call", "role: Pays the ₼ share",
     "plans/north.yaml:32:24: actions[1].players[1].role: no font of the documents can draw `₼` "
     "(U+20BC MANAT SIGN); the PDF would show an empty box. " + HINT_ONE),
    ("role: Runs the call", "role: \uf0b7 Runs the call",
     "plans/north.yaml:32:15: actions[1].players[1].role: no font of the documents can draw "
     "U+F0B7 (a private-use character, e.g. a Word bullet); the PDF would show an empty box. "
     + HINT_ONE),
    ("background: The study visit showed how", "background: Steps \uf0a7 one \uf0a7 two showed how",
     "plans/north.yaml:26:23: actions[1].background: no font of the documents can draw "
     "U+F0A7 (a private-use character, e.g. a Word bullet); the PDF would show an empty box. "
     + HINT_ONE),
    # after a pasted bullet and seven no-break spaces (Outlook), the place is the character's
    ("background: The study visit showed how returning talent opens markets.",
     "background: |\n      ·" + "\u00a0" * 7 + "Visit to ก\n      \uf0b7\u00a0Visit two",
     "plans/north.yaml:27:24: actions[1].background: no font of the documents can draw `ก` "
     "(U+0E01 THAI CHARACTER KO KAI); the PDF would show an empty box. " + HINT_ONE),
    ("title: Export vouchers", 'title: "Export \\u0915"',
     "plans/north.yaml:24:12: actions[1].title: no font of the documents can draw `क` (U+0915 "
     "DEVANAGARI LETTER KA); the PDF would show an empty box. " + HINT_ONE),
])
def test_characters_no_font_draws_are_refused_at_their_place(tmp_path: Path, old: str, new: str,
                                                             expected: str) -> None:
    assert old in MINIMAL_PLAN
    folder = write_partnership(tmp_path / "plans",
                               plans={"north.yaml": MINIMAL_PLAN.replace(old, new, 1)})
    code, output = validate(folder)
    assert code == 1
    assert output == expected + "\n1 error in 1 file.\n"


DRAWN = ("Ω ж ש ب 中 あ ア 한 😀 ❤️ 👩‍👩‍👧 € ₹ ₺ ₴ \u202f \u00ad x\u0301 « » „ “ ” … – — • ✓ № ° ± × ÷ "
         "½ ² ³ µ ¶ § © ა")
NOT_DRAWN = "क ก ₾ ₼ \uf0b7 \uf0a7 \u0600 \u115f ꦄ 𓀀"


def test_validate_and_the_pdf_agree_on_every_character(tmp_path: Path) -> None:
    """What `validate` lets through, WeasyPrint draws; what it refuses, WeasyPrint cannot draw."""
    from actionplan.errors import ActionPlanError
    from actionplan.load import glyphs, load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.pdf.plan import layout_plan, pdf_bytes
    from actionplan.words.plan import plan_context

    folder = write_partnership(tmp_path / "plans")
    partnership = load_partnership(folder)
    entry = partnership.plans[0]
    coverage = glyphs.coverage(search_path(folder))
    text = f"{DRAWN} {NOT_DRAWN}"
    assert set(coverage.missing(text)) == set(NOT_DRAWN.replace(" ", ""))

    # The same text laid out as the plan's background, past validation: WeasyPrint names the
    # characters it draws as empty boxes.
    action = entry.plan.actions[0].model_copy(update={"background": text})
    plan = entry.plan.model_copy(update={"actions": [action]})
    ctx = plan_context(partnership, dataclasses.replace(entry, plan=plan))
    dirs = search_path(folder)
    with pytest.raises(ActionPlanError) as refused:
        pdf_bytes(layout_plan(ctx, dirs, [folder]), title="t", author="a", language="en",
                  build_time=None)
    boxes = {chr(int(code, 16)) for code in re.findall(r"\(U\+([0-9A-F]+)\)", str(refused.value))}
    assert boxes == set(coverage.missing(text))


def test_word_bullets_before_any_space_are_list_marks_not_boxes(tmp_path: Path) -> None:
    """Word's Symbol and Wingdings bullets start list items whatever space a paste puts after
    them (space, tab, no-break spaces): the lists show no such character, so they are valid."""
    lines = [f"{bullet}{space}Item {n}" for n, (bullet, space) in enumerate(
        [("\uf0b7", " "), ("\uf0b7", "\t"), ("\uf0b7", "\u00a0"), ("\uf0a7", "\u00a0" * 7),
         ("\uf0d8", "\u202f"), ("\uf0fc", "\t\t")], start=1)]
    block = "".join(f"      {line}\n" for line in lines)
    plan = MINIMAL_PLAN.replace("background: The study visit showed how returning talent opens markets.\n",
                                f"background: |\n{block}")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": plan})
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")


def test_covered_scripts_stay_valid(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN.replace(
        "background: The study visit showed how", f"background: {DRAWN} showed how")})
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")


def test_the_coverage_is_cached_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              ) -> None:
    from actionplan.load import glyphs
    from actionplan.load.templates import search_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    glyphs._coverage.cache_clear()
    dirs = search_path(None)
    first = glyphs.coverage(dirs)
    cache = tmp_path / "cache" / "actionplan" / "glyph-coverage.json"
    stored = json.loads(cache.read_text("utf-8"))
    assert [Path(f[0]) for f in stored["fonts"]] == list(glyphs.font_files(dirs))

    # A second process reads the cache, not the fonts.
    glyphs._coverage.cache_clear()
    monkeypatch.setattr(glyphs, "_read_cmaps", lambda files: pytest.fail("fonts read again"))
    second = glyphs.coverage(dirs)
    assert (second.starts, second.ends) == (first.starts, first.ends)
    assert "中" in second and "क" not in second
    monkeypatch.undo()

    # Other fonts (here: a font file changed since) or a damaged cache: the fonts are read again.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for damage in ({**stored, "fonts": [[f[0], f[1] + 1, f[2]] for f in stored["fonts"]]},
                   "{not json"):
        cache.write_text(damage if isinstance(damage, str) else json.dumps(damage), "utf-8")
        glyphs._coverage.cache_clear()
        again = glyphs.coverage(dirs)
        assert (again.starts, again.ends) == (first.starts, first.ends)
        assert json.loads(cache.read_text("utf-8")) == stored
    glyphs._coverage.cache_clear()


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from actionplan.load import glyphs
    from actionplan.load.templates import search_path

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    glyphs._coverage.cache_clear()
    assert "中" in glyphs.coverage(search_path(None))
    glyphs._coverage.cache_clear()
