"""Card questions for the study loop: which cards ``review`` and ``quiz`` ask, and how.

The queue builders are policy, not UI: ``review`` takes what is due, then the day's new
cards; ``quiz`` takes due cards, then new ones, then the weakest. :class:`CardSource`
turns a queued card into a question (options shuffled once) and a reply into a
:class:`~studycli.recorder.Result` through :func:`studycli.grading.grade`.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from itertools import zip_longest

from studycli.config import Config
from studycli.grading import Question, grade, make_question
from studycli.model import Card, Mode, PointsCard
from studycli.recorder import Result
from studycli.scheduler import CardState, Scheduler, day_bounds
from studycli.session import Reply
from studycli.store import Store
from studycli.summary import Breakdown

MAX_REPEATS = 2  # a card failed in a review session comes back at most this often
MAX_POINTS_REPEATS = 1  # a points card takes long to answer: once is enough


class CardSource:
    """Questions made from cards; *retry* says whether failed cards come back."""

    breakdown = Breakdown.TOPIC

    def __init__(
        self,
        mode: Mode,
        scope: Iterable[Card],
        *,
        retry: bool = False,
        rng: random.Random | None = None,
    ) -> None:
        self.mode = mode
        self.scored = mode is not Mode.REVIEW
        self._scope = frozenset(card.key for card in scope)
        self._retry = retry
        self.rng = rng or random.Random()

    def present(self, item: Card) -> Question:
        return make_question(item, self.rng)

    def judge(self, question: Question, reply: Reply) -> Result:
        card = question.card
        verdict = grade(question, reply.text, hinted=reply.hinted, ticked=reply.ticked)
        return Result.of_verdict(
            question,
            verdict,
            card_key=card.key,
            topic=card.topic.value,
            kind=card.kind,
            given=reply.text,
        )

    def retries(self, item: Card, result: Result) -> int:
        del result
        if not self._retry:
            return 0
        return MAX_POINTS_REPEATS if isinstance(item, PointsCard) else MAX_REPEATS

    def labels(self, result: Result) -> dict[str, str]:
        del result
        return {}

    def scope(self) -> Collection[str]:
        return self._scope


def _interleave(groups: Iterable[list[Card]]) -> list[Card]:
    """Round-robin over decks so a session touches every topic, authored order within each."""
    return [card for row in zip_longest(*groups) for card in row if card is not None]


def _by_deck(cards: Iterable[Card]) -> list[list[Card]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.deck_id, []).append(card)
    return list(groups.values())


def due_keys(
    keys: Iterable[str], store: Store, config: Config, now: datetime
) -> tuple[list[str], dict[str, CardState]]:
    """The cards due now, most overdue first, and the states of all *keys* studied.

    A card in the review state is due for the whole study day (due before the next
    rollover). A card in a learning or relearning step is due at its step's time, not
    before: a card failed a minute ago is not asked again by the next ``review``. The
    short learn-ahead is the session's own: a card failed in a session comes back at
    its end, after the other cards (see :meth:`CardSource.retries`).
    """
    wanted = list(keys)
    states = store.states(wanted)
    _start, day_end = day_bounds(now, config.day_rollover_hour)
    due = [
        key
        for key, when in store.due_before(day_end, wanted)
        if not states[key].state.in_steps or when <= now
    ]
    return due, states


def review_queue(
    cards: Sequence[Card], store: Store, config: Config, now: datetime, limit: int | None = None
) -> list[Card]:
    """Due cards (most overdue first), then new cards up to today's allowance."""
    by_key = {card.key: card for card in cards}
    day_start, _end = day_bounds(now, config.day_rollover_hour)
    keys, known = due_keys(by_key, store, config, now)
    due = [by_key[key] for key in keys]
    allowance = max(0, config.new_per_day - store.introduced_since(day_start))
    fresh = [card for card in _interleave(_by_deck(cards)) if card.key not in known]
    queue = due + fresh[:allowance]
    return queue[:limit] if limit is not None else queue


def quiz_queue(
    cards: Sequence[Card],
    store: Store,
    scheduler: Scheduler,
    config: Config,
    now: datetime,
    count: int,
) -> list[Card]:
    """Due cards first, then new ones, then the weakest (lowest retrievability)."""
    by_key = {card.key: card for card in cards}
    keys, states = due_keys(by_key, store, config, now)
    due = [by_key[key] for key in keys]
    fresh = [card for card in _interleave(_by_deck(cards)) if card.key not in states]
    taken = set(keys)
    seen = [card for card in cards if card.key in states and card.key not in taken]
    seen.sort(key=lambda card: scheduler.retrievability(states[card.key], now))
    return (due + fresh + seen)[:count]
