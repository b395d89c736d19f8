"""The DOCX package around a rendered document: core properties, proofing language, and a
reproducible zip (fixed timestamps, stable entry order) so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
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


def set_properties(doc: Any, properties: dict[str, str], when: dt.datetime) -> None:
    """Core properties from the context; set after rendering, where docxtpl would have read
    them as templates."""
    props = doc.core_properties
    values = {"last_modified_by": "actionplan", "comments": "", "keywords": "", "category": "",
              **properties}
    for name, value in values.items():
        setattr(props, name, _clip(value))
    props.revision = 1
    stamp = when.replace(tzinfo=None)
    props.created = props.modified = stamp
    _set_proofing_language(doc, properties["language"])


def _clip(value: str) -> str:
    return value if len(value) <= PROPERTY_MAX else value[:PROPERTY_MAX - 1] + "…"


def _set_proofing_language(doc: Any, language: str) -> None:
    """Word checks spelling in the plan's language (kept as is when only the region differs,
    so an English plan stays en-GB)."""
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None:
        return
    current = lang.get(f"{W}val") or ""
    if current.split("-")[0].lower() != language.split("-")[0].lower():
        lang.set(f"{W}val", language)


def reproducible_zip(data: bytes, when: dt.datetime = EPOCH) -> bytes:
    """The same zip entries in a stable order, each stamped `when` (at least 1980)."""
    stamp = max(utc(when), EPOCH)
    date_time = (min(stamp.year, 2107), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second - stamp.second % 2)
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        entries = {name: zin.read(name) for name in zin.namelist()}
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in entries]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in first + sorted(set(entries) - set(first)):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type, info.create_system, info.external_attr = \
                zipfile.ZIP_DEFLATED, 0, 0
            zout.writestr(info, entries[name])
    return out.getvalue()
