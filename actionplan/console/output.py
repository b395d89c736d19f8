"""-q and -v, before or after the command's name: one of them at most."""

from __future__ import annotations

from typing import Any

import click

QUIET_AND_VERBOSE = ("-q (print only problems) and -v (print more detail) cannot be used "
                     "together; choose one.")


def check_quiet_verbose(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """A usage error (exit 2) in plain words for -q with -v: neither silently wins."""
    if quiet and verbose:
        raise click.UsageError(QUIET_AND_VERBOSE, ctx)


def _setter(attribute: str) -> Any:
    def set_flag(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            reporter = ctx.find_root().obj  # the command line's Reporter, made by `main`
            setattr(reporter, attribute, True)
            check_quiet_verbose(ctx, reporter.quiet, reporter.verbose)
    return set_flag


def output_options(command):  # type: ignore[no-untyped-def]
    """-q/-v also after the command's name: `actionplan validate plans -q`."""
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False,
                           callback=_setter("quiet"), help="Print only problems.")(command)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False,
                        callback=_setter("verbose"), help="Print more detail, with timings.")(command)
