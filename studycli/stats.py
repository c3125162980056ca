"""Aggregates for ``studycli stats``, computed from the store and the decks in play.

Every figure is something a learner can check by hand: see the docstrings for the exact
definitions, which the tests reproduce on a hand-built history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studycli.model import Card, Topic
from studycli.scheduler import CardState, Scheduler, State, study_day
from studycli.store import Store

MASTERED_RETRIEVABILITY = 0.9
RETENTION_DAYS = 30
FORECAST_DAYS = 14
HEATMAP_WEEKS = 12
LEECH_FAILURES = 4


# One review as the store reports it: (time, rating, time of the card's previous review).
ReviewRow = tuple[datetime, int, datetime | None]


@dataclass(frozen=True, slots=True)
class Retention:
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


def retention_of(reviews: Iterable[ReviewRow], since: datetime) -> Retention:
    """True retention over the *reviews* made at or after *since*.

    A review counts when the card's previous review was at least a day earlier, so
    first sightings and same-day learning steps do not inflate the figure, as they do
    in a plain "percent correct".
    """
    counted = passed = 0
    for when, rating, previous in reviews:
        if when < since or previous is None or when - previous < timedelta(days=1):
            continue
        counted += 1
        passed += rating > 1
    return Retention(counted, passed)


def forecast(
    states: Sequence[CardState], now: datetime, rollover_hour: int, days: int = FORECAST_DAYS
) -> list[tuple[date, int]]:
    """Cards due on each of the next *days* study days; overdue cards count today."""
    today = study_day(now, rollover_hour)
    counts: Counter[int] = Counter()
    for state in states:
        offset = max(0, (study_day(state.due, rollover_hour) - today).days)
        if offset < days:
            counts[offset] += 1
    return [(today + timedelta(days=offset), counts[offset]) for offset in range(days)]


def heatmap(reviews: Iterable[ReviewRow], since: datetime, rollover_hour: int) -> dict[date, int]:
    """Reviews per study day from *since* on (days without reviews omitted)."""
    return dict(
        Counter(study_day(when, rollover_hour) for when, _r, _p in reviews if when >= since)
    )


def streak(days_studied: set[date], today: date) -> int:
    """Consecutive study days with at least one review, up to today.

    A streak still counts in the morning before today's session: it then ends yesterday.
    """
    day = today if today in days_studied else today - timedelta(days=1)
    length = 0
    while day in days_studied:
        length += 1
        day -= timedelta(days=1)
    return length


def basic_stats(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    total_reviews: int,
    scheduler: Scheduler,
    now: datetime,
) -> dict[str, object]:
    """The figures of the minimal ``stats --json``; cards are those of the decks in play."""
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
        mastered = scheduler.retrievability(state, now) >= MASTERED_RETRIEVABILITY
        if state.state is State.REVIEW and mastered:
            tally["mastered"] += 1
    return {
        "total_reviews": total_reviews,
        "cards_total": len(cards),
        "cards_seen": sum(t["seen"] for t in topics.values()),
        "due_now": due_now,
        "topics": topics,
    }


def full_stats(
    cards: Sequence[Card], store: Store, scheduler: Scheduler, now: datetime, rollover_hour: int
) -> dict[str, object]:
    """Everything ``stats`` shows, as JSON-ready data (keeps the minimal keys).

    Each read happens once: the card states serve the topic figures and the forecast,
    and one read of recent reviews serves both the heatmap and true retention.
    """
    keys = {card.key for card in cards}
    by_key = store.states(keys)
    figures = basic_stats(cards, by_key, store.review_count(), scheduler, now)
    heatmap_since = now - timedelta(weeks=HEATMAP_WEEKS)
    retention_since = now - timedelta(days=RETENTION_DAYS)
    recent = store.reviews_since(min(heatmap_since, retention_since), keys)
    retention = retention_of(recent, retention_since)
    days = heatmap(recent, heatmap_since, rollover_hour)
    today = study_day(now, rollover_hour)
    studied = set(days) | _older_days(store, now, rollover_hour, days, keys)
    figures["retention_30d"] = {
        "reviews": retention.reviews,
        "passed": retention.passed,
        "rate": retention.rate,
    }
    figures["forecast"] = [
        {"date": day.isoformat(), "due": count}
        for day, count in forecast(list(by_key.values()), now, rollover_hour)
    ]
    figures["heatmap"] = {day.isoformat(): count for day, count in sorted(days.items())}
    figures["streak"] = streak(studied, today)
    figures["leeches"] = [
        {"card": key, "failures": count}
        for key, count in store.failure_counts(LEECH_FAILURES, keys).items()
    ]
    return figures


def _older_days(
    store: Store, now: datetime, rollover_hour: int, recent: dict[date, int], keys: set[str]
) -> set[date]:
    """Study days before the heatmap window, needed only when a streak outlasts it."""
    window_start = study_day(now - timedelta(weeks=HEATMAP_WEEKS), rollover_hour)
    if window_start not in recent:
        return set()
    since = now - timedelta(days=3650)
    return {study_day(when, rollover_hour) for when, _r, _p in store.reviews_since(since, keys)}
