"""The root command and the single exit point.

Every :class:`~studycli.errors.StudyError` is turned into a message on stderr and exit
status 1 here; usage errors exit 2; Ctrl-C exits 130. Only ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from studycli import __version__
from studycli.cli.decks import decks_app
from studycli.cli.optimize import optimize
from studycli.cli.progress import progress_app
from studycli.cli.quiz import quiz
from studycli.cli.review import review
from studycli.cli.state import get_state
from studycli.cli.stats import stats
from studycli.cli.timeline import timeline
from studycli.errors import StudyError

EXIT_ERROR = 1

app = typer.Typer(
    name="studycli",
    help="Study Khrushchev's 1956 Secret Speech: what it said, what it left out, "
    "and what it set off.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command()(review)
app.command()(quiz)
app.command()(stats)
app.command()(optimize)
app.command()(timeline)
app.add_typer(decks_app, name="decks")
app.add_typer(progress_app, name="progress")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"studycli {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Directory for progress and config (default: $STUDYCLI_HOME, "
            "else your user data directory).",
            show_default=False,
        ),
    ] = None,
    deck: Annotated[
        list[Path] | None,
        typer.Option(
            "--deck",
            metavar="PATH",
            help="Extra deck file or folder; repeatable. Also $STUDYCLI_DECKS.",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output, no colours.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[  # noqa: ARG001 (handled by its eager callback)
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Study Khrushchev's 1956 Secret Speech with spaced repetition."""
    state = get_state(ctx)
    state.home_override = home
    state.deck_paths = list(deck or [])
    state.no_color = no_color
    state.debug = debug


def main(argv: list[str] | None = None) -> None:
    """Run the app and turn a :class:`StudyError` into a message and exit status 1.

    Typer itself exits 2 on usage errors and 130 on Ctrl-C.
    """
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="studycli")
    except StudyError as error:
        if "--debug" in args:
            raise
        sys.stdout.flush()
        typer.echo(f"studycli: {error}", err=True)
        sys.exit(EXIT_ERROR)
