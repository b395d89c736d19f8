"""What an editor needs beyond pydantic's JSON Schema: friendly messages, examples, and, for
one partnership, its ids.

pydantic describes the shape; the YAML language server (VS Code's YAML extension) shows the
schema's words while the partner types. So every pattern gets a `patternErrorMessage` in
plain words instead of `String does not match the pattern of "^[0-9]{4}-…"`, types that are
easy to get wrong get an `errorMessage`, fields get `markdownDescription` and `examples`, and
the rules that can be written as a schema follow the tool's own (currencies and countries as
the code lists of `codes.py`, e-mail addresses as loosely as `email-validator` allows, so the
editor never marks what `validate` accepts). Given the ids of a project.yaml, the references
of a plan (partners, events, good practices, topics) become enums with the names as help.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .codes import COUNTRIES, CURRENCIES
from .fields import ID_PATTERN, MONTH_PATTERN

IdList = Sequence[tuple[str, str]]
"""(id, name or title) pairs of one kind, in project.yaml's order."""

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_PATTERN_WORDS = {
    ID_PATTERN: ("An id: lowercase letters, digits and '-', starting with a letter.", "export-vouchers"),
    MONTH_PATTERN: ("A month, written year-month: 2019-06.", "2019-06"),
    DATE_PATTERN: ("A date, written year-month-day: 2019-03-29.", "2019-03-29"),
    EMAIL_PATTERN: ("An e-mail address, such as name@organisation.eu.", "name@organisation.eu"),
}

# (definition, field) → the kind of project id it refers to.
REFERENCES = {
    ("", "partner"): "partners", ("", "other_partners"): "partners",
    ("LearningSource", "partner"): "partners", ("LearningSource", "event"): "events",
    ("LearningSource", "practice"): "practices", ("Learning", "topic"): "topics",
}
_KIND_WORDS = {"partners": "partner", "events": "event", "practices": "good practice",
               "topics": "topic"}

_FIELD_WORDS: dict[tuple[str, str], tuple[str, list[Any]]] = {
    ("", "version"): ("The version in quotes, such as \"1.0\" (without quotes 1.10 would be "
                      "read as the number 1.1).", ["1.0"]),
    ("", "language"): ("A language code such as en, de or pt-PT.", ["en"]),
    ("Costs", "amount"): ("A number without currency sign or thousands separators, such as "
                          "120000.", [120000]),
    ("FundingSource", "amount"): ("A number without currency sign or thousands separators, "
                                  "such as 60000.", [60000]),
    ("Indicator", "target"): ("A number alone, such as 30; its unit goes in `unit:`.", [30]),
    ("Action", "funding"): ("A list of sources, each on its own line starting with `- `, with "
                            "`source:` and `amount:`.", [[{"source": "ERDF", "amount": 60000}]]),
    ("Action", "players"): ("A list of organisations, each on its own line starting with `- `, "
                            "with `name:` and `role:`.", []),
    ("Action", "learnings"): ("A list of this plan's learning ids, such as [first-learning].", []),
}


def enrich_schema(schema: dict[str, Any], ids: Mapping[str, IdList | None] | None = None
                  ) -> dict[str, Any]:
    """`schema` (pydantic's, for a plan or project.yaml) with the editor's words added in place,
    and with `ids` (by kind: partners, events, practices, topics) as enums where a plan refers
    to them; a kind given as None keeps the id pattern. Returns `schema`."""
    _walk(schema, "", ids or {})
    for name, definition in schema.get("$defs", {}).items():
        _walk(definition, name, ids or {})
    return schema


def _walk(definition: dict[str, Any], owner: str, ids: Mapping[str, IdList | None]) -> None:
    for field, prop in definition.get("properties", {}).items():
        if "description" in prop:
            prop.setdefault("markdownDescription", prop["description"])
        words = _FIELD_WORDS.get((owner, field))
        if words:
            for leaf in _typed_leaves(prop):
                leaf["errorMessage"] = words[0]
            if words[1]:
                prop["examples"] = words[1]
        kind = REFERENCES.get((owner, field))
        for leaf in _string_leaves(prop):
            if kind is not None and ids.get(kind) is not None:
                _as_enum(leaf, kind, ids[kind] or ())
            else:
                _with_words(leaf, field)


def _typed_leaves(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas a value is checked against for its type: the property or its branches."""
    return [c for c in [prop, *prop.get("anyOf", [])] if c.get("type") not in (None, "null")]


def _string_leaves(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The string schemas inside a property: itself, its `anyOf` branches, its list items."""
    leaves = []
    for candidate in [prop, *prop.get("anyOf", []), prop.get("items") or {}]:
        if candidate.get("type") == "string":
            leaves.append(candidate)
    return leaves


def _as_enum(leaf: dict[str, Any], kind: str, known: IdList) -> None:
    word = _KIND_WORDS[kind]
    leaf.pop("pattern", None)
    leaf.pop("maxLength", None)
    leaf["enum"] = [item_id for item_id, _ in known]
    leaf["markdownEnumDescriptions"] = [name for _, name in known]
    leaf["errorMessage"] = (f"Not a {word} of project.yaml. Use one of: "
                            f"{', '.join(leaf['enum'])}." if known
                            else f"project.yaml lists no {word}s yet.")
    if known:
        leaf["examples"] = [known[0][0]]


def _with_words(leaf: dict[str, Any], field: str) -> None:
    if leaf.get("format") == "date":
        leaf["pattern"] = DATE_PATTERN
    if field == "email":
        leaf["pattern"] = EMAIL_PATTERN
    if field == "currency":
        leaf["enum"] = sorted(CURRENCIES)
        leaf["errorMessage"] = "A three-letter ISO 4217 currency code, such as EUR."
    if field == "country":
        leaf["enum"] = sorted(COUNTRIES)
        leaf["errorMessage"] = ("A two-letter country code, such as HU; EL for Greece and UK for "
                                "the United Kingdom.")
    if "enum" in leaf:
        leaf.setdefault("errorMessage", f"Use one of: {', '.join(leaf['enum'])}.")
    words = _PATTERN_WORDS.get(leaf.get("pattern", ""))
    if words:
        leaf["patternErrorMessage"], example = words
        leaf.setdefault("examples", [example])
