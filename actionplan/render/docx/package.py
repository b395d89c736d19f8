"""The DOCX package around a rendered document: core properties, proofing language, and a
reproducible zip (fixed timestamps, stable entry order) so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # when no build time is given
PROPERTY_MAX = 255  # OPC core properties hold at most 255 characters
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def utc(when: dt.datetime | None) -> dt.datetime:
    if when is None:
        return EPOCH
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def set_properties(doc: Any, properties: dict[str, str], when: dt.datetime,
                   proofing: str | None = None) -> None:
    """Core properties from the context; set after rendering, where docxtpl would have read
    them as templates. `proofing` (a Word language tag, `bg-BG`) becomes the document's
    default proofing language; without it, the `language` property's."""
    props = doc.core_properties
    values = {"last_modified_by": "actionplan", "comments": "", "keywords": "", "category": "",
              **properties}
    for name, value in values.items():
        setattr(props, name, _clip(value))
    props.revision = 1
    stamp = when.replace(tzinfo=None)
    props.created = props.modified = stamp
    _set_proofing_language(doc, proofing or properties["language"])


def _clip(value: str) -> str:
    return value if len(value) <= PROPERTY_MAX else value[:PROPERTY_MAX - 1] + "…"


def _set_proofing_language(doc: Any, language: str) -> None:
    """Word checks spelling in the document's language (`bg-BG`) wherever a run names none."""
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is not None:
        lang.set(f"{W}val", language)


LANGUAGE_MARK = "_Lang_"
"""Bookmarks the Word templates place where the language of the text changes (see
templates/docx_template_parts/ooxml.py, `language`)."""
# In w:rPr, w:lang comes after these and before the rest (ECMA-376, CT_RPr's sequence).
_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")


@dataclass
class Stretch:
    """Where `tag_languages` is in the document: the language of the stretch of text it is
    in, and the ids of the marks it removed (a body tagged in pieces carries it on)."""

    language: str | None = None
    marks: set[str] = field(default_factory=set)


def tag_languages(body: Any, stretch: Stretch | None = None) -> None:
    """Tag every run with the language of its stretch of text, so that Word proof-reads each
    stretch (a plan in Bulgarian, its English summary in English) in its own language.

    The template marks where a stretch begins with a bookmark `_Lang_<tag>` (`_Lang_bg-BG`);
    every run from there to the next mark gets `<w:lang w:val="<tag>"/>`, unless it names a
    language itself, and the marks are removed. Runs before the first mark keep the
    document's default language. A template without marks is left as it is. A body tagged in
    pieces, in order, passes the same `stretch` to each.
    """
    stretch = Stretch() if stretch is None else stretch
    marks = stretch.marks
    for element in list(body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}r")):
        tag = element.tag
        if tag == f"{W}bookmarkStart" and (element.get(f"{W}name") or "").startswith(LANGUAGE_MARK):
            stretch.language = element.get(f"{W}name")[len(LANGUAGE_MARK):] or None
            marks.add(element.get(f"{W}id"))
            element.getparent().remove(element)
        elif tag == f"{W}bookmarkEnd" and element.get(f"{W}id") in marks:
            element.getparent().remove(element)
        elif tag == f"{W}r" and stretch.language:
            _tag_run(element, stretch.language)


def _tag_run(run: Any, language: str) -> None:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        rpr = run.makeelement(f"{W}rPr", {})
        run.insert(0, rpr)
    if rpr.find(f"{W}lang") is not None:
        return
    lang = rpr.makeelement(f"{W}lang", {f"{W}val": language})
    later = next((child for child in rpr if child.tag in {f"{W}{n}" for n in _AFTER_LANG}), None)
    if later is None:
        rpr.append(lang)
    else:
        later.addprevious(lang)


def reproducible_zip(data: bytes, when: dt.datetime = EPOCH,
                     replace: Mapping[str, bytes] | None = None) -> bytes:
    """The same zip entries in a stable order, each stamped `when` (at least 1980); those
    named in `replace` with its bytes."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return rezip(zin, when, lambda name, content: replace.get(name, content))


def rezip(zin: zipfile.ZipFile, when: dt.datetime = EPOCH,
          change: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """`reproducible_zip` of an open zip, each entry's content passed through `change` (its
    name, its content → the new content) on the way; one entry in memory at a time."""
    stamp = max(utc(when), EPOCH)
    date_time = (min(stamp.year, 2107), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second - stamp.second % 2)
    names = list(dict.fromkeys(zin.namelist()))
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in first + sorted(set(names) - set(first)):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type, info.create_system, info.external_attr = \
                zipfile.ZIP_DEFLATED, 0, 0
            content = zin.read(name)
            zout.writestr(info, change(name, content) if change else content)
            del content  # one entry at a time
    return out.getvalue()
