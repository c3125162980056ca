"""Wiring shared by ``review`` and ``quiz``: open the store, pick a frontend, run, report."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from studycli.cli.state import AppState
from studycli.config import Config
from studycli.errors import StudyError
from studycli.files import resolved
from studycli.library import Library
from studycli.model import Card, Mode, Topic
from studycli.scheduler import Scheduler
from studycli.store import Store, open_store
from studycli.ui.console import interactive

if TYPE_CHECKING:
    from studycli.session import Frontend
    from studycli.summary import Summary

EXIT_INTERRUPTED = 130

QueueBuilder = Callable[[Sequence[Card], Store, Scheduler, Config, datetime], list[Card]]


def library_with(state: AppState, decks: Sequence[str]) -> tuple[Library, list[str]]:
    """Load the library and resolve ``--deck`` values (ids, files or folders) to deck ids.

    A value that looks like a path (it has a '/' or ends in ``.toml``) is loaded as an
    extra deck path, so ``quiz --deck my-deck.toml`` works without a separate global
    option. Any other value is a deck id, even when the current folder happens to hold
    something of that name (``--deck timeline`` beside a ``timeline/`` folder); only a
    value that is no deck id but names an existing file or folder is taken as a path.
    """
    ambiguous = [v for v in decks if not _looks_like_path(v) and Path(v).exists()]
    ids_in_play = {deck.id for deck in state.library().decks} if ambiguous else set()
    paths = [v for v in decks if _looks_like_path(v) or (v in ambiguous and v not in ids_in_play)]
    ids = [value for value in decks if value not in paths]
    places = [resolved(Path(value)) for value in paths]
    state.deck_paths.extend(places)
    library = state.library()
    for ident in ids:
        if library.deck(ident) is None:
            known = ", ".join(deck.id for deck in library.decks)
            raise StudyError(f"no deck with id {ident!r} (decks: {known})")
    for deck in library.decks:
        path = resolved(deck.path)
        if path in places or path.parent in places:
            ids.append(deck.id)
    return library, ids


def _looks_like_path(value: str) -> bool:
    return "/" in value or os.sep in value or value.endswith(".toml")


def select_cards(
    library: Library,
    *,
    deck_ids: Sequence[str] = (),
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> list[Card]:
    """The cards in scope; an unknown topic or kind is a clear error."""
    for topic in topics:
        if topic not in {t.value for t in Topic}:
            raise StudyError(
                f"unknown topic '{topic}' (topics: {', '.join(t.value for t in Topic)})"
            )
    from studycli import kinds as registry

    known = registry.names()
    for kind in kinds:
        if kind not in known:
            raise StudyError(f"unknown kind '{kind}' (kinds: {', '.join(known)})")
    cards = library.cards()
    if deck_ids:
        cards = [card for card in cards if card.deck_id in deck_ids]
    if topics:
        cards = [card for card in cards if card.topic.value in topics]
    if tags:
        cards = [card for card in cards if set(tags) & set(card.tags)]
    if kinds:
        cards = [card for card in cards if card.kind in kinds]
    return cards


def run_study(
    state: AppState,
    cards: Sequence[Card],
    build_queue: QueueBuilder,
    *,
    mode: Mode,
    record: bool,
    retry: bool,
    empty_message: str,
) -> None:
    """Run a session over the queue built from *cards*, print its summary; exit 130 if
    interrupted."""
    from studycli.plan import scheduler_for
    from studycli.readiness import exam_outlook
    from studycli.session import Policy, Session
    from studycli.sources import CardSource

    config = state.config()
    with open_store(state.home) as store:
        scheduler = scheduler_for(config, store.states({card.key for card in cards}))
        now = datetime.now(UTC)
        queue = build_queue(cards, store, scheduler, config, now)
        if not queue:
            from studycli.ui.summary import local_time

            next_due = store.next_due({card.key for card in cards})
            typer.echo(empty_message.format(next_due=local_time(next_due)))
            return
        frontend = make_frontend(state, record=record)
        source = CardSource(mode, cards, retry=retry)
        session = Session(store, scheduler, frontend, source, policy=Policy(record=record))
        summary = session.run(queue)
        if mode is Mode.REVIEW and build_queue(cards, store, scheduler, config, datetime.now(UTC)):
            # `review` run now would ask something (new cards past --limit, cards left
            # when the learner quit): the next card is due now, whatever the store says.
            summary.next_due = datetime.now(UTC)
        outlook = exam_outlook(
            cards, store.states({c.key for c in cards}), scheduler, config, datetime.now(UTC)
        )
    after: list[str] = []
    if outlook is not None:
        from studycli.ui.forecast_view import exam_lines

        after = exam_lines(outlook)
    print_summary(state, summary, after)


def print_summary(state: AppState, summary: Summary, after: Sequence[str] = ()) -> None:
    """The summary, styled in a terminal and plain when piped, then *after* (more lines
    for the end of the session); exit 130 if interrupted."""
    from studycli.ui.summary import summary_lines

    lines = summary_lines(summary)
    if interactive():
        from rich.text import Text

        from studycli.ui.console import make_console

        console = make_console(no_color=state.no_color)
        console.print()
        for text, style in lines:
            console.print(Text(text, style=style))
    else:
        typer.echo("")
        for text, _style in lines:
            typer.echo(text)
    if after:
        typer.echo("\n".join(after))
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def make_frontend(state: AppState, *, record: bool = True, paper: bool = False) -> Frontend:
    """The terminal UI when stdin and stdout are both terminals, else plain lines;
    *paper* for a mock exam (no hints, no key points before the end)."""
    if interactive():
        from studycli.ui.terminal import TerminalFrontend

        return TerminalFrontend(no_color=state.no_color, record=record, paper=paper)
    from studycli.ui.plain_frontend import PlainFrontend

    return PlainFrontend(sys.stdin, sys.stdout, paper=paper)
