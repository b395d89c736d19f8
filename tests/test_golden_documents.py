"""Golden files of what the renderers produce for examples/full and examples/multilingual: a
review shows every change.

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
# Plans in their partners' languages: Hungarian, Greek, Bulgarian and Spanish (issue 13).
MULTILINGUAL = load_partnership(ROOT / "examples" / "multilingual")
PLANS = [(FULL, e) for e in FULL.plans] + [(MULTILINGUAL, e) for e in MULTILINGUAL.plans]


@pytest.mark.parametrize(("partnership", "entry"), PLANS, ids=lambda v: getattr(v, "id", ""))
def test_docx_dump_matches_golden(partnership, entry, golden) -> None:
    ctx = plan_context(partnership, entry)
    golden(f"docx/{entry.id}.txt", dump_docx(docx_bytes(ctx, search_path(partnership.folder))))


@pytest.mark.parametrize(("partnership", "entry"), PLANS, ids=lambda v: getattr(v, "id", ""))
def test_html_matches_golden(partnership, entry, golden) -> None:
    ctx = plan_context(partnership, entry)
    html = render_html(ctx, search_path(partnership.folder)).replace(ROOT.as_uri(), "file://REPO")
    golden(f"html/{entry.id}.html", html)
