"""How much of each topic a learner can expect to recall on a given day.

FSRS gives each studied card a probability of recall at any moment: its retrievability,
counted on the scheduler's own clock (whole 24-hour periods since the last review, see
:func:`~studycli.scheduler.elapsed_days`). The expected number of cards recalled is the
sum of those probabilities, so the expected share of a topic recalled on the day is
that sum over the topic's cards; a card never studied counts as not recalled. The
benchmark in ``benchmarks/readiness_calibration.py`` checks these figures against
simulated learners whose true memory is known.

The forecast is made for the morning of the day (:data:`EXAM_HOUR` local time), or
for now when that moment has passed. No card is reviewed in between: this is where the
learner stands if they stop studying today. How many reviews a day it takes to do
better is estimated by following the scheduler itself to the day (see
:func:`reviews_to_target`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from studycli.config import Config
from studycli.errors import StudyError
from studycli.model import Card, Topic
from studycli.scheduler import CardState, Scheduler, day_bounds

EXAM_HOUR = 9
"""Forecasts are for 09:00 local time on the day: a morning paper."""

COSTLIEST = 5
"""How many of the cards most likely to be forgotten the report names."""

GOOD = 3
MAX_STEPS = 60
"""A guard on the walk through a card's future schedule (learning steps included)."""


@dataclass(frozen=True, slots=True)
class TopicReadiness:
    """Expected recall of one topic's cards (or of every card, for the overall row)."""

    topic: str
    cards: int
    seen: int
    expected: float

    @property
    def share(self) -> float:
        """Expected share of the cards recalled; 0 for a topic without cards."""
        return self.expected / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class CardRisk:
    """A studied card and its chance of being recalled on the day."""

    key: str
    topic: str
    prompt: str
    recall: float


@dataclass(frozen=True, slots=True)
class Readiness:
    """The whole forecast, as ``readiness`` prints it and ``--json`` writes it."""

    on: date
    moment: datetime
    days_left: int
    target: float
    topics: list[TopicReadiness]
    overall: TopicReadiness
    costliest: list[CardRisk] = field(default_factory=list)
    reviews_needed: int = 0

    @property
    def reviews_per_day(self) -> float:
        return self.reviews_needed / max(self.days_left, 1)

    def as_json(self) -> dict[str, object]:
        def row(tally: TopicReadiness) -> dict[str, object]:
            return {
                "topic": tally.topic,
                "cards": tally.cards,
                "seen": tally.seen,
                "expected_recalled": round(tally.expected, 3),
                "share": round(tally.share, 4),
            }

        return {
            "on": self.on.isoformat(),
            "moment": self.moment.isoformat(),
            "days_left": self.days_left,
            "desired_retention": self.target,
            "overall": row(self.overall),
            "topics": [row(tally) for tally in self.topics],
            "costliest": [
                {"card": risk.key, "topic": risk.topic, "recall": round(risk.recall, 4)}
                for risk in self.costliest
            ],
            "reviews_needed": self.reviews_needed,
            "reviews_per_day": round(self.reviews_per_day, 1),
        }


def forecast_moment(day: date, now: datetime) -> datetime:
    """The moment a forecast for *day* is made for: :data:`EXAM_HOUR` local time on the
    day, or *now* when that has passed (a forecast for today, later in the day)."""
    local_zone = now.astimezone().tzinfo
    morning = datetime.combine(day, time(EXAM_HOUR), tzinfo=local_zone)
    return max(morning, now)


def check_day(day: date, today: date) -> None:
    if day < today:
        raise StudyError(f"readiness is forecast for today or later, not {day.isoformat()}")


def recall_on(
    states: Mapping[str, CardState], scheduler: Scheduler, moment: datetime
) -> dict[str, float]:
    """Each studied card's predicted chance of recall at *moment*."""
    return {key: scheduler.retrievability(state, moment) for key, state in states.items()}


def reviews_to_target(
    state: CardState | None,
    scheduler: Scheduler,
    now: datetime,
    moment: datetime,
    target: float,
) -> int:
    """Reviews one card needs from *now* to be recalled with at least *target* chance
    at *moment*, following the scheduler and assuming each answer is Good.

    A new card is introduced now and taken through its learning steps; a studied card
    is reviewed whenever it falls due before *moment*. If the last of those reviews
    leaves its recall at *moment* below *target*, one more review close to the day is
    counted. The assumption of Good answers makes this a lower bound: lapses add more.
    """
    count = 0
    when = now if state is None else max(now, state.due)
    while (state is None or when < moment) and count < MAX_STEPS:
        state = scheduler.review(state, GOOD, when)
        count += 1
        when = max(state.due, when)
    if scheduler.retrievability(state, moment) < target:
        count += 1
    return count


def readiness(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    scheduler: Scheduler,
    *,
    now: datetime,
    on: date,
    today: date,
    target: float,
    count_reviews: bool = True,
) -> Readiness:
    """Expected recall per topic and overall on *on*, the costliest cards, and the
    reviews a day it takes to bring every card in scope to *target* by then (left at 0
    without *count_reviews*, for the short outlook of ``stats`` and session summaries)."""
    check_day(on, today)
    moment = forecast_moment(on, now)
    recall = recall_on({c.key: states[c.key] for c in cards if c.key in states}, scheduler, moment)
    tallies: dict[str, list[float]] = {}  # topic -> [cards, seen, expected]
    needed = 0
    for card in cards:
        tally = tallies.setdefault(card.topic.value, [0, 0, 0.0])
        tally[0] += 1
        if card.key in recall:
            tally[1] += 1
            tally[2] += recall[card.key]
        if count_reviews:
            needed += reviews_to_target(states.get(card.key), scheduler, now, moment, target)
    order = [topic.value for topic in Topic]
    topics = [
        TopicReadiness(name, int(t[0]), int(t[1]), t[2])
        for name, t in sorted(tallies.items(), key=lambda item: order.index(item[0]))
    ]
    overall = TopicReadiness(
        "overall",
        sum(t.cards for t in topics),
        sum(t.seen for t in topics),
        sum(t.expected for t in topics),
    )
    by_key = {card.key: card for card in cards}
    at_risk = sorted(
        ((key, value) for key, value in recall.items() if value < target),
        key=lambda item: (item[1], item[0]),
    )  # studied cards expected below the target; unseen ones are counted above
    costliest = [
        CardRisk(key, by_key[key].topic.value, by_key[key].prompt or by_key[key].id, value)
        for key, value in at_risk[:COSTLIEST]
    ]
    days_left = max(0, (on - today).days)
    return Readiness(
        on=on,
        moment=moment,
        days_left=days_left,
        target=target,
        topics=topics,
        overall=overall,
        costliest=costliest,
        reviews_needed=needed,
    )


def exam_outlook(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    scheduler: Scheduler,
    config: Config,
    now: datetime,
) -> dict[str, object] | None:
    """The exam countdown and readiness that ``stats`` and session summaries show, as
    JSON-ready data; None without an exam date. Once the exam day has passed only the
    date and the (negative) days left are given."""
    if config.exam_date is None:
        return None
    day_begins, _end = day_bounds(now, config.day_rollover_hour)
    today = day_begins.astimezone().date()
    outlook: dict[str, object] = {
        "exam_date": config.exam_date.isoformat(),
        "days_left": (config.exam_date - today).days,
    }
    if config.exam_date < today:
        return outlook
    result = readiness(
        cards,
        states,
        scheduler,
        now=now,
        on=config.exam_date,
        today=today,
        target=config.desired_retention,
        count_reviews=False,
    )
    outlook["readiness"] = round(result.overall.share, 4)
    outlook["topics"] = {tally.topic: round(tally.share, 4) for tally in result.topics}
    return outlook
