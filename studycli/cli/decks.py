"""``studycli decks``: list the decks in play, check, start and export deck files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.help import StudyCommand
from studycli.cli.options import JsonOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from studycli.model import Deck

decks_app = typer.Typer(help="List, check and export decks.", no_args_is_help=True)


@decks_app.command("list")
def list_decks(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """List the decks found: bundled, $STUDYCLI_DECKS and --deck.

    Examples:

    \b
      studycli decks list
      studycli --deck my-decks/ decks list --json
    """
    from studycli.deckinfo import deck_summaries

    state = get_state(ctx)
    summaries = deck_summaries(state.library(strict=False))
    if as_json:
        typer.echo(json.dumps([summary.as_dict() for summary in summaries], indent=2))
        return
    import shutil

    from studycli.ui.columns import format_columns
    from studycli.ui.console import use_color
    from studycli.ui.sanitize import clean

    lines = format_columns(
        ["id", "topic", "cards", "events", "title"],
        [
            [
                clean(row.id),
                row.topic,
                str(row.cards),
                str(row.events),
                clean(row.title) + (" (replaces bundled)" if row.replaces_bundled else ""),
            ]
            for row in summaries
        ],
        width=shutil.get_terminal_size().columns,
        right_aligned=frozenset({2, 3}),
    )
    if use_color(no_color=state.no_color):
        lines[0] = f"\x1b[1m{lines[0]}\x1b[0m"
    cards = sum(row.cards for row in summaries)
    events = sum(row.events for row in summaries)
    lines.append(f"{len(summaries)} decks, {cards} cards, {events} timeline events")
    typer.echo("\n".join(lines))


@decks_app.command("check", cls=StudyCommand)
def check_decks(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Deck files or folders (default: every deck in play).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate decks and print every problem with file, card id and field.

    Named files are also checked against the other decks in play: a clash of deck ids
    that would stop every other command is reported here.

    Examples:

    \b
      studycli decks check my-deck.toml
      studycli decks check
    """
    from studycli.deckinfo import check_paths
    from studycli.ui.sanitize import clean

    state = get_state(ctx)
    report = check_paths(paths or state.library_paths(), state.library_paths() if paths else ())
    for problem in report.problems:
        typer.echo(clean(str(problem)), err=True)
    typer.echo(report.summary(), err=bool(report.problems))
    for replacement in report.replacements:
        typer.echo(clean(replacement.notice()))
    _report_orphans(state.home, report.decks)
    if report.problems:
        raise typer.Exit(1)


def _report_orphans(home: Path, decks: list[Deck]) -> None:
    """Name cards whose history outlived them in the deck file (the history is kept)."""
    from studycli.deckinfo import orphaned_history
    from studycli.errors import StoreError
    from studycli.paths import progress_path
    from studycli.store import Store
    from studycli.ui.sanitize import clean

    path = progress_path(home)
    if not path.exists() or not decks:
        return
    try:
        with Store.open(path, read_only=True) as store:
            orphans = orphaned_history(decks, store.keys_with_history())
    except StoreError as error:
        typer.echo(clean(f"note: progress not checked: {error}"), err=True)
        return
    for deck_id, card_ids in orphans.items():
        # The card ids come from the store, where an imported progress file put them.
        listed = ", ".join(clean(repr(card_id)) for card_id in card_ids)
        typer.echo(
            f"note: deck '{clean(deck_id)}': {len(card_ids)} card(s) with history are no "
            f"longer in the deck (history kept): {listed}"
        )


@decks_app.command("export")
def export_decks(
    ctx: typer.Context,
    anki: Annotated[
        Path,
        typer.Option(
            "--anki",
            metavar="FILE",
            help="Write an Anki package (.apkg) to FILE.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    deck_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--deck",
            metavar="ID",
            help="Deck id to export; repeat for several (default: every deck in play).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export decks as an Anki package; re-importing it updates notes instead of duplicating.

    Examples:

    \b
      studycli decks export --anki secret-speech.apkg
      studycli decks export --anki omissions.apkg --deck speech-omissions
    """
    from studycli.anki import select_decks, write_apkg

    state = get_state(ctx)
    result = write_apkg(select_decks(state.library(), deck_ids or []), anki)
    cards = "card" if result.cards == 1 else "cards"
    decks = "deck" if result.decks == 1 else "decks"
    typer.echo(f"Wrote {result.cards} {cards} in {result.decks} {decks} to {result.path}")


@decks_app.command("new", cls=StudyCommand)
def new_deck(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The deck file to create.", dir_okay=False, show_default=False
        ),
    ],
    ident: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="Deck id (default: made from the file name).",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        str,
        typer.Option("--topic", metavar="TOPIC", help="content, omissions, impacts or context."),
    ] = "content",
) -> None:
    """Write a commented starter deck: one card of every kind, an event and a note.

    Examples:

    \b
      studycli decks new my-class.toml --id my-class --topic impacts
      studycli decks check my-class.toml
    """
    import shlex

    from studycli.starter import starter_text, write_starter

    write_starter(file, starter_text(file, ident, topic))
    typer.echo(f"Wrote a starter deck to {file}: 7 cards, 1 event, 1 note.")
    typer.echo(f"Edit it, then check it with: studycli decks check {shlex.quote(str(file))}")


@decks_app.command("schema")
def schema() -> None:
    """Print a JSON Schema of the deck format, for validation and completion in editors.

    Examples:

    \b
      studycli decks schema > studycli-deck.schema.json
    """
    from studycli.deck_schema import deck_schema

    typer.echo(json.dumps(deck_schema(), indent=2, ensure_ascii=False))


@decks_app.command("import", cls=StudyCommand)
def import_deck(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SOURCE",
            help="Quizlet export text, CSV file or Anki package.",
            show_default=False,
        ),
    ],
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            metavar="FILE",
            help="The deck file to write.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    source_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="quizlet, csv or apkg (default: from the file name).",
            show_default=False,
        ),
    ] = None,
    ident: Annotated[
        str | None,
        typer.Option(
            "--id", metavar="ID", help="Deck id (default: made from --to).", show_default=False
        ),
    ] = None,
    topic: Annotated[
        str,
        typer.Option("--topic", metavar="TOPIC", help="content, omissions, impacts or context."),
    ] = "content",
    term_separator: Annotated[
        str | None,
        typer.Option(
            metavar="SEP",
            help="Quizlet: between term and definition (tab, comma or the text).",
            show_default=False,
        ),
    ] = None,
    card_separator: Annotated[
        str | None,
        typer.Option(
            metavar="SEP",
            help="Quizlet: between cards (newline, semicolon or the text).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --to if it exists.")] = False,
) -> None:
    """Make a deck from Quizlet export text, a CSV table or an Anki package (.apkg).

    The deck written passes `decks check`; problems are named by line or Anki note.

    Examples:

    \b
      studycli decks import quizlet-set.txt --to class.toml --topic context
      studycli decks import questions.csv --to questions.toml --id year-12
      studycli decks import shared.apkg --to shared.toml
    """
    import shlex

    from studycli.errors import StudyError
    from studycli.importers import ImportOptions, importer_for
    from studycli.importers.writer import DeckHeader, write_deck
    from studycli.starter import deck_id_and_topic

    deck_id, deck_topic = deck_id_and_topic(to, ident, topic)
    if to.exists() and not force:
        raise StudyError(f"{to}: already exists; give --force to replace it")
    importer = importer_for(source, source_format)
    imported = importer.read(source, ImportOptions(term_separator, card_separator))
    title = imported.title or to.stem
    header = DeckHeader(deck_id, title, deck_topic, f"Imported from {source.name}.")
    count = write_deck(source, to, header, imported)
    from studycli.ui.sanitize import clean

    for note in imported.notes:  # notes quote the imported file: clean them
        typer.echo(clean(f"note: {note}"), err=True)
    cards = "card" if count == 1 else "cards"
    typer.echo(f"Imported {count} {cards} from {source} into {to} (deck '{deck_id}').")
    typer.echo(f"Study it with: studycli --deck {shlex.quote(str(to))} quiz --deck {deck_id}")
