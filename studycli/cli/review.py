"""``studycli review``: the daily spaced-repetition session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.options import DeckOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from studycli.config import Config
    from studycli.model import Card
    from studycli.scheduler import Scheduler
    from studycli.store import Store


def review(
    ctx: typer.Context,
    deck: DeckOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", min=1, help="At most N cards.")
    ] = None,
) -> None:
    """Study what is due today, then today's new cards. Every answer is saved at once.

    Examples:

    \b
      studycli review
      studycli review --deck speech-omissions --limit 20
    """
    from studycli.cli.study import library_with, run_study, select_cards
    from studycli.model import Mode
    from studycli.plan import planned_config
    from studycli.sources import review_queue

    state = get_state(ctx)
    library, deck_ids = library_with(state, deck or [])
    cards = select_cards(library, deck_ids=deck_ids)

    def build(
        cards: Sequence[Card], store: Store, _scheduler: Scheduler, config: Config, now: datetime
    ) -> list[Card]:
        return review_queue(cards, store, planned_config(config, cards, store, now), now, limit)

    run_study(
        state,
        cards,
        build,
        mode=Mode.REVIEW,
        record=True,
        retry=True,
        empty_message="Nothing due now. Next card due: {next_due}. "
        "Try `studycli quiz` to practise anyway.",
    )
