"""``studycli quiz``: practise a chosen scope now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.options import DeckOption, KindOption, TagOption, TopicOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from studycli.config import Config
    from studycli.model import Card
    from studycli.scheduler import Scheduler
    from studycli.store import Store


def quiz(
    ctx: typer.Context,
    deck: DeckOption = None,
    topic: TopicOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    count: Annotated[
        int, typer.Option("-n", "--count", metavar="N", min=1, help="Number of questions.")
    ] = 10,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise without touching the schedule.")
    ] = False,
) -> None:
    """Quiz me now: due cards first, then new ones, then the weakest. Ends with a score.

    Examples:

    \b
      studycli quiz -n 5 --topic omissions
      studycli quiz --tag hungary --cram
    """
    from studycli.cli.study import library_with, run_study, select_cards
    from studycli.model import Mode
    from studycli.sources import quiz_queue

    state = get_state(ctx)
    library, deck_ids = library_with(state, deck or [])
    cards = select_cards(
        library, deck_ids=deck_ids, topics=topic or [], tags=tag or [], kinds=kind or []
    )

    def build(
        cards: Sequence[Card], store: Store, scheduler: Scheduler, config: Config, now: datetime
    ) -> list[Card]:
        return quiz_queue(cards, store, scheduler, config, now, count)

    run_study(
        state,
        cards,
        build,
        mode=Mode.QUIZ,
        record=not cram,
        retry=False,
        empty_message="No cards match that scope.",
    )
