"""Joining plans one at a time: each plan's PDF may be closed as soon as the join has copied
it (so a 200-plan deliverable need not hold 200 open plans: some 250 MB), and the joined
document is still complete: every plan's pages with their text, fonts and footers, its
outline entries and named destinations."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from actionplan.render.pdf.join import join_plans
from actionplan.render.pdf.tagged import save_pdf

TITLES = ["First plan", "Second plan", "Third plan"]


@pytest.fixture(scope="module")
def plan_pdfs(built_examples: dict[str, Path]) -> list[bytes]:
    """A front (a plan's PDF: tagged, footers stamped) and three plans' PDFs to join behind."""
    paths = sorted(p for p in built_examples["plans"].glob("*.pdf")
                   if not p.name.endswith("-action-plans.pdf"))
    assert len(paths) >= 4
    return [path.read_bytes() for path in paths[:4]]


def joined(plan_pdfs: list[bytes], plans: Iterator[pikepdf.Pdf] | list[pikepdf.Pdf]) -> bytes:
    front = pikepdf.open(io.BytesIO(plan_pdfs[0]))
    join_plans(front, plans, TITLES)
    return save_pdf(front)


def closed_after_use(plan_pdfs: list[bytes], asked: list[int]) -> Iterator[pikepdf.Pdf]:
    """The plans opened one at a time, each closed (its file too) when the next is asked
    for; `asked` gets the number of plans asked for so far at each turn."""
    for number, data in enumerate(plan_pdfs[1:], start=1):
        stream = io.BytesIO(data)
        with pikepdf.open(stream) as pdf:
            asked.append(number)
            yield pdf
        stream.close()


def test_a_plan_closed_after_its_turn_is_joined_whole(plan_pdfs: list[bytes]) -> None:
    """The same bytes as joining plans kept open to the end: text, fonts, structure, footers,
    outline and destinations all come through, though each plan's document and file were
    closed before the joined file was written."""
    kept_open = [pikepdf.open(io.BytesIO(data)) for data in plan_pdfs[1:]]
    expected = joined(plan_pdfs, kept_open)
    asked: list[int] = []
    assert joined(plan_pdfs, closed_after_use(plan_pdfs, asked)) == expected
    assert asked == [1, 2, 3]

    pdf = PdfReader(io.BytesIO(expected))
    sources = [PdfReader(io.BytesIO(data)) for data in plan_pdfs]
    assert len(pdf.pages) == sum(len(source.pages) for source in sources)
    first = len(sources[0].pages)
    for source in sources[1:]:
        for page in source.pages:
            # the plan's own text, its footer swapped for its page in the joined file
            text = " ".join(pdf.pages[first].extract_text().split())
            own = " ".join(page.extract_text().split())
            assert own.rsplit("Page ", 1)[0] in text
            if "Page " in own:
                assert text.endswith(f"Page {first + 1} of {len(pdf.pages)}")
            first += 1
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert titles[-3:] == TITLES
    named = set(pdf.named_destinations)
    for source in sources:
        assert set(source.named_destinations) <= named
