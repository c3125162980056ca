"""The FSRS adapter computes exactly what the fsrs package computes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from studycli.config import Config
from studycli.scheduler import Scheduler, day_bounds

RATINGS = [3, 3, 1, 2, 3, 4, 3, 1, 3, 3]


def test_fixed_ratings_give_the_fsrs_due_dates() -> None:
    ours = Scheduler(Config(fuzz=False))
    reference = fsrs.Scheduler(enable_fuzzing=False)
    when = datetime(2026, 1, 5, 18, 30, tzinfo=UTC)
    state = None
    card = fsrs.Card(card_id=1, due=when)
    for rating in RATINGS:
        state = ours.review(state, rating, when)
        card, _log = reference.review_card(card, fsrs.Rating(rating), when)
        assert state.due == card.due
        assert state.stability == card.stability
        assert state.difficulty == card.difficulty
        assert state.state == int(card.state)
        when = card.due + timedelta(hours=1)


def test_desired_retention_changes_intervals() -> None:
    when = datetime(2026, 1, 5, tzinfo=UTC)
    eager = Scheduler(Config(fuzz=False, desired_retention=0.97))
    relaxed = Scheduler(Config(fuzz=False, desired_retention=0.8))

    def interval(scheduler: Scheduler) -> timedelta:
        state = None
        moment = when
        for _ in range(4):
            state = scheduler.review(state, 3, moment)
            moment = state.due
        assert state is not None
        return state.due - when

    assert interval(eager) < interval(relaxed)


@pytest.fixture
def warsaw_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Warsaw")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("warsaw_time")
def test_study_day_rolls_over_at_the_configured_local_hour() -> None:
    # Warsaw is UTC+1 in March: 04:00 local is 03:00 UTC.
    after_midnight = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 02:30 local
    start, end = day_bounds(after_midnight, 4)
    assert start == datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    morning = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert day_bounds(morning, 4)[0] == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
