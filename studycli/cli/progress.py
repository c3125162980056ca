"""``studycli progress``: carry progress between machines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from studycli.cli.help import StudyCommand
from studycli.cli.state import get_state

progress_app = typer.Typer(
    help="Export and import progress (merge two machines).", no_args_is_help=True
)


@progress_app.command("export", cls=StudyCommand)
def export(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="JSON Lines file to write, or - for standard output."),
    ],
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner",
            metavar="NAME",
            help="Your name, for a teacher's `class report` (default: the file's name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write every review to FILE (JSON Lines), replacing it atomically; - writes them to
    standard output, for a pipe.

    Examples:

    \b
      studycli progress export ~/Sync/studycli-laptop.jsonl
      studycli progress export - | gzip > progress.jsonl.gz
      studycli progress export anna.jsonl --learner "Anna K."
    """
    from studycli.progress_file import export_lines, export_progress
    from studycli.store import open_store

    with open_store(get_state(ctx).home, read_only=True) as store:
        if str(file) == "-":  # the log itself is the output; the count would spoil it
            for line in export_lines(store, learner):
                typer.echo(line)
            return
        count = export_progress(store, file, learner)
    typer.echo(f"Exported {_count(count, 'review')} to {file}")


@progress_app.command("import", cls=StudyCommand)
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A file written by `progress export`.")
    ],
) -> None:
    """Merge the reviews in FILE into this machine's progress; importing twice is harmless.

    Examples:

    \b
      studycli progress import ~/Sync/studycli-laptop.jsonl
    """
    from studycli.progress_file import import_progress
    from studycli.store import open_store

    state = get_state(ctx)
    config = state.config()
    with open_store(state.home) as store:
        added, cards = import_progress(store, file, config)
    typer.echo(f"Imported {_count(added, 'new review')}; {_count(cards, 'card')} rescheduled.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
