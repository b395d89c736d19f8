"""What the commands print: problems to stderr with their places, progress to stdout unless
`-q`; the exit code 1 for problems the user can fix."""

from __future__ import annotations

import sys

import click

from ..errors import ActionPlanError, Issue, ValidationFailed


class Reporter:
    """What the commands print: problems to stderr, progress to stdout unless quiet."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose

    def info(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(text)

    def issues(self, issues: list[Issue] | tuple[Issue, ...]) -> None:
        for issue in issues:
            if issue.severity == "error":
                click.echo(str(issue), err=True)
                self._detail(issue)
        warnings = [i for i in issues if i.severity == "warning"]
        if warnings and not self.quiet:
            for issue in warnings:
                click.echo(f"warning: {issue}", err=True)
                self._detail(issue)

    def _detail(self, issue: Issue) -> None:
        if self.verbose and issue.detail:  # e.g. the YAML parser's own words
            click.echo(f"    {issue.detail}", err=True)


def count_errors(errors: list[Issue]) -> str:
    files = len({i.file for i in errors})
    return (f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}")


def fail(reporter: Reporter, error: ActionPlanError, *, wrote: bool = True) -> None:
    """Print the problems and exit 1; `wrote=False` for commands that never write."""
    if isinstance(error, ValidationFailed):
        reporter.issues(error.issues)
        click.echo(count_errors(error.errors) + ("; nothing was written." if wrote else "."), err=True)
    else:
        click.echo(f"error: {error}", err=True)
    sys.exit(1)
