"""The study loop, independent of any user interface.

A :class:`Session` takes a queue of cards and a :class:`Frontend` (the terminal UI or
plain lines), asks each question, grades it, schedules it with FSRS and commits it to
the store *before* showing the feedback, so what the learner has seen judged is saved.
Queue building for ``review`` and ``quiz`` lives here too: it is policy, not UI.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import zip_longest
from typing import Protocol

from studycli.config import Config
from studycli.grading import Outcome, Question, Verdict, grade, make_question
from studycli.model import Card
from studycli.scheduler import CardState, Scheduler, day_bounds
from studycli.store import Store

MAX_REPEATS = 2  # a card failed in a review session comes back at most this often


class Action(StrEnum):
    ANSWER = "answer"
    SKIP = "skip"
    UNDO = "undo"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the learner did with a question."""

    action: Action
    text: str = ""
    hinted: bool = False
    ticked: frozenset[int] = frozenset()
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    position: int
    total: int
    mode: str
    started: float


class Frontend(Protocol):
    """The one door for interaction; the loop never knows which one it talks to."""

    def ask(self, question: Question, progress: Progress) -> Reply: ...

    def feedback(self, question: Question, verdict: Verdict, *, rated: bool) -> int | Action | None:
        """Show the verdict; return a rating (1-4) overriding the proposed one, None to
        accept it, or Action.UNDO / Action.QUIT to take the answer back or stop now.

        *rated* is False when nothing is scheduled (``quiz --cram``): then there is no
        rating to show or override, only "next", undo and quit."""
        ...

    def notice(self, message: str) -> None: ...


@dataclass
class TopicTally:
    answered: int = 0
    correct: int = 0
    score: float = 0.0


@dataclass
class SessionSummary:
    """What ``review`` and ``quiz`` print at the end."""

    mode: str
    started: datetime
    seconds: float = 0.0
    answered: int = 0
    correct: int = 0
    partial: int = 0
    skipped: int = 0
    interrupted: bool = False
    next_due: datetime | None = None
    topics: dict[str, TopicTally] = field(default_factory=dict)

    def count(self, topic: str, verdict: Verdict, sign: int = 1) -> None:
        tally = self.topics.setdefault(topic, TopicTally())
        tally.answered += sign
        tally.score += sign * verdict.score
        self.answered += sign
        if verdict.outcome is Outcome.CORRECT:
            tally.correct += sign
            self.correct += sign
        elif verdict.outcome is Outcome.PARTIAL:
            self.partial += sign

    @property
    def weakest_topic(self) -> str | None:
        """The topic with the lowest average credit, or None when nothing fell short."""
        shares = {
            name: tally.score / tally.answered
            for name, tally in self.topics.items()
            if tally.answered
        }
        if not shares or min(shares.values()) >= 1.0:
            return None
        return min(shares, key=lambda name: (shares[name], name))

    def topics_to_revisit(self) -> list[str]:
        """Topics where fewer than 80 % of the answers earned full credit."""
        return sorted(
            name
            for name, tally in self.topics.items()
            if tally.answered and tally.correct / tally.answered < 0.8
        )


@dataclass
class _Answered:
    review_id: str | None
    card: Card
    verdict: Verdict


class Session:
    """Runs one study session over a queue of cards."""

    def __init__(
        self,
        store: Store,
        scheduler: Scheduler,
        frontend: Frontend,
        *,
        mode: str,
        record: bool = True,
        requeue_failed: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.frontend = frontend
        self.mode = mode
        self.record = record
        self.requeue_failed = requeue_failed
        self.clock = clock
        self.rng = rng or random.Random()
        self.summary = SessionSummary(mode=mode, started=clock())
        self._history: list[_Answered] = []

    def run(self, cards: Sequence[Card]) -> SessionSummary:
        """Study *cards*; Ctrl-C ends the session with everything answered kept."""
        queue = list(cards)
        repeats: dict[str, int] = {}
        started = time.monotonic()
        position = 0
        try:
            while position < len(queue):
                card = queue[position]
                question = make_question(card, self.rng)
                progress = Progress(position + 1, len(queue), self.mode, started)
                reply = self.frontend.ask(question, progress)
                if reply.action is Action.QUIT:
                    break
                if reply.action is Action.SKIP:
                    self.summary.skipped += 1
                    position += 1
                elif reply.action is Action.UNDO:
                    position = self._undo(queue, position)
                else:
                    verdict, then = self._answer(question, reply)
                    position += 1
                    failed = verdict.outcome is Outcome.WRONG
                    if failed and self.requeue_failed and repeats.get(card.key, 0) < MAX_REPEATS:
                        repeats[card.key] = repeats.get(card.key, 0) + 1
                        queue.append(card)
                    if then is Action.UNDO:
                        position = self._undo(queue, position)
                    elif then is Action.QUIT:
                        break
        except KeyboardInterrupt:
            self.summary.interrupted = True
        self.summary.seconds = time.monotonic() - started
        keys = {card.key for card in cards}
        self.summary.next_due = self.store.next_due(keys)
        return self.summary

    def _answer(self, question: Question, reply: Reply) -> tuple[Verdict, Action | None]:
        """Grade, schedule and commit, then show the feedback (and take an override).

        Returns the verdict and what the learner asked for at the feedback (undo or
        quit), if anything.
        """
        card = question.card
        verdict = grade(question, reply.text, hinted=reply.hinted, ticked=reply.ticked)
        review_id: str | None = None
        previous: CardState | None = None
        now = self.clock()
        if self.record:
            previous = self.store.state(card.key)
            new_state = self.scheduler.review(previous, int(verdict.rating), now)
            review_id = self.store.record(
                card_key=card.key,
                when=now,
                rating=int(verdict.rating),
                outcome=verdict.outcome.value,
                score=verdict.score,
                answer=reply.text,
                duration_ms=reply.duration_ms,
                mode=self.mode,
                previous=previous,
                new_state=new_state,
            )
        self.summary.count(card.topic.value, verdict)
        self._history.append(_Answered(review_id, card, verdict))
        override = self.frontend.feedback(question, verdict, rated=self.record)
        if isinstance(override, Action):
            return verdict, override
        if override is not None and override != int(verdict.rating) and review_id is not None:
            self.store.amend_rating(
                review_id, override, self.scheduler.review(previous, override, now)
            )
        return verdict, None

    def _undo(self, queue: list[Card], position: int) -> int:
        """Take back the last answer: delete its review, restore the card, ask it again."""
        if not self._history:
            self.frontend.notice("Nothing to undo.")
            return position
        last = self._history[-1]
        if last.review_id is not None and self.store.undo(last.review_id) is None:
            self.frontend.notice(
                "Cannot undo: this card has been reviewed since (in another session)."
            )
            return position
        self._history.pop()
        self.summary.count(last.card.topic.value, last.verdict, sign=-1)
        self.frontend.notice(f"Undone: {last.card.prompt or last.card.id}")
        if position > 0 and queue[position - 1] is last.card:
            return position - 1
        queue.insert(position, last.card)
        return position


def _interleave(groups: Iterable[list[Card]]) -> list[Card]:
    """Round-robin over decks so a session touches every topic, authored order within each."""
    return [card for row in zip_longest(*groups) for card in row if card is not None]


def _by_deck(cards: Iterable[Card]) -> list[list[Card]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.deck_id, []).append(card)
    return list(groups.values())


def review_queue(
    cards: Sequence[Card], store: Store, config: Config, now: datetime, limit: int | None = None
) -> list[Card]:
    """Due cards (most overdue first), then new cards up to today's allowance."""
    by_key = {card.key: card for card in cards}
    day_start, day_end = day_bounds(now, config.day_rollover_hour)
    due = [by_key[key] for key, _due in store.due_before(day_end, by_key)]
    known = set(store.states(by_key))
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
    _start, day_end = day_bounds(now, config.day_rollover_hour)
    due_keys = [key for key, _due in store.due_before(day_end, by_key)]
    states = store.states(by_key)
    due = [by_key[key] for key in due_keys]
    fresh = [card for card in _interleave(_by_deck(cards)) if card.key not in states]
    taken = set(due_keys)
    seen = [card for card in cards if card.key in states and card.key not in taken]
    seen.sort(key=lambda card: scheduler.retrievability(states[card.key], now))
    return (due + fresh + seen)[:count]
