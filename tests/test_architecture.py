"""The house rules that keep the code simple: imports point one way, fast paths stay light."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

# Each module may import only modules of lower layers (house style: errors ← model ← load ←
# summary ← render ← build ← cli).
LAYERS = [
    {"errors", "codes"},
    {"yamlsource", "paths", "templates"},
    {"model"},
    {"check", "schema", "starter"},
    {"load"},
    {"text", "context"},
    {"summary", "charts"},
    {"deliverable"},
    {"fetcher", "docx_markdown", "render_docx", "render_pdf", "render_pdf_consolidated",
     "outputs"},
    {"consolidate"},
    {"build", "render"},
    {"cli", "__main__"},
]
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("actionplan."):
            found.add(node.module.split(".")[1])
    return found


def test_imports_point_one_way() -> None:
    for path in sorted((ROOT / "actionplan").glob("*.py")):
        name = path.stem
        if name == "__init__":
            continue
        assert name in LAYER, f"actionplan/{path.name} has no layer in tests/test_architecture.py"
        for imported in _imports(path):
            if imported == "__init__" or imported not in LAYER:
                continue
            assert LAYER[imported] <= LAYER[name], f"{name} imports {imported}, a higher layer"


def test_only_cli_imports_click() -> None:
    for path in (ROOT / "actionplan").glob("*.py"):
        if path.stem not in ("cli", "__main__"):
            assert "import click" not in path.read_text("utf-8"), path.name


def test_validate_imports_nothing_heavy() -> None:
    code = ("import sys; from click.testing import CliRunner; from actionplan.cli import main;"
            f"r = CliRunner().invoke(main, ['validate', r'{ROOT / 'plans'}']); assert r.exit_code == 0;"
            "print(' '.join(m for m in ('weasyprint', 'docxtpl', 'docx', 'matplotlib', 'markdown_it')"
            " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
