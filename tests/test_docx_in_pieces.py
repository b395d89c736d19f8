"""A large Word document is worked on in pieces (render/docx/body.py), so that a 200-plan
deliverable's job stays small (issue 12 item 7). What the lead partner opens must be the same
file, byte for byte, as the document worked on whole, and a broken template must be refused
with the same message. Pieces of a few kilobytes cut these small documents as a 200-plan
deliverable is cut (about 1 MB each)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from actionplan.errors import ActionPlanError
from actionplan.load import load_partnership
from actionplan.load.templates import builtin_dir, search_path
from actionplan.render.docx import body, consolidated_docx_bytes, docx_bytes, filling
from actionplan.summary import build_summary
from actionplan.summary.deliverable import deliverable_context
from actionplan.words.plan import plan_context

ROOT = Path(__file__).resolve().parent.parent
BUILD = dt.datetime(2019, 3, 29, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def multilingual() -> Any:
    """Plans in four languages behind an English summary: language stretches, pictures,
    bookmarks and one section per plan, each with its running header."""
    partnership = load_partnership(ROOT / "examples" / "multilingual")
    dirs = search_path(partnership.folder)
    ctx = deliverable_context(partnership, build_summary(partnership), BUILD, ("docx",), dirs)
    return partnership, ctx, dirs


def _cut_into(monkeypatch: pytest.MonkeyPatch, size: int) -> list[int]:
    """Pieces of about `size` bytes; how many pieces each document was cut into."""
    counts: list[int] = []

    def cut(xml: bytes, size: int | None = None) -> Any:
        split = body.cut(xml, size)
        counts.append(len(split[1]) if split else 1)
        return split

    monkeypatch.setattr(body, "PIECE_BYTES", size)
    monkeypatch.setattr(filling, "cut", cut)
    return counts


def test_the_deliverable_worked_on_in_pieces_is_the_same_file(
        multilingual: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, ctx, dirs = multilingual
    whole = consolidated_docx_bytes(ctx, dirs, build_time=BUILD)
    counts = _cut_into(monkeypatch, 2000)
    in_pieces = consolidated_docx_bytes(ctx, dirs, build_time=BUILD)
    assert counts[0] > 20  # the body was cut (the headers and footers are too small)
    assert in_pieces == whole
    with zipfile.ZipFile(io.BytesIO(in_pieces)) as archive:
        assert b"<?ap-" not in archive.read("word/document.xml")


@pytest.mark.parametrize("value, message", [
    ("{{ plan.acronym ~ '&lt;w:x&gt;' | safe }}", "not well-formed XML"),
    ("{{ plan.policy_details }}", "a markdown field placed inside a line"),
])
def test_a_broken_template_is_refused_alike_whole_or_in_pieces(
        multilingual: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str,
        message: str) -> None:
    partnership, _, _ = multilingual
    folder = tmp_path / "templates"
    folder.mkdir()
    with zipfile.ZipFile(builtin_dir() / "action-plan.docx") as zin:
        entries = {name: zin.read(name) for name in zin.namelist()}
    xml = entries["word/document.xml"].decode()
    old = "{{ plan.labels.signature_signature }}"  # near the end: not in the first piece
    assert old in xml
    entries["word/document.xml"] = xml.replace(old, value).encode()
    with zipfile.ZipFile(folder / "action-plan.docx", "w") as zout:
        for name, data in entries.items():
            zout.writestr(name, data)
    entry = partnership.plans[0]
    ctx = plan_context(partnership, entry, search_path(partnership.folder))
    with pytest.raises(ActionPlanError) as whole:
        docx_bytes(ctx, [folder, builtin_dir()])
    counts = _cut_into(monkeypatch, 1000)
    with pytest.raises(ActionPlanError) as in_pieces:
        docx_bytes(ctx, [folder, builtin_dir()])
    assert counts[0] > 5
    assert message in str(whole.value)
    assert str(in_pieces.value) == str(whole.value)
