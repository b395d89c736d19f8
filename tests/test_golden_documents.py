"""Golden files of what the renderers produce for examples/full: a review shows every change.

The DOCX as a normalized text dump (paragraph style and text, table rows) and the HTML fed to
WeasyPrint. `pytest --update-golden` rewrites them after a deliberate change; read the diff.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from actionplan.load import load_partnership
from actionplan.load.templates import search_path
from actionplan.render.docx import docx_bytes, dump_docx
from actionplan.render.pdf.plan import render_html
from actionplan.words.plan import plan_context

FULL = load_partnership(ROOT / "examples" / "full")


@pytest.mark.parametrize("entry", FULL.plans, ids=lambda e: e.id)
def test_docx_dump_matches_golden(entry, golden) -> None:
    ctx = plan_context(FULL, entry)
    golden(f"docx/{entry.id}.txt", dump_docx(docx_bytes(ctx, search_path(FULL.folder))))


@pytest.mark.parametrize("entry", FULL.plans, ids=lambda e: e.id)
def test_html_matches_golden(entry, golden) -> None:
    ctx = plan_context(FULL, entry)
    html = render_html(ctx, search_path(FULL.folder)).replace(ROOT.as_uri(), "file://REPO")
    golden(f"html/{entry.id}.html", html)
