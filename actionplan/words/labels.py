"""The fixed words of one document in its language: the label catalogues merged, counts in
CLDR's plural categories.

`labels_for("hu", template_dirs)` gives the Hungarian labels: English first (the built-in
catalogue, then a partnership's corrections of it), the built-in Hungarian catalogue over it,
then the partnership's own `labels/hu.yaml` over that. A key no Hungarian catalogue gives stays
English; `validate` has warned about it by name (`load.catalogues.check_catalogues`).

Placeholders are filled in by name only (`{acronym}`): a label never reaches into a value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Formatter

from ..load.catalogues import SOURCE, Text, catalogue_files, read_catalogue
from .format import cldr_locale, format_number, is_english


@dataclass(frozen=True)
class Labels:
    """The labels of one language. `texts` are plain labels (templates place them as
    `labels.cover_title`), `counts` the texts of counts by plural category."""

    language: str
    texts: Mapping[str, str]
    counts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.texts[key]

    def fill(self, key: str, **values: str) -> str:
        """The label `key` with its placeholders filled in: `fill("logo_alt", name="PBN")`."""
        return fill(self.texts[key], values)

    def count(self, key: str, number: int, **values: str) -> str:
        """A count in words, in the plural form CLDR gives `number` in the language:
        `count("n_actions", 3)` → `3 actions`, `3 akció` in Hungarian."""
        texts = self.counts[key]
        category = cldr_locale(self.language).plural_form(number)
        text = texts.get(category) or texts["other"]
        return fill(text, {"count": format_number(number, self.language), **values})

    def split(self, key: str, *names: str) -> list[str]:
        """The literal parts of a label around its placeholders `names`, which it holds in
        that order: `split("page_of", "page", "pages")` → `["Page ", " of ", ""]`, for a
        footer whose numbers are fields of the document."""
        parts, current = [], ""
        for literal, name, _spec, _conversion in Formatter().parse(self.texts[key]):
            current += literal
            if name is not None:
                parts.append(current)
                current = ""
        parts.append(current)
        if len(parts) != len(names) + 1:
            raise ValueError(f"label {key!r} does not hold {', '.join(names)} once each")
        return parts


def fill(text: str, values: Mapping[str, str]) -> str:
    """`{name}` in `text` replaced by `values[name]`; `{{`/`}}` are braces. A placeholder
    without a value stays as written."""
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]) if name in values else f"{{{name}}}")
    return "".join(out)


def labels_for(language: str, template_dirs: Sequence[Path]) -> Labels:
    """The labels of `language` from the catalogues in `template_dirs` (see the module notes);
    merged once per process while the files stay the same."""
    files = catalogue_files(SOURCE, template_dirs)
    if not is_english(language):
        files += catalogue_files(language, template_dirs)
    stamps = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _merged(language, stamps)


@lru_cache(maxsize=32)
def _merged(language: str, stamps: tuple[tuple[Path, int, int], ...]) -> Labels:
    merged: dict[str, Text] = {}
    for path, _mtime, _size in stamps:
        merged.update(read_catalogue(path).labels)
    texts = {k: v for k, v in merged.items() if isinstance(v, str)}
    counts = {k: v for k, v in merged.items() if isinstance(v, dict)}
    return Labels(language, texts, counts)
