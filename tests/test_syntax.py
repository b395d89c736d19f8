"""Syntax errors found where the mistake is: and nothing found where there is none."""

from __future__ import annotations

from actionplan.load.yamlsource import parse_yaml


def test_characters_inside_texts_are_the_partners_text() -> None:
    """A no-break space, a full-width colon or `-word:` inside a text block is text, not
    structure: only where YAML reads structure are they errors."""
    text = ("details: |\n  \u00a0Pasted from Word\n  -note: kept as typed\n  Time\uff1a now\n"
            "title: Export\n  \u00a0vouchers\n")
    source = parse_yaml(text, "north.yaml")
    assert source.issues == []
    assert source.data == {"details": "\u00a0Pasted from Word\n-note: kept as typed\nTime\uff1a now\n",
                           "title": "Export \u00a0vouchers"}


def test_every_syntax_error_keeps_its_line() -> None:
    text = ('partner: north\nversion: "1.0\nstatus: draft\ncontact:\n  name: A: B\n'
            "  email:\u00a0a@b.org\nd: %x\n")
    assert [issue.line for issue in parse_yaml(text, "north.yaml").issues] == [6, 2, 5, 7]


def test_nothing_is_read_past_a_mistake_without_a_safe_repair() -> None:
    source = parse_yaml("partner: north\ndetails: !e!x text\nversion: \"1.0\"\n", "north.yaml")
    assert source.syntax is not None and source.syntax.data == {"partner": "north"}
    assert source.syntax.is_sure(1, 1) and not source.syntax.is_sure(2, 2)


def test_a_line_separator_beside_a_no_break_space_is_text_too() -> None:
    """Text pasted from a PDF holds both: the search for invisible characters (set off by the
    no-break space) must read the separator as editors do, not as a line break, which made a
    later, correct line the error."""
    text = ("a: 1\nbackground: |\n  We saw\u00a0(NL).\n  Contact:\u2028Anke de Vries\n"
            "activities: |\n  x\n")
    source = parse_yaml(text, "north.yaml")
    assert source.issues == []
    assert source.data == {"a": 1, "background": "We saw\u00a0(NL).\nContact:\u2028Anke de Vries\n",
                           "activities": "x\n"}
