"""``studycli stats``: where the learner stands."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from studycli.cli.options import JsonOption
from studycli.cli.state import get_state


def stats(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """Mastery per topic, true retention, due forecast, review heatmap, streak, leeches.

    Examples:

    \b
      studycli stats
      studycli stats --json
    """
    from studycli.readiness import exam_outlook
    from studycli.scheduler import Scheduler, study_day
    from studycli.stats import full_stats
    from studycli.store import open_store

    state = get_state(ctx)
    library = state.library(strict=False)
    config = state.config()
    now = datetime.now(UTC)
    with open_store(state.home, read_only=True) as store:
        cards = library.cards()
        scheduler = Scheduler(config)
        figures = full_stats(cards, store, scheduler, now, config.day_rollover_hour)
        if config.exam_date is not None:
            states = store.states({card.key for card in cards})
            figures["exam"] = exam_outlook(cards, states, scheduler, config, now)
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    from studycli.ui.console import make_console
    from studycli.ui.stats_view import stats_view

    console = make_console(no_color=state.no_color)
    console.print(stats_view(figures, study_day(now, config.day_rollover_hour)))
