"""Stats on a hand-built history match figures worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from studycli.scheduler import CardState, Scheduler, State
from studycli.stats import RETENTION_DAYS, forecast, retention_of, streak
from studycli.store import Store
from tests.conftest import CliRunner, record_answer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("utc_clock")  # local days are UTC days here


def build(path: Path, history: list[tuple[str, timedelta, int]]) -> Store:
    scheduler = Scheduler(Config(fuzz=False))
    store = Store.open(path)
    for key, offset, rating in sorted(history, key=lambda row: row[1]):
        record_answer(store, scheduler, key, rating, NOW + offset)
    return store


DAY = timedelta(days=1)
HISTORY = [
    ("d/a", -10 * DAY, 3),
    ("d/a", -8 * DAY, 3),  # long-term review, passed
    ("d/a", -3 * DAY, 1),  # long-term review, failed
    ("d/a", -3 * DAY + timedelta(minutes=10), 3),  # same-day step: not counted
    ("d/b", -2 * DAY, 1),  # first sighting: not counted
    ("d/b", -1 * DAY, 1),  # failed
    ("d/b", timedelta(hours=-2), 1),  # 22 h after the previous: not counted
    ("d/b", timedelta(hours=-1), 1),  # same day: not counted
    ("d/c", -40 * DAY, 3),  # outside the 30-day window
    ("d/c", -1 * DAY, 2),  # passed (Hard is a pass)
]


def test_true_retention_counts_only_long_term_reviews(tmp_path: Path) -> None:
    with build(tmp_path / "p.sqlite3", HISTORY) as store:
        since = NOW - timedelta(days=RETENTION_DAYS)
        retention = retention_of(store.reviews_since(since), since)
    assert (retention.reviews, retention.passed) == (4, 2)
    assert retention.rate == pytest.approx(0.5)


def test_streak_counts_back_from_today_or_yesterday() -> None:
    today = date(2026, 3, 20)
    studied = {today - timedelta(days=n) for n in (0, 1, 2, 3, 8, 10)}
    assert streak(studied, today) == 4
    assert streak(studied - {today}, today) == 3
    assert streak({today - timedelta(days=2)}, today) == 0


def test_forecast_puts_overdue_cards_today() -> None:
    def due_in(hours: float) -> CardState:
        return CardState(State.REVIEW, None, 5.0, 5.0, NOW + timedelta(hours=hours), NOW - DAY)

    states = [due_in(-50), due_in(1), due_in(14), due_in(17), due_in(24 * 13 + 1), due_in(24 * 20)]
    days = forecast(states, NOW, rollover_hour=4)
    assert len(days) == 14
    assert days[0] == (date(2026, 3, 20), 3)  # overdue, +1 h, +14 h (02:00 before rollover)
    assert days[1] == (date(2026, 3, 21), 1)  # +17 h = 05:00 next day
    assert days[13] == (date(2026, 4, 2), 1)
    assert sum(count for _day, count in days) == 5


def test_stats_json_carries_every_figure(cli: CliRunner, studycli_home: Path) -> None:
    studycli_home.mkdir(parents=True)
    now = datetime.now(UTC)
    shift = now - NOW
    deck = load_library([bundled_decks_dir()]).deck("speech-content")
    assert deck is not None
    names = {"d/a": deck.cards[0].key, "d/b": deck.cards[1].key, "d/c": deck.cards[2].key}
    history = [(names[key], offset + shift, rating) for key, offset, rating in HISTORY]
    build(studycli_home / "progress.sqlite3", history).close()
    result = cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["total_reviews"] == 10
    assert figures["retention_30d"] == {"reviews": 4, "passed": 2, "rate": 0.5}
    assert figures["leeches"] == [{"card": names["d/b"], "failures": 4}]
    assert len(figures["forecast"]) == 14
    assert sum(figures["heatmap"].values()) == 10  # 40 days ago is inside the 12 weeks
    assert {"content", "omissions", "impacts", "context"} == set(figures["topics"])


def test_stats_screen_reads_at_60_columns(cli: CliRunner) -> None:
    cli("quiz", "-n", "3", input="\n\n\n")
    result = cli("stats")
    assert result.returncode == 0, result.stderr
    assert "Mastery by topic" in result.stdout
    assert "Due in the next 14 days" in result.stdout
    assert "Streak: 1 day(s)" in result.stdout
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
