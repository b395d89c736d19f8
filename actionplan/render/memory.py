"""Giving memory back between the large steps of one process (issues 12 and 15: every process
of a 200-plan build stays under 400 MB).

The deliverable's job makes, one after the other, the summary's charts, the consolidated
Word document (an lxml tree of some 200 MB at 200 plans) and the summary's PDF pages (a
WeasyPrint layout of some 2 MB a page). Each step's objects are freed when it ends, but glibc's
allocator keeps the freed memory of small objects in its heaps instead of returning it to the
system, so without help the process's size is the sum of the steps, not the largest of them.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from functools import lru_cache
from typing import Any


def give_back() -> None:
    """Collect Python's reference cycles (WeasyPrint's boxes and lxml's proxies hold some),
    then ask the C allocator to return the freed memory to the system (glibc's
    `malloc_trim(0)`; nothing where it does not exist: macOS and Windows return freed pages
    themselves, or not at all). Takes some tens of milliseconds."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc's; musl has none
    except (OSError, AttributeError):
        return None
