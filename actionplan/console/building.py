"""How `render` and `build` run on a terminal: the build time, the progress bar, what
interrupts them (Ctrl-C, SIGTERM, SIGHUP: exit 128 + the signal) and the closing report."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ActionPlanError
from .reporter import Reporter, fail

if TYPE_CHECKING:  # types only: importing build would load pydantic on every --help
    import datetime as dt

    from ..build import BuildOptions, Step


def _now() -> dt.datetime:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH, else now in the local time zone: the date printed is the user's."""
    from ..build import build_time_from_environment

    return build_time_from_environment(_now().astimezone().replace(microsecond=0))


class _Progress:
    """A bar on a terminal; one line per output otherwise (logs, CI). `-v` adds timings."""

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self.bar: Any = None
        self.interactive = sys.stdout.isatty() and not reporter.quiet

    def __call__(self, step: Step) -> None:
        if step.state == "skipped":
            return
        timing = f" ({step.seconds:.2f} s)" if self.reporter.verbose and step.seconds else ""
        if not self.interactive:
            self.reporter.info(f"{step.state:>9} {step.name}{timing}")
            return
        if self.bar is None:
            self.bar = click.progressbar(length=max(step.total, 1), label="building",
                                         show_pos=True, item_show_func=lambda item: item)
            self.bar.__enter__()
        self.bar.update(1, f"{step.name}{timing}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _Stopped:
    """The signal that interrupted the build (SIGINT unless SIGTERM or SIGHUP said so), and
    whether one came at all."""

    signum = 2
    pending = False


def _interrupt(signum: int, _frame: object) -> None:
    _Stopped.signum, _Stopped.pending = signum, True
    raise KeyboardInterrupt


@contextmanager
def stoppable(output: Path) -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP end a build the same way: workers stopped, temporary files
    removed (`build_partnership`), one line said, exit code 128 + the signal's number."""
    import signal

    numbers = [getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]
    _Stopped.signum, _Stopped.pending = signal.SIGINT, False
    before = {number: signal.signal(number, _interrupt) for number in numbers}
    try:
        yield
        if _Stopped.pending:  # the interrupt was swallowed where Python ignores exceptions
            raise KeyboardInterrupt  # (a finaliser, a callback): it still ends the command
    except KeyboardInterrupt:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a second Ctrl-C changes nothing now
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        click.echo(f"interrupted: every output in {output} is whole, either as before or new; "
                   "build again to finish.", err=True)
        # The build has cleaned up (temporary files removed, workers stopped). End here, not
        # through the interpreter's shutdown: a Ctrl-C that lands while a library's helper
        # process (cffi's ldconfig look-up) is still being waited for could otherwise end the
        # process by SIGINT (exit -2) instead of with 130.
        from ..build.workers import before_exit

        before_exit()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + _Stopped.signum)
    finally:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # not interrupted:
            for number, handler in before.items():  # as they were, for callers in-process
                signal.signal(number, handler)


def run_build(reporter: Reporter, folder: Path, options: BuildOptions) -> None:
    """Build, print what happened, and exit 1 on errors (see `fail`)."""
    from ..build import build_partnership

    progress = _Progress(reporter)
    try:
        report = build_partnership(folder, options, progress)
    except ActionPlanError as error:
        progress.close()
        fail(reporter, error)
        return
    finally:
        progress.close()  # also on Ctrl-C: shows the cursor the bar hid
    _report(reporter, options, report)


def _report(reporter: Reporter, options: BuildOptions, report: Any) -> None:
    out = options.output
    if report.damaged_record:
        click.echo(f"warning: {out / '.actionplan-manifest.json'}, the record of what actionplan "
                   f"wrote, was damaged; it is kept as {report.damaged_record} and made again.",
                   err=True)
    reporter.issues(report.warnings)
    for name, aside in report.kept:
        if name not in report.unrecorded:
            why = f"{out / name} was changed after actionplan wrote it: your version"
        elif report.damaged_record:
            why = (f"{out / name}: with its build record damaged, actionplan cannot tell whether "
                   "it was edited; it")
        else:
            why = f"{out / name} was there before, not written by actionplan: it"
        click.echo(f"warning: {why} is kept as {out / aside}, beside the new one.", err=True)
    if report.orphans:
        click.echo(f"warning: these files in {out} belong to no plan any more and were left as "
                   f"they are: {', '.join(report.orphans)}. Delete them if they are no longer "
                   "needed.", err=True)
    reporter.info(f"{out}: {report.count('written')} written, "
                  f"{report.count('unchanged')} unchanged in {report.seconds:.1f} s.")
    if report.skipped:
        reporter.issues(report.skipped)
        files = sorted({i.file for i in report.skipped})
        for file in files:  # a plan left out now may have documents of an earlier build
            earlier = [out / f"{Path(file).stem}.{fmt}" for fmt in ("docx", "pdf")]
            earlier = [path for path in earlier if path.is_file()]
            if earlier:
                click.echo(f"warning: {' and '.join(map(str, earlier))} "
                           f"{'are' if len(earlier) > 1 else 'is'} from an earlier build: {file} "
                           "has errors now, so they may not say what it says, and the deliverable "
                           "leaves them out. Delete them, or fix the plan and build again.",
                           err=True)
        click.echo(f"plans with errors, left out (--keep-going): {', '.join(files)}."
                   + (" The deliverable lists them among its open points." if options.consolidated
                      else ""), err=True)
        sys.exit(1)
