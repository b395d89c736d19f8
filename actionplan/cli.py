"""The `actionplan` command line: a thin layer over load, render and build.

Only this module imports click, prints, and turns errors into exit codes: 0 done, 1 the
partnership's files (or the output folder) have a problem the user can fix, 2 the command was
called wrongly, 130 interrupted (Ctrl-C), 143 ended by SIGTERM, 129 by SIGHUP (128 + the
signal's number, as shells report it). Heavy libraries are imported inside the commands that
need them, so `validate` and `--help` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .console.building import build_time, run_build, stoppable
from .console.doctor import doctor
from .console.folders import NO_FOLDER, default_folder, folder_argument, shown
from .console.help import Group
from .console.output import check_quiet_verbose, output_options
from .console.reporter import Reporter, fail
from .console.watching import watch_builds
from .errors import ActionPlanError, Issue, ValidationFailed

if TYPE_CHECKING:  # types only: importing build would load pydantic on every --help

    pass

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="actionplan")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Print more detail, with timings.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Interreg Europe action plans from YAML to DOCX and PDF.

    Partners edit one YAML file each; `actionplan render` turns a plan into its DOCX and PDF,
    and the lead partner's `actionplan build` makes every plan plus the consolidated
    deliverable. A FOLDER left out is the current folder when it holds project.yaml, else
    plans.

    \b
    Example:
        actionplan validate plans
    """
    check_quiet_verbose(ctx, quiet, verbose)
    ctx.obj = Reporter(quiet, verbose)


@main.command(short_help="Check a partnership's files, or some plans; report every problem.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@output_options
@click.pass_obj
def validate(reporter: Reporter, paths: tuple[Path, ...], strict: bool) -> None:
    """Check a partnership folder, or single plan files, and report every problem at once.

    A folder (default: plans) is checked whole. A plan file is checked with the project.yaml
    beside it and the rules that involve it; the other plans are read only for their
    `partner:`. Nothing is written. Exit code 0 when valid (warnings allowed unless --strict),
    1 when not.

    \b
    Example:
        actionplan validate plans
        actionplan validate plans/es-fomento.yaml
    """
    import time

    from .load import load_partnership

    issues: list[Issue] = []
    valid: list[str] = []
    checked = []
    begun = time.perf_counter()
    if not paths:
        found = default_folder()
        if found is None:
            raise click.UsageError(NO_FOLDER.format(command="validate"))
        paths = (found,)
    try:
        for folder, only, files in _targets(paths):
            try:
                partnership = load_partnership(folder, only=only)
            except ValidationFailed as failed:
                issues += failed.issues
                continue
            checked.append(partnership)
            issues += partnership.warnings
            count = len(partnership.plans)
            where = shown(folder)
            valid.append((_and(files) + (" are" if len(files) > 1 else " is") + " valid")
                         if files else f"{where}{': ' if where else ''}project.yaml and {count} "
                         f"plan{'s' if count != 1 else ''} are valid")
        if any(i.severity == "error" for i in issues):
            raise ValidationFailed(issues)
    except ActionPlanError as error:
        fail(reporter, error, wrote=False)
        return
    if reporter.verbose:
        from .console.details import validate_details

        for partnership in checked:
            for line in validate_details(partnership, time.perf_counter() - begun):
                reporter.detail(line)
    reporter.issues(issues)
    if strict and issues:
        click.echo(f"{len(issues)} warning(s) and --strict: not valid.", err=True)
        sys.exit(1)
    for line in valid:
        reporter.info(line + (f", with {len(issues)} warning(s)." if issues and len(valid) == 1
                              else "."))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _targets(paths: tuple[Path, ...]) -> list[tuple[Path, frozenset[str] | None, list[str]]]:
    """(folder, plan ids to check or None for all, the files named) for the paths given: plan
    files of one folder are checked together, with the folder's project.yaml."""
    from .load import PROJECT_FILE

    folders: dict[Path, set[str] | None] = {}
    named: dict[Path, list[str]] = {}
    for path in paths:
        if not path.exists():
            raise ActionPlanError(f"{path}: no such file or folder.")
        if path.is_dir():
            folders[path] = None
            continue
        if path.parent in folders and folders[path.parent] is None:
            continue  # the whole folder is checked anyway
        ids = folders.setdefault(path.parent, set())
        files = named.setdefault(path.parent, [str(path.parent / PROJECT_FILE)])
        if path.name != PROJECT_FILE:
            ids.add(path.name.rsplit(".", 1)[0])  # type: ignore[union-attr]
            files.append(str(path))
    return [(folder, None if ids is None else frozenset(ids),
             [] if ids is None else named[folder]) for folder, ids in folders.items()]


@main.command(short_help="Print the JSON Schema of a plan or of project.yaml.")
@click.argument("kind", type=click.Choice(["plan", "project"]), default="plan")
@click.option("--partnership", "folder", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Write both schemas for this partnership, with its ids, into FOLDER/.actionplan/.")
@output_options
@click.pass_obj
def schema(reporter: Reporter, kind: str, folder: Path | None) -> None:
    """Print the JSON Schema of a plan file or of project.yaml, or write a partnership's.

    Editors use it for completion and help while typing (see the README). With
    --partnership, the plan schema knows the partnership's partner, event, good-practice and
    topic ids; run it again after changing project.yaml (`validate` says when).

    \b
    Example:
        actionplan schema plan > plan.schema.json
        actionplan schema --partnership plans
    """
    if folder is None:
        from .model.json_schema import schema_json

        click.echo(schema_json(kind))
        return
    from .load.editor_schemas import write_editor_schemas

    try:
        written = write_editor_schemas(folder)
    except OSError as error:
        fail(reporter, ActionPlanError(f"cannot write the schemas into {folder}: "
                                        f"{error.strerror}."))
        return
    reporter.info(f"wrote {_and([str(p) for p in written])}.")


@main.command(short_help="Start a plan: a commented starter file to fill in.")
@click.argument("plan_id")
@folder_argument
@click.option("--partner", required=True, help="Id of the partner writing the plan.")
@click.option("--language", default="en", show_default=True,
              help="Language of the plan (hu, bg, pt-PT …); other than en adds summary_en.")
@output_options
@click.pass_obj
def new(reporter: Reporter, plan_id: str, folder: Path, partner: str, language: str) -> None:
    """Write a commented starter plan FOLDER/PLAN_ID.yaml to fill in.

    Every field is there, explained in comments, with the ids of project.yaml to choose from;
    the starter validates as it is. --partner must name a partner of project.yaml. An existing
    file is never overwritten.

    \b
    Example:
        actionplan new nl-leeuwarden --partner leeuwarden plans
    """
    from .load.starter import write_starter

    try:
        path = write_starter(folder, plan_id, partner, language=language)
    except ActionPlanError as error:
        fail(reporter, error)
        return
    reporter.info(f"wrote {path}: fill it in, then check it with "
                  f"`actionplan validate{shown(folder, ' ')}`.")


def _formats(value: str) -> tuple[str, ...]:
    return ("docx", "pdf") if value == "all" else (value,)


@main.command(short_help="Render plans as Interreg-format DOCX and PDF.")
@click.argument("plans", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder for the documents.")
@click.option("--format", "format_", type=click.Choice(["all", "docx", "pdf"]), default="all",
              show_default=True, help="Which documents to make.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates that override the built-in ones.")
@click.option("--force", is_flag=True, help="Render even when nothing changed.")
@click.option("--keep-going", is_flag=True,
              help="Render the valid plans when some of those named have errors; list the others.")
@click.option("--watch", is_flag=True,
              help="Stay open and render again after every save; Ctrl-C stops.")
@output_options
@click.pass_obj
def render(reporter: Reporter, plans: tuple[Path, ...], output: Path, format_: str,
           templates: Path | None, force: bool, keep_going: bool, watch: bool) -> None:
    """Render plans as Interreg-format DOCX and PDF.

    Each plan is validated first, with the project.yaml beside it and the rules that involve
    it; other partners' plans are read only for their `partner:`, so their mistakes do not stop
    yours. The documents are named after the plan file: es-fomento.yaml gives es-fomento.docx
    and .pdf.

    With --watch it stays open and renders again what each save changed, so a PDF viewer
    beside the editor shows the new pages; errors are printed and the last good documents kept.

    \b
    Example:
        actionplan render plans/es-fomento.yaml -o build
        actionplan render plans/es-fomento.yaml --watch
    """
    import os

    with stoppable(output):
        from .build import BuildOptions

        by_folder: dict[Path, list[str]] = {}
        for plan in plans:
            by_folder.setdefault(plan.parent, []).append(plan.name.rsplit(".", 1)[0])
        builds = [(folder, BuildOptions(
            output=output, formats=_formats(format_), jobs=1 if watch else os.cpu_count() or 1,
            force=force, keep_going=keep_going, consolidated=False, templates=templates,
            build_time=build_time(), only=tuple(ids))) for folder, ids in by_folder.items()]
        if watch:  # one process, kept warm: console/watching.py
            watch_builds(reporter, builds)
        for folder, options in builds:
            run_build(reporter, folder, options)


@main.command(short_help="Build every plan and the consolidated deliverable.")
@folder_argument
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build"), show_default=True, help="Folder for the documents.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of cores].")
@click.option("--force", is_flag=True, help="Render everything, even what has not changed.")
@click.option("--keep-going", is_flag=True,
              help="Render the valid plans when some have errors; list the others as open points.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates that override the built-in ones.")
@click.option("--watch", is_flag=True,
              help="Stay open and build again after every save; Ctrl-C stops.")
@output_options
@click.pass_obj
def build(reporter: Reporter, folder: Path, output: Path, jobs: int | None, force: bool,
          keep_going: bool, templates: Path | None, watch: bool) -> None:
    """Build every plan's DOCX and PDF and the consolidated deliverable.

    Everything is validated first; when any file has an error nothing is written (unless
    --keep-going). Outputs whose inputs did not change are neither rendered nor rewritten.
    With --watch it stays open and builds again after every save.

    \b
    Example:
        actionplan build plans -o build
    """
    import os

    with stoppable(output):
        from .build import BuildOptions

        options = BuildOptions(output=output, jobs=jobs or os.cpu_count() or 1, force=force,
                               keep_going=keep_going, templates=templates,
                               build_time=build_time())
        if watch:
            watch_builds(reporter, [(folder, options)])
        run_build(reporter, folder, options)


main.add_command(doctor)  # console/doctor.py: the machine check
