"""Start-up costs a user waits for on every `render`: loading the PDF renderer must not spawn
processes (cffi's library look-up runs `ldconfig` and `gcc` through `ctypes.util.find_library`
for every name WeasyPrint tries, about 0.14 s; issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A child counts every process it starts while importing, through Python's audit events
# (the standard ones of subprocess.Popen, os.posix_spawn, os.exec*, os.fork).
_COUNT_SPAWNS = textwrap.dedent("""
    import sys
    spawned = []
    def hook(event, args):
        if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.fork", "os.system"):
            spawned.append(str(args[0]) if args else event)
    sys.addaudithook(hook)
    {imports}
    print(len(spawned), spawned)
""")


def _spawned_while(imports: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", _COUNT_SPAWNS.format(imports=imports)],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    count, _, names = result.stdout.strip().partition(" ")
    return int(count), names


def test_loading_the_pdf_renderer_spawns_no_process():
    count, names = _spawned_while("import actionplan.render.pdf.plan\nimport weasyprint")
    assert (count, names) == (0, "[]")


def test_the_renderer_still_finds_its_libraries():
    count, names = _spawned_while(
        "import actionplan.render\nfrom weasyprint.text import ffi\n"
        "assert ffi.pango.pango_version() > 0 and ffi.harfbuzz is not None")
    assert (count, names) == (0, "[]")


def test_a_library_only_the_look_up_finds_is_still_loaded():
    """An unusual installation: the first attempt fails; the module runs again, looked up."""
    import ctypes.util
    from types import ModuleType

    from actionplan.render.libraries import _NoLookupLoader

    class NeedsLookUp:
        def create_module(self, spec):
            return None

        def exec_module(self, module):
            found = ctypes.util.find_library("c")
            if found is None:
                raise OSError("cannot load library 'pango'")
            module.found = found

    module = ModuleType("weasyprint.text.ffi")
    _NoLookupLoader(NeedsLookUp()).exec_module(module)
    assert module.found == ctypes.util.find_library("c")


def test_a_build_loading_the_renderers_before_its_workers_spawns_no_process():
    """`build` imports the renderers once before forking its workers (`jobs.preload`): that
    import must go through the same look-up-free loading as `render`'s (it did not: every
    build with two workers ran `ldconfig` and `gcc` 54 times)."""
    count, names = _spawned_while(
        "from actionplan.build.jobs import preload\npreload(('docx', 'pdf'))")
    assert (count, names) == (0, "[]")
