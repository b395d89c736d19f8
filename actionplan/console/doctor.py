"""`actionplan doctor`: does this computer have what the documents need? In plain words."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import click

from .. import __version__
from .folders import default_folder, shown


@click.command(short_help="Check that this computer can make the documents.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--for-tests", is_flag=True,
              help="Also check what the test suite needs (LibreOffice).")
def doctor(folder: Path | None, for_tests: bool) -> None:
    """Check that this computer can make the PDFs of a partnership: Pango and HarfBuzz, and a
    font for every script its texts use (Latin, Greek, Chinese, emoji…). Says what to install
    for anything missing.

    FOLDER is the partnership folder (by default this one when it holds project.yaml, else
    plans); without one, only the built-in texts are checked. Exit code 0 when everything
    needed is there, 1 when not.

    \b
    Example:
        actionplan doctor plans
    """
    from ..load.templates import search_path
    from ..render import machine

    folder = folder if folder is not None else default_folder()
    click.echo(f"actionplan {__version__}, Python {platform.python_version()} on "
               f"{platform.system() or sys.platform}"
               + (f"; partnership folder: {shown(folder) or 'this folder'}" if folder else ""))
    findings = machine.check_pdf_libraries()
    findings += machine.check_fonts(machine.partnership_texts(folder),
                                    [d / "fonts" for d in search_path(folder)])
    if for_tests:
        findings += machine.check_test_tools()
    for finding in findings:
        state = "ok" if finding.ok else ("MISSING" if finding.needed else "note")
        click.echo(f"{state:<8} {finding.what}: {finding.detail}")
        if finding.fix:
            click.echo(f"{'':<8} {finding.fix}")
    missing = [f for f in findings if not f.ok and f.needed]
    if missing:
        click.echo(f"{len(missing)} thing{'s' if len(missing) != 1 else ''} missing: install "
                   "what is said above, then run actionplan doctor again.", err=True)
        sys.exit(1)
    click.echo("Everything the documents need is here.")
