"""Generate the built-in Word templates: `python3 templates/make_docx_templates.py`.

The outputs, `templates/action-plan.docx` and `templates/consolidated.docx`, are committed
beside this script. Each is a real Word document a partner can open in Word or LibreOffice
and keep editing: A4, named styles (Title,
Subtitle, Heading 1-4, List Bullet/List Number backed by real numbering definitions, a table
style, Hyperlink), Open Sans with Arial as fallback, the Interreg palette (EU blue #003399 with
EU yellow #FFCC00 as the one accent), a cover without header, then a running header and a
"Page n of N" footer built from PAGE and NUMPAGES fields.

The text is docxtpl/Jinja: `{{ }}` places a value, `{%p %}` paragraphs and `{%tr %}` table
rows repeat or hide whole paragraphs and rows, `{{p field }}` places a markdown field as
paragraphs and lists. Every value comes from `actionplan.words.plan.PlanContext`, seen by the
template as `plan`, and so does every fixed word of the Interreg Europe action plan form
(headings and labels) in the plan's language: `{{ plan.labels.cover_title }}`, from the label
catalogues in `templates/labels/`. The template only places values.

The plan is built from pieces that refer only to a variable `var`: `plan_cover(var)` and
`plan_body(var, level, new_page=..., anchor=...)`. `consolidated.docx`, the lead partner's
deliverable, sees a `DeliverableContext` as `deliverable` (its summary also as `summary`):
a cover, "Contents" with a TOC field of Heading 1-2 (Word refreshes it on opening; until then,
and in LibreOffice, its result lists the headings, linked to their bookmarks), the summary
(Heading 1, six Heading 2 sections; the overview table on a landscape page of its own), then
`{%p for plan in deliverable.plans %}` a Heading 1 "Partner: …" on a new page with
`plan_body("plan", level=2, new_page=False)` under it, so the TOC and the PDF bookmarks nest
each plan's parts under its partner. The column loop of the learning-flow matrix marks its
cells with a width of 0: the renderer shares the width left among them.

The pieces live in `docx_template_parts/` beside this script: `ooxml.py` (small OOXML writers),
`plan.py` (a plan's cover, body, header and footers), `deliverable.py` and `summary.py` (the
consolidated deliverable), `styles.py` (styles.xml, numbering, fonts, settings and theme) and
`package.py` (the zip). The house style itself is data: the palette, the fonts, the page and
every named style are in `docx_template_parts/styles.toml`.

The output is byte-for-byte reproducible: run the script twice and git sees no change.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The tests load this file by its path, so the folder beside it need not be on sys.path yet.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from docx_template_parts.deliverable import (  # noqa: E402
    consolidated_plans,
    contents,
    deliverable_cover,
    deliverable_footer,
    deliverable_header,
)
from docx_template_parts.package import package  # noqa: E402
from docx_template_parts.plan import (  # noqa: E402
    cover_footer,
    page_footer,
    plan_body,
    plan_cover,
    running_header,
)
from docx_template_parts.summary import summary_section  # noqa: E402


def build_action_plan() -> bytes:
    """`action-plan.docx`: one partner's plan; the template sees the plan as `plan`."""
    return package(plan_cover() + plan_body(), header=running_header(), footer=page_footer(),
                   first_header=[], first_footer=cover_footer(), title="Action plan")


def build_consolidated() -> bytes:
    """`consolidated.docx`: the lead partner's deliverable; the template sees the
    `DeliverableContext` as `deliverable` and its summary also as `summary`."""
    return package(deliverable_cover() + contents() + summary_section() + consolidated_plans(),
                   header=deliverable_header(), footer=deliverable_footer(),
                   first_header=[], first_footer=cover_footer("deliverable"),
                   title="Action plans of the partnership", template="consolidated.docx")


TEMPLATES = {"action-plan.docx": build_action_plan, "consolidated.docx": build_consolidated}


def main() -> None:
    """Write every template beside this script."""
    for name, build in TEMPLATES.items():
        (HERE / name).write_bytes(build())
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
