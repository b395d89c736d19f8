"""Text a partner types reaches both documents unchanged, or is refused with its place named.

Quality bar: `& < > " '`, emoji, CJK, Greek, Cyrillic and right-to-left text survive in DOCX and
PDF; Jinja syntax and raw HTML appear literally; XML-illegal characters are refused. The
property tests throw generated text at a one-line field and at a markdown field, built from the
characters and line starts partners type (`#`, `>`, `[1]:`, numbers with dots, bullets pasted
from Word, separator lines, tabs, quotes): what a reader sees in both documents is the text
typed with only the documented markup taken out (README, "Fill it in"), or the text is refused
at its line.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN, write_partnership
from hypothesis import HealthCheck, Phase, given, settings
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


# --- a markdown field and a one-line field, as partners type them ---------------------------

_LETTERS = st.characters(max_codepoint=0x45F, categories=("Lu", "Ll"))  # Latin, Greek, Cyrillic
_WORD = st.text(_LETTERS, min_size=1, max_size=6)
# What partners type between words. Not here: the markup characters `*`, `_`, `\`, `[`, `]`
# and `|`, which come in below only as the markup they are (or as `[n]:` line starts).
_TYPED = "0123456789.,;:!?%€&<>#\"'“”„‘’«»()/-–—+=@~^{}$`·"
_CHUNK = st.text(st.one_of(_LETTERS, st.sampled_from(_TYPED), st.sampled_from(" \t")),
                 min_size=1, max_size=10)
_FIRST = st.one_of(_LETTERS, st.sampled_from("#>\"'“„«(€<&"))  # no list marker: - + * digits


@st.composite
def _piece(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(as typed, as seen, refused?) for one piece of a line."""
    word = draw(_WORD)
    kind = draw(st.sampled_from(["text"] * 6 + ["bold", "italic", "under", "link", "bare-link",
                                                "file-link", "footnote"]))
    return {
        "text": (draw(_CHUNK), None, False),
        "bold": (f"**{word}**", word, False),
        "italic": (f"*{word}*", word, False),
        "under": (f"_{word}_", word, False),
        "link": (f"[{word}](https://stat.example.org/{draw(st.integers(0, 99))})", word, False),
        "bare-link": (f"[{word}](www.example.org)", word, False),
        "file-link": (f"[{word}](annex.pdf)", word, True),
        "footnote": ("[3]", "[3]", False),
    }[kind]


@st.composite
def _body(draw: st.DrawFn) -> tuple[str, str, bool]:
    first = draw(_FIRST)
    pieces = draw(st.lists(_piece(), min_size=0, max_size=4))
    typed = first + "".join(" " + t for t, _, _ in pieces)
    seen = first + "".join(" " + (s if s is not None else t) for t, s, _ in pieces)
    return typed, seen, any(r for _, _, r in pieces)


LINE_STARTS = ["", "", "# ", "#", "## ", "> ", ">", "[1]: ", "[12]: ", "2019. ", "1.5 ", "10.000 ",
               "\t", "    ", "(a) ", "a) ", "a)\t", "(iv)\u00a0\u00a0", "o ", "\"", "„", "=== "]
# as typed, and as pasted from Word and Outlook (no-break spaces, tabs, the fonts' letters)
BULLETS = ["- ", "* ", "+ ", "• ", "▪ ", "– ", "\uf0b7\t", "\uf0a7 ", "◦ ", "-\u00a0", "•\u00a0",
           "·" + "\u00a0" * 7, "\uf0b7\u00a0", "o\t", "§\u00a0\u00a0", "— ", "✓\u202f"]
SEPARATORS = ["---", "***", "___", "- - -", "* * *"]  # thematic breaks, shown as typed


@st.composite
def markdown_texts(draw: st.DrawFn) -> tuple[list[str], str, list[int]]:
    """Lines of a markdown field as typed, what a reader sees of them (spaces aside), and the
    indexes of lines holding a link that `validate` must refuse."""
    kinds = draw(st.lists(st.sampled_from(["text"] * 4 + ["bullet"] * 2 + ["number"] * 2
                                          + ["separator", "blank", "table"]), min_size=1, max_size=7)
                 .filter(lambda kinds: set(kinds) != {"blank"}))
    lines: list[tuple[str, str, bool, str]] = []  # typed, seen, refused, kind
    for kind in kinds:
        if kind == "table":  # a table stands between blank lines
            a, b, c, d = (draw(_WORD) for _ in range(4))
            # a row with a cell more than its header would lose it: refused
            wide = draw(st.sampled_from(["", "", "", f" {draw(_WORD)} |"]))
            lines += [("", "", False, "blank"), (f"| {a} | {b} |", a + b, False, kind),
                      ("|---|--:|", "", False, kind), (f"| {c} | {d} |{wide}", c + d, bool(wide), kind),
                      ("", "", False, "blank")]
            continue
        if kind in ("separator", "blank"):
            line = draw(st.sampled_from(SEPARATORS)) if kind == "separator" else ""
            lines.append((line, line, False, kind))
            continue
        typed, seen, refused = draw(_body())
        if kind == "bullet":
            start, label = draw(st.sampled_from(BULLETS)), "•"
        elif kind == "number":
            n, delimiter = draw(st.sampled_from([1, 2, 3, 9, 10, 2019])), draw(st.sampled_from(".)"))
            label = f"{n}{delimiter} "
            start = label.replace(" ", draw(st.sampled_from([" ", "\t", "\u00a0", "\u00a0\u00a0"])))
        else:
            start = label = draw(st.sampled_from(LINE_STARTS))
        lines.append((start + typed, label + seen, refused, kind))
    typed_lines, seen_lines = [], []
    for n, (typed, seen, _, kind) in enumerate(lines):
        following = lines[n + 1][3] if n + 1 < len(lines) else None
        # a line that goes on with the paragraph (`2019. ` may start a list inside a list)
        goes_on = following == "text" and not lines[n + 1][0].startswith("2019. ")
        if kind in ("text", "bullet", "number") and goes_on and draw(st.booleans()):
            # a hard line break: the backslash is markup only where the paragraph goes on
            typed, seen = (typed + "\\", seen) if draw(st.booleans()) else (typed + "  ", seen)
        elif kind in ("text", "bullet", "number") and following in (None, "blank", "separator", "table",
                                                                   "bullet") and draw(st.booleans()):
            typed, seen = typed + "\\", seen + "\\"  # at a paragraph's end: shown as typed
        typed_lines.append(typed)
        seen_lines.append(seen)
    return typed_lines, "".join(seen_lines), [n for n, line in enumerate(lines) if line[2]]


ONE_LINE = st.tuples(st.sampled_from(["", "# ", "> ", "[1]: ", "2019. ", "• ", "– ", "\"", "'"]),
                     TEXT, st.sampled_from(["", "\tthen", " #2", " > 3", " 1.5"])).map("".join)


def render_typed(folder: Path, title: str, activities: list[str]) -> tuple[str, str, str, str]:
    """The text of the DOCX (its paragraphs) and of the PDF, and what a reader sees of section 2 of the
    action in each (list labels included, spaces squeezed), of the minimal plan with this
    action title and these lines of activities."""
    from pypdf import PdfReader
    from visible_text import between, docx_lines, pdf_lines, render_partnership

    block = "".join(f"      {line}\n" for line in activities)
    plan = (MINIMAL_PLAN.replace("title: Export vouchers",
                                 f"title: {json.dumps(title, ensure_ascii=False)}")
            .replace("activities: |\n      - Design the call\n      - Run the call\n",
                     f"activities: |2\n{block}"))
    write_partnership(folder, plans={"north.yaml": plan})
    docx, pdf = render_partnership(folder)
    lines = docx_lines(docx)
    docx_text = "\n".join(lines)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    docx_section = between(lines, "2. Action", "3. Players involved")
    pdf_section = between(pdf_lines(pdf), "2. Action", "3. Players involved")
    assert len(docx_section) == len(pdf_section) == 1
    return docx_text, pdf_text, _squeeze("".join(docx_section[0])), _squeeze("".join(pdf_section[0]))


ACTIVITIES_LINE = MINIMAL_PLAN.splitlines().index("    activities: |") + 1
TITLE_LINE = MINIMAL_PLAN.splitlines().index("    title: Export vouchers") + 1


# Each example renders both documents (about 0.2 s): few examples, and no shrinking, which would
# take minutes; a failing example is small enough to read as drawn. (Run with more examples
# and other seeds when the markdown rules change: 900 passed when this test was written.)
@settings(max_examples=20, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=ONE_LINE, typed=markdown_texts())
def test_what_partners_type_is_seen_as_typed_or_refused_at_its_line(
        title: str, typed: tuple[list[str], str, list[int]], tmp_path_factory) -> None:
    activities, seen, refused_lines = typed
    title = title.strip()
    folder = tmp_path_factory.mktemp("typed") / "plans"
    expected = {ACTIVITIES_LINE + 1 + n for n in refused_lines}
    if re.search("[\ufffe\uffff]", title):  # typed as is, they make the whole file unreadable
        expected = {TITLE_LINE}
    elif re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", title):  # JSON writes them as escapes
        expected.add(TITLE_LINE)
    try:
        docx_text, pdf_text, docx_seen, pdf_seen = render_typed(folder, title, activities)
    except ValidationFailed as failed:
        assert {e.line for e in failed.errors} == expected, [str(e) for e in failed.errors]
        assert all(e.field == "actions[1].activities" for e in failed.errors if e.line != TITLE_LINE)
        return
    assert not expected
    assert title in docx_text
    assert _squeeze(title) in _squeeze(pdf_text)
    assert docx_seen == _squeeze(seen)
    assert pdf_seen == _squeeze(seen)
