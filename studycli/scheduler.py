"""A thin adapter over the ``fsrs`` package: our card state in, FSRS's answer out.

studycli stores FSRS state in its own small dataclass so the store does not depend on
fsrs's classes; this module is the only place that converts between the two. All
datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING

from studycli.config import Config

if TYPE_CHECKING:
    import fsrs


class State(IntEnum):
    """Where a card is in FSRS: the numbers are ``fsrs.State``'s, plus 0 for "never seen"
    (kept so old progress files, which may hold it, still read)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def in_steps(self) -> bool:
        """Learning or relearning: due at the step's time, not for the whole day."""
        return self in {State.LEARNING, State.RELEARNING}


@dataclass(frozen=True, slots=True)
class CardState:
    """FSRS memory state of one card."""

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


class Scheduler:
    """Schedules reviews with FSRS-6 under the learner's configuration."""

    def __init__(self, config: Config) -> None:
        import fsrs

        self._fsrs = fsrs
        kwargs: dict[str, object] = {
            "desired_retention": config.desired_retention,
            "enable_fuzzing": config.fuzz,
        }
        if config.parameters is not None:
            kwargs["parameters"] = config.parameters
        self._scheduler = fsrs.Scheduler(**kwargs)  # type: ignore[arg-type]

    def _to_fsrs(self, state: CardState | None, now: datetime) -> fsrs.Card:
        if state is None:
            return self._fsrs.Card(card_id=0, due=now)
        return self._fsrs.Card(
            card_id=0,
            state=self._fsrs.State(int(state.state))
            if state.state is not State.NEW
            else self._fsrs.State.Learning,
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due,
            last_review=state.last_review,
        )

    @staticmethod
    def _from_fsrs(card: fsrs.Card) -> CardState:
        return CardState(
            state=State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )

    def review(self, state: CardState | None, rating: int, when: datetime) -> CardState:
        """The state after answering with *rating* at *when* (None = a new card)."""
        card = self._to_fsrs(state, when)
        reviewed, _log = self._scheduler.review_card(
            card, self._fsrs.Rating(rating), when.astimezone(UTC)
        )
        return self._from_fsrs(reviewed)

    def retrievability(self, state: CardState | None, when: datetime) -> float:
        """Predicted chance of recall at *when*; 0 for a card never reviewed."""
        if state is None:
            return 0.0
        return float(self._scheduler.get_card_retrievability(self._to_fsrs(state, when), when))

    def replay(self, ratings: list[tuple[datetime, int]]) -> CardState | None:
        """Recompute a card's state from its whole log, oldest first."""
        state: CardState | None = None
        for when, rating in sorted(ratings):
            state = self.review(state, rating, when)
        return state


def elapsed_days(earlier: datetime, later: datetime) -> int:
    """Whole 24-hour periods from *earlier* to *later*: the one clock of memory.

    The ``fsrs`` package counts a card's elapsed time this way both when it schedules
    and when it predicts recall, so training (``optimize``), evaluation and the
    readiness forecast count it the same way; a review less than 24 hours after the
    previous one is a same-day review even when it falls on the next study day.
    """
    return max(0, (later - earlier).days)


def study_day(moment: datetime, rollover_hour: int) -> date:
    """The learner's study day of *moment*: the local date, days starting at the rollover.

    The review queue's day and the statistics (forecast, heatmap, streak) count days
    this way, so a session after midnight still counts towards "today".
    """
    return (moment.astimezone() - timedelta(hours=rollover_hour)).date()


def day_bounds(now: datetime, rollover_hour: int) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the learner's study day containing *now*.

    A study day runs from the rollover hour in local time to the same hour the next
    day, so a session after midnight still counts towards "today".
    """
    local = now.astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    end = start + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
