"""``studycli readiness``: expected recall per topic on a day, from the real store."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studycli.cli.main import app
from studycli.config import Config
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from studycli.readiness import readiness, reviews_to_target
from studycli.scheduler import Scheduler
from studycli.stats import study_day
from studycli.store import Store
from tests.conftest import record_answer

NOW = datetime.now(UTC)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def bundled_keys(topic: str) -> list[str]:
    cards = load_library([bundled_decks_dir()]).cards()
    return [card.key for card in cards if card.topic.value == topic]


def study(home: Path, keys: list[str], days_ago: int) -> None:
    """Each card learned *days_ago* days ago and reviewed once since, all Good."""
    scheduler = Scheduler(Config(fuzz=False))
    with Store.open(home / "progress.sqlite3") as store:
        for key in keys:
            record_answer(store, scheduler, key, 3, NOW - timedelta(days=days_ago))
            record_answer(store, scheduler, key, 3, NOW - timedelta(days=days_ago - 2))


def test_fresh_home_is_not_ready_anywhere(studycli_home: Path) -> None:
    data = json.loads(run("readiness", "--json"))
    assert data["overall"]["share"] == 0
    assert data["overall"]["seen"] == 0
    assert [row["share"] for row in data["topics"]] == [0, 0, 0, 0]
    assert {row["topic"] for row in data["topics"]} == {
        "content", "omissions", "impacts", "context"
    }  # fmt: skip
    assert data["costliest"] == []
    assert data["reviews_needed"] >= data["overall"]["cards"]  # each must at least be seen
    assert not (studycli_home / "progress.sqlite3").exists() or _count(studycli_home) == 0


def _count(home: Path) -> int:
    with Store.open(home / "progress.sqlite3") as store:
        return store.review_count()


def test_readiness_falls_as_the_day_moves_later(studycli_home: Path) -> None:
    content = bundled_keys("content")
    study(studycli_home, content[:20], days_ago=6)
    today = study_day(NOW, 4)
    shares = []
    for offset in (1, 7, 30, 120):
        day = (today + timedelta(days=offset)).isoformat()
        data = json.loads(run("readiness", "--on", day, "--json"))
        by_topic = {row["topic"]: row for row in data["topics"]}
        assert by_topic["content"]["seen"] == 20
        assert by_topic["omissions"]["share"] == 0
        shares.append(by_topic["content"]["share"])
        assert data["overall"]["expected_recalled"] == pytest.approx(
            by_topic["content"]["expected_recalled"], abs=1e-3
        )
    assert shares == sorted(shares, reverse=True)
    assert len(set(shares)) == 4
    assert 0 < shares[-1] < shares[0] <= 20 / len(content)
    assert _count(studycli_home) == 40  # a forecast records nothing


def test_only_cards_expected_below_the_target_are_named_as_at_risk(
    studycli_home: Path,
) -> None:
    """Cards just studied are not "least likely to be recalled" tomorrow morning; months
    later the same cards are, weakest first."""
    content = bundled_keys("content")
    study(studycli_home, content[:5], days_ago=2)
    soon = json.loads(
        run("readiness", "--on", (date.today() + timedelta(days=1)).isoformat(), "--json")
    )
    assert soon["costliest"] == []
    assert "Every card studied is expected above 90% on the day." in run(
        "readiness", "--on", (date.today() + timedelta(days=1)).isoformat()
    )
    later = json.loads(
        run("readiness", "--on", (date.today() + timedelta(days=200)).isoformat(), "--json")
    )
    risks = [row["recall"] for row in later["costliest"]]
    assert len(risks) == 5
    assert risks == sorted(risks)
    assert all(risk < 0.9 for risk in risks)


def test_topic_scope_and_plain_report_at_60_columns(studycli_home: Path) -> None:
    content = bundled_keys("content")
    study(studycli_home, content[:3], days_ago=20)
    out = run(
        "readiness", "--topic", "content", "--on", (date.today() + timedelta(days=3)).isoformat()
    )
    lines = out.splitlines()
    assert lines[0].startswith("Readiness on ")
    assert any(line.startswith("content ") for line in lines)
    assert not any(line.startswith("omissions") for line in lines)
    assert "Least likely to be recalled on the day:" in out
    assert sum(line.startswith("  ") and "%" in line for line in lines) == 3
    assert "reviews a day" in " ".join(lines)
    assert max(len(line) for line in lines) <= 60
    assert "\x1b" not in out


def test_a_past_day_or_a_bad_date_is_a_clear_error() -> None:
    for value, message in (("2001-01-01", "today or later"), ("soon", "not a date")):
        result = CliRunner().invoke(app, ["readiness", "--on", value])
        assert result.exit_code != 0
        assert message in str(result.exception)


def test_unseen_card_needs_its_learning_steps_and_studied_card_its_reviews() -> None:
    scheduler = Scheduler(Config(fuzz=False))
    start = datetime(2026, 3, 1, 10, tzinfo=UTC)
    exam = start + timedelta(days=40)
    fresh = reviews_to_target(None, scheduler, start, exam, 0.9)
    state = None
    when = start
    for _ in range(fresh):  # following the scheduler with Good answers that many times
        state = scheduler.review(state, 3, when)
        when = max(state.due, when)
    assert state is not None
    assert state.due >= exam or scheduler.retrievability(state, exam) >= 0.9
    assert fresh >= 3
    cards = load_library([bundled_decks_dir()]).cards()[:4]
    result = readiness(
        cards, {}, scheduler, now=start, on=exam.date(), today=start.date(), target=0.9
    )
    assert result.reviews_needed == 4 * fresh
    assert result.days_left == 40
