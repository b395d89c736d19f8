"""The two real text edits a partner makes to a plan, each a word added (a comment or a blank
line alone renders nothing since issue 15, so it would measure nothing):

- `title`: a word added to an action's title. The title also appears in the deliverable's
  summary (the timeline chart, the list of actions), so the summary is made again too.
- `background`: a word added to an action's background paragraph. Only that plan's text
  changes (its DOCX and PDF, and its pages in the consolidated PDF).

Each call adds a different word (`v1`, `v2`, …), so every save is a real change.
"""

from __future__ import annotations

from pathlib import Path

KINDS = {
    "title": "a word added to an action's title (also in the summary's timeline chart)",
    "background": "a word added to an action's background paragraph (that plan's text only)",
}


def _action_lines(lines: list[str]) -> int:
    """The index of the top-level `actions:` line."""
    return next(i for i, line in enumerate(lines) if line.startswith("actions:"))


def edited(text: str, kind: str, n: int) -> str:
    """`text` (a plan's YAML) with the edit `kind` made for the `n`-th time."""
    lines = text.split("\n")
    start = _action_lines(lines)
    if kind == "title":   # the first action's title, a plain scalar
        i = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("title:")
                 and "#" not in lines[i] and '"' not in lines[i])
    elif kind == "background":   # the first line of the first action's background block
        i = next(i for i in range(start, len(lines))
                 if lines[i].strip() == "background: |") + 1
    else:
        raise ValueError(kind)
    lines[i] = f"{lines[i].rstrip()} v{n}"
    return "\n".join(lines)


def edit(path: Path, kind: str, n: int) -> None:
    """Make the edit `kind` in the plan file `path` and save it (one write, as an editor)."""
    path.write_text(edited(path.read_text("utf-8"), kind, n), "utf-8")
