"""The house rules that keep the code simple: imports point one way, fast paths stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "actionplan"

# The stages of the pipeline, in order: each may import only itself and the stages before it
# (house style: errors ← model ← load ← words ← summary ← render ← build ← cli). `words` sits
# under `summary` because the summary speaks in the same words (months, money, countries) as
# the plans; the deliverable's context, which joins summary, charts and plan contexts, is part
# of `summary`. `console` holds the command line's own parts beside cli.py (help layout, the
# default folder, `-v` detail, `doctor`). The package root (`__version__`) may be imported from
# anywhere.
STAGES = ["errors", "model", "load", "words", "summary", "render", "build", "console", "cli",
          "__main__"]
ALLOWED = {stage: set(STAGES[:n + 1]) | {""} for n, stage in enumerate(STAGES)}
ALLOWED["__main__"] = {"cli"}

# Within render, the two formats are independent of each other.
SIBLINGS_APART = {"render.docx": "render.pdf", "render.pdf": "render.docx"}

# The largest module a reader keeps in mind (issue 9); tests and data files aside.
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every actionplan module `path` imports, as a dotted name below `actionplan`."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "":
        package = []
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("actionplan"):
            found.add(node.module.removeprefix("actionplan").lstrip("."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("actionplan").lstrip(".") for a in node.names
                         if a.name.startswith("actionplan"))
    return found


def _stage(name: str) -> str:
    return name.split(".")[0]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_stage() -> None:
    for path in _modules():
        name = _module_name(path)
        assert name == "" or _stage(name) in ALLOWED, f"{path}: not in a stage of STAGES"


def test_imports_point_one_way() -> None:
    for path in _modules():
        name = _module_name(path)
        if name == "":
            continue
        for imported in _imports(path):
            assert _stage(imported) in ALLOWED[_stage(name)], \
                f"{name} imports {imported}: {_stage(name)} may import only {ALLOWED[_stage(name)]}"
            for mine, theirs in SIBLINGS_APART.items():
                if name.startswith(mine):
                    assert not imported.startswith(theirs), f"{name} imports {imported}"


def test_the_import_rule_can_fail() -> None:
    """The parser sees relative imports that run back up (so the rule above means something)."""
    found = _imports(PACKAGE / "summary" / "compute.py")
    assert "words.format" in found and "errors" in found


def test_only_cli_imports_click() -> None:
    for path in _modules():
        if path.name not in ("cli.py", "__main__.py") and path.parent.name != "console":
            assert "import click" not in path.read_text("utf-8"), path


def test_modules_stay_small() -> None:
    folders = [PACKAGE, ROOT / "templates", ROOT / "benchmarks"]
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        lines = len(path.read_text("utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(ROOT)}: {lines} lines (at most {MAX_LINES})"


def test_validate_imports_nothing_heavy() -> None:
    code = ("import sys; from click.testing import CliRunner; from actionplan.cli import main;"
            f"r = CliRunner().invoke(main, ['validate', r'{ROOT / 'plans'}']); assert r.exit_code == 0;"
            "print(' '.join(m for m in ('weasyprint', 'docxtpl', 'docx', 'matplotlib', 'markdown_it',"
            " 'babel') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
