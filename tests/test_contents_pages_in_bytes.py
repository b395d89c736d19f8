"""The consolidated DOCX's contents get the PDF's page numbers by working on the UTF-8 bytes of
document.xml, one zip entry at a time (memory at 200 plans): the document must come out the
same as substituting in characters, whatever the text around the marks (Bulgarian, Greek,
dashes, characters outside the BMP) and whatever the keys."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx

from actionplan.render.docx import reproducible_zip, set_contents_pages
from actionplan.summary.deliverable import PAGE_MARK

WHEN = dt.datetime(2019, 3, 29, 12, 0, 7, tzinfo=dt.UTC)
LINES = [
    ("plan-1", "Регионален план за действие – Северозападен район"),
    ("plan-1-action-2", "Δράση 2: Ψηφιακές δεξιότητες για ΜμΕ 🚀"),
    ("plan-ü-action-1", "Aktion 1 — Förderung „grüner“ Innovation"),
    ("plan-9", "A line the PDF has no page for"),
]
PAGES = {"plan-1": 7, "plan-1-action-2": 12, "plan-ü-action-1": 130}


def with_marks() -> bytes:
    """A DOCX whose contents lines end with `PAGE_MARK`s, as the template leaves them."""
    document = docx.Document()
    for key, title in LINES:
        document.add_paragraph(f"{title}\t{PAGE_MARK.format(key)}")
    document.add_paragraph("Ελληνικά, български, Ελλάδα – the end.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def in_characters(data: bytes) -> bytes:
    """The numbers set by replacing each mark in the decoded text: what the bytes must equal."""
    parts = entries(data)
    xml = parts["word/document.xml"].decode("utf-8")
    for key, _ in LINES:
        xml = xml.replace(PAGE_MARK.format(key), str(PAGES.get(key, "")))
    parts["word/document.xml"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return reproducible_zip(out.getvalue(), WHEN)


def test_numbers_set_in_bytes_give_the_document_set_in_characters() -> None:
    data = with_marks()
    numbered = set_contents_pages(data, PAGES, WHEN)
    assert numbered == in_characters(data)
    text = [p.text for p in docx.Document(io.BytesIO(numbered)).paragraphs]
    assert text == [f"{title}\t{PAGES.get(key, '')}" for key, title in LINES] + [
        "Ελληνικά, български, Ελλάδα – the end."]


def test_the_other_parts_are_kept_and_the_package_is_reproducible() -> None:
    data = with_marks()
    numbered = set_contents_pages(data, PAGES, WHEN)
    before, after = entries(data), entries(numbered)
    assert {name: content for name, content in after.items() if name != "word/document.xml"} \
        == {name: content for name, content in before.items() if name != "word/document.xml"}
    with zipfile.ZipFile(io.BytesIO(numbered)) as archive:
        names = archive.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert names[2:] == sorted(names[2:])
        assert {info.date_time for info in archive.infolist()} == {(2019, 3, 29, 12, 0, 6)}
    assert set_contents_pages(data, PAGES, WHEN) == numbered
