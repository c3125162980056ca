"""Aggregates for ``studycli stats``, computed from the store and the decks in play."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from studycli.model import Card, Topic
from studycli.scheduler import REVIEW, Scheduler
from studycli.store import Store

MASTERED_RETRIEVABILITY = 0.9


def basic_stats(
    cards: Sequence[Card], store: Store, scheduler: Scheduler, now: datetime
) -> dict[str, object]:
    """The figures of ``stats --json``; cards are those of the decks in play."""
    states = store.states()
    topics: dict[str, dict[str, int]] = {
        topic.value: {"cards": 0, "seen": 0, "mastered": 0} for topic in Topic
    }
    due_now = 0
    for card in cards:
        tally = topics[card.topic.value]
        tally["cards"] += 1
        state = states.get(card.key)
        if state is None:
            continue
        tally["seen"] += 1
        if state.due <= now:
            due_now += 1
        if (
            state.state == REVIEW
            and scheduler.retrievability(state, now) >= MASTERED_RETRIEVABILITY
        ):
            tally["mastered"] += 1
    return {
        "total_reviews": store.review_count(),
        "cards_total": len(cards),
        "cards_seen": sum(t["seen"] for t in topics.values()),
        "due_now": due_now,
        "topics": topics,
    }
