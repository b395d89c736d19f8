"""How `render --watch` and `build --watch` run on a terminal: a build after every save, its
report, the errors of a bad save at their place — and on, until Ctrl-C (exit 130)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ActionPlanError, ValidationFailed
from .building import _Progress, _report, build_time
from .reporter import Reporter, count_errors

if TYPE_CHECKING:
    from ..build import BuildOptions


def watch_builds(reporter: Reporter, builds: list[tuple[Path, BuildOptions]]) -> None:
    """Build each (folder, options) now and after every save in a folder; never returns
    (KeyboardInterrupt ends it, see `building.stoppable`)."""
    from ..build import build_partnership
    from ..build.jobs import warm_up
    from ..build.watch import watch

    def rebuild(changed: set[Path]) -> None:
        if changed:
            # Editors' and tools' temporary files come and go: name what is still there.
            names = sorted(path.name for path in changed if path.exists()) or ["(deleted files)"]
            reporter.info(f"saved: {', '.join(names)}")
        for folder, options in builds:
            options = dataclasses.replace(options, build_time=build_time())
            progress = _Progress(reporter)
            try:
                report = build_partnership(folder, options, progress)
            except ActionPlanError as error:
                progress.close()
                _report_error(reporter, error, options.output)
                continue
            progress.close()
            try:
                _report(reporter, options, report)
            except SystemExit:  # plans left out (--keep-going): said, and on watching
                pass
        click.echo("watching for changes; Ctrl-C to stop.", err=True)

    for folder, options in builds:  # once: each save's workers are forked warm
        warm_up(folder, options)
    watch(sorted({folder for folder, _ in builds}),
          sorted({options.output for _, options in builds}), rebuild)


def _report_error(reporter: Reporter, error: ActionPlanError, output: Path) -> None:
    if isinstance(error, ValidationFailed):
        reporter.issues(error.issues)
        click.echo(f"{count_errors(error.errors)}; nothing was written: {output} keeps the last "
                   "good documents. Fix and save again.", err=True)
    else:
        click.echo(f"error: {error} {output} keeps the last good documents.", err=True)
