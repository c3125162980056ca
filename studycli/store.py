"""The progress store: one SQLite file that is never lost.

``review`` is an append-only log, one row per answer with its own uuid; it is the
source of truth. ``card_state`` holds each card's FSRS state with ``due`` indexed, and
is written in the same transaction as the review it follows from, so due cards are a
query, never a replay. Every answer is committed before the next question is shown.

The file is validated read-only before anything is written: a damaged file or another
program's database is reported with its path and left byte-for-byte untouched.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from studycli.errors import StoreError
from studycli.integrity import IntegrityCheck
from studycli.scheduler import CardState
from studycli.store_file import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    MIGRATIONS,
    SCHEMA_VERSION,
    connect_read_only,
    enable_wal,
    inspect,
    read_only_uri,
)
from studycli.store_reads import StoreReads
from studycli.store_rows import (
    NewReview,
    Review,
    parse_utc,
    put_state,
    state_from_json,
    state_from_row,
    state_json,
    utc_text,
)

__all__ = ["SCHEMA_VERSION", "NewReview", "Review", "Schedule", "Store", "open_store", "utc_text"]

# What the store needs from the scheduler: the state after a rating at a time.
Schedule = Callable[[CardState | None, int, datetime], CardState]

MERGE_BATCH = 200  # cards per transaction of an import: a fraction of a second each
# SQLite's automatic checkpoint (every 1,000 WAL pages by default) copies the log back
# into the main file and syncs it inside whichever commit crosses the line: on a large
# file that one answer takes a fifth of a second. Answers leave it to close() instead;
# this bound (about 40 MB of log, some 1,100 answers at ~9 pages each) only keeps the
# WAL finite in a very long session or while another process holds the file open.
WAL_BOUND_PAGES = 10_000


class Store(StoreReads):
    """Open progress file; use as a context manager or call :meth:`close`."""

    def __init__(
        self, path: Path, db: sqlite3.Connection, check: IntegrityCheck | None = None
    ) -> None:
        self.path = path
        self._db = db
        self._wanted: frozenset[str] | None = None  # what temp.wanted holds now
        self._check = check  # verdict on the file's pages, awaited by the first write

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Store:
        """Open (creating and migrating as needed) the progress file at *path*.

        ``read_only`` is for commands that only show progress: nothing is created,
        migrated or written, so they work in a read-only home too.
        """
        version = inspect(path)
        if read_only:
            return cls._open_read_only(path, version)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the progress file {path}: {error}") from error
        db.row_factory = sqlite3.Row
        # A file that existed is checked page by page before the first write to it.
        check = IntegrityCheck(read_only_uri(path)) if version else None
        store = cls(path, db, check)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            enable_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(f"PRAGMA wal_autocheckpoint = {WAL_BOUND_PAGES}")
            store._migrate(version)
        except sqlite3.Error as error:
            store.close()
            raise store._error("use", error) from error
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, path: Path, version: int) -> Store:
        if version < SCHEMA_VERSION:
            # No file yet, or one from before the current schema: show what a migrated
            # copy would hold, built in memory, without touching the file.
            db = sqlite3.connect(":memory:", isolation_level=None)
            if version:
                source = connect_read_only(path)
                source.backup(db)
                source.close()
            db.row_factory = sqlite3.Row
            store = cls(path, db)
            store._migrate(version)
            return store
        try:
            db = connect_read_only(path)
        except sqlite3.Error as error:
            raise StoreError(f"cannot read the progress file {path}: {error}") from error
        db.row_factory = sqlite3.Row
        return cls(path, db)

    def _migrate(self, version: int) -> None:
        for number, migration in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            with self._write():
                current = self._db.execute("PRAGMA user_version").fetchone()[0]
                if current >= number:  # another process migrated meanwhile
                    continue
                migration(self._db)
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        """Checkpoint the log into the main file, then close: after the last answer and
        the summary, when nobody waits for it (see :data:`WAL_BOUND_PAGES`)."""
        if self._check is not None:
            self._check.cancel()
        # If another process holds the file busy, the last one to close checkpoints.
        with suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: all or nothing, and serialised with other writers.

        The first write waits for the integrity check: a damaged file is refused before
        a single byte of it changes.
        """
        if self._check is not None:
            problems = self._check.problems()
            if problems:
                raise StoreError(
                    f"the progress file {self.path} is damaged ({problems[0]}); nothing was "
                    "written and it was left as it was. Move it aside to start afresh, or "
                    "restore a backup."
                )
            self._check = None
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._error("start saving to", error) from error
        try:
            yield self._db
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise self._error("save to", error) from error
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # -- writing -------------------------------------------------------------------

    def record_many(
        self, reviews: Sequence[NewReview], when: datetime, schedule: Schedule
    ) -> list[str]:
        """Append the reviews one answer earned, in one transaction; return their ids.

        An ordering answer covers several cards: either all its reviews are saved or
        none. Each card's state is read inside the transaction and rescheduled with
        *schedule*, so a concurrent writer cannot slip in between read and write.
        """
        ids = []
        with self._write() as db:
            for review in reviews:
                row = db.execute(
                    "SELECT * FROM card_state WHERE card_key = ?", (review.card_key,)
                ).fetchone()
                previous = None if row is None else state_from_row(row)
                review_id = uuid.uuid4().hex
                db.execute(
                    "INSERT INTO review VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        review_id,
                        review.card_key,
                        utc_text(when),
                        review.rating,
                        str(review.outcome),
                        review.score,
                        review.answer,
                        review.duration_ms,
                        str(review.mode),
                        state_json(previous),
                    ),
                )
                if self._reviewed_after(db, review.card_key, when):
                    new_state = self._replayed(db, review.card_key, schedule)
                else:
                    new_state = schedule(previous, review.rating, when)
                put_state(db, review.card_key, new_state, introduced=when)
                ids.append(review_id)
        return ids

    @staticmethod
    def _reviewed_after(db: sqlite3.Connection, card_key: str, when: datetime) -> bool:
        """Whether the log holds a review of *card_key* dated after *when*.

        Sessions read the clock before they wait for the write lock, so two answering
        at once can commit in the other order than their times; a clock set back or an
        imported review from a machine whose clock runs ahead does the same. Then the
        review being written is not the card's latest, and its state must come from
        the whole log in time order, not from the state last written.
        """
        row = db.execute(
            "SELECT 1 FROM review WHERE card_key = ? AND reviewed_at > ? LIMIT 1",
            (card_key, utc_text(when)),
        ).fetchone()
        return row is not None

    @staticmethod
    def _replayed(db: sqlite3.Connection, card_key: str, schedule: Schedule) -> CardState:
        """The card's state from a replay of its whole log, oldest first (ties by id).

        Each review's saved previous state is rewritten on the way, so that undoing the
        latest review restores the state the log really had before it.
        """
        state: CardState | None = None
        rows = db.execute(
            "SELECT id, reviewed_at, rating FROM review WHERE card_key = ?"
            " ORDER BY reviewed_at, id",
            (card_key,),
        ).fetchall()
        for row in rows:
            db.execute(
                "UPDATE review SET prev_state = ? WHERE id = ?", (state_json(state), row["id"])
            )
            state = schedule(state, int(row["rating"]), parse_utc(row["reviewed_at"]))
        assert state is not None, "replaying a card with no reviews"
        return state

    def undo(self, review_id: str) -> str | None:
        """Delete review *review_id* and restore its card's state as it was before it.

        Only the card's latest review can be undone (an older one would leave later
        states built on it); returns the card key, or None when nothing was undone.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT card_key, reviewed_at, prev_state FROM review WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return None
            later = db.execute(
                "SELECT 1 FROM review WHERE card_key = ? AND reviewed_at > ? LIMIT 1",
                (row["card_key"], row["reviewed_at"]),
            ).fetchone()
            if later is not None:
                return None
            previous = state_from_json(row["prev_state"])
            before = db.execute(
                "SELECT MAX(reviewed_at) AS at FROM review WHERE card_key = ? AND id != ?",
                (row["card_key"], review_id),
            ).fetchone()["at"]
            restored_at = None if previous is None else previous.last_review
            if (None if before is None else parse_utc(before)) != restored_at:
                return None  # the saved state does not follow from the rest of the log
            db.execute("DELETE FROM review WHERE id = ?", (review_id,))
            if previous is None:
                db.execute("DELETE FROM card_state WHERE card_key = ?", (row["card_key"],))
            else:
                db.execute(
                    """UPDATE card_state SET state = ?, step = ?, stability = ?,
                       difficulty = ?, due = ?, last_review = ? WHERE card_key = ?""",
                    (
                        int(previous.state),
                        previous.step,
                        previous.stability,
                        previous.difficulty,
                        utc_text(previous.due),
                        None if previous.last_review is None else utc_text(previous.last_review),
                        row["card_key"],
                    ),
                )
            return str(row["card_key"])

    def amend_rating(self, review_id: str, rating: int, schedule: Schedule) -> None:
        """Change the rating of the card's latest review (the learner overrode it) and
        reschedule the card from the state that review started from."""
        with self._write() as db:
            row = db.execute(
                "SELECT card_key, reviewed_at, prev_state FROM review WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                return
            db.execute("UPDATE review SET rating = ? WHERE id = ?", (rating, review_id))
            reviewed_at = parse_utc(row["reviewed_at"])
            if self._reviewed_after(db, row["card_key"], reviewed_at):  # reviewed since
                new_state = self._replayed(db, row["card_key"], schedule)
            else:
                new_state = schedule(state_from_json(row["prev_state"]), rating, reviewed_at)
            put_state(db, row["card_key"], new_state, introduced=datetime.now(UTC))

    def merge(
        self,
        reviews: Iterable[Review],
        replay: Callable[[list[tuple[datetime, int]]], CardState | None],
    ) -> tuple[int, int]:
        """Add the reviews whose ids are new and replay the cards they touch.

        Cards are merged :data:`MERGE_BATCH` at a time, one transaction per batch, so a
        session studying meanwhile waits for one batch at most, never for the whole
        import (a long import used to hold the write lock past the busy timeout). Each
        card's reviews and replay land together; an interrupted import leaves whole
        cards merged, and importing the same file again finishes it.
        """
        by_card: dict[str, list[Review]] = {}
        seen: set[str] = set()
        for review in reviews:
            if review.id not in seen:
                seen.add(review.id)
                by_card.setdefault(review.card_key, []).append(review)
        keys = sorted(by_card)
        added = replayed = 0
        for start in range(0, len(keys), MERGE_BATCH):
            with self._write() as db:
                for key in keys[start : start + MERGE_BATCH]:
                    fresh = [
                        review
                        for review in by_card[key]
                        if not db.execute(
                            "SELECT 1 FROM review WHERE id = ?", (review.id,)
                        ).fetchone()
                    ]
                    if fresh:
                        self._merge_card(db, key, fresh, replay)
                        added += len(fresh)
                        replayed += 1
        return added, replayed

    def _merge_card(
        self,
        db: sqlite3.Connection,
        key: str,
        fresh: list[Review],
        replay: Callable[[list[tuple[datetime, int]]], CardState | None],
    ) -> None:
        """Insert one card's new reviews and set its state to a replay of its whole log."""
        db.executemany(
            "INSERT INTO review VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [
                (
                    r.id,
                    r.card_key,
                    utc_text(r.reviewed_at),
                    r.rating,
                    str(r.outcome),
                    r.score,
                    r.answer,
                    r.duration_ms,
                    str(r.mode),
                )
                for r in fresh
            ],
        )
        rows = db.execute(
            "SELECT reviewed_at, rating FROM review WHERE card_key = ? ORDER BY reviewed_at",
            (key,),
        ).fetchall()
        log = [(parse_utc(row["reviewed_at"]), int(row["rating"])) for row in rows]
        state = replay(log)
        if state is not None:
            put_state(db, key, state, introduced=log[0][0])

    def replay_states(
        self, replay: Callable[[list[tuple[datetime, int]]], CardState | None]
    ) -> int:
        """Recompute every reviewed card's state from its log; return how many cards.

        For when the scheduler itself changes (``optimize`` fits new parameters): states
        derive from the log, so they are replayed. One transaction, read inside it, so a
        concurrent answer is either replayed too or lands after, and a failure changes
        nothing.
        """
        with self._write() as db:
            logs: dict[str, list[tuple[datetime, int]]] = {}
            for row in db.execute(
                "SELECT card_key, reviewed_at, rating FROM review ORDER BY card_key, reviewed_at"
            ):
                logs.setdefault(row["card_key"], []).append(
                    (parse_utc(row["reviewed_at"]), int(row["rating"]))
                )
            for key, log in logs.items():
                state = replay(log)
                if state is not None:
                    put_state(db, key, state, introduced=log[0][0])
        return len(logs)


def open_store(home: Path, *, read_only: bool = False) -> Store:
    from studycli.paths import progress_path

    return Store.open(progress_path(home), read_only=read_only)
