"""The `actionplan` command line: a thin layer over load, render and build.

Only this module imports click, prints, and turns errors into exit codes: 0 done, 1 the
partnership's files (or the output folder) have a problem the user can fix, 2 the command was
called wrongly. Heavy libraries are imported inside the commands that need them, so
`validate` and `--help` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import ActionPlanError, Issue, ValidationFailed

if TYPE_CHECKING:  # types only: importing build would load pydantic on every --help
    import datetime as dt

    from .build import BuildOptions, Step

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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
        warnings = [i for i in issues if i.severity == "warning"]
        if warnings and not self.quiet:
            for issue in warnings:
                click.echo(f"warning: {issue}", err=True)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(Reporter).quiet = True  # type: ignore[union-attr]


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(Reporter).verbose = True  # type: ignore[union-attr]


def output_options(command):  # type: ignore[no-untyped-def]
    """-q/-v also after the command's name: `actionplan validate plans -q`."""
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                           help="Print only problems.")(command)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False,
                        callback=_set_verbose, help="Print more detail, with timings.")(command)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="actionplan")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Print more detail, with timings.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Interreg Europe action plans from YAML to DOCX and PDF.

    Partners edit one YAML file each; `actionplan render` turns a plan into its DOCX and PDF,
    and the lead partner's `actionplan build` makes every plan plus the consolidated
    deliverable.

    \b
    Example:
        actionplan validate plans
    """
    ctx.obj = Reporter(quiet, verbose)


def _fail(reporter: Reporter, error: ActionPlanError) -> None:
    if isinstance(error, ValidationFailed):
        reporter.issues(error.issues)
        files = len({i.file for i in error.errors})
        click.echo(f"{len(error.errors)} error{'s' if len(error.errors) != 1 else ''} in "
                   f"{files} file{'s' if files != 1 else ''}; nothing was written.", err=True)
    else:
        click.echo(f"error: {error}", err=True)
    sys.exit(1)


@main.command()
@click.argument("folder", default="plans", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@output_options
@click.pass_obj
def validate(reporter: Reporter, folder: Path, strict: bool) -> None:
    """Check a partnership folder and report every problem of every file at once.

    Exit code 0 when the files are valid (warnings allowed unless --strict), 1 when not.

    \b
    Example:
        actionplan validate plans
    """
    from .load import load_partnership

    try:
        partnership = load_partnership(folder)
    except ActionPlanError as error:
        _fail(reporter, error)
        return
    reporter.issues(partnership.warnings)
    if strict and partnership.warnings:
        click.echo(f"{len(partnership.warnings)} warning(s) and --strict: not valid.", err=True)
        sys.exit(1)
    count = len(partnership.plans)
    reporter.info(f"{folder}: project.yaml and {count} plan{'s' if count != 1 else ''} are valid"
                  + (f", with {len(partnership.warnings)} warning(s)." if partnership.warnings
                     else "."))


@main.command()
@click.argument("kind", type=click.Choice(["plan", "project"]), default="plan")
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan file or of project.yaml.

    Editors use it for completion and help while typing (see the README).

    \b
    Example:
        actionplan schema plan > plan.schema.json
    """
    from .model.json_schema import schema_json

    click.echo(schema_json(kind))


@main.command()
@click.argument("plan_id")
@click.argument("folder", default="plans", type=click.Path(file_okay=False, path_type=Path))
@click.option("--partner", required=True, help="Id of the partner writing the plan.")
@click.option("--language", default="en", show_default=True,
              help="Language of the plan (hu, bg, pt-PT …); other than en adds summary_en.")
@output_options
@click.pass_obj
def new(reporter: Reporter, plan_id: str, folder: Path, partner: str, language: str) -> None:
    """Write a commented starter plan FOLDER/PLAN_ID.yaml to fill in.

    Every required field is there, explained in comments. An existing file is never
    overwritten.

    \b
    Example:
        actionplan new es-fomento --partner fomento plans
    """
    from .load.starter import write_starter

    try:
        path = write_starter(folder, plan_id, partner, language=language)
    except ActionPlanError as error:
        _fail(reporter, error)
        return
    reporter.info(f"wrote {path}: fill it in, then run `actionplan validate {folder}`.")


def _build_time() -> dt.datetime:
    import datetime as dt

    from .build import build_time_from_environment

    return build_time_from_environment(dt.datetime.now(dt.UTC).replace(microsecond=0))


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


def _run_build(reporter: Reporter, folder: Path, options: BuildOptions) -> None:
    from .build import build_partnership

    progress = _Progress(reporter)
    try:
        report = build_partnership(folder, options, progress)
    except ActionPlanError as error:
        progress.close()
        _fail(reporter, error)
        return
    progress.close()
    reporter.issues(report.warnings)
    if report.skipped:
        reporter.issues(report.skipped)
        click.echo(f"{len({i.file for i in report.skipped})} plan file(s) with errors were left out "
                   "(--keep-going); the summary lists them as open points.", err=True)
    reporter.info(f"{options.output}: {report.count('written')} written, "
                  f"{report.count('unchanged')} unchanged in {report.seconds:.1f} s.")


def _formats(value: str) -> tuple[str, ...]:
    return ("docx", "pdf") if value == "all" else (value,)


@main.command()
@click.argument("plans", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder for the documents.")
@click.option("--format", "format_", type=click.Choice(["all", "docx", "pdf"]), default="all",
              show_default=True, help="Which documents to make.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates that override the built-in ones.")
@click.option("--force", is_flag=True, help="Render even when nothing changed.")
@output_options
@click.pass_obj
def render(reporter: Reporter, plans: tuple[Path, ...], output: Path, format_: str,
           templates: Path | None, force: bool) -> None:
    """Render plans as Interreg-format DOCX and PDF.

    The project.yaml beside each plan is read and the whole partnership validated first; the
    documents are named after the plan file: es-fomento.yaml gives es-fomento.docx and .pdf.

    \b
    Example:
        actionplan render plans/es-fomento.yaml -o build
    """
    import os

    from .build import BuildOptions

    by_folder: dict[Path, list[str]] = {}
    for plan in plans:
        by_folder.setdefault(plan.parent, []).append(plan.name.rsplit(".", 1)[0])
    for folder, ids in by_folder.items():
        options = BuildOptions(output=output, formats=_formats(format_), jobs=os.cpu_count() or 1,
                               force=force,
                               consolidated=False, templates=templates, build_time=_build_time(),
                               only=tuple(ids))
        _run_build(reporter, folder, options)


@main.command()
@click.argument("folder", default="plans", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder for the documents.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of cores].")
@click.option("--force", is_flag=True, help="Render everything, even what has not changed.")
@click.option("--keep-going", is_flag=True,
              help="Render the valid plans when some have errors; list the others as open points.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates that override the built-in ones.")
@output_options
@click.pass_obj
def build(reporter: Reporter, folder: Path, output: Path, jobs: int | None, force: bool,
          keep_going: bool, templates: Path | None) -> None:
    """Build every plan's DOCX and PDF and the consolidated deliverable.

    Everything is validated first; when any file has an error nothing is written (unless
    --keep-going). Outputs whose inputs did not change are neither rendered nor rewritten.

    \b
    Example:
        actionplan build plans -o build
    """
    import os

    from .build import BuildOptions

    options = BuildOptions(output=output, jobs=jobs or os.cpu_count() or 1, force=force,
                           keep_going=keep_going, templates=templates, build_time=_build_time())
    _run_build(reporter, folder, options)
