"""`render --watch` and `build --watch`: one warm process that builds again after every save.

The partner's loop (issue 15): edit the YAML, save, and the PDF beside the editor shows the new
pages. Starting `actionplan render` for every save costs a second and a half of imports and
font loading; here WeasyPrint, the fonts and the templates stay loaded, and each save costs
only what changed (the build's fingerprints decide, as for any build). Outputs are renamed
into place whole (`outputs.commit`), so a viewer that reloads on change never reads half a
file; a save with errors writes nothing and the last good outputs stay.

Saves are noticed with `watchfiles` (the operating system's change notifications, through
the Rust `notify` crate: no polling, no process, the same on Linux, macOS and Windows).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Editors' own files beside the one being saved (Vim's swap and test files, Emacs' lock and
# backup files, our own temporary outputs): a save of those is not a change of the plans.
_EDITOR_DEBRIS = (".swp", ".swx", ".tmp", "~", ".crdownload", ".part")


def is_input_change(path: Path, outputs: Iterable[Path]) -> bool:
    """True when a change at `path` may change a document: not in an output folder, not an
    editor's or a build's temporary file (hidden files, `*.swp`, `*~`, Vim's `4913`)."""
    resolved = path.resolve()
    if any(resolved.is_relative_to(out.resolve()) for out in outputs):
        return False
    name = path.name
    return not (name.startswith((".", "#")) or name.endswith(_EDITOR_DEBRIS) or name == "4913")


def watch(folders: list[Path], outputs: list[Path], rebuild: Callable[[set[Path]], None], *,
          stop: threading.Event | None = None) -> None:
    """Call `rebuild(set())` once, then `rebuild(changed paths)` after every save of a file in
    `folders` (and below) that `is_input_change` keeps, until `stop` is set or Ctrl-C
    (KeyboardInterrupt, raised to the caller). `rebuild` must not raise for the user's
    mistakes: it reports them.

    The watcher starts before the first build, in a thread of its own, so a save made while a
    build runs — the first one included — is gathered and built next, never missed."""
    from watchfiles import DefaultFilter
    from watchfiles import watch as changes_of

    stop = stop or threading.Event()
    saves: queue.Queue[set[Path] | BaseException | None] = queue.Queue()
    default = DefaultFilter()

    def keep(change: Any, path: str) -> bool:
        return default(change, path) and is_input_change(Path(path), outputs)

    def listen() -> None:
        try:
            # step: a save is built 50 ms after the editor's last write (editors write a file in
            # several steps); debounce: at most 1.6 s of continuous changes in one build.
            for changes in changes_of(*folders, watch_filter=keep, stop_event=stop, step=50,
                                      debounce=1600, raise_interrupt=False):
                saves.put({Path(path) for _, path in changes})
        except BaseException as error:  # the folder went away, too many watches…: say it
            saves.put(error)
        saves.put(None)

    threading.Thread(target=listen, name="actionplan-watch", daemon=True).start()
    try:
        rebuild(set())
        while True:
            changed = saves.get()
            while isinstance(changed, set) and not saves.empty():
                more = saves.get()  # saves made while the last build ran: one build
                changed = changed | more if isinstance(more, set) else more
            if changed is None:
                return
            if isinstance(changed, BaseException):
                raise changed
            rebuild(changed)
    finally:
        stop.set()
