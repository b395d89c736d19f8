"""What partners type in markdown fields reaches both documents as typed.

Only the documented subset is markup (README, step 2): paragraphs, bullet and numbered lists
(also Word's pasted bullets), bold, italic, links, pipe tables, hard line breaks and backslash
escapes. Every other character appears as typed: `>`, `#`, `[1]:`, separators, backticks,
entities. Numbered items print the number typed. One plan holds one case per action; it is
loaded from YAML and rendered once, and each case is read back from the DOCX (python-docx,
with the labels Word draws for list paragraphs) and from the PDF (pypdf).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership
from visible_text import W, between, docx_lines, docx_links, pdf_lines, pdf_links, render_partnership

from actionplan.cli import main

ACTION = """\
  - id: a{n}
    title: Case {n}
    learnings: [talent]
    background: Case {n}.
    activities: |
{text}
    players:
      - name: North Agency
        role: Runs the call
    timeframe: {{start: "2019-06", end: "2020-12"}}
"""

# name → (markdown as typed, the lines a reader sees in both documents)
CASES: dict[str, tuple[str, list[str]]] = {
    "blockquote-start": ("> 10 employees\n>5 sites", ["> 10 employees >5 sites"]),
    "heading-start": ("# of SMEs supported: 40\n\n## 2 regions", ["# of SMEs supported: 40", "## 2 regions"]),
    "reference-line": ("Sources:\n\n[1]: https://stat.example.org/x\n\n[2]: www.example.org 'x'",
                       ["Sources:", "[1]: https://stat.example.org/x", "[2]: www.example.org 'x'"]),
    "hard-wrapped": ("A plan wrapped\nby hand at\nthirty columns.",
                     ["A plan wrapped by hand at thirty columns."]),
    "address-backslash": ("North Agency\\\nMain Street 1\\\n9700 Szombathely\\\nHungary",
                          ["North Agency", "Main Street 1", "9700 Szombathely", "Hungary"]),
    "address-two-spaces": ("North Agency  \nMain Street 1  \n9700 Szombathely  \nHungary",
                           ["North Agency", "Main Street 1", "9700 Szombathely", "Hungary"]),
    "separators": ("Before\n\n---\n\nAfter ***\n\n***\n\n___\n\n- - -\n\nTitle\n===",
                   ["Before", "---", "After ***", "***", "___", "- - -", "Title ==="]),
    "code-lookalikes": ("`make` it\n\n    indented by four\n\n```\nfenced\n```",
                        ["`make` it", "indented by four", "``` fenced ```"]),
    "entities-and-angles": ("&amp; &copy; <https://example.org> <b>x</b>",
                            ["&amp; &copy; <https://example.org> <b>x</b>"]),
    "escapes": ("\\*not italic\\* and 2019\\. too", ["*not italic* and 2019. too"]),
    "stars-and-underscores": ("2 * 3 = 6, file_name_here, 5 * 4", ["2 * 3 = 6, file_name_here, 5 * 4"]),
    "word-bullets": ("Partners:\n• one\n• two\n▪ three\n– four\n\uf0b7\tfive\n\uf0a7 six",
                     ["Partners:", "• one", "• two", "• three", "• four", "• five", "• six"]),
    "markdown-bullets": ("- dash\n* star\n+ plus", ["• dash", "• star", "• plus"]),
    # Word and Outlook paste a bullet with a no-break space, a tab or several of them after it
    "bullets-then-no-break-space": ("Pasted:\n•\u00a0nbsp one\n•\u202fnbsp two\n-\u00a0nbsp three",
                                    ["Pasted:", "• nbsp one", "• nbsp two", "• nbsp three"]),
    "outlook-bullets": ("Outlook:\n·" + "\u00a0" * 7 + "outlook one\n·" + "\u00a0" * 7 + "outlook two",
                        ["Outlook:", "• outlook one", "• outlook two"]),
    "symbol-bullets-then-no-break-space": ("\uf0b7\u00a0symbol one\n\uf0a7\u00a0\u00a0symbol two",
                                           ["• symbol one", "• symbol two"]),
    "word-letter-bullets": ("Levels:\n•\tletter one\no\tletter two\n§\tletter three\n"
                            "o\u00a0\u00a0\u00a0letter four",
                            ["Levels:", "• letter one", "• letter two", "• letter three", "• letter four"]),
    "more-bullet-marks": ("Marks:\n— mark one\n✓ mark two\n✔\u00a0mark three\n⦁\tmark four",
                          ["Marks:", "• mark one", "• mark two", "• mark three", "• mark four"]),
    "o-as-a-word": ("Visits to\no Porto and\no Minho.", ["Visits to o Porto and o Minho."]),
    "numbers-then-no-break-space": ("Steps:\n1)\u00a0step one\n2)\u00a0\u00a0step two\n3)\tstep three",
                                    ["Steps:", "1) step one", "2) step two", "3) step three"]),
    "letters-then-tab": ("Options:\na)\toption one\nb)\u00a0\u00a0option two\n(c)\toption three",
                         ["Options:", "a) option one", "b) option two", "(c) option three"]),
    "nested-bullets": ("- one\n  - inner\n    - deepest\n      1. counted",
                       ["• one", "– inner", "▪ deepest", "1. counted"]),
    "numbers-from-three": ("3. three\n4. four", ["3. three", "4. four"]),
    "numbers-as-typed": ("1. one\n1. again\n5. five", ["1. one", "1. again", "5. five"]),
    "numbers-with-parenthesis": ("1) one\n2) two", ["1) one", "2) two"]),
    "year-at-start": ("2019. was the first year.", ["2019. was the first year."]),
    "nested-numbers": ("1. one\n   1. inner\n   2. inner two\n2. two",
                       ["1. one", "1. inner", "2. inner two", "2. two"]),
    "links-without-scheme": ("See [our website](www.example.org) or [write](info@example.org).",
                             ["See our website or write."]),
    "link-without-text": ("Data: [](https://stat.example.org/x)", ["Data: https://stat.example.org/x"]),
    "image-syntax": ("![logo](https://example.org/l.png)", ["!logo"]),
}

TABLE = ("| Indicator | Target |\n|---|--:|\n| SMEs supported | 40 |\n| New *jobs* | 12 |",
         [["Indicator", "Target"], ["SMEs supported", "40"], ["New jobs", "12"]])


def _plan(texts: list[str]) -> str:
    actions = "".join(ACTION.format(n=n, text="\n".join("      " + line for line in text.split("\n")))
                      for n, text in enumerate(texts, start=1))
    head = MINIMAL_PLAN.split("actions:\n")[0]
    return head + "actions:\n" + actions


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    folder = tmp_path_factory.mktemp("markdown") / "plans"
    texts = [text for text, _ in CASES.values()] + [TABLE[0]]
    write_partnership(folder, plans={"north.yaml": _plan(texts)})
    return render_partnership(folder)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    found = between(lines, "2. Action", "3. Players involved")
    assert len(found) == len(CASES) + 1
    return dict(zip([*CASES, "table"], found, strict=True))


@pytest.fixture(scope="module")
def docx_sections(rendered: tuple[bytes, bytes]) -> dict[str, list[str]]:
    lines = [part for line in docx_lines(rendered[0]) for part in line.split("\n")]
    return _sections([re.sub(r"[ \t]+", " ", line).strip() for line in lines if line.strip()])


@pytest.fixture(scope="module")
def pdf_sections(rendered: tuple[bytes, bytes]) -> dict[str, list[str]]:
    return _sections(pdf_lines(rendered[1]))


@pytest.mark.parametrize("name", list(CASES))
def test_docx_shows_what_was_typed(name: str, docx_sections: dict[str, list[str]]) -> None:
    assert docx_sections[name] == CASES[name][1]


@pytest.mark.parametrize("name", list(CASES))
def test_pdf_shows_what_was_typed(name: str, pdf_sections: dict[str, list[str]]) -> None:
    assert pdf_sections[name] == CASES[name][1]


def test_an_address_stays_one_paragraph_of_four_lines(rendered: tuple[bytes, bytes]) -> None:
    paragraphs = docx_lines(rendered[0])
    address = "North Agency\nMain Street 1\n9700 Szombathely\nHungary"
    assert paragraphs.count(address) == 2  # the backslash and the two-spaces case


def test_links_without_scheme_keep_their_address(rendered: tuple[bytes, bytes]) -> None:
    docx, pdf = rendered
    links = docx_links(docx)
    assert links["our website"] == "https://www.example.org"
    assert links["write"] == "mailto:info@example.org"
    assert links["https://stat.example.org/x"] == "https://stat.example.org/x"
    assert links["logo"] == "https://example.org/l.png"
    assert {"https://www.example.org", "mailto:info@example.org",
            "https://stat.example.org/x"} <= pdf_links(pdf)


def test_pipe_tables_are_tables_in_both(rendered: tuple[bytes, bytes],
                                        pdf_sections: dict[str, list[str]]) -> None:
    from docx import Document

    rows = TABLE[1]
    assert pdf_sections["table"] == [" ".join(row) for row in rows]
    doc = Document(io.BytesIO(rendered[0]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    assert [[c.text for c in r.cells] for r in table.rows] == rows
    assert table.style.name == "Plan Table"
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on a new page
    # the heading cells carry the style's fill themselves: LibreOffice ignores a table style's
    # heading-row look, and white heading text on no fill would be invisible there
    fills = {c._tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") for c in table.rows[0].cells}
    assert fills == {"003399"}
    assert {c.paragraphs[0].style.name for c in table.rows[0].cells} == {"Table Heading"}
    target = table.rows[1].cells[1].paragraphs[0]
    assert target.alignment is not None and target.alignment.name == "RIGHT"  # `--:`
    italic = [r.text for r in table.rows[2].cells[0].paragraphs[0].runs if r.italic]
    assert italic == ["jobs"]


def test_pasted_word_bullets_become_list_paragraphs(rendered: tuple[bytes, bytes]) -> None:
    from docx import Document

    doc = Document(io.BytesIO(rendered[0]))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Partners:") + 1
    pasted = doc.paragraphs[start:start + 6]
    assert [p.text for p in pasted] == ["one", "two", "three", "four", "five", "six"]
    assert {p.style.name for p in pasted} == {"List Bullet"}
    assert "\uf0b7" not in docx_lines(rendered[0]) and "\uf0a7" not in "".join(pdf_lines(rendered[1]))


def test_pasted_lists_are_lists_whatever_space_follows_the_mark(rendered: tuple[bytes, bytes]) -> None:
    """A no-break space, a tab or several of them after a pasted mark: still a list item."""
    from docx import Document

    styles = {p.text: p.style.name for p in Document(io.BytesIO(rendered[0])).paragraphs}
    bullets = [line.removeprefix("• ") for name in ("bullets-then-no-break-space", "outlook-bullets",
                                                    "symbol-bullets-then-no-break-space",
                                                    "word-letter-bullets", "more-bullet-marks")
               for line in CASES[name][1] if line.startswith("• ")]
    assert {text: styles.get(text) for text in bullets} == dict.fromkeys(bullets, "List Bullet")
    numbered = ["step one", "step two", "step three"]
    assert {text: styles.get(text) for text in numbered} == dict.fromkeys(numbered, "List Number")
    assert styles["Visits to o Porto and o Minho."] not in ("List Bullet", "List Number")
    # lettered items are not markdown lists: they stay as typed, each on a line of its own
    assert styles["Options:\na) option one\nb) option two\n(c) option three"] == "Normal"
    pdf = "\n".join(pdf_lines(rendered[1]))
    assert "\u00a0" not in pdf.split("Pasted:")[1].split("Visits to")[0]


# --- a link whose address cannot be completed is refused where it stands --------------------

def test_a_link_to_a_file_name_is_refused_at_its_place(tmp_path: Path) -> None:
    text = "Our plan:\n\nsee [the annex](annex.pdf) and\n[the site](www.example.org)."
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": _plan([text])})
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = (MINIMAL_PLAN.split("actions:\n")[0] + "actions:\n").count("\n")
    line = lines + 5 + 3  # the action's fifth line holds `activities: |`, the link is 3 below
    column = 7 + len("see [the annex](")  # the text is indented by six spaces
    assert f"north.yaml:{line}:{column}: actions[1].activities: " in result.output
    assert "`annex.pdf`" in result.output
    assert "www.example.org" not in result.output


# --- a table row with more cells than its header would lose them: refused at the cell --------

WIDE_ROWS = ("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |\n\nCosts:\n\n| Item | Amount |\n"
             "|------|-------:|\n| Staff | 100 | 200 | 300 |\n\n- In a list:\n\n  | x | y |\n  |---|---|\n"
             "  | 7 | 8 | 9 |")
NARROW_ROWS = ("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | |\n| x \\| y | 2 |\n\n| not | a | table | row |\n\n"
               "Either a | b | c, as text.")
HINT = "a `|` meant as text is written `\\|`."


def test_a_table_row_wider_than_its_header_is_refused_at_the_lost_cell(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans",
                               plans={"north.yaml": _plan([WIDE_ROWS, NARROW_ROWS])})
    result = CliRunner().invoke(main, ["validate", str(folder)])
    first = (MINIMAL_PLAN.split("actions:\n")[0] + "actions:\n").count("\n") + 6  # activities' first line
    at = f"{folder / 'north.yaml'}:{{}}:{{}}: actions[1].activities: "
    assert result.output.splitlines() == [
        at.format(first + 2, 7 + len("| 1 | 2 | ")) + "this table row has 3 cells but its header has "
        "2: the cell `3` would be lost. Add a column to the header, or remove the cell; " + HINT,
        at.format(first + 9, 7 + len("| Staff | 100 | ")) + "this table row has 4 cells but its header "
        "has 2: the cells `200` and `300` would be lost. Add columns to the header, or remove the "
        "cells; " + HINT,
        at.format(first + 15, 7 + len("  | 7 | 8 | ")) + "this table row has 3 cells but its header "
        "has 2: the cell `9` would be lost. Add a column to the header, or remove the cell; " + HINT,
        "3 errors in 1 file."]
    assert result.exit_code == 1


def test_rows_with_fewer_cells_than_the_header_are_valid(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": _plan([NARROW_ROWS])})
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert (result.exit_code, result.output) == (0, f"{folder}: project.yaml and 1 plan are valid.\n")


def test_validate_parses_only_texts_whose_rows_may_lose_cells(tmp_path: Path) -> None:
    """Checking tables costs no markdown parser for tables whose rows fit their header."""
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": _plan([NARROW_ROWS, TABLE[0]])})
    code = ("import sys; from click.testing import CliRunner; from actionplan.cli import main;"
            f"r = CliRunner().invoke(main, ['validate', r'{folder}']); assert r.exit_code == 0, r.output;"
            "print('markdown_it' in sys.modules)")
    checked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert checked.stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-writer-nogui")
def test_libreoffice_shows_the_numbers_typed(rendered: tuple[bytes, bytes], tmp_path: Path) -> None:
    """A real client draws the list labels from the numbering the DOCX defines."""
    (tmp_path / "plan.docx").write_bytes(rendered[0])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")],
                   check=True, capture_output=True, timeout=120)
    lines = [" ".join(line.split()) for line in (tmp_path / "plan.txt").read_text("utf-8").splitlines()]
    for name in ("numbers-from-three", "numbers-as-typed", "numbers-with-parenthesis",
                 "year-at-start", "nested-numbers"):
        expected = CASES[name][1]
        assert any(lines[at:at + len(expected)] == expected for at in range(len(lines))), name
