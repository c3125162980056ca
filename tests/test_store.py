"""The progress store: real SQLite files in temporary directories."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.errors import StoreError
from studycli.grading import Outcome
from studycli.model import Mode
from studycli.scheduler import CardState, Scheduler
from studycli.store import SCHEMA_VERSION, NewReview, Store
from tests.conftest import record_answer

WHEN = datetime(2026, 2, 25, 10, 0, tzinfo=UTC)


def answer(store: Store, scheduler: Scheduler, key: str, rating: int, when: datetime) -> str:
    return record_answer(store, scheduler, key, rating, when, answer="x", duration_ms=1200)


@pytest.fixture
def scheduler() -> Scheduler:
    return Scheduler(Config(fuzz=False))


def test_review_and_state_are_saved_together(tmp_path: Path, scheduler: Scheduler) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        answer(store, scheduler, "deck/a", 3, WHEN)
        answer(store, scheduler, "deck/b", 1, WHEN)
    with Store.open(path) as store:
        assert store.review_count() == 2
        assert set(store.states()) == {"deck/a", "deck/b"}
        assert [key for key, _ in store.due_before(WHEN + timedelta(days=1))] == [
            "deck/b",
            "deck/a",
        ]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_undo_restores_the_exact_previous_state(tmp_path: Path, scheduler: Scheduler) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        answer(store, scheduler, "deck/a", 3, WHEN)
        answer(store, scheduler, "deck/a", 3, WHEN + timedelta(days=2))
        before = store.state("deck/a")
        last = answer(store, scheduler, "deck/a", 1, WHEN + timedelta(days=9))
        assert store.state("deck/a") != before
        assert store.undo(last) == "deck/a"
        assert store.state("deck/a") == before
        assert store.review_count() == 2


def test_undo_of_a_first_answer_makes_the_card_new_again(
    tmp_path: Path, scheduler: Scheduler
) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = answer(store, scheduler, "deck/a", 3, WHEN)
        store.undo(first)
        assert store.state("deck/a") is None
        assert store.review_count() == 0


def test_only_the_latest_answer_of_a_card_can_be_undone(
    tmp_path: Path, scheduler: Scheduler
) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = answer(store, scheduler, "deck/a", 3, WHEN)
        answer(store, scheduler, "deck/a", 3, WHEN + timedelta(days=1))
        state = store.state("deck/a")
        assert store.undo(first) is None
        assert store.state("deck/a") == state
        assert store.review_count() == 2


def test_damaged_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=str(path)):
        Store.open(path)
    assert path.read_bytes() == before


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_without_change(tmp_path: Path, scheduler: Scheduler) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        answer(store, scheduler, "deck/a", 3, WHEN)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer studycli"):
        Store.open(path)
    assert path.read_bytes() == before


def test_history_of_cards_no_longer_in_any_deck_is_kept(
    tmp_path: Path, scheduler: Scheduler
) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        answer(store, scheduler, "old-deck/removed-card", 3, WHEN)
    with Store.open(path) as store:
        assert [r.card_key for r in store.reviews()] == ["old-deck/removed-card"]
        assert "old-deck/removed-card" in store.states()


def test_amended_rating_replaces_the_state(tmp_path: Path, scheduler: Scheduler) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        review_id = answer(store, scheduler, "deck/a", 3, WHEN)
        store.amend_rating(review_id, 1, scheduler.review)
        assert store.reviews()[0].rating == 1
        assert store.state("deck/a") == scheduler.review(None, 1, WHEN)


def test_reads_scoped_to_cards_follow_the_cards_asked_for(
    tmp_path: Path, scheduler: Scheduler
) -> None:
    """Each scoped read answers for exactly the keys it is given, call after call."""
    with Store.open(tmp_path / "progress.sqlite3") as store:
        answer(store, scheduler, "deck/a", 1, WHEN)
        answer(store, scheduler, "deck/b", 3, WHEN)
        later = WHEN + timedelta(days=30)
        assert set(store.states(["deck/a"])) == {"deck/a"}
        assert [key for key, _ in store.due_before(later, ["deck/a"])] == ["deck/a"]
        assert set(store.states(["deck/b", "deck/gone"])) == {"deck/b"}
        assert [key for key, _ in store.due_before(later, {"deck/a", "deck/b"})] == [
            "deck/a",
            "deck/b",
        ]
        again = store.states(["deck/a"])["deck/a"]
        answer(store, scheduler, "deck/a", 4, WHEN + timedelta(minutes=5))
        assert store.states(["deck/a"])["deck/a"] != again, "a new answer shows at once"
        assert store.next_due([]) is None
        assert store.next_due(["deck/b"]) == store.states(["deck/b"])["deck/b"].due


def test_answers_leave_the_checkpoint_to_closing(tmp_path: Path, scheduler: Scheduler) -> None:
    """No answer pays for copying the log into the main file (SQLite's default does that
    inside the commit that crosses 1,000 pages); closing the store does it, even while
    another process keeps the file open, so the main file alone then holds every answer."""
    path = tmp_path / "progress.sqlite3"
    keys = [f"deck/c{number}" for number in range(300)]
    with Store.open(path):
        pass
    with sqlite3.connect(path) as other:  # another process with the file open
        other.execute("SELECT COUNT(*) FROM review").fetchone()
        with Store.open(path) as store:
            for key in keys:
                answer(store, scheduler, key, 3, WHEN)
            log_pages = (path.with_name(path.name + "-wal").stat().st_size - 32) // 4120
            assert log_pages > 1500  # nothing was checkpointed along the way
        alone = tmp_path / "copy.sqlite3"
        alone.write_bytes(path.read_bytes())  # the main file without its log
        with sqlite3.connect(alone) as copy:
            assert copy.execute("SELECT COUNT(*) FROM review").fetchone()[0] == len(keys)
            rows = copy.execute("SELECT card_key, rating FROM review ORDER BY card_key")
            assert rows.fetchall() == sorted((key, 3) for key in keys)


def test_an_answer_covering_several_cards_is_saved_whole_or_not_at_all(
    tmp_path: Path, scheduler: Scheduler
) -> None:
    """An ordering answer's reviews go in one transaction: a failure part-way saves none."""
    keys = ("deck/a", "deck/b", "deck/c")
    reviews = [
        NewReview(key, 3, Outcome.CORRECT, 1.0, "a → b → c", 900, Mode.TIMELINE) for key in keys
    ]
    calls: list[str] = []

    def failing(state: CardState | None, rating: int, when: datetime) -> CardState:
        calls.append("x")
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return scheduler.review(state, rating, when)

    with Store.open(tmp_path / "p.sqlite3") as store:
        with pytest.raises(StoreError):
            store.record_many(reviews, WHEN, failing)
        assert store.reviews() == []
        assert store.states() == {}
        ids = store.record_many(reviews, WHEN, scheduler.review)
        saved = store.reviews()
    assert sorted(review.id for review in saved) == sorted(ids)
    assert [(r.card_key, r.rating, r.outcome, r.mode) for r in saved] == [
        (key, 3, "correct", "timeline") for key in keys
    ]
    assert {review.reviewed_at for review in saved} == {WHEN}
