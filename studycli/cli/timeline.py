"""``studycli timeline``: the chronology, one event's details, or the chronology drill."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.options import JsonOption
from studycli.cli.state import AppState, get_state
from studycli.topics import Topic

if TYPE_CHECKING:
    from studycli.scheduler import Scheduler
    from studycli.store import Store
    from studycli.timeline import TimelineFilter


def timeline(
    ctx: typer.Context,
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            help="Only events in or after this year (spans overlapping it count).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option(
            "--to", metavar="YEAR", help="Only events in or before this year.", show_default=False
        ),
    ] = None,
    topic: Annotated[
        list[Topic] | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="TOPIC",
            help="Only this topic; repeatable.",
            show_default=False,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            metavar="TAG",
            help="Only events with this tag; repeatable.",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            metavar="TEXT",
            help="Only events whose title or explanation contains TEXT (case and accents ignored).",
            show_default=False,
        ),
    ] = None,
    detail: Annotated[
        str | None,
        typer.Option(
            "--detail",
            metavar="ID",
            help="Show one event's explanation and source.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    quiz: Annotated[
        bool,
        typer.Option("--quiz", help="Drill the chronology: order events, which came first, when."),
    ] = False,
    count: Annotated[
        int, typer.Option("-n", "--count", metavar="N", min=1, help="Number of drill questions.")
    ] = 8,
) -> None:
    """The chronology by era and year, marked by how well you know each date.

    --quiz drills it: put shuffled events in order, say which came first, recall a date,
    with partial credit; every answer feeds the date cards' schedule.

    Examples:

    \b
      studycli timeline --from 1953 --to 1957
      studycli timeline --quiz -n 6 --topic impacts
    """
    from studycli.timeline import TimelineFilter

    if start is not None and end is not None and start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="'--from'")
    if quiz and (as_json or detail):
        raise typer.BadParameter("--quiz cannot be combined with --json or --detail")
    scope = TimelineFilter(
        start_year=start,
        end_year=end,
        topics=frozenset(topic or ()),
        tags=frozenset(tag or ()),
        search=search or "",
    )
    state = get_state(ctx)
    if quiz:
        _drill(state, scope, count)
    else:
        _view(state, scope, detail, as_json=as_json)


def _open(state: AppState, *, read_only: bool = False) -> tuple[Store, Scheduler]:
    """The store and the scheduler drills record with: the exam plan's, if one is set."""
    from studycli.plan import scheduler_for
    from studycli.store import open_store

    config = state.config()
    store = open_store(state.home, read_only=read_only)
    return store, scheduler_for(config, store.states() if config.exam_date else {})


def _view(state: AppState, scope: TimelineFilter, detail: str | None, *, as_json: bool) -> None:
    from datetime import UTC, datetime

    from studycli.timeline import find_event, group_entries, timeline_entries

    library = state.library(strict=False)
    events = library.events() if detail else [e for e in library.events() if scope.matches(e)]
    if detail:
        events = [find_event(events, detail)]
    store, scheduler = _open(state, read_only=True)
    with store:
        now = datetime.now(UTC)
        entries = timeline_entries(
            events,
            store.states(e.key for e in events),
            lambda card: scheduler.retrievability(card, now),
        )
    if as_json:
        data = [entry.as_json() for entry in entries]
        if detail:
            data[0] |= {"explain": entries[0].event.explain, "source": entries[0].event.source}
        typer.echo(json.dumps(data[0] if detail else data, indent=2))
        return
    from studycli.ui.console import make_console

    console = make_console(no_color=state.no_color)
    if not entries:
        typer.echo("No events match; try a wider --from/--to or another --topic.")
        return
    if not detail and not console.is_terminal:  # piped: the same lines, without Rich's grid
        from studycli.ui.timeline_text import timeline_lines

        lines = timeline_lines(group_entries(entries, library.eras()), width=console.width)
        if lines is not None:
            typer.echo("\n".join(lines))
            return
    from studycli.ui.render import timeline_detail, timeline_view

    view = (
        timeline_detail(entries[0])
        if detail
        else timeline_view(group_entries(entries, library.eras()), width=console.width)
    )
    if console.is_terminal:
        console.print(view, soft_wrap=False)
        return
    with console.capture() as captured:  # piped: wrap at --width, no trailing padding
        console.print(view, soft_wrap=False)
    typer.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _drill(state: AppState, scope: TimelineFilter, count: int) -> None:
    """The chronology drill, asked by the one study loop like any session."""
    import random
    from datetime import UTC, datetime

    from studycli.cli.study import make_frontend, print_summary
    from studycli.drills import DrillSource, build_drill, weakness_by_key
    from studycli.session import Session
    from studycli.timeline import filter_events

    events = filter_events(state.library().events(), scope)
    if not events:
        typer.echo("No events match; try a wider --from/--to or another --topic.")
        return
    store, scheduler = _open(state)
    with store:
        now = datetime.now(UTC)
        weakness = weakness_by_key(
            events,
            store.states(e.key for e in events),
            lambda card: scheduler.retrievability(card, now),
        )
        questions = build_drill(events, count, random.Random(), weakness)
        session = Session(store, scheduler, make_frontend(state), DrillSource(events))
        summary = session.run(questions)
    print_summary(state, summary)
