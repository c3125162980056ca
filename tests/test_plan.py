"""``studycli plan``: an exam date paces new cards and keeps every review before it."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studycli.cli.main import app
from studycli.config import Config, load_config
from studycli.library import load_library
from studycli.model import Card
from studycli.paths import bundled_decks_dir
from studycli.plan import (
    ExamScheduler,
    planned_config,
    replay_scheduler,
    scheduler_for,
    study_day,
)
from studycli.scheduler import Scheduler
from studycli.sources import review_queue
from studycli.store import Store
from tests.conftest import record_answer

START = datetime(2027, 1, 4, 18, 0, tzinfo=UTC)  # a Monday evening
EXAM = date(2027, 3, 5)  # 60 study days after START's
MARGIN = 14


pytestmark = pytest.mark.usefixtures("utc_clock")  # local days are UTC days here


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def fail(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code != 0
    return str(result.exception)


def test_plan_is_stored_in_config_with_comments_kept(studycli_home: Path) -> None:
    config_file = studycli_home / "config.toml"
    studycli_home.mkdir(parents=True)
    config_file.write_text("# my settings\nnew_per_day = 15  # fewer\n", encoding="utf-8")
    exam = date.today() + timedelta(days=40)
    data = json.loads(run("plan", "--exam", exam.isoformat(), "--margin", "10", "--json"))
    assert data["exam_date"] == exam.isoformat()
    assert data["margin_days"] == 10
    assert data["unseen"] == len(load_library([bundled_decks_dir()]).cards())
    assert data["days"][-1]["date"] == exam.isoformat()
    assert sum(day["new"] for day in data["days"]) == data["unseen"]
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# my settings\nnew_per_day = 15  # fewer\n")
    config = load_config(config_file)
    assert (config.exam_date, config.exam_margin_days, config.new_per_day) == (exam, 10, 15)

    shown = run("plan")
    assert shown.startswith("Exam: ")
    assert max(len(line) for line in shown.splitlines()) <= 60
    assert "minutes" in shown

    assert "Exam date cleared" in run("plan", "--clear")
    assert load_config(config_file).exam_date is None
    assert config_file.read_text(encoding="utf-8").startswith("# my settings\n")
    assert "No exam date set" in run("plan")


def test_plan_warns_over_the_daily_minutes(studycli_home: Path) -> None:
    exam = date.today() + timedelta(days=20)
    out = run("plan", "--exam", exam.isoformat(), "--margin", "2")
    assert "Warning:" in out
    assert "more than 20 minutes" in out
    data = json.loads(run("plan", "--json"))
    assert data["over_limit"]


def test_bad_plans_are_clear_errors(studycli_home: Path) -> None:
    assert "not a date" in fail("plan", "--exam", "June")
    assert "not after today" in fail("plan", "--exam", "2001-05-01")
    assert "needs an exam date" in fail("plan", "--margin", "3")
    assert not (studycli_home / "config.toml").exists()


def test_an_exam_inside_the_margin_is_refused_and_nothing_is_saved(
    studycli_home: Path,
) -> None:
    """An exam 30 days away with a 40-day margin: new cards could never be introduced
    in time, so the plan says which margin would work instead of pacing to a past day."""
    exam = date.today() + timedelta(days=30)
    message = fail("plan", "--exam", exam.isoformat(), "--margin", "40")
    assert "within the 40-day margin" in message
    assert "choose --margin" in message
    near = date.today() + timedelta(days=10)
    assert "within the 14-day margin" in fail("plan", "--exam", near.isoformat())
    assert not (studycli_home / "config.toml").exists()
    data = json.loads(run("plan", "--exam", near.isoformat(), "--margin", "5", "--json"))
    assert (data["exam_date"], data["margin_days"]) == (near.isoformat(), 5)
    assert "within the 12-day margin" in fail("plan", "--margin", "12")
    assert load_config(studycli_home / "config.toml").exam_margin_days == 5


def test_without_an_exam_date_nothing_changes(tmp_path: Path) -> None:
    config = Config(new_per_day=7)
    with Store.open(tmp_path / "p.sqlite3") as store:
        assert planned_config(config, [], store, START) is config
    assert type(scheduler_for(config, {})) is Scheduler


def simulate_days(
    store: Store, cards: list[Card], config: Config, days: int, seed: int = 7
) -> dict[date, int]:
    """A student who runs ``review`` every evening and recalls 85 % of cards; the queue
    and the scheduler are the ones ``review`` uses. Returns reviews per study day."""
    rng = random.Random(seed)
    per_day: Counter[date] = Counter()
    for offset in range(days):
        now = START + timedelta(days=offset)
        scheduler = scheduler_for(config, store.states({card.key for card in cards}))
        queue = review_queue(cards, store, planned_config(config, cards, store, now), now)
        for step, card in enumerate(queue):
            when = now + timedelta(seconds=20 * step)
            rating = 3 if rng.random() < 0.85 else 1
            record_answer(store, scheduler, card.key, rating, when, duration_ms=20_000)
            per_day[study_day(when, config.day_rollover_hour)] += 1
    return per_day


def test_sixty_days_to_the_exam_introduce_everything_and_nothing_is_due_after(
    tmp_path: Path,
) -> None:
    cards = load_library([bundled_decks_dir()]).cards()[:200]
    config = Config(exam_date=EXAM, exam_margin_days=MARGIN, fuzz=False)
    introduce_by = EXAM - timedelta(days=MARGIN)
    assert (EXAM - study_day(START, 4)).days == 60
    with Store.open(tmp_path / "p.sqlite3") as store:
        per_day = simulate_days(store, cards, config, days=60)
        log = store.reviews()
        states = store.states()
        exported = store.review_count()

    first_seen: dict[str, date] = {}
    for review in sorted(log, key=lambda r: r.reviewed_at):
        first_seen.setdefault(review.card_key, study_day(review.reviewed_at, 4))
    assert set(first_seen) == {card.key for card in cards}  # every card introduced ...
    assert max(first_seen.values()) < introduce_by  # ... before the margin
    new_per_day = Counter(first_seen.values())
    assert max(new_per_day.values()) - min(new_per_day.values()) <= 1  # an even pace

    exam_ends = datetime(2027, 3, 6, 4, tzinfo=UTC)
    assert all(state.due <= exam_ends for state in states.values())  # none due after
    last_review = {r.card_key: r.reviewed_at for r in sorted(log, key=lambda r: r.reviewed_at)}
    # every card whose next review FSRS had put past the exam was reviewed in the margin
    in_margin = [key for key, state in states.items() if state.due == exam_ends]
    assert in_margin
    assert all(study_day(last_review[key], 4) >= introduce_by for key in in_margin)
    margin_loads = [per_day[introduce_by + timedelta(days=n)] for n in range(MARGIN)]
    assert max(margin_loads) <= 2.5 * (sum(margin_loads) / MARGIN)  # spread, no pile-up
    assert exported == len(log) == sum(per_day.values())


def test_exam_scheduler_spreads_capped_reviews_over_the_margin() -> None:
    config = Config(exam_date=EXAM, exam_margin_days=MARGIN, fuzz=False)
    plan_scheduler = scheduler_for(config, {})
    assert isinstance(plan_scheduler, ExamScheduler)
    plain = Scheduler(Config(fuzz=False))
    when = datetime(2027, 2, 1, 18, tzinfo=UTC)
    state = plain.replay([(when - timedelta(days=60), 3), (when - timedelta(days=20), 3)])
    assert state is not None
    uncapped = plain.review(state, 4, when)
    assert uncapped.due > datetime(2027, 3, 6, tzinfo=UTC)
    days = [study_day(plan_scheduler.review(state, 4, when).due, 4) for _ in range(28)]
    assert Counter(days) == {EXAM - timedelta(days=n): 2 for n in range(1, MARGIN + 1)}


def test_stats_and_the_session_summary_count_down_to_the_exam(studycli_home: Path) -> None:
    assert "exam" not in json.loads(run("stats", "--json"))
    exam = date.today() + timedelta(days=30)
    run("plan", "--exam", exam.isoformat())
    outlook = json.loads(run("stats", "--json"))["exam"]
    assert outlook["exam_date"] == exam.isoformat()
    assert 29 <= outlook["days_left"] <= 31  # the study day may still be yesterday's
    assert outlook["readiness"] == 0
    assert set(outlook["topics"]) == {"content", "omissions", "impacts", "context"}
    assert run("stats").startswith(f"Exam {exam.strftime('%a %d %b %Y')}, in ")

    result = CliRunner().invoke(app, ["review", "--limit", "2"], input="\n\n:q\n")
    assert result.exit_code == 0, result.output
    assert f"Exam {exam.strftime('%a %d %b %Y')}, in " in result.output
    assert "expected recall 0%" in result.output
    export = studycli_home / "export.jsonl"
    run("progress", "export", str(export))
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(row["rating"], row["outcome"]) for row in rows] == [(1, "wrong"), (1, "wrong")]


def test_review_introduces_the_planned_number_of_new_cards(
    tmp_path: Path, studycli_home: Path
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    cards = "".join(
        f'\n[[card]]\nid = "c{n}"\nkind = "truefalse"\nprompt = "Claim {n}."\nanswer = true\n'
        for n in range(12)
    )
    (folder / "mine.toml").write_text(
        '[deck]\nid = "mine"\ntitle = "Mine"\ntopic = "content"\n' + cards, encoding="utf-8"
    )
    today = study_day(datetime.now(UTC), 4)
    # 12 unseen cards, 6 study days before the 14-day margin: 2 a day, not 20
    run("plan", "--exam", (today + timedelta(days=20)).isoformat())
    result = CliRunner().invoke(app, ["review", "--deck", str(folder)], input="t\nt\nt\n")
    assert result.exit_code == 0, result.output
    assert "Answered 2:" in result.output
    export = studycli_home / "export.jsonl"
    run("progress", "export", str(export))
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(row["card_key"], row["rating"]) for row in rows] == [("mine/c0", 3), ("mine/c1", 3)]


def test_states_replayed_on_merge_keep_the_exam_cap(tmp_path: Path) -> None:
    """``progress import`` and ``optimize`` recompute states through replay_scheduler."""
    cards = load_library([bundled_decks_dir()]).cards()[:120]
    config = Config(exam_date=EXAM, exam_margin_days=MARGIN, fuzz=False)
    exam_ends = datetime(2027, 3, 6, 4, tzinfo=UTC)
    with Store.open(tmp_path / "a.sqlite3") as store:
        simulate_days(store, cards, config, days=50)
        log = store.reviews()
    with Store.open(tmp_path / "plain.sqlite3") as store:
        store.merge(log, replay_scheduler(Config()).replay)
        assert any(state.due > exam_ends for state in store.states().values())
    with Store.open(tmp_path / "b.sqlite3") as store:
        added, replayed = store.merge(log, replay_scheduler(config).replay)
        assert (added, replayed) == (len(log), len(cards))
        assert all(state.due <= exam_ends for state in store.states().values())
        assert sorted(r.id for r in store.reviews()) == sorted(r.id for r in log)
