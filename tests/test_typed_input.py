"""What partners type reaches both documents as typed, or is refused at its place (issue 10).

Numbers typed the European way (`120.000`), `#` inside unquoted text, line and paragraph
separators, and the starter's example texts left in. Each test gives the input and the right
output: the exact message (file:line:column, field, fix) or the words in the DOCX (read back
with python-docx) and the PDF (read with pypdf).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, write_partnership

from actionplan.cli import main


def validate(folder: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder), *extra])
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


def with_plan(tmp_path: Path, old: str, new: str) -> Path:
    assert old in MINIMAL_PLAN, old
    return write_partnership(tmp_path / "plans", plans={"north.yaml": MINIMAL_PLAN.replace(old, new, 1)})


def documents(folder: Path) -> tuple[str, str]:
    """The DOCX (normalized dump: one paragraph a line, breaks as newlines) and the PDF text
    of the partnership's first plan."""
    from pypdf import PdfReader

    from actionplan.load import load_partnership
    from actionplan.load.templates import search_path
    from actionplan.render.docx import docx_bytes
    from actionplan.render.docx.dump import dump_docx
    from actionplan.render.pdf.plan import layout_plan, pdf_bytes
    from actionplan.words.plan import plan_context

    partnership = load_partnership(folder)
    ctx = plan_context(partnership, partnership.plans[0])
    dirs = search_path(folder)
    docx = dump_docx(docx_bytes(ctx, dirs))
    pdf = pdf_bytes(layout_plan(ctx, dirs, [folder]), title=ctx.document_title, author=ctx.author,
                    language=ctx.language, build_time=None)
    return docx, "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- 1. numbers typed the European way -------------------------------------------------------

INDICATOR = "    indicators:\n      - name: Companies exporting\n        target: {target}\n"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("costs: {amount: 1000}", "costs: {amount: 120.000}",
     "plans/north.yaml:34:21: actions[1].costs.amount: `120.000` has dots between thousands; "
     "here it would be read as 120. Write it without separators: 120000 (a dot only before "
     "decimals, as in 1250.50)."),
    ("costs: {amount: 1000}", "costs: {amount: 1.250.000}",
     "plans/north.yaml:34:21: actions[1].costs.amount: `1.250.000` has dots between thousands. "
     "Write it without separators: 1250000 (a dot only before decimals, as in 1250.50)."),
    ("costs: {amount: 1000}", "costs: {amount: 27.750}",
     "plans/north.yaml:34:21: actions[1].costs.amount: `27.750` has dots between thousands; "
     "here it would be read as 27.75. Write it without separators: 27750 (a dot only before "
     "decimals, as in 1250.50)."),
    ("amount: 500", "amount: 1.250.000,50",
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `1.250.000,50` has dots between "
     "thousands. Write it without separators: 1250000.50 (a dot only before decimals, as in "
     "1250.50)."),
    ("amount: 500", 'amount: "1.250.000"',
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `1.250.000` has dots between "
     "thousands. Write it without separators: 1250000 (a dot only before decimals, as in "
     "1250.50)."),
    ("amount: 500", "amount: 1.5e3",
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `1.5e3` is written with an exponent. "
     "Write the number out in full: 1500."),
])
def test_european_numbers_are_refused_at_their_place(tmp_path: Path, old: str, new: str,
                                                      expected: str) -> None:
    code, output = validate(with_plan(tmp_path, old, new))
    assert code == 1
    assert output == expected + "\n1 error in 1 file.\n"


@pytest.mark.parametrize(("typed", "meant"), [
    ("50k", "50000"), ("50 K", "50000"), ("2,5k", "2500"), ("50 K€", "50000"), ("50 kEUR", "50000"),
    ("1.2m", "1200000"), ("1,2 mio", "1200000"), ("1.2 MEUR", "1200000"), ("3 Mio.", "3000000"),
    ("1,5 million", "1500000"), ("2 millions", "2000000"), ("0.5 bn", "500000000"),
    ("1 250,50", "1250.50"), ("1'250.50", "1250.50")
])
def test_an_amount_with_a_scale_word_is_corrected_to_the_amount_meant(tmp_path: Path, typed: str,
                                                                       meant: str) -> None:
    """`50k` is fifty thousand: the correction must not be `50` (a cost 1,000 × too small)."""
    code, output = validate(with_plan(tmp_path, "amount: 500", f"amount: {typed}"))
    assert code == 1
    assert output == (f"plans/north.yaml:37:17: actions[1].funding[1].amount: expected a number, found "
                      f"the text `{typed}`. Write the amount alone, without currency or thousands "
                      f"separators: `{meant}`.\n1 error in 1 file.\n")


def test_a_target_with_a_scale_word_is_corrected_to_the_number_meant(tmp_path: Path) -> None:
    folder = with_plan(tmp_path, "    funding:\n", INDICATOR.format(target="50K") + "    funding:\n")
    code, output = validate(folder)
    assert code == 1
    assert output.splitlines()[0] == (
        "plans/north.yaml:37:17: actions[1].indicators[1].target: expected a number, found the "
        "text `50K`. Write the number alone, `50000`; words such as the unit go in `unit:`.")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("date: 2019-03-29", 'date: "2019-03-29"',
     "plans/north.yaml:4:7: date: `2019-03-29` is in quote marks, so YAML reads it as text, not "
     "as a date. Write it without quote marks: 2019-03-29."),
    ("date: 2019-03-29", "date: '2019-03-29'",
     "plans/north.yaml:4:7: date: `2019-03-29` is in quote marks, so YAML reads it as text, not "
     "as a date. Write it without quote marks: 2019-03-29."),
    ("costs: {amount: 1000}", 'costs: {amount: "85000"}',
     "plans/north.yaml:34:21: actions[1].costs.amount: `85000` is in quote marks, so YAML reads "
     "it as text, not as a number. Write it without quote marks: 85000."),
    ("amount: 500", 'amount: "1000.005"',
     "plans/north.yaml:37:17: actions[1].funding[1].amount: `1000.005` has 3 decimals; an amount "
     "has at most 2 (cents). It is in quote marks too, so YAML reads it as text. Round it to the "
     "cent: 1000.01. Write it without quote marks."),
    ("costs: {amount: 1000}", "costs: {amount: 85000\u00a0}",
     "plans/north.yaml:34:21: actions[1].costs.amount: expected a number, found the text "
     "`85000\u00a0`, which holds a no-break space (U+00A0), shown as a space or not at all. Write "
     "the amount alone, without currency or thousands separators: `85000`."),
    ("costs: {amount: 1000}", "costs: {amount: \uff12\uff10}",
     "plans/north.yaml:34:21: actions[1].costs.amount: expected a number, found the text "
     "`\uff12\uff10`, written in full-width digits. Write the amount alone, without currency or "
     "thousands separators: `20`."),
    ("date: 2019-03-29", "date: 2019\u201303\u201329",
     "plans/north.yaml:4:7: date: `2019\u201303\u201329` is written with dashes (\u2013, U+2013) "
     "where a date has hyphens (-). Write `2019-03-29`."),
])
def test_values_that_look_right_are_told_what_is_wrong(tmp_path: Path, old: str, new: str,
                                                       expected: str) -> None:
    """Quote marks, invisible spaces, full-width digits and long dashes: the correction alone
    would look the same as what the partner typed, so the message names the difference."""
    code, output = validate(with_plan(tmp_path, old, new))
    assert code == 1
    assert output == expected + "\n1 error in 1 file.\n"


def test_indicator_targets_are_numbers_too(tmp_path: Path) -> None:
    folder = with_plan(tmp_path, "    funding:\n", INDICATOR.format(target="1.000") + "    funding:\n")
    code, output = validate(folder)
    assert code == 1
    assert output.splitlines()[0] == (
        "plans/north.yaml:37:17: actions[1].indicators[1].target: `1.000` has dots between "
        "thousands; here it would be read as 1. Write it without separators: 1000 (a dot only "
        "before decimals, as in 1250.50).")


def test_a_decimal_amount_stays_valid_and_prints_as_typed(tmp_path: Path) -> None:
    folder = with_plan(tmp_path, "costs: {amount: 1000}", "costs: {amount: 1250.50}")
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")
    docx, pdf = documents(folder)
    assert "EUR 1,250.50" in docx
    assert "EUR 1,250.50" in pdf


@pytest.mark.parametrize("amount", ["1250.50", "1250.5000", "0.500", "120000", "0.5"])
def test_decimal_numbers_stay_valid(tmp_path: Path, amount: str) -> None:
    folder = with_plan(tmp_path, "    funding:\n", INDICATOR.format(target=amount) + "    funding:\n")
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")


def test_a_version_with_thousands_dots_is_still_told_to_use_quotes(tmp_path: Path) -> None:
    """Only number fields speak of thousands; a text field says what it always said."""
    code, output = validate(with_plan(tmp_path, 'version: "1.0"', "version: 1.000"))
    assert code == 1
    assert output.splitlines()[0] == ('plans/north.yaml:2:10: version: expected text, found the '
                                      'number `1.000`. Put it in quotes: "1.000".')


# --- 2. `#` inside unquoted text ------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("title: Export vouchers", "title: San Sebastián stand #2 at international trade fairs",
     "plans/north.yaml:24:32: actions[1].title: `#2 at international trade fairs` would be left "
     "out: after a space, `#` starts a comment. Put the whole text in quotes to keep it: "
     '"San Sebastián stand #2 at international trade fairs".'),
    ("role: Runs the call", "role: Runs the stand (see call #InterregEurope) and the visits",
     "plans/north.yaml:32:40: actions[1].players[1].role: `#InterregEurope) and the visits` would "
     "be left out: after a space, `#` starts a comment. Put the whole text in quotes to keep it: "
     '"Runs the stand (see call #InterregEurope) and the visits".'),
    ("background: The study visit showed how returning talent opens markets.",
     "background: The study visit showed\n      how returning talent opens markets #talent",
     "plans/north.yaml:27:42: actions[1].background: `#talent` would be left out: after a "
     "space, `#` starts a comment. Put the whole text in quotes to keep it: "
     '"The study visit showed how returning talent opens markets #talent".'),
    ("background: The study visit showed how returning talent opens markets.",
     "background: The study visit showed how\n      #1 returning talent opens markets.",
     "plans/north.yaml:27:7: actions[1].background: `#1 returning talent opens markets.` would "
     "be left out: after a space, `#` starts a comment. Put the whole text in quotes to keep it: "
     '"The study visit showed how #1 returning talent opens markets.".'),
    ("title: Export vouchers", 'title: Stand "B" #2',
     "plans/north.yaml:24:22: actions[1].title: `#2` would be left out: after a space, `#` "
     "starts a comment. Put the whole text in quotes to keep it: 'Stand \"B\" #2'."),
])
def test_hash_in_unquoted_text_is_refused_at_the_hash(tmp_path: Path, old: str, new: str,
                                                      expected: str) -> None:
    code, output = validate(with_plan(tmp_path, old, new))
    assert code == 1
    assert output == expected + "\n1 error in 1 file.\n"


def test_ordinary_comments_stay_allowed_everywhere(tmp_path: Path) -> None:
    plan = (MINIMAL_PLAN
            .replace("title: Export vouchers", "title: Export vouchers   # required")
            .replace("role: Runs the call", "role: Runs the call # the contact person")
            .replace("status: submitted", "status: submitted #todo")  # not free text: a comment
            .replace("partner: north", "partner: north #1")
            .replace("    players:\n", "    players:\n      #- name: old partner\n")
            .replace("  name: Anna Example\n", "  name: Anna Example\n  #phone: \"+36 1\"\n")
            .replace("background: The study visit showed how returning talent opens markets.",
                     "background: The study visit showed how returning talent opens markets.\n"
                     "    #background: an older text"))
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": plan})
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")


def test_quoted_text_keeps_its_hash_in_both_documents(tmp_path: Path) -> None:
    title = "San Sebastián stand #2 at international trade fairs"
    folder = with_plan(tmp_path, "title: Export vouchers", f'title: "{title}"')
    assert validate(folder)[0] == 0
    docx, pdf = documents(folder)
    assert title in docx
    assert title in _one_line(pdf)


def test_the_starter_and_the_examples_comments_pass(tmp_path: Path) -> None:
    """The starter's comments (`# required`-style, after values and on their own lines) are
    ordinary comments: filled in, it has no error."""
    folder = write_partnership(tmp_path / "plans", plans={})
    CliRunner().invoke(main, ["new", "north", "--partner", "north", str(folder)])
    plan = folder / "north.yaml"
    plan.write_text(plan.read_text("utf-8").replace("event: null ", "event: visit"), "utf-8")
    code, output = validate(folder)
    assert code == 0, output
    assert "comment" not in output


# --- 2b. texts YAML would read as something else --------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    title: Export vouchers\n", "    title: 'North's export vouchers'\n",
     "plans/north.yaml:24:18: the text in quotes ends here, but the line goes on after it "
     "(`s export vouchers'`). Put the whole text in quotes of the other kind: "
     "title: \"North's export vouchers\""),
    ("    title: Export vouchers\n", '    title: "Export vouchers" for North SMEs\n',
     "plans/north.yaml:24:28: the text in quotes ends here, but the line goes on after it "
     "(` for North SMEs`). Put the whole text in quotes of the other kind: "
     "title: '\"Export vouchers\" for North SMEs'"),
    ("      - name: North Agency\n", "      - name: 'North Agency's team'\n",
     "plans/north.yaml:31:28: the text in quotes ends here, but the line goes on after it "
     "(`s team'`). Put the whole text in quotes of the other kind: name: \"North Agency's team\""),
    ("        role: Runs the call\n", "        role: > 10 staff involved\n",
     "plans/north.yaml:32:15: a text cannot start with `>` unless it is in quotes: YAML reads it "
     "as the start of a text block. Put the text in quotes: role: \"> 10 staff involved\""),
    ("    title: Export vouchers\n", "    title: *Export* vouchers\n",
     "plans/north.yaml:24:12: a text cannot start with `*` unless it is in quotes. Put the text "
     "in quotes: title: \"*Export* vouchers\""),
    ("    title: Export vouchers\n", "    title: &Export vouchers\n",
     "plans/north.yaml:24:12: actions[1].title: a text cannot start with `&` unless it is in "
     "quotes: YAML reads `&Export` as an anchor, and the text would be only `vouchers`. Put the "
     "text in quotes: title: \"&Export vouchers\""),
])
def test_texts_yaml_would_misread_are_refused_with_the_quoted_line(
        tmp_path: Path, old: str, new: str, expected: str) -> None:
    """A quote closed before the text ends, or a text starting with `>`, `*` or `&`: YAML reads
    them as structure, and the message says so at the place, with the line quoted right
    (never an indentation error, never a text silently cut short)."""
    code, output = validate(with_plan(tmp_path, old, new))
    assert code == 1
    assert output.splitlines()[0] == expected


def test_paragraphs_written_without_a_bar_are_a_warning_at_their_place(tmp_path: Path) -> None:
    """Without `|` YAML joins a text's lines and turns its blank line into one line break, so
    the two paragraphs the partner sees print as one: say so, and how to keep them."""
    old = "    background: The study visit showed how returning talent opens markets.\n"
    folder = with_plan(tmp_path, old, "    background: The study visit showed\n"
                                      "      how returning talent opens markets.\n\n"
                                      "      Second paragraph.\n")
    code, output = validate(folder)
    assert code == 0
    assert output.splitlines()[0] == (
        "warning: plans/north.yaml:26:17: actions[1].background: this text runs over several "
        "lines without `|`, so YAML joins its lines and its paragraphs print as one. Write "
        "`background: |` and the text on the lines below it, indented.")


def test_a_block_indicator_followed_by_its_text_is_still_told_to_move_it(tmp_path: Path) -> None:
    old = "    background: The study visit showed how returning talent opens markets.\n"
    code, output = validate(with_plan(tmp_path, old, "    background: | The study visit showed\n"
                                                     "      how returning talent opens markets.\n"))
    assert code == 1
    assert output.splitlines()[0] == (
        "plans/north.yaml:26:19: after `|` or `>` the text starts on the next line; only a "
        "comment may follow them on their own line. Move what follows the `|` to the next line, "
        "indented.")


# --- 6. line and paragraph separators -------------------------------------------------------

@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_separators_in_markdown_are_line_breaks_in_both_documents(tmp_path: Path,
                                                                  separator: str) -> None:
    folder = with_plan(tmp_path, "background: The study visit showed how",
                       f"background: The study visit showed{separator}how")
    assert validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")
    docx, pdf = documents(folder)
    assert "The study visit showed\nhow returning talent opens markets." in docx
    assert "The study visit showed\nhow returning talent opens markets." in pdf


@pytest.mark.parametrize(("separator", "name"), [("\u2028", "U+2028 LINE SEPARATOR"),
                                                 ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
                                                 ("\x85", "U+0085 NEXT LINE")])
def test_separators_in_one_line_fields_are_refused_at_their_place(tmp_path: Path, separator: str,
                                                                  name: str) -> None:
    code, output = validate(with_plan(tmp_path, "title: Export vouchers",
                                      f'title: "Export{separator}vouchers"'))
    assert code == 1
    assert output == (f"plans/north.yaml:24:19: actions[1].title: a line break ({name}) cannot "
                      "stand in a one-line text. Replace it with a space.\n"
                      "1 error in 1 file.\n")


def test_lines_after_a_separator_are_counted_as_editors_show_them(tmp_path: Path) -> None:
    """Editors do not break lines at U+2028: a mistake further down is reported on the line
    the editor shows, and the separator itself does not break the file."""
    plan = (MINIMAL_PLAN.replace("instrument: SME export support", "instrument: SME\u2028export")
            .replace("status: submitted", "status: aproved"))
    code, output = validate(write_partnership(tmp_path / "plans", plans={"north.yaml": plan}))
    assert code == 1
    assert output.splitlines() == [
        "plans/north.yaml:3:9: status: `aproved` is not one of: draft, submitted, approved. "
        "Did you mean `approved`?",
        "plans/north.yaml:12:18: policy_context.instrument: a line break (U+2028 LINE SEPARATOR) "
        "cannot stand in a one-line text. Replace it with a space.",
        "2 errors in 1 file."]


# --- 10. the starter's example texts ---------------------------------------------------------

STARTER_PLACEHOLDERS = [
    ("28:9", "contact.name", "Your Name"),
    ("29:10", "contact.email", "your.name@example.org"),
    ("30:10", "contact.phone", "+00 000 000 000"),
    ("37:15", "policy_context.instrument", "Name of the policy instrument"),
    ("38:23", "policy_context.managing_authority", "Name of the managing authority"),
    ("39:12", "policy_context.details",
     "What the instrument supports today, and what this plan wants to improve."),
    ("44:12", "learnings[1].title", "What you learned, in one line"),
    ("54:11", "learnings[1].text", "How it works there, and why it matters for your policy instrument."),
    ("59:12", "actions[1].title", "Title of the first action"),
    ("63:17", "actions[1].background", "What you saw in the project, and why it fits your region."),
    ("65:17", "actions[1].activities", "1. First step 2. Second step"),
    ("69:15", "actions[1].players[1].name", "Your organisation"),
    ("70:15", "actions[1].players[1].role", "Designs and runs the action"),
    ("77:13", "actions[1].costs.note", "What the costs cover"),
    ("79:17", "actions[1].funding[1].source", "Name of the first funding source"),
    ("81:17", "actions[1].funding[2].source", "Name of the second funding source"),
    ("85:15", "actions[1].indicators[1].name", "What you count"),
    ("87:15", "actions[1].indicators[1].unit", "Unit, e.g. companies"),
    ("90:14", "actions[1].monitoring.notes", "How the action is going, in a few sentences."),
]


def _starter(tmp_path: Path) -> Path:
    folder = write_partnership(tmp_path / "plans", plans={})
    assert CliRunner().invoke(main, ["new", "north", "--partner", "north", str(folder)]).exit_code == 0
    return folder  # the starter validates as written: only warnings are left


def test_each_placeholder_left_in_the_starter_is_a_located_warning(tmp_path: Path) -> None:
    folder = _starter(tmp_path)
    code, output = validate(folder)
    assert code == 0
    warnings = [line for line in output.splitlines() if line.startswith("warning: ")]
    expected = [f"warning: plans/north.yaml:{where}: {field}: `{text}` is the starter's example "
                "text. Write your own, or remove the field if it is optional."
                for where, field, text in STARTER_PLACEHOLDERS]
    assert warnings == expected
    code, output = validate(folder, "--strict")
    assert code == 1
    assert output.endswith(f"{len(expected)} warning(s) and --strict: not valid.\n")


def test_placeholders_come_from_the_starter_in_use(tmp_path: Path) -> None:
    """A partnership's own starter (templates/new-plan.yaml) brings its own example texts."""
    folder = write_partnership(tmp_path / "plans")
    (folder / "templates").mkdir()
    from actionplan.load.templates import builtin_dir

    own = (builtin_dir() / "new-plan.yaml").read_text("utf-8").replace(
        "name: Your Name", "name: Nome Cognome")
    (folder / "templates" / "new-plan.yaml").write_text(own, "utf-8")
    plan = folder / "north.yaml"
    plan.write_text(MINIMAL_PLAN.replace("name: Anna Example", "name: Nome Cognome"), "utf-8")
    code, output = validate(folder)
    assert code == 0
    assert output.splitlines()[0] == (
        "warning: plans/north.yaml:7:9: contact.name: `Nome Cognome` is the starter's example "
        "text. Write your own, or remove the field if it is optional.")


def test_a_filled_in_plan_has_no_placeholder_warning(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    assert validate(folder, "--strict") == (0, "plans: project.yaml and 1 plan are valid.\n")


# --- names that become file names -------------------------------------------------------------

@pytest.mark.parametrize(("acronym", "char"), [
    ('"Up/Grade"', "/"), ('"Up:Grade"', ":"), ('"Up*Grade?"', "*"), ('"Up\\\\Grade"', "\\"),
    ('"UpGrade."', "."),
])
def test_an_acronym_that_cannot_name_a_file_is_refused_by_validate(
        tmp_path: Path, acronym: str, char: str) -> None:
    """The acronym names the deliverable's files (`<acronym>-action-plans.pdf`): a `/` made
    the build fail after every plan was rendered, and `:`, `*`, `?` names Windows cannot open."""
    from conftest import MINIMAL_PROJECT

    project = re.sub(r"acronym: .*", lambda _: f"acronym: {acronym}", MINIMAL_PROJECT, count=1)
    folder = write_partnership(tmp_path / "plans", project, {"north.yaml": MINIMAL_PLAN})
    code, output = validate(folder)
    assert code == 1
    line = next(i for i, text in enumerate(project.splitlines(), 1) if "acronym:" in text)
    first = output.splitlines()[0]
    assert first.startswith(f"plans/project.yaml:{line}:")
    assert "project.acronym:" in first and f"`{char}`" in first
    assert "it names the deliverable's files" in first
