"""The label catalogues (templates/labels/*.yaml): complete, consistent with English, honest
about where they come from; a partnership's own catalogue corrects or adds a language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, ROOT, write_partnership

from actionplan.cli import main
from actionplan.load.catalogues import english, placeholders, read_catalogue
from actionplan.load.templates import builtin_dir, search_path
from actionplan.words.format import cldr_locale
from actionplan.words.labels import labels_for

CATALOGUES = sorted((builtin_dir() / "labels").glob("*.yaml"))
LANGUAGES = [p.stem for p in CATALOGUES if p.stem != "en"]
EU_LANGUAGES = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
                "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"}

# Labels that are only punctuation around their placeholders (French spaces its colons).
NEUTRAL = {"source_event", "source_event_at_title"}
# Labels whose translation is rightly the English word (checked both ways: each listed label is
# the same as English, and no other label is, so an untranslated label cannot hide).
SAME_AS_ENGLISH = {
    "bg": set(),
    "cs": {"d_col_partner", "d_plan_heading", "source_partner"},  # Partner
    "da": {"cover_status", "cover_version", "d_col_partner", "d_plan_heading",
           "players_organisation", "source_partner"},  # Status, Version, Partner, Organisation
    "de": {"chart_phase2", "cover_status", "cover_version", "d_col_partner", "d_index",
           "d_plan_heading", "event_workshop", "monitoring", "players_organisation",
           "source_partner"},  # Phase, Status, Version, Partner, Index, Workshop, Monitoring …
    "el": set(),
    "es": {"d_total", "d_total_plans"},  # Total
    "et": {"d_col_partner", "d_plan_heading", "logo_alt", "source_partner"},  # Partner, logo
    "fi": set(),
    "fr": {"action_activities", "action_heading", "chart_phase2", "cover_date", "cover_version",
           "d_action_ref", "d_col_actions", "d_total", "d_total_plans", "funding_source",
           "players_organisation", "signature_date",
           "signature_signature"},  # Action(s), Phase, Date, Version, Total, Source, Signature …
    "ga": set(),
    "hr": {"cover_status", "d_col_partner", "d_plan_heading", "source_partner"},
    "hu": {"d_col_partner", "d_plan_heading", "source_partner"},
    "it": {"d_col_partner", "d_plan_heading", "source_partner"},
    "lt": set(),
    "lv": set(),
    "mt": {"d_total", "d_total_plans"},  # Total
    "nb": {"cover_status", "d_col_partner", "d_plan_heading", "source_partner"},
    "nl": {"cover_status", "d_col_partner", "d_col_partners", "d_plan_heading", "general_project",
           "indicator_name", "monitoring", "n_partners",
           "source_partner"},  # Status, Partner(s), Project, Indicator, Monitoring
    "pl": {"cover_status", "d_col_partner", "d_plan_heading", "source_partner"},
    "pt": {"d_total", "d_total_plans"},
    "ro": {"d_total", "d_total_plans", "indicator_name"},  # Total, Indicator
    "sk": {"d_col_partner", "d_plan_heading", "source_partner"},
    "sl": {"d_col_partner", "d_plan_heading", "source_partner"},
    "sv": {"cover_status", "cover_version", "d_col_partner", "d_period", "d_plan_heading",
           "players_organisation", "source_partner"},  # Status, Version, Partner, Period …
}


def test_the_24_official_languages_and_norwegian_are_shipped() -> None:
    assert {p.stem for p in CATALOGUES} == EU_LANGUAGES | {"nb"}
    assert labels_for("no", [builtin_dir()])["cover_title"] == "Handlingsplan"  # no → nb


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_every_catalogue_has_every_key_and_reads_cleanly(path: Path) -> None:
    catalogue = read_catalogue(path)
    assert catalogue.issues == ()
    assert list(catalogue.labels) == list(english().labels), "same keys, in the same order"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_placeholders_match_english(path: Path) -> None:
    source = english().labels
    for key, text in read_catalogue(path).labels.items():
        texts = text.values() if isinstance(text, dict) else [text]
        english_texts = source[key].values() if isinstance(source[key], dict) else [source[key]]
        wanted = {name for t in english_texts for name in placeholders(t) or []}
        for value in texts:
            assert placeholders(value) is not None, (key, value)
            assert set(placeholders(value) or []) == wanted, (key, value)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_counts_have_the_plural_categories_of_cldr(path: Path) -> None:
    categories = set(cldr_locale(path.stem).plural_form.tags) | {"other"}
    counts = {k: v for k, v in read_catalogue(path).labels.items() if isinstance(v, dict)}
    assert counts, "the catalogue has counts"
    for key, texts in counts.items():
        assert set(texts) == categories, (key, sorted(texts), sorted(categories))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_the_page_number_comes_before_the_page_count(path: Path) -> None:
    """Word's footer places the PAGE field before NUMPAGES, whatever the words around them."""
    assert placeholders(str(read_catalogue(path).labels["page_of"])) == ["page", "pages"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.stem)
def test_each_catalogue_says_where_its_terms_come_from(path: Path) -> None:
    meta = read_catalogue(path).meta
    assert meta["language"] == path.stem
    assert meta["name"] and len(meta["source"]) > 40
    # Every catalogue is the tool author's own or machine-made: none claims a native check.
    assert meta["native_speaker_checked"] is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_the_same_as_english_are_listed(language: str) -> None:
    source = english().labels
    labels = read_catalogue(builtin_dir() / "labels" / f"{language}.yaml").labels
    same = {key for key, text in labels.items() if text == source[key]}
    assert same - NEUTRAL == SAME_AS_ENGLISH[language]


def test_every_label_is_used_and_every_use_has_a_label() -> None:
    """No label in the catalogues that nothing places (a translator's wasted work), and no
    template or module asking for one that does not exist."""
    keys = set(english().labels)
    dynamic = ("status_", "instrument_", "event_", "improvement_", "monitoring_")
    sources = [*ROOT.joinpath("actionplan").rglob("*.py"), *ROOT.joinpath("templates").glob("*.j2"),
               *ROOT.joinpath("templates", "docx_template_parts").glob("*.py")]
    text = "\n".join(p.read_text("utf-8") for p in sources)
    unused = {k for k in keys if k not in text and not k.startswith(dynamic)}
    assert unused == set()
    asked = set(re.findall(r"labels\.([a-z][a-z0-9_]*)\b(?!\()", text)) | set(
        re.findall(r"""(?:words|labels)(?:\.fill\(|\.count\(|\[)["']([a-z][a-z0-9_]*)["']""", text))
    assert asked - keys - {"texts", "counts", "language"} == set()


# --- a partnership's own catalogues --------------------------------------------------------

def _validate(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    return result.exit_code, result.output.replace(str(folder.parent) + "/", "")


def test_a_partnership_corrects_one_term(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN.replace("date: 2019-03-29", "date: 2019-03-29\nlanguage: hu\n"
                                           "summary_en: Vouchers for exporters.")})
    (folder / "templates" / "labels").mkdir(parents=True)
    (folder / "templates" / "labels" / "hu.yaml").write_text(
        "labels:\n  cover_title: Akcióterv\n", "utf-8")
    assert _validate(folder) == (0, "plans: project.yaml and 1 plan are valid.\n")
    words = labels_for("hu", search_path(folder))
    assert words["cover_title"] == "Akcióterv"  # the partnership's
    assert words["part_general"] == "I. rész – Általános információk"  # the built-in one


def test_a_new_language_names_the_labels_it_leaves_in_english(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN.replace("date: 2019-03-29", "date: 2019-03-29\nlanguage: is\n"
                                           "summary_en: Vouchers for exporters.")})
    (folder / "templates" / "labels").mkdir(parents=True)
    # an Icelandic catalogue that translates only the labels without placeholders or counts
    given = "".join(f"  {key}: Íslenska {n}\n" for n, (key, text) in enumerate(english().labels.items())
                    if isinstance(text, str) and not placeholders(text))
    (folder / "templates" / "labels" / "is.yaml").write_text(
        "meta:\n  language: is\n  name: íslenska\n  source: a test\n"
        "  native_speaker_checked: false\nlabels:\n" + given, "utf-8")
    code, output = _validate(folder)
    assert code == 0
    assert ("warning: plans/templates/labels/is.yaml:6:1: labels: 30 labels are missing and will "
            "print in English: document_title, running_header, page_of, logo_alt, source_event, "
            "source_event_at_title, source_practice, source_partner, action_heading, "
            "d_document_title, d_running_header, d_plan_title and 18 more. Add them, translated "
            "from templates/labels/en.yaml.") in output
    words = labels_for("is", search_path(folder))
    assert words["cover_title"].startswith("Íslenska")
    assert words["page_of"] == "Page {page} of {pages}"  # English where the catalogue has none


def test_a_language_without_catalogue_is_a_warning_at_its_place(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans", plans={
        "north.yaml": MINIMAL_PLAN.replace("date: 2019-03-29", "date: 2019-03-29\nlanguage: tlh\n"
                                           "summary_en: Vouchers for exporters.")})
    code, output = _validate(folder)
    assert code == 0
    assert ("warning: plans/north.yaml:5:11: language: no label catalogue for `tlh`: the "
            "documents' headings and labels will be in English. Check the language code, or add "
            "templates/labels/tlh.yaml beside project.yaml (a translation of the tool's "
            "templates/labels/en.yaml).") in output


def test_a_broken_catalogue_is_refused_at_its_place(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    (folder / "templates" / "labels").mkdir(parents=True)
    (folder / "templates" / "labels" / "de.yaml").write_text(
        "labels:\n  cover_titel: Aktionsplan\n  page_of: \"Seite {seite} von {pages}\"\n"
        "  n_plans: {one: \"{count} Plan\"}\n", "utf-8")
    code, output = _validate(folder)
    assert code == 1
    assert output.splitlines() == [
        "plans/templates/labels/de.yaml:2:3: labels.cover_titel: `cover_titel` is not a label of "
        "the documents. Did you mean `cover_title`?",
        "plans/templates/labels/de.yaml:3:12: labels.page_of: its placeholders are {pages}, "
        "{seite}; English has {page}, {pages}. Keep each placeholder of English, written as it "
        "is (the tool puts a value there).",
        "plans/templates/labels/de.yaml:4:12: labels.n_plans: a count needs its `other:` text. "
        "Give `other:` (and `one:` and the other categories your language has).",
        "3 errors in 1 file.",
    ]


def test_the_page_footer_keeps_its_order(tmp_path: Path) -> None:
    folder = write_partnership(tmp_path / "plans")
    (folder / "templates" / "labels").mkdir(parents=True)
    (folder / "templates" / "labels" / "hu.yaml").write_text(
        'labels:\n  page_of: "{pages} oldalból {page}."\n', "utf-8")
    assert _validate(folder) == (1, (
        "plans/templates/labels/hu.yaml:2:12: labels.page_of: {page} must come before {pages}. "
        "The documents' footers count the page, then the pages: word it as "
        "\"{page}. oldal / {pages}\".\n1 error in 1 file.\n"))


def test_a_templates_folder_brings_its_catalogues_to_the_build(tmp_path: Path) -> None:
    """`--templates DIR`: its labels/ are checked as the partnership's own are, and used."""
    plan = MINIMAL_PLAN.replace("date: 2019-03-29", "date: 2019-03-29\nlanguage: hu\n"
                                "summary_en: Vouchers for exporters.")
    folder = write_partnership(tmp_path / "plans", plans={"north.yaml": plan})
    override = tmp_path / "house" / "labels"
    override.mkdir(parents=True)
    (override / "hu.yaml").write_text("labels:\n  cover_titel: Akcióterv\n", "utf-8")
    args = ["render", str(folder / "north.yaml"), "-o", str(tmp_path / "out"), "--format", "docx",
            "--templates", str(tmp_path / "house")]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1
    assert (f"{override / 'hu.yaml'}:2:3: labels.cover_titel: `cover_titel` is not a label of "
            "the documents. Did you mean `cover_title`?") in refused.output
    (override / "hu.yaml").write_text("labels:\n  cover_title: Akcióterv\n", "utf-8")
    assert CliRunner().invoke(main, args).exit_code == 0
    from actionplan.render.docx import dump_docx

    assert "Title: Akcióterv" in dump_docx((tmp_path / "out" / "north.docx").read_bytes())
