"""Which partnership folder a command means when none is named."""

from __future__ import annotations

from pathlib import Path

import click

NO_FOLDER = ("there is no project.yaml here and no plans folder. Run actionplan in the "
             "partnership folder (the one holding project.yaml), or name that folder: "
             "actionplan {command} FOLDER.")


def default_folder() -> Path | None:
    """This folder when it holds project.yaml (a partnership's own repository), else `plans`
    when there is one (the layout of this repository), else None."""
    from ..load import PROJECT_FILE  # here, not above: `--help` needs no pydantic

    if Path(PROJECT_FILE).is_file():
        return Path(".")
    if Path("plans").is_dir():
        return Path("plans")
    return None


def _folder_or_default(ctx: click.Context, _param: click.Parameter, folder: Path | None) -> Path:
    if folder is not None:
        return folder
    found = default_folder()
    if found is None:
        raise click.UsageError(NO_FOLDER.format(command=ctx.info_name), ctx)
    return found


def folder_argument(command):  # type: ignore[no-untyped-def]
    """The optional FOLDER argument: the partnership folder, by default `default_folder()`;
    a usage error (exit 2) in plain words when there is none."""
    return click.argument("folder", required=False, callback=_folder_or_default,
                          type=click.Path(file_okay=False, path_type=Path))(command)


def shown(folder: Path, before: str = "") -> str:
    """`folder` as the user would type it after a command: nothing for the current folder."""
    return "" if folder == Path(".") else f"{before}{folder}"
