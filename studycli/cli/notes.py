"""``studycli notes``: the revision notes to read before quizzing a theme."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from studycli.cli.options import JsonOption
from studycli.cli.state import get_state


def notes(
    ctx: typer.Context,
    scope: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC|TAG]",
            help="Only the notes of this topic (content, omissions, impacts, context) "
            "or carrying this tag.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read the revision notes, each with the number of cards that test it and the
    command that quizzes them.

    Examples:

    \b
      studycli notes omissions
      studycli notes hungary
      studycli notes | less
    """
    from studycli.revision import note_views

    state = get_state(ctx)
    views = note_views(state.library(strict=False), scope)
    if as_json:
        typer.echo(json.dumps([view.as_json() for view in views], indent=2, ensure_ascii=False))
        return
    if not views:
        typer.echo("No revision notes in the decks in play.")
        return
    import sys

    if sys.stdout.isatty():
        from studycli.ui.console import make_console
        from studycli.ui.notes_view import rich_notes

        make_console(no_color=state.no_color).print(rich_notes(views))
        return
    import shutil

    from studycli.ui.notes_view import plain_notes

    typer.echo(plain_notes(views, shutil.get_terminal_size().columns))
