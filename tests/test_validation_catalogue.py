"""The bad-input catalogue: every mistake ends in a located, plain-words message and exit 1.

Each case changes the minimal valid partnership of conftest.py in one place; the test asserts
the exit code, the file, line and field named, no traceback, and compares the whole output with
a golden file (`pytest --update-golden` rewrites them after a deliberate wording change).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, MINIMAL_PROJECT, write_partnership
from test_logos import huge_png

from actionplan.cli import main


@dataclass
class Case:
    name: str
    where: str  # "file:line" the message must name
    field: str  # the field path the message must name ("" for file-level problems)
    project: str = MINIMAL_PROJECT
    plans: dict[str, str] = field(default_factory=lambda: {"north.yaml": MINIMAL_PLAN})
    setup: Callable[[Path], None] | None = None
    """Changes to the folder beyond the file texts (links, images, folders)."""
    strict: bool = False
    """The case is a warning: it fails only with --strict."""
    target: str = ""
    """The file inside the folder to validate (`validate plans/north.yaml`); the folder if empty."""
    options: tuple[str, ...] = ()


def plan(old: str, new: str, name: str = "north.yaml") -> dict[str, str]:
    assert old in MINIMAL_PLAN, old
    return {name: MINIMAL_PLAN.replace(old, new, 1)}


def project(old: str, new: str) -> str:
    assert old in MINIMAL_PROJECT, old
    return MINIMAL_PROJECT.replace(old, new, 1)


_ACTION = MINIMAL_PLAN[MINIMAL_PLAN.index("  - id: a1"):].replace("id: a1", "id: more")
"""One more action for the plan (its id repeats: the size is refused before ids are checked)."""

CASES = [
    # --- the YAML layer -------------------------------------------------------------------
    Case("syntax-error", "north.yaml:24", "", plans=plan("title: Export vouchers",
                                                         "title: Export: vouchers: now")),
    Case("tab-indent", "north.yaml:7", "", plans=plan("  name: Anna Example", "\tname: Anna")),
    Case("empty-file", "north.yaml:1", "", plans={"north.yaml": ""}),
    Case("only-comments", "north.yaml:1", "", plans={"north.yaml": "# nothing yet\n"}),
    Case("list-at-top", "north.yaml:1", "", plans={"north.yaml": "- partner: north\n"}),
    Case("scalar-at-top", "north.yaml:1", "", plans={"north.yaml": "just some text\n"}),
    Case("two-documents", "north.yaml:38", "", plans={"north.yaml": MINIMAL_PLAN + "---\na: 1\n"}),
    Case("duplicate-key", "north.yaml:4", "status",
         plans=plan('status: submitted\n', 'status: submitted\nstatus: draft\n')),
    Case("python-tag", "north.yaml:1", "partner",
         plans=plan("partner: north", "partner: !!python/object/apply:os.system [echo hi]")),
    Case("custom-tag", "north.yaml:12", "policy_context.instrument",
         plans=plan("instrument: SME export support", "instrument: !secret SME export")),
    Case("alias-bomb", "north.yaml:2", "b[1]",
         plans={"north.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
                              "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n"}),
    Case("deep-nesting", "north.yaml:1", "partner",
         plans={"north.yaml": "partner: " + "[" * 5000 + "]" * 5000 + "\n"}),
    Case("huge-file", "north.yaml:1", "",
         plans={"north.yaml": MINIMAL_PLAN + "# " + "x" * (1024 * 1024) + "\n"}),
    Case("latin1-bytes", "north.yaml:7", "", plans={}),  # written as bytes below
    Case("raw-control-char", "north.yaml:24", "",
         plans=plan("title: Export vouchers", "title: Export\x07vouchers")),
    Case("norway-stays-text", "project.yaml:19", "partners[2].nuts2",
         project=project("country: ES", "country: NO")),
    Case("version-as-number", "north.yaml:2", "version", plans=plan('version: "1.0"', "version: 1.10")),
    # --- types and rules -----------------------------------------------------------------
    Case("unknown-key-typo", "north.yaml:24", "actions[1].titel",
         plans=plan("title: Export vouchers", "titel: Export vouchers")),
    Case("unknown-key-plain", "north.yaml:4", "colour", plans=plan("status: submitted",
                                                                   "status: submitted\ncolour: red")),
    Case("missing-field", "north.yaml:6", "contact.name", plans=plan("  name: Anna Example\n", "")),
    Case("missing-actions", "north.yaml:1", "actions",
         plans={"north.yaml": MINIMAL_PLAN.split("actions:")[0]}),
    Case("wrong-type-list", "north.yaml:30", "actions[1].players",
         plans=plan("    players:\n      - name: North Agency\n        role: Runs the call\n",
                    "    players: North Agency\n")),
    Case("wrong-type-number", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", 'costs: {amount: "1,000 EUR"}')),
    Case("bool-where-text", "north.yaml:12", "policy_context.instrument",
         plans=plan("instrument: SME export support", "instrument: true")),
    Case("bad-date", "north.yaml:4", "date", plans=plan("date: 2019-03-29", "date: 2019-02-30")),
    Case("date-as-text", "north.yaml:4", "date", plans=plan("date: 2019-03-29", "date: 29.03.2019")),
    Case("bad-month", "north.yaml:33", "actions[1].timeframe.start",
         plans=plan('start: "2019-06"', 'start: "2019-13"')),
    Case("range-reversed", "north.yaml:33", "actions[1].timeframe.end",
         plans=plan('end: "2020-12"', 'end: "2018-12"')),
    Case("event-range-reversed", "project.yaml:33", "events[1].end",
         project=project("end: 2018-10-17", "end: 2018-10-01")),
    Case("negative-money", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", "costs: {amount: -5}")),
    Case("nan-money", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", "costs: {amount: .nan}")),
    Case("inf-money", "north.yaml:37", "actions[1].funding[1].amount",
         plans=plan("amount: 500", "amount: .inf")),
    Case("funding-above-costs", "north.yaml:35", "actions[1].funding",
         plans=plan("amount: 500", "amount: 1500")),
    Case("bad-currency", "north.yaml:34", "actions[1].costs.currency",
         plans=plan("costs: {amount: 1000}", "costs: {amount: 1000, currency: EURO}")),
    Case("bad-email", "north.yaml:8", "contact.email",
         plans=plan("email: anna@example.org", "email: anna at example.org")),
    Case("nuts-not-in-country", "project.yaml:19", "partners[2].nuts2",
         project=project("nuts2: ES21", "nuts2: PT11")),
    Case("bad-country", "project.yaml:17", "partners[2].country",
         project=project("country: ES", "country: XX")),
    Case("bad-id", "project.yaml:10", "partners[1].id", project=project("- id: north", "- id: North_1")),
    Case("bad-enum", "north.yaml:3", "status", plans=plan("status: submitted", "status: aproved")),
    Case("over-long-text", "north.yaml:24", "actions[1].title",
         plans=plan("title: Export vouchers", "title: " + "Export " * 100)),
    Case("empty-list", "north.yaml:25", "actions[1].learnings",
         plans=plan("learnings: [talent]", "learnings: []")),
    Case("approved-without-signature", "north.yaml:1", "signature",
         plans=plan("status: submitted", "status: approved")),
    Case("bad-plan-file-name", "North Plan.yaml:1", "",
         plans={"North Plan.yaml": MINIMAL_PLAN}),
    Case("learning-without-source", "north.yaml:18", "learnings[1].from",
         plans=plan("      event: visit\n      practice: talent-house\n", "      event: null\n")),
    # --- markdown: a link whose address the documents could not open ------------------------
    Case("link-to-a-file-name", "north.yaml:28", "actions[1].activities",
         plans=plan("      - Design the call\n", "      - Design the [call](call.pdf)\n")),
    Case("link-other-scheme", "north.yaml:13", "policy_context.details",
         plans=plan("instrument: SME export support\n", "instrument: SME export support\n"
                    "  details: See [the report](ftp://files.example.org/r.pdf) and [this]().\n")),
    # --- markdown: a table row whose cells beyond the header's would be lost --------------
    Case("table-row-wider-than-its-header", "north.yaml:33", "actions[1].activities",
         plans=plan("      - Run the call\n", "      - Run the call\n\n      | Target | SMEs |\n"
                    "      |---|--:|\n      | 2020 | 40 | 12 |\n")),
    # --- references ------------------------------------------------------------------------
    Case("unknown-plan-partner", "north.yaml:1", "partner", plans=plan("partner: north",
                                                                       "partner: nort")),
    Case("unknown-other-partner", "north.yaml:2", "other_partners[1]",
         plans=plan('version: "1.0"', 'other_partners: [west]\nversion: "1.0"')),
    Case("unknown-event", "north.yaml:19", "learnings[1].from.event",
         plans=plan("event: visit", "event: vist")),
    Case("unknown-practice", "north.yaml:20", "learnings[1].from.practice",
         plans=plan("practice: talent-house", "practice: export-carousel")),
    Case("unknown-source-partner", "north.yaml:20", "learnings[1].from.partner",
         plans=plan("practice: talent-house", "partner: east")),
    Case("unknown-topic", "north.yaml:17", "learnings[1].topic", plans=plan("topic: impact",
                                                                           "topic: impakt")),
    Case("unknown-learning", "north.yaml:25", "actions[1].learnings[1]",
         plans=plan("learnings: [talent]", "learnings: [talents]")),
    Case("unknown-lead-partner", "project.yaml:7", "project.lead_partner",
         project=project("lead_partner: north", "lead_partner: west")),
    Case("unknown-host", "project.yaml:30", "events[1].host", project=project("host: south",
                                                                            "host: soth")),
    Case("unknown-owner", "project.yaml:38", "good_practices[1].owner",
         project=project("owner: south", "owner: nobody")),
    Case("unknown-coordinator", "project.yaml:24", "topics[1].coordinator",
         project=project("coordinator: south", "coordinator: west")),
    Case("duplicate-partner-id", "project.yaml:15", "partners[2].id",
         project=project("- id: south", "- id: north")),
    Case("duplicate-action-id", "north.yaml:38", "actions[2].id",
         plans={"north.yaml": MINIMAL_PLAN + MINIMAL_PLAN[MINIMAL_PLAN.index("  - id: a1"):]}),
    Case("two-plans-one-partner", "south.yaml:1", "partner",
         plans={"north.yaml": MINIMAL_PLAN, "south.yaml": MINIMAL_PLAN}),
    Case("old-copy-of-a-plan", "north.yaml:1", "partner",  # the copy's name sorts first
         plans={"north.yaml": MINIMAL_PLAN, "north-copy.yaml": MINIMAL_PLAN}),
    Case("old-copy-named-no-plan-id", "North (copy).yaml:1", "partner",
         plans={"north.yaml": MINIMAL_PLAN, "North (copy).yaml": MINIMAL_PLAN}),
    # --- what partners type and paste (issue 10) ------------------------------------------
    Case("number-thousands-dots", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", "costs: {amount: 120.000}")),
    Case("number-digit-groups", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", "costs: {amount: 1.250.000}")),
    Case("number-exponent", "north.yaml:37", "actions[1].funding[1].amount",
         plans=plan("amount: 500", "amount: 1.5e3")),
    Case("money-too-large", "north.yaml:34", "actions[1].costs.amount",
         plans=plan("costs: {amount: 1000}", "costs: {amount: 123456789012345678901234567890}")),
    Case("money-below-the-cent", "north.yaml:37", "actions[1].funding[1].amount",
         plans=plan("amount: 500", "amount: 250.1255")),
    Case("number-too-many-digits", "north.yaml:37", "actions[1].indicators[1].target",
         plans=plan("    funding:\n", "    indicators:\n      - name: Companies exporting\n"
                                       "        target: 12345678901234567890.123456789\n"
                                       "    funding:\n")),
    Case("hash-in-unquoted-title", "north.yaml:24", "actions[1].title",
         plans=plan("title: Export vouchers",
                    "title: San Sebastián stand #2 at international trade fairs")),
    Case("hash-in-unquoted-role", "north.yaml:32", "actions[1].players[1].role",
         plans=plan("role: Runs the call", "role: Runs the stand (see call #InterregEurope) and more")),
    Case("line-separator-in-title", "north.yaml:24", "actions[1].title",
         plans=plan("title: Export vouchers", "title: Export\u2028vouchers")),
    Case("glyph-devanagari", "north.yaml:24", "actions[1].title",
         plans=plan("title: Export vouchers", "title: Export वाउचर")),
    Case("glyph-thai-in-markdown", "north.yaml:26", "actions[1].background",
         plans=plan("showed how returning", "showed how กรุงเทพ returning")),
    Case("glyph-lari-sign", "north.yaml:34", "actions[1].costs.note",
         plans=plan("costs: {amount: 1000}", 'costs: {amount: 1000, note: "₾ 2,000"}')),
    Case("glyph-word-bullet-in-line", "north.yaml:32", "actions[1].players[1].role",
         plans=plan("role: Runs the call", "role: \uf0b7 Runs the call")),
    Case("glyph-in-project", "project.yaml:18", "partners[2].region",
         project=project("region: País Vasco", "region: País Vasco ₼")),
    # --- languages (issue 13) ----------------------------------------------------------------
    Case("english-summary-missing", "north.yaml:5", "summary_en",
         plans=plan("date: 2019-03-29", "date: 2019-03-29\nlanguage: es")),
    Case("label-catalogue-unknown-key", "templates/labels/de.yaml:2", "labels.cover_titel",
         setup=lambda f: _catalogue(f, "de", "labels:\n  cover_titel: Aktionsplan\n")),
    Case("label-catalogue-placeholders", "templates/labels/hu.yaml:2", "labels.page_of",
         setup=lambda f: _catalogue(f, "hu", 'labels:\n  page_of: "{oldal}. oldal"\n')),
]


SECOND_ACTION = MINIMAL_PLAN[MINIMAL_PLAN.index("  - id: a1"):].replace("id: a1", "id: a2")


def _fifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


def _old_schema(folder: Path) -> None:
    """An editor schema written before project.yaml changed (it lacks the event `visit`)."""
    schema = folder / ".actionplan" / "plan.schema.json"
    schema.parent.mkdir()
    schema.write_text('{"title": "actionplan plan file"}\n', "utf-8")
    os.utime(schema, (1_500_000_000, 1_500_000_000))


ISSUE_11_CASES = [
    # --- 1. no stage hides another ----------------------------------------------------------
    Case("unknown-learning-beside-typo", "north.yaml:25", "actions[1].learnings[1]",
         plans={"north.yaml": MINIMAL_PLAN.replace("learnings: [talent]", "learnings: [talents]")
                + SECOND_ACTION.replace("title: Export vouchers", "titel: Export vouchers")}),
    Case("project-syntax-error-plans-checked", "north.yaml:1", "partner",
         project=project("title: Talent House", "title: Talent House: the original"),
         plans=plan("partner: north", "partner: nort")),
    Case("project-schema-error-plans-checked", "north.yaml:17", "learnings[1].topic",
         project=project("country: ES", "country: XX"), plans=plan("topic: impact", "topic: impakt")),
    Case("two-syntax-errors", "north.yaml:32", "",
         plans={"north.yaml": MINIMAL_PLAN.replace("title: Export vouchers", "title: Export: vouchers")
            .replace("        role: Runs", "         role: Runs")}),
    # --- 2. syntax errors where the mistake is, in plain words -----------------------------
    Case("unclosed-quote", "north.yaml:2", "", plans=plan('version: "1.0"', 'version: "1.0')),
    Case("unclosed-quote-in-title", "north.yaml:24", "",
         plans=plan("title: Export vouchers", 'title: "Export vouchers')),
    Case("no-break-space-indent", "north.yaml:7", "",
         plans=plan("  name: Anna Example", "\u00a0 name: Anna Example")),
    Case("no-break-space-after-colon", "north.yaml:8", "",
         plans=plan("email: anna@example.org", "email:\u00a0anna@example.org")),
    Case("full-width-colon", "north.yaml:7", "",
         plans=plan("name: Anna Example", "name\uff1a Anna Example")),
    Case("typographic-quotes", "north.yaml:24", "",
         plans=plan("title: Export vouchers", "title: \u201cExport: vouchers\u201d")),
    Case("misindented-key", "north.yaml:32", "",
         plans=plan("        role: Runs", "         role: Runs")),
    Case("date-in-curly-quotes", "north.yaml:4", "date",
         plans=plan("date: 2019-03-29", "date: \u201c2019-03-29\u201d")),
    Case("parser-words-with-v", "north.yaml:2", "", plans=plan('version: "1.0"', 'version: "1.0'),
         options=("-v",)),
    # --- 3. hints that lead to the fix --------------------------------------------------------
    Case("month-given-a-date", "north.yaml:33", "actions[1].timeframe.start",
         plans=plan('start: "2019-06"', "start: 2019-06-01")),
    Case("month-with-dot", "north.yaml:33", "actions[1].timeframe.start",
         plans=plan('start: "2019-06"', "start: 06.2019")),
    Case("date-day-first", "north.yaml:4", "date", plans=plan("date: 2019-03-29", "date: 29/03/2019")),
    Case("count-as-text", "north.yaml:40", "actions[1].indicators[1].target",
         plans={"north.yaml": MINIMAL_PLAN + "    indicators:\n      - name: SMEs supported\n"
                                             "        target: about 30\n"}),
    Case("empty-value", "north.yaml:7", "contact.name", plans=plan("name: Anna Example", "name:")),
    Case("language-name", "north.yaml:5", "language",
         plans=plan("date: 2019-03-29\n", "date: 2019-03-29\nlanguage: English\n")),
    Case("funding-as-text", "north.yaml:35", "actions[1].funding",
         plans=plan("funding:\n      - source: ERDF\n        amount: 500",
                    "funding: ERDF pays half, about 500 EUR")),
    # --- 4. one partner's mistake does not block another's work --------------------------
    Case("one-plan-beside-broken-ones", "north.yaml:17", "learnings[1].topic", target="north.yaml",
         plans=plan("topic: impact", "topic: impakt")
         | {"south.yaml": MINIMAL_PLAN.replace("partner: north", "partner: south")
            .replace("date: 2019-03-29", "date: 2019-02-30"),
            "west.yaml": 'partner: west\nversion: "1.0\n'},
         setup=lambda f: _fifo(f, "east.yaml")),
    Case("one-plan-claims-a-taken-partner", "south.yaml:1", "partner", target="south.yaml",
         plans={"north.yaml": MINIMAL_PLAN, "south.yaml": MINIMAL_PLAN}),
    # --- 5. the editors' schema -----------------------------------------------------------------
    Case("stale-editor-schema", ".actionplan/plan.schema.json:1", "", strict=True,
         setup=_old_schema),
    # --- size: what one plan may hold (load/limits.py) --------------------------------------
    Case("too-many-actions", "north.yaml:1523", "actions[101]",
         plans={"north.yaml": MINIMAL_PLAN + _ACTION * 100}),
    Case("too-many-characters", "north.yaml:266", "actions[17].background",
         plans={"north.yaml": MINIMAL_PLAN + _ACTION.replace(
             "background: The study visit", "background: " + "x" * 19_000 + " The study visit")
             * 16}),
    Case("too-many-list-entries", "north.yaml:1028", "actions[1].players[998]",
         plans=plan("      - name: North Agency\n        role: Runs the call\n",
                    "      - {name: North Agency, role: Runs the call}\n" * 1001)),
    Case("huge-project-stops-before-the-plans", "project.yaml:1", "",
         project=MINIMAL_PROJECT + "# " + "x" * (1024 * 1024) + "\n",
         plans={"north.yaml": "partner: [never read\n"}),
]
def _catalogue(folder: Path, code: str, text: str) -> None:
    """A label catalogue of the partnership's own, `templates/labels/<code>.yaml`."""
    (folder / "templates" / "labels").mkdir(parents=True)
    (folder / "templates" / "labels" / f"{code}.yaml").write_text(text, "utf-8")


def with_logo(logo: str) -> str:
    return MINIMAL_PROJECT.replace("  lead_partner: north\n", f"  lead_partner: north\n  logo: {logo}\n")


def _png(folder: Path, name: str, data: bytes | None = None) -> None:
    from PIL import Image

    (folder / "logos").mkdir(exist_ok=True)
    if data is None:
        Image.new("RGB", (40, 20), "navy").save(folder / "logos" / name)
    else:
        (folder / "logos" / name).write_bytes(data)


def _image(folder: Path, name: str, fmt: str, cut: int = 0) -> None:
    """A 40 × 20 image in `fmt` named `name`, its last `cut` bytes cut off."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, fmt)
    _png(folder, name, out.getvalue()[:len(out.getvalue()) - cut])


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)  # no disk space used, no time spent


FILE_CASES = [
    Case("logo-outside-folder", "project.yaml:8", "project.logo", project=with_logo("../secret.png")),
    Case("logo-absolute-path", "project.yaml:8", "project.logo", project=with_logo("/etc/passwd")),
    Case("logo-missing", "project.yaml:8", "project.logo", project=with_logo("logos/none.png")),
    Case("logo-backslashes", "project.yaml:8", "project.logo", project=with_logo("logos\\pbn.png"),
         setup=lambda f: _png(f, "pbn.png")),
    Case("logo-full-path-inside-the-folder", "project.yaml:8", "project.logo",  # shown cut, as all
         setup=lambda f: _png(f, "pbn.png") or (f / "project.yaml").write_text(
             with_logo(str(f / "logos" / "pbn.png")), "utf-8")),
    Case("logo-other-capitals", "project.yaml:8", "project.logo", project=with_logo("Logos/PBN.png"),
         setup=lambda f: _png(f, "pbn.png")),
    Case("logo-corrupt", "project.yaml:8", "project.logo", project=with_logo("logos/broken.png"),
         setup=lambda f: _png(f, "broken.png", b"\x89PNG\r\n\x1a\nnot really")),
    Case("logo-not-an-image", "project.yaml:8", "project.logo", project=with_logo("logos/notes.txt"),
         setup=lambda f: (f / "logos").mkdir() or (f / "logos" / "notes.txt").write_text("hi")),
    Case("logo-symlink-out", "project.yaml:8", "project.logo", project=with_logo("logos/link.png"),
         setup=lambda f: (f / "logos").mkdir() or (f / "logos" / "link.png").symlink_to("/etc/passwd")),
    Case("logo-is-a-fifo", "project.yaml:8", "project.logo", project=with_logo("logos/pipe.png"),
         setup=lambda f: (f / "logos").mkdir() or os.mkfifo(f / "logos" / "pipe.png")),
    Case("logo-is-a-folder", "project.yaml:8", "project.logo", project=with_logo("logos/pbn.png"),
         setup=lambda f: (f / "logos" / "pbn.png").mkdir(parents=True)),
    Case("logo-symlink-loop", "project.yaml:8", "project.logo", project=with_logo("logos/loop.png"),
         setup=lambda f: (f / "logos").mkdir() or (f / "logos" / "loop.png").symlink_to("loop.png")),
    Case("logo-gif-named-png", "project.yaml:8", "project.logo", project=with_logo("logos/pbn.png"),
         setup=lambda f: _image(f, "pbn.png", "GIF")),
    Case("logo-truncated-jpeg", "project.yaml:8", "project.logo", project=with_logo("logos/pbn.jpg"),
         setup=lambda f: _image(f, "pbn.jpg", "JPEG", cut=100)),
    Case("logo-too-many-pixels", "project.yaml:8", "project.logo",
         project=with_logo("logos/scan.png"),
         setup=lambda f: _png(f, "scan.png", huge_png(6000, 4500))),
    Case("logo-file-too-large", "project.yaml:8", "project.logo",
         project=with_logo("logos/poster.png"),
         setup=lambda f: _sparse(f / "logos" / "poster.png", 60 * 1024 * 1024)),
    Case("logo-links-to-dev-zero", "project.yaml:8", "project.logo",
         project=with_logo("logos/zero.png"),
         setup=lambda f: (f / "logos").mkdir() or (f / "logos" / "zero.png").symlink_to("/dev/zero")),
    Case("template-is-a-fifo", "templates/action-plan.css:1", "",
         setup=lambda f: (f / "templates").mkdir() or os.mkfifo(f / "templates" / "action-plan.css")),
    Case("template-links-outside", "templates/fonts/x.ttf:1", "",
         setup=lambda f: (f / "templates" / "fonts").mkdir(parents=True)
         or (f / "templates" / "fonts" / "x.ttf").symlink_to("/etc/passwd")),
    Case("plan-is-a-folder", "south.yaml:1", "", setup=lambda f: (f / "south.yaml").mkdir()),
    Case("plan-is-a-fifo", "south.yaml:1", "", setup=lambda f: os.mkfifo(f / "south.yaml")),
    Case("plan-links-outside", "south.yaml:1", "",
         setup=lambda f: (f / "south.yaml").symlink_to("/etc/passwd")),
    Case("own-partner-as-other", "north.yaml:2", "other_partners[1]",
         plans=plan('version: "1.0"', 'other_partners: [north]\nversion: "1.0"')),
    # --- warnings: reported, and fatal only with --strict ------------------------------
    Case("warning-outside-phase2", "north.yaml:33", "actions[1].timeframe", strict=True,
         plans=plan('end: "2020-12"', 'end: "2021-06"')),
    Case("warning-unused-learning", "north.yaml:21", "learnings[2].id", strict=True,
         plans=plan("      practice: talent-house\n", "      practice: talent-house\n"
                    "  - id: spare\n    title: Unused\n    from: {partner: south}\n")),
    Case("warning-signed-before-dated", "north.yaml:4", "date", strict=True,
         plans={"north.yaml": MINIMAL_PLAN + "signature: {name: A, position: B, organisation: C, "
                                             "place: D, date: 2019-01-01}\n"}),
    Case("warning-starter-placeholder", "north.yaml:7", "contact.name", strict=True,
         plans=plan("name: Anna Example", "name: Your Name")),
    Case("warning-english-summary-draft", "north.yaml:5", "summary_en", strict=True,
         plans=plan("status: submitted\ndate: 2019-03-29",
                    "status: draft\ndate: 2019-03-29\nlanguage: bg")),
    Case("warning-no-label-catalogue", "north.yaml:5", "language", strict=True,
         plans=plan("date: 2019-03-29", "date: 2019-03-29\nlanguage: tlh\nsummary_en: Vouchers.")),
    Case("warning-label-catalogue-incomplete", "templates/labels/is.yaml:1", "labels", strict=True,
         plans=plan("date: 2019-03-29", "date: 2019-03-29\nlanguage: is\nsummary_en: Vouchers."),
         setup=lambda f: _catalogue(f, "is", "labels:\n  cover_title: Aðgerðaáætlun\n")),
]


def _run(folder: Path, *extra: str, target: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder / target if target else folder),
                                       *extra])
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


def prepare(case: Case, base: Path) -> Path:
    """The case's partnership folder, written under `base`."""
    folder = write_partnership(base / "plans", case.project, case.plans)
    if case.name == "latin1-bytes":
        (folder / "north.yaml").write_bytes(
            MINIMAL_PLAN.replace("Anna Example", "Zoé Müller").encode("latin-1"))
    if case.setup:
        case.setup(folder)
    return folder


@pytest.mark.parametrize("case", CASES + FILE_CASES + ISSUE_11_CASES, ids=lambda c: c.name)
def test_bad_input_is_a_located_clean_reject(case: Case, tmp_path: Path, golden) -> None:
    folder = prepare(case, tmp_path)
    before = _snapshot(folder)

    if case.strict:
        assert _run(folder, target=case.target)[0] == 0, "a warning alone must not fail the run"
    code, output = _run(folder, *(["--strict"] if case.strict else []), *case.options,
                        target=case.target)

    assert code == 1, output
    assert "Traceback" not in output
    assert f"plans/{case.where}:" in output, output
    if case.field:
        assert f": {case.field}: " in output, output
    assert _snapshot(folder) == before, "inputs were modified"
    golden(f"validate/{case.name}.txt", output)


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry's content (regular files) or kind (links, folders, FIFOs), never following links."""
    snap: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            snap[name] = f"link to {os.readlink(path)}"
        elif path.is_file():
            snap[name] = path.read_bytes()
        else:
            snap[name] = "folder" if path.is_dir() else "special"
    return snap


def test_catalogue_is_large_enough() -> None:
    assert len(CASES + FILE_CASES + ISSUE_11_CASES) >= 80


def test_all_problems_of_all_files_in_one_run(tmp_path: Path, golden) -> None:
    """Five mistakes over two files, both with schema errors: all five at once, including the
    id references of both files (a misspelt learning id beside a `titel:` typo, an unknown host
    beside a bad country code), and nothing about what is right (the event `visit`)."""
    bad_project = project("country: ES", "country: XX").replace("host: south", "host: soth")
    bad_plan = (MINIMAL_PLAN.replace("status: submitted", "status: aproved")
                .replace("learnings: [talent]", "learnings: [talents]")
                + SECOND_ACTION.replace("title: Export vouchers", "titel: Export vouchers"))
    folder = write_partnership(tmp_path / "plans", bad_project, {"north.yaml": bad_plan})
    code, output = _run(folder)
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith("plans/")]
    assert [line.split(":")[0] for line in lines] == ["plans/north.yaml"] * 3 + ["plans/project.yaml"] * 2
    assert output.rstrip().endswith("5 errors in 2 files.")
    golden("validate/five-mistakes-in-two-files.txt", output)


FIRST_DRAFT = Path(__file__).parent / "fixtures" / "first-draft.yaml"
DRAFT_SYNTAX_FIXES = {  # what a partner changes after the first round
    "    title: Export coaching: vouchers for first-time exporters":
        '    title: "Export coaching: vouchers for first-time exporters"',
    "         role: Designs and runs the call": "        role: Designs and runs the call",
}
DRAFT_OTHER_FIXES = {  # and after the second
    "other_partners: [west]": "other_partners: [north]", "date: 30/06/2019": "date: 2019-06-30",
    "  name:\n": "  name: Maite Example\n", "event: study-visit-2018": "event: visit",
    "start: 2019-13": "start: 2019-09",
    "funding: ERDF Basque Country ROP pays half, about 60000 EUR":
        "funding:\n      - {source: ERDF Basque Country ROP, amount: 60000}",
    "titel: Talent return desk": "title: Talent return desk",
    "[talent-atraction]": "[talent-attraction]",
}


def test_a_first_draft_with_ten_mistakes_takes_two_rounds(tmp_path: Path, golden) -> None:
    """A new partner's first draft (issue 11): round one names its two syntax errors, round
    two the other eight at once; after those fixes the plan is valid."""
    draft = FIRST_DRAFT.read_text("utf-8")
    folder = write_partnership(tmp_path / "plans", plans={"south.yaml": draft})
    code, first = _run(folder)
    assert code == 1 and first.rstrip().endswith("2 errors in 1 file."), first
    golden("validate/first-draft-round-1.txt", first)

    for wrong, right in DRAFT_SYNTAX_FIXES.items():
        assert wrong in draft, wrong
        draft = draft.replace(wrong, right)
    (folder / "south.yaml").write_text(draft, "utf-8")
    code, second = _run(folder)
    assert code == 1 and second.rstrip().endswith("8 errors in 1 file."), second
    golden("validate/first-draft-round-2.txt", second)

    for wrong, right in DRAFT_OTHER_FIXES.items():
        assert wrong in draft, wrong
        draft = draft.replace(wrong, right)
    (folder / "south.yaml").write_text(draft, "utf-8")
    code, third = _run(folder)
    assert code == 0, third
