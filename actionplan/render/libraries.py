"""Loading WeasyPrint's C libraries (Pango, HarfBuzz, fontconfig…) without spawning processes.

WeasyPrint's `weasyprint/text/ffi.py` tries several names per library, Windows and macOS names
first ('libgobject-2.0-0', …, 'libgobject-2.0.so.0'). For every name that the dynamic loader
does not open as it is, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig -p`
and then `gcc` (or `ld`) — 22 `ldconfig` and 16 `gcc` processes, about 0.14 s of every
`render` (measured in issue 15). Every Linux distribution ships the sonames WeasyPrint lists
last ('libpango-1.0.so.0'), which load directly, so the look-up is never needed there.

`install()` adds an import hook that runs that one module with a `find_library` that looks
nothing up; if WeasyPrint then fails to load a library (an unusual installation that only the
look-up finds), the module runs again with the real look-up, as WeasyPrint does by itself.
The hook keys on the module's name only, so a WeasyPrint upgrade keeps the start-up fast or,
if the module moves, merely slower — never wrong. The fix belongs upstream (WeasyPrint could
try every name with a plain `dlopen` before any look-up); this hook can go once it is there.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.abc
import importlib.machinery
import io
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

FFI_MODULE = "weasyprint.text.ffi"


class _NoLookupLoader(importlib.abc.Loader):
    """Runs WeasyPrint's library-loading module first without `find_library`'s processes."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        real = ctypes.util.find_library
        ctypes.util.find_library = _look_up_nothing
        try:
            # WeasyPrint prints installation advice before it raises: not for this attempt.
            with contextlib.redirect_stdout(io.StringIO()):
                self.loader.exec_module(module)
            return
        except OSError:
            pass
        finally:
            ctypes.util.find_library = real
        self.loader.exec_module(module)  # the library is only found by the look-up


def _look_up_nothing(name: str) -> None:
    """`ctypes.util.find_library` that finds nothing (and starts no process)."""
    return None


class _LibraryFinder(importlib.abc.MetaPathFinder):
    """Hands `weasyprint.text.ffi` to `_NoLookupLoader`; every other import passes by."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != FFI_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _NoLookupLoader(spec.loader)
        return spec


def install() -> None:
    """Load WeasyPrint's libraries without process-spawning look-ups, on Linux (where
    `find_library` spawns them; macOS and Windows look up without processes). Idempotent;
    has no effect once WeasyPrint is loaded."""
    if not sys.platform.startswith("linux"):
        return
    if any(isinstance(finder, _LibraryFinder) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _LibraryFinder())
