"""Help text as a non-programmer reads it: whole words, whole descriptions."""

from __future__ import annotations

from typing import Any

import click

_KEEP_HYPHEN = "\u2011"  # a non-breaking hyphen, only while help text is wrapped


class HelpFormatter(click.HelpFormatter):
    """click's wrapper also breaks lines at hyphens ("es-" / "fomento.yaml"); file names, plan
    ids and options have hyphens, so help text wraps at spaces only."""

    def write_text(self, text: str) -> None:
        super().write_text(text.replace("-", _KEEP_HYPHEN))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, text.replace("-", _KEEP_HYPHEN)) for term, text in rows],
                         col_max, col_spacing)

    def getvalue(self) -> str:
        return super().getvalue().replace(_KEEP_HYPHEN, "-")


class Context(click.Context):
    formatter_class = HelpFormatter


class Group(click.Group):
    """A group whose every command's help is wrapped by `HelpFormatter`, wherever the command
    is defined. Give each command a `short_help` that fits the command list at 80 columns
    (tests/test_cli_output.py checks it)."""

    context_class = Context

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.context_class = Context
        super().add_command(cmd, name)
