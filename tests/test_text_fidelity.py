"""Text a partner types reaches both documents unchanged, or is refused with its place named.

Quality bar: `& < > " '`, emoji, CJK, Greek, Cyrillic and right-to-left text survive in DOCX and
PDF; Jinja syntax and raw HTML appear literally; XML-illegal characters are refused. The
property test throws generated text at a field and checks exactly that.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN, write_partnership
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.errors import ValidationFailed
from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.render.docx import docx_bytes
from actionplan.render.pdf.plan import layout_plan, pdf_bytes
from actionplan.words.plan import plan_context


def _squeeze(text: str) -> str:
    """Words without the spacing a layout adds or drops at line ends."""
    return re.sub(r"\s+", "", text)


def render_with_title(folder: Path, title: str) -> tuple[str, str]:
    """The plain text of the DOCX and the PDF of the minimal plan whose action has `title`."""
    plan = MINIMAL_PLAN.replace("title: Export vouchers", f"title: {json.dumps(title, ensure_ascii=False)}")
    write_partnership(folder, plans={"north.yaml": plan})
    partnership = load_partnership(folder)
    ctx = plan_context(partnership, partnership.plans[0])
    dirs = search_path(folder)
    docx = docx_bytes(ctx, dirs)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    docx_text = "".join(_unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    pdf = pdf_bytes(layout_plan(ctx, dirs, [folder]), title=ctx.document_title, author=ctx.author,
                    language=ctx.language, build_time=None)
    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return docx_text, pdf_text


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


SURVIVORS = {
    "xml-specials": "Costs & <benefits> \"quoted\" 'single'",
    "jinja": "{{ 7*7 }} and {% if true %}x{% endif %}",
    "raw-html": '<img src="file:///etc/passwd"> <link rel="attachment" href="/etc/passwd">',
    "greek": "Περιφέρεια Αττικής – εξαγωγές",
    "cyrillic": "Югозападен район – износ",
    "diacritics": "Łódź, Győr, Pitești, Dunántúl, Ærø",
    "cjk": "中小企业国际化 輸出支援",
}


@pytest.mark.parametrize("name", list(SURVIVORS))
def test_text_survives_in_both_documents(name: str, tmp_path: Path) -> None:
    text = SURVIVORS[name]
    docx_text, pdf_text = render_with_title(tmp_path / "plans", text)
    assert text in docx_text
    assert _squeeze(text) in _squeeze(pdf_text)
    assert "49" not in docx_text.replace(text, "")  # {{ 7*7 }} was never evaluated


@pytest.mark.parametrize("text", ["Right-to-left: שלום עולם", "عربي: مرحبا", "Emoji: 🚀 ✓"])
def test_rtl_and_emoji_survive(text: str, tmp_path: Path) -> None:
    docx_text, pdf_text = render_with_title(tmp_path / "plans", text)
    assert text in docx_text
    # PDF text extraction reorders right-to-left runs: every letter must be there, in some order.
    missing = [c for c in _squeeze(text) if c not in pdf_text]
    assert not missing, missing


def _script(first: int, last: int) -> st.SearchStrategy[str]:
    """Assigned letters, digits, punctuation and symbols of one block of a promised script."""
    return st.characters(min_codepoint=first, max_codepoint=last,
                         categories=("Lu", "Ll", "Nd", "Po", "Ps", "Pe", "Pd", "Sm", "Sc"))


# The scripts the documents promise (Latin with diacritics, Greek, Cyrillic), the characters
# markup gives meaning to, a few CJK ideographs, and characters a document cannot hold.
TEXT = st.text(
    alphabet=st.one_of(
        _script(0x21, 0x17F),  # Basic Latin, Latin-1 Supplement, Latin Extended-A
        _script(0x391, 0x3C9),  # Greek
        _script(0x400, 0x45F),  # Cyrillic
        st.sampled_from("&<>\"'{}%*#|–€中文漢字"),
        st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff"]),
        st.just(" "),
    ),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT)
def test_any_text_is_refused_cleanly_or_kept_exactly(title: str, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("prop") / "plans"
    try:
        docx_text, pdf_text = render_with_title(folder, title)
    except ValidationFailed as failed:
        assert failed.errors, "a refusal must name an error"
        where = failed.errors[0]
        assert where.file.endswith("north.yaml") and where.line == 24, str(where)
        assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", title)
        return
    assert title in docx_text
    assert _squeeze(title) in _squeeze(pdf_text)
