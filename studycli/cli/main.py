"""The root command and the single exit point.

Every :class:`~studycli.errors.StudyError` is turned into a message on stderr and exit
status 1 here; usage errors exit 2; Ctrl-C exits 130. Only ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import io
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studycli import __version__
from studycli.cli.commands import LazyGroup
from studycli.cli.state import get_state
from studycli.errors import StudyError
from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from typer._click.core import Command

EXIT_ERROR = 1

app = typer.Typer(
    name="studycli",
    help="Study Khrushchev's 1956 Secret Speech: what it said, what it left out, "
    "and what it set off.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LazyGroup,  # the commands are in studycli.cli.commands, each built when looked up
)


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
            metavar="DIR",
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
            help="Also load the decks in PATH (a deck file or folder); repeatable. "
            "Also $STUDYCLI_DECKS.",
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
    del debug  # main() reads --debug from the arguments, before any command runs


def _plain_coercion(command: Command) -> None:
    """Plain option values are converted without Pydantic (see studycli.cli.coercion)."""
    try:
        from studycli.cli.coercion import install
    except ImportError:  # a Typer without the coercion layer it extends: Typer does it all
        return
    install(command)


def _debug_requested(args: list[str]) -> bool:
    """Whether ``--debug`` was given as an option (not as a value after ``--``)."""
    options = args[: args.index("--")] if "--" in args else args
    return "--debug" in options


def _one_line(error: BaseException) -> str:
    """The first line of *error*'s text, safe to print (it may quote hostile data)."""
    text = clean(str(error)).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def main(argv: list[str] | None = None) -> None:
    """Run the app; the one place where errors become messages and exit statuses.

    A :class:`StudyError` prints its message and exits with its ``exit_code`` (1). Any
    other exception is a bug or something unforeseen: it prints one line and how to see
    the details, and exits 1. ``--debug`` adds the traceback to both. Typer itself exits
    2 on usage errors and 130 on Ctrl-C.
    """
    args = sys.argv[1:] if argv is None else argv
    debug = _debug_requested(args)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A byte that is not UTF-8 must not end a session: it reaches the plain
        # frontend as a lone surrogate, which asks for the line again.
        sys.stdin.reconfigure(errors="surrogateescape")
    try:
        command = typer.main.get_command(app)
        _plain_coercion(command)
        command(args=args, prog_name="studycli")
    except StudyError as error:
        sys.stdout.flush()
        if debug:
            traceback.print_exc()
        typer.echo(f"studycli: {clean(str(error))}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # the last resort: no traceback by default
        sys.stdout.flush()
        if debug:
            traceback.print_exc()
            typer.echo(f"studycli: unexpected error: {_one_line(error)}", err=True)
        else:
            typer.echo(
                f"studycli: unexpected error: {_one_line(error)} "
                "(run again with --debug to see the details)",
                err=True,
            )
        sys.exit(EXIT_ERROR)
