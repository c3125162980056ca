"""Studying for an exam on a date: pace new cards, and keep every review before it.

With ``exam_date`` set in ``config.toml`` (``studycli plan --exam DATE``):

- **New cards** are paced so that every card in scope is introduced by the margin
  (``exam_margin_days``, default 14) before the exam: each day's allowance is the cards
  not yet seen at the start of the day divided by the study days left before the
  margin, so the pace corrects itself when a day is missed.
- **No review after the exam.** When FSRS would schedule a card's next review after
  the exam day, :class:`ExamScheduler` brings it forward into the margin: onto the day
  of the margin with the fewest reviews already due (the latest such day on a tie), so
  the final reviews are close to the exam and spread evenly. A card reviewed inside
  the margin is not brought back again: its next review is set for the close of the
  exam day (the start of the next study day), so no card is due after the exam and
  none is asked twice in its last days for nothing. An early review is one FSRS
  handles by design.
- ``plan`` shows the expected workload of each day to the exam, found by following
  the scheduler with Good answers, in minutes from the learner's median answer time.

Without an exam date nothing here is used and ``review`` behaves as before.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from studycli.config import Config
from studycli.errors import StudyError
from studycli.model import Card
from studycli.scheduler import CardState, Scheduler, day_bounds
from studycli.store import Store

DEFAULT_SECONDS = 20.0
"""Seconds per review assumed before the learner has timed answers of their own."""

GOOD = 3
MAX_STEPS = 20
"""Guard on the reviews of one card in one simulated day (learning steps)."""


def study_day(moment: datetime, rollover_hour: int) -> date:
    """The learner's study day of *moment* (local date, days starting at the rollover)."""
    return (moment.astimezone() - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int) -> datetime:
    """The moment study day *day* begins: the rollover hour, local time."""
    zone = datetime.now().astimezone().tzinfo
    return datetime.combine(day, time(rollover_hour), tzinfo=zone)


@dataclass(frozen=True, slots=True)
class ExamPlan:
    """The exam date and margin, and the study-day arithmetic that follows from them."""

    exam: date
    margin_days: int
    rollover_hour: int

    @property
    def introduce_by(self) -> date:
        """Every card in scope is introduced before this day."""
        return self.exam - timedelta(days=self.margin_days)

    @property
    def exam_ends(self) -> datetime:
        """The end of the exam's study day: no review is scheduled later."""
        return day_start(self.exam + timedelta(days=1), self.rollover_hour)

    def new_allowance(self, unseen: int, introduced_today: int, today: date) -> int:
        """New cards still to introduce today: the cards unseen at the start of the day
        shared evenly over the days left before :attr:`introduce_by` (all of them once
        that day has come)."""
        days_left = max((self.introduce_by - today).days, 1)
        quota = math.ceil((unseen + introduced_today) / days_left)
        return max(0, quota - introduced_today)


def exam_plan(config: Config) -> ExamPlan | None:
    if config.exam_date is None:
        return None
    return ExamPlan(config.exam_date, config.exam_margin_days, config.day_rollover_hour)


def check_exam(day: date, today: date, margin: int) -> None:
    """Refuse an exam date the plan cannot keep: one not after today, or one so near
    that the margin for introducing new cards would have begun already."""
    if day <= today:
        raise StudyError(f"--exam: {day.isoformat()} is not after today ({today.isoformat()})")
    days_left = (day - today).days
    if margin >= days_left:
        raise StudyError(
            f"the exam on {day.isoformat()} is {days_left} day{'s' if days_left != 1 else ''}"
            f" away, within the {margin}-day margin in which no new card is introduced:"
            f" choose --margin {days_left - 1} or less"
        )


class ExamScheduler(Scheduler):
    """The scheduler with the exam's cap: no next review after the exam day.

    *loads* counts the reviews already due on each study day; it is updated as cards
    are brought forward, so one session spreads them as evenly as a whole week would.
    """

    def __init__(self, config: Config, plan: ExamPlan, loads: Counter[date]) -> None:
        super().__init__(config)
        self.plan = plan
        self.loads = loads

    def review(self, state: CardState | None, rating: int, when: datetime) -> CardState:
        return self.cap(super().review(state, rating, when), when)

    def cap(self, state: CardState, when: datetime) -> CardState:
        """*state* with its next review brought forward to the exam if FSRS set it later.

        Reviewed before the margin: onto the margin's least loaded day (the latest on a
        tie). Reviewed inside the margin, the card has had its last review close to the
        exam: its next one is set for the close of the exam day, so it is not asked
        again before the paper and not scheduled past it.
        """
        plan = self.plan
        if state.due <= plan.exam_ends:
            return state
        today = study_day(when, plan.rollover_hour)
        window = [
            plan.introduce_by + timedelta(days=n)
            for n in range((plan.exam - plan.introduce_by).days)
        ]
        if today >= plan.introduce_by or not window:
            return replace(state, due=plan.exam_ends)
        day = min(reversed(window), key=lambda d: self.loads[d])
        self.loads[day] += 1
        return replace(state, due=day_start(day, plan.rollover_hour))


def due_loads(states: Iterable[CardState], rollover_hour: int) -> Counter[date]:
    return Counter(study_day(state.due, rollover_hour) for state in states)


def scheduler_for(config: Config, states: Mapping[str, CardState]) -> Scheduler:
    """The scheduler ``review``, ``quiz`` and ``exam`` use: capped by the exam plan when
    one is set, else the plain one."""
    plan = exam_plan(config)
    if plan is None:
        return Scheduler(config)
    return ExamScheduler(config, plan, due_loads(states.values(), config.day_rollover_hour))


def replay_scheduler(config: Config) -> Scheduler:
    """The scheduler that recomputes states from the log (``progress import``,
    ``optimize``): without fuzz, and with the exam plan's cap when one is set. Its loads
    start empty, so the replay spreads the capped cards among those it replays and the
    result depends on the log and the config alone."""
    config = replace(config, fuzz=False)
    plan = exam_plan(config)
    return Scheduler(config) if plan is None else ExamScheduler(config, plan, Counter())


def planned_config(config: Config, cards: Sequence[Card], store: Store, now: datetime) -> Config:
    """*config* with today's new-card allowance set by the plan (unchanged without one).

    ``review`` subtracts the cards already introduced today from ``new_per_day``, so the
    plan's allowance is handed over as that day's total."""
    plan = exam_plan(config)
    if plan is None:
        return config
    day_begins, _end = day_bounds(now, config.day_rollover_hour)
    introduced_today = store.introduced_since(day_begins)
    known = store.states({card.key for card in cards})
    unseen = sum(card.key not in known for card in cards)
    today = study_day(now, config.day_rollover_hour)
    allowance = plan.new_allowance(unseen, introduced_today, today)
    return replace(config, new_per_day=allowance + introduced_today)


# -- the workload forecast -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayLoad:
    day: date
    reviews: int
    new: int
    minutes: float


@dataclass(frozen=True, slots=True)
class Plan:
    """What ``plan`` shows: the settings, the pace and each day's expected workload."""

    exam: date
    margin_days: int
    introduce_by: date
    unseen: int
    new_per_day: int
    seconds_per_review: float
    minutes_limit: int
    days: list[DayLoad] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "exam_date": self.exam.isoformat(),
            "margin_days": self.margin_days,
            "introduce_by": self.introduce_by.isoformat(),
            "unseen": self.unseen,
            "new_per_day": self.new_per_day,
            "seconds_per_review": round(self.seconds_per_review, 1),
            "minutes_per_day": self.minutes_limit,
            "days": [
                {
                    "date": d.day.isoformat(),
                    "reviews": d.reviews,
                    "new": d.new,
                    "minutes": round(d.minutes, 1),
                }
                for d in self.days
            ],
            "over_limit": [d.day.isoformat() for d in self.days if d.minutes > self.minutes_limit],
        }


def median_seconds(durations_ms: Iterable[int | None]) -> float:
    """The learner's median answer time in seconds (:data:`DEFAULT_SECONDS` untimed)."""
    timed = [ms for ms in durations_ms if ms is not None and ms > 0]
    return statistics.median(timed) / 1000 if timed else DEFAULT_SECONDS


def forecast_plan(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    config: Config,
    *,
    now: datetime,
    introduced_today: int,
    seconds_per_review: float,
) -> Plan:
    """Each study day's expected reviews and new cards from today to the exam.

    The days are walked in order as ``review`` would run them: the plan's new cards
    (in the order the decks give them), then every card due that day reviewed with Good
    through its learning steps, scheduled by :class:`ExamScheduler` (so the final
    reviews are spread as the real ones will be).
    """
    plan = exam_plan(config)
    if plan is None:
        raise StudyError("no exam date is set: `studycli plan --exam YYYY-MM-DD` sets one")
    rollover = config.day_rollover_hour
    today = study_day(now, rollover)
    simulated = {card.key: states[card.key] for card in cards if card.key in states}
    unseen = [card.key for card in cards if card.key not in states]
    scheduler = ExamScheduler(
        replace(config, fuzz=False), plan, due_loads(simulated.values(), rollover)
    )
    first_allowance = plan.new_allowance(len(unseen), introduced_today, today)
    days: list[DayLoad] = []
    day = today
    while day <= plan.exam:
        start = max(now, day_start(day, rollover) + timedelta(hours=2))
        end = day_start(day + timedelta(days=1), rollover)
        allowance = plan.new_allowance(len(unseen), 0, day) if day != today else first_allowance
        fresh, unseen = unseen[:allowance], unseen[allowance:]
        reviews = 0
        for key in [*fresh, *(k for k, s in simulated.items() if s.due < end)]:
            state = simulated.get(key)
            when = start if state is None else max(start, state.due)
            steps = 0
            while steps < MAX_STEPS and (state is None or state.due < end):
                state = scheduler.review(state, GOOD, when)
                when = max(state.due, when)
                steps += 1
            if state is not None:
                simulated[key] = state
            reviews += steps
        minutes = reviews * seconds_per_review / 60
        days.append(DayLoad(day, reviews - len(fresh), len(fresh), minutes))
        day += timedelta(days=1)
    return Plan(
        exam=plan.exam,
        margin_days=plan.margin_days,
        introduce_by=plan.introduce_by,
        unseen=len([card for card in cards if card.key not in states]),
        new_per_day=first_allowance + introduced_today,
        seconds_per_review=seconds_per_review,
        minutes_limit=config.minutes_per_day,
        days=days,
    )
