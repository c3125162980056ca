"""``studycli stats``: where the learner stands."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer

from studycli.cli.state import get_state


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Per-topic mastery, reviews and what is due."""
    from studycli.config import load_config
    from studycli.paths import config_path
    from studycli.scheduler import Scheduler
    from studycli.stats import basic_stats
    from studycli.store import open_store

    state = get_state(ctx)
    library = state.library()
    scheduler = Scheduler(load_config(config_path(state.home)))
    with open_store(state.home) as store:
        figures = basic_stats(library.cards(), store, scheduler, datetime.now(UTC))
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    typer.echo(f"Reviews: {figures['total_reviews']}")
    seen, total, due = figures["cards_seen"], figures["cards_total"], figures["due_now"]
    typer.echo(f"Cards seen: {seen} of {total}; due now: {due}")
    topics = figures["topics"]
    assert isinstance(topics, dict)
    for name, tally in topics.items():
        mastered, seen_here, cards = tally["mastered"], tally["seen"], tally["cards"]
        typer.echo(f"  {name:<10} {mastered:>4} mastered, {seen_here:>4} seen of {cards}")
