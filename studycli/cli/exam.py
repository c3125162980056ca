"""``studycli exam``: a timed mock paper, marked at the end, and the history of papers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.options import DeckOption, JsonOption, TopicOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from studycli.session import Frontend


def exam(
    ctx: typer.Context,
    deck: DeckOption = None,
    topic: TopicOption = None,
    count: Annotated[
        int, typer.Option("-n", "--count", metavar="N", min=1, help="Number of questions.")
    ] = 25,
    minutes: Annotated[
        float, typer.Option("--minutes", metavar="M", min=0.5, help="Time allowed.")
    ] = 30,
    seed: Annotated[
        int | None,
        typer.Option("--seed", metavar="S", help="Draw the same paper again.", show_default=False),
    ] = None,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Leave the review log and schedule untouched.")
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="List past papers with their scores instead.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Sit a timed mock paper: no feedback until the end, then a marked report.

    Questions come from every topic in proportion to its cards, across the kinds, with
    a points question per topic. No hints; s skips a question (it comes back at the
    end); when time runs out only the answers given are marked. Each answer counts as a review
    unless --no-record. The report is saved in $STUDYCLI_HOME/exams/.

    Examples:

    \b
      studycli exam
      studycli exam -n 10 --minutes 12 --topic omissions
      studycli exam --history
    """
    if history:
        _history(ctx, as_json=as_json)
        return
    import random

    from studycli.cli.study import (
        EXIT_INTERRUPTED,
        library_with,
        make_frontend,
        select_cards,
    )
    from studycli.exam import draw_paper, save_report, sit
    from studycli.plan import scheduler_for
    from studycli.store import open_store
    from studycli.ui.console import interactive

    state = get_state(ctx)
    library, deck_ids = library_with(state, deck or [])
    cards = select_cards(library, deck_ids=deck_ids, topics=topic or [])
    rng = random.Random(seed)
    paper = draw_paper(cards, count, rng)
    config = state.config()
    with open_store(state.home) as store:
        scheduler = scheduler_for(config, store.states({card.key for card in paper}))
        if as_json and not interactive():
            import sys

            from studycli.ui.plain_frontend import PlainFrontend

            # stdout carries the JSON alone; the questions go to stderr
            frontend: Frontend = PlainFrontend(sys.stdin, sys.stderr, paper=True)
        else:
            frontend = make_frontend(state, record=not no_record, paper=True)
        report, summary = sit(
            store,
            scheduler,
            frontend,
            paper,
            minutes=minutes,
            record=not no_record,
            seed=seed,
            rng=rng,
        )
    path = save_report(state.home, report)
    if as_json:
        typer.echo(json.dumps({**report, "saved_to": str(path)}, indent=2))
    else:
        from studycli.ui.exam_view import report_lines

        typer.echo("")
        typer.echo("\n".join(report_lines(report, path)))
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _history(ctx: typer.Context, *, as_json: bool) -> None:
    from studycli.exam import history_rows, load_history

    reports, problems = load_history(get_state(ctx).home)
    for problem in problems:
        typer.echo(f"note: {problem}", err=True)
    rows = history_rows(reports)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from studycli.ui.exam_view import history_lines

    typer.echo("\n".join(history_lines(rows)))
