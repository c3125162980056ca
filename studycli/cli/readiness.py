"""``studycli readiness``: the expected share of each topic recalled on a day."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated

import typer

from studycli.cli.options import DeckOption, JsonOption, TopicOption
from studycli.cli.state import get_state


def parse_day(value: str, option: str) -> date:
    """A YYYY-MM-DD option value, or a clear error naming the option."""
    from studycli.errors import StudyError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StudyError(f"{option}: '{value}' is not a date like 2027-06-14") from None


def readiness(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="Day to forecast, YYYY-MM-DD (default: the exam date if set, else today).",
            show_default=False,
        ),
    ] = None,
    deck: DeckOption = None,
    topic: TopicOption = None,
    as_json: JsonOption = False,
) -> None:
    """Expected share of each topic you would recall on a day, from FSRS.

    Examples:

    \b
      studycli readiness
      studycli readiness --on 2027-05-14 --topic omissions
    """
    from studycli.cli.study import library_with, select_cards
    from studycli.readiness import readiness as forecast
    from studycli.scheduler import Scheduler, study_day
    from studycli.store import open_store

    state = get_state(ctx)
    config = state.config()
    library, deck_ids = library_with(state, deck or [])
    cards = select_cards(library, deck_ids=deck_ids, topics=topic or [])
    now = datetime.now(UTC)
    today = study_day(now, config.day_rollover_hour)
    day = parse_day(on, "--on") if on else config.exam_date or today
    with open_store(state.home) as store:
        result = forecast(
            cards,
            store.states({card.key for card in cards}),
            Scheduler(config),
            now=now,
            on=day,
            today=today,
            target=config.desired_retention,
        )
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2))
        return
    from studycli.ui.console import use_color

    if use_color(no_color=state.no_color):
        from studycli.ui.console import make_console
        from studycli.ui.forecast_view import readiness_view

        make_console(no_color=state.no_color).print(readiness_view(result, today))
        return
    from studycli.ui.forecast_view import readiness_lines

    typer.echo("\n".join(readiness_lines(result, today)))
