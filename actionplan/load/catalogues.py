"""Label catalogues: the fixed words of the documents in each language, one YAML file a language.

`templates/labels/en.yaml` is the source: every key the documents use, in English, with notes
for translators. `hu.yaml`, `bg.yaml`, … translate it; a partnership corrects a term or adds a
language with a file of the same name in the `labels/` folder of its own templates (beside
project.yaml, or `--templates`). A catalogue is chosen by the plan's `language` (`pt-PT` →
`pt-pt.yaml`, else `pt.yaml`; `no` → `nb.yaml`).

Why YAML and not gettext `.po`: the partners already write YAML, the reader and its located
messages are the ones `validate` uses for plans (a partnership's catalogue is checked with
file:line:column, without loading Babel), and counts follow CLDR's plural categories
(`one:`/`few:`/`other:`, as in Rails-i18n or i18next YAML that translation tools read) rather
than gettext's C expressions. Each file carries `meta:` — where its terms come from and whether
a native speaker checked it.

This module reads and checks catalogues; `words.labels` merges them into the words of one
document.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

from ..errors import Issue
from .templates import builtin_dir
from .yamlsource import Locations, load_yaml

LABELS = "labels"
"""The folder of catalogues inside a template folder."""
SOURCE = "en"
"""The catalogue every other one translates."""
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; every count has `other`."""
META_FIELDS = {"language": "its code", "name": "the language's own name",
               "source": "where the terms come from",
               "native_speaker_checked": "true or false"}
ALIASES = {"no": "nb"}
"""Language codes written with another catalogue: Norwegian as Bokmål."""

ORDERED = {"page_of": ["page", "pages"]}
"""Labels whose placeholders keep English's order: Word's footer places the PAGE field before
NUMPAGES, and the PDF's counters come in the same order."""

Text = str | dict[str, str]
"""A label: a text, or a count's texts by plural category."""


@dataclass(frozen=True)
class Catalogue:
    """One catalogue file as read: its meta, its labels, their places, what is wrong with it."""

    path: Path
    meta: dict[str, Any]
    labels: dict[str, Text]
    locations: Locations
    issues: tuple[Issue, ...] = field(default=())


# --- finding and reading ---------------------------------------------------------------------

def catalogue_codes(language: str) -> list[str]:
    """The catalogue names a language tag may use, most specific first: `pt-PT` → `pt-pt`,
    `pt`; `no` → `nb`."""
    tag = language.replace("_", "-").lower()
    base = tag.split("-")[0]
    codes = [tag] if tag != base else []
    codes.append(ALIASES.get(base, base))
    return codes


def catalogue_files(language: str, template_dirs: Sequence[Path]) -> list[Path]:
    """Every catalogue file for `language` in the template folders, in the order they apply:
    the built-in one first, the most specific folder's last (its labels win)."""
    found = []
    for code in reversed(catalogue_codes(language)):
        for folder in reversed(template_dirs):
            path = folder / LABELS / f"{code}.yaml"
            if path.is_file() and path not in found:
                found.append(path)
    return found


def read_catalogue(path: Path, display: str | None = None) -> Catalogue:
    """One catalogue, read once while the file stays the same; its shape is checked (a
    mapping of `meta:` and `labels:`, each label a text or a count's texts), not its keys."""
    info = path.stat()
    return _read(path, display or str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _read(path: Path, display: str, _mtime_ns: int, _size: int) -> Catalogue:
    source = load_yaml(path, display)
    where = source.locations
    issues = list(source.issues)
    data = source.data if isinstance(source.data, dict) else {}
    for key in data:
        if key not in ("meta", "labels"):
            issues.append(where.issue((key,), f"`{key}` is not a part of a label catalogue.",
                                      "A catalogue holds `meta:` and `labels:`.", key=True))
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        issues.append(where.issue(("meta",), "`meta` must hold fields written as `name: value`.",
                                  _META_HINT))
        meta = {}
    for key in meta:
        if key not in META_FIELDS:
            issues.append(where.issue(("meta", key), f"`{key}` is not a field of `meta`.",
                                      _META_HINT, key=True))
    labels: dict[str, Text] = {}
    raw = data.get("labels")
    if source.data is not None and not isinstance(raw, dict):
        issues.append(where.issue(("labels",), "a catalogue needs `labels:`, the texts by key.",
                                  "Copy the keys you translate from templates/labels/en.yaml."))
    for key, value in (raw or {}).items() if isinstance(raw, dict) else ():
        text = _label(value, ("labels", key), where, issues)
        if text is not None:
            labels[str(key)] = text
    return Catalogue(path, meta, labels, where, tuple(issues))


_META_HINT = ("`meta:` says " + ", ".join(f"`{k}` ({v})" for k, v in META_FIELDS.items()) + ".")


def _label(value: Any, path: tuple, where: Locations, issues: list[Issue]) -> Text | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        texts = {}
        for category, text in value.items():
            if category not in PLURAL_CATEGORIES:
                issues.append(where.issue((*path, category), f"`{category}` is not a plural "
                                          "category.", f"Counts use {', '.join(PLURAL_CATEGORIES)}.",
                                          key=True))
            elif not isinstance(text, str):
                issues.append(where.issue((*path, category), "this must be a text.",
                                          "Put it in double quotes."))
            else:
                texts[category] = text
        if "other" not in value:
            issues.append(where.issue(path, "a count needs its `other:` text.",
                                      "Give `other:` (and `one:` and the other categories your "
                                      "language has)."))
            return None
        return texts
    issues.append(where.issue(path, "a label must be a text.",
                              "Put it in double quotes, e.g. \"Version\"."))
    return None


def placeholders(text: str) -> list[str] | None:
    """The `{names}` of a label, in order; None when its braces do not pair up. A placeholder
    is a bare name: `{acronym}`, never `{acronym.upper}` or `{acronym:>9}`."""
    try:
        parts = list(Formatter().parse(text))
    except ValueError:
        return None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return None
        names.append(name)
    return names


def english() -> Catalogue:
    """The built-in English catalogue, the source of every key."""
    return read_catalogue(builtin_dir() / LABELS / f"{SOURCE}.yaml")


# --- checking a partnership's catalogues -------------------------------------------------------

Use = tuple[str, Locations, tuple]
"""A place that names a language: the language, the file's locations, the field path."""


def check_catalogues(template_dirs: Sequence[Path], uses: Iterable[Use],
                     display: Callable[[Path], str]) -> list[Issue]:
    """Problems of the catalogues a partnership brings (every file in `labels/` of its template
    folders), and warnings for the languages its files name that no catalogue covers.

    Errors: a catalogue that does not read, a key English does not have, placeholders that
    differ from English's. Warnings: keys a language the tool does not ship leaves out (they
    print in English), a language without any catalogue (every label prints in English).
    """
    builtin = builtin_dir()
    own = [folder for folder in template_dirs if folder.resolve() != builtin.resolve()]
    issues: list[Issue] = []
    source = english()
    for folder in own:
        labels_dir = folder / LABELS
        if not labels_dir.is_dir():
            continue
        for path in sorted(labels_dir.glob("*.yaml")):
            catalogue = read_catalogue(path, display(path))
            issues += catalogue.issues
            issues += _check_keys(catalogue, source)
            code = path.stem
            if not (builtin / LABELS / f"{code}.yaml").is_file() and code != SOURCE:
                issues += _missing(catalogue, source, own, code)
    for language, where, at in uses:
        if not catalogue_files(language, template_dirs):
            code = catalogue_codes(language)[-1]
            issues.append(where.issue(at, f"no label catalogue for `{language}`: the documents' "
                                      "headings and labels will be in English.",
                                      f"Check the language code, or add templates/labels/{code}.yaml "
                                      "beside project.yaml (a translation of the tool's "
                                      "templates/labels/en.yaml).", severity="warning"))
    return issues


def _check_keys(catalogue: Catalogue, source: Catalogue) -> list[Issue]:
    issues = []
    where = catalogue.locations
    for key, text in catalogue.labels.items():
        path = ("labels", key)
        if key not in source.labels:
            close = difflib.get_close_matches(key, list(source.labels), n=1, cutoff=0.7)
            issues.append(where.issue(path, f"`{key}` is not a label of the documents.",
                                      f"Did you mean `{close[0]}`?" if close else
                                      "The keys are those of templates/labels/en.yaml.", key=True))
            continue
        wanted = _names(source.labels[key])
        for category, value in (text.items() if isinstance(text, dict) else [("", text)]):
            at = (*path, category) if category else path
            names = placeholders(value)
            if names is None:
                issues.append(where.issue(at, "its braces do not pair up as placeholders.",
                                          f"Keep the placeholders of English as they are: "
                                          f"{_list(wanted)}; write a brace as {{{{ or }}}}."))
            elif set(names) != wanted:
                issues.append(where.issue(at, f"its placeholders are {_list(set(names))}; English "
                                          f"has {_list(wanted)}.",
                                          "Keep each placeholder of English, written as it is "
                                          "(the tool puts a value there)."))
            elif key in ORDERED and names != ORDERED[key]:
                issues.append(where.issue(at, "{page} must come before {pages}.",
                                          "The documents' footers count the page, then the "
                                          "pages: word it as \"{page}. oldal / {pages}\"."))
        if isinstance(text, dict) != isinstance(source.labels[key], dict):
            issues.append(where.issue(path, "English writes this " + (
                "as a count (`one:`, `other:` …)." if isinstance(source.labels[key], dict)
                else "as one text."), "Write it the same way."))
    return issues


def _missing(catalogue: Catalogue, source: Catalogue, folders: list[Path], code: str
             ) -> list[Issue]:
    """A warning naming the keys no catalogue of `code` gives (they fall back to English)."""
    given = set()
    for folder in folders:
        path = folder / LABELS / f"{code}.yaml"
        if path.is_file():
            given |= set(read_catalogue(path).labels)
    missing = [key for key in source.labels if key not in given]
    if not missing or catalogue.path != next(f / LABELS / f"{code}.yaml" for f in folders
                                             if (f / LABELS / f"{code}.yaml").is_file()):
        return []
    shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    return [catalogue.locations.issue(("labels",), f"{len(missing)} label"
                                      f"{'s are' if len(missing) != 1 else ' is'} missing and will "
                                      f"print in English: {shown}.",
                                      "Add them, translated from templates/labels/en.yaml.",
                                      key=True, severity="warning")]


def _names(text: Text) -> set[str]:
    values = text.values() if isinstance(text, dict) else [text]
    return {name for value in values for name in (placeholders(value) or [])}


def _list(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"
