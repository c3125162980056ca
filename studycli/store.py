"""The progress store: one SQLite file that is never lost.

``review`` is an append-only log, one row per answer with its own uuid; it is the
source of truth. ``card_state`` holds each card's FSRS state with ``due`` indexed, and
is written in the same transaction as the review it follows from, so due cards are a
query, never a replay. Every answer is committed before the next question is shown.

The file is validated read-only before anything is written: a damaged file or another
program's database is reported with its path and left byte-for-byte untouched.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studycli.errors import StoreError
from studycli.grading import Outcome
from studycli.integrity import IntegrityCheck
from studycli.model import Mode
from studycli.scheduler import CardState, State

# What the store needs from the scheduler: the state after a rating at a time.
Schedule = Callable[[CardState | None, int, datetime], CardState]

APPLICATION_ID = 0x53545544  # "STUD": marks the file as studycli's
BUSY_TIMEOUT_MS = 30_000
MERGE_BATCH = 200  # cards per transaction of an import: a fraction of a second each
# SQLite's automatic checkpoint (every 1,000 WAL pages by default) copies the log back
# into the main file and syncs it inside whichever commit crosses the line: on a large
# file that one answer takes a fifth of a second. Answers leave it to close() instead;
# this bound (about 40 MB of log, some 1,100 answers at ~9 pages each) only keeps the
# WAL finite in a very long session or while another process holds the file open.
WAL_BOUND_PAGES = 10_000


def _m001_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE review (
            id TEXT PRIMARY KEY,
            card_key TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            outcome TEXT NOT NULL,
            score REAL NOT NULL,
            answer TEXT NOT NULL,
            duration_ms INTEGER,
            mode TEXT NOT NULL,
            prev_state TEXT
        )"""
    )
    db.execute("CREATE INDEX review_card ON review (card_key, reviewed_at)")
    db.execute("CREATE INDEX review_time ON review (reviewed_at)")
    db.execute(
        """CREATE TABLE card_state (
            card_key TEXT PRIMARY KEY,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            introduced TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX card_state_due ON card_state (due)")
    db.execute("CREATE INDEX card_state_introduced ON card_state (introduced)")


# Each migration runs once, in its own transaction; the list index + 1 is the version.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m001_initial]
SCHEMA_VERSION = len(MIGRATIONS)


def utc_text(moment: datetime) -> str:
    """A sortable UTC timestamp: comparing the text compares the times."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Review:
    """One answer as logged."""

    id: str
    card_key: str
    reviewed_at: datetime
    rating: int
    outcome: Outcome
    score: float
    answer: str
    duration_ms: int | None
    mode: Mode


@dataclass(frozen=True, slots=True)
class NewReview:
    """One answer to append: what the learner gave and how it was judged."""

    card_key: str
    rating: int
    outcome: Outcome
    score: float
    answer: str
    duration_ms: int | None
    mode: Mode


def _state_json(state: CardState | None) -> str | None:
    if state is None:
        return None
    return json.dumps(
        {
            "state": int(state.state),
            "step": state.step,
            "stability": state.stability,
            "difficulty": state.difficulty,
            "due": utc_text(state.due),
            "last_review": None if state.last_review is None else utc_text(state.last_review),
        }
    )


def _state_from_json(text: str | None) -> CardState | None:
    return None if text is None else _state_from_row(json.loads(text))


def _state_from_row(row: sqlite3.Row | dict[str, Any]) -> CardState:
    """A CardState from a ``card_state`` row or the same fields saved as JSON."""
    return CardState(
        state=State(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=parse_utc(row["due"]),
        last_review=None if row["last_review"] is None else parse_utc(row["last_review"]),
    )


def _damaged(path: Path, error: sqlite3.Error) -> StoreError:
    return StoreError(
        f"the progress file {path} is damaged or not a database ({error}); "
        "it was left untouched. Move it aside to start afresh, or restore a backup."
    )


def _read_only_uri(path: Path) -> str:
    """A ``file:`` URI opening *path* read-only, whatever characters its name holds.

    The path is percent-encoded: a '#', '?' or '%' in a folder name would otherwise end
    the path early and open (even create) a different file.
    """
    return f"{path.absolute().as_uri()}?mode=ro"


def _cannot_share(error: sqlite3.Error) -> bool:
    """True when SQLite failed to make a WAL file's shared-memory index (``-shm``): the
    folder is read-only, or the disk is full, not the database damaged."""
    text = str(error)
    return "unable to open" in text or "readonly" in text or "disk I/O" in text


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read *path*, even when its folder is read-only.

    Reading a WAL-mode file needs its shared-memory index (``-shm``), which SQLite cannot
    create in a read-only folder (or on a full disk); then the file is opened as
    immutable, which is right there because nobody can be writing to it either.
    """
    uri = _read_only_uri(path)
    for attempt in (uri, f"{uri}&immutable=1"):
        db = sqlite3.connect(
            attempt, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            db.close()
            if attempt != uri or not _cannot_share(error):
                raise
            continue
        return db
    raise AssertionError("unreachable")  # pragma: no cover


def _inspect(path: Path) -> int:
    """Read the schema version without writing; raise StoreError for foreign or bad files."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    if not path.is_file():  # SQLite would block forever reading a FIFO
        raise StoreError(f"the progress file {path} is not a regular file; it was left untouched.")
    try:
        probe = _connect_read_only(path)
        try:
            # One read transaction, so all three come from the same snapshot even while
            # another process is creating the schema.
            probe.execute("BEGIN")
            app_id = probe.execute("PRAGMA application_id").fetchone()[0]
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master")}
        finally:
            probe.close()
    except sqlite3.OperationalError as error:
        if not _cannot_share(error):
            raise _damaged(path, error) from error
        raise StoreError(
            f"cannot open the progress file {path}: it or its folder is read-only or "
            f"inaccessible ({error}); nothing was changed."
        ) from error
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    if app_id != APPLICATION_ID and tables:
        raise StoreError(
            f"{path} belongs to another program (it is not a studycli progress file); "
            "it was left untouched."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the progress file {path} was written by a newer studycli "
            f"(schema {version}, this version knows {SCHEMA_VERSION}); upgrade studycli. "
            "The file was left untouched."
        )
    return int(version)


def _enable_wal(db: sqlite3.Connection) -> None:
    """Switch to write-ahead logging, waiting out other processes doing the same.

    On a brand-new file, sessions started together all try to switch the journal mode at
    once; SQLite answers "database is locked" at once for that (its busy timeout does not
    apply), so retry until the timeout instead of letting the error reach the learner.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


class Store:
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
        version = _inspect(path)
        if read_only:
            return cls._open_read_only(path, version)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the progress file {path}: {error}") from error
        db.row_factory = sqlite3.Row
        # A file that existed is checked page by page before the first write to it.
        check = IntegrityCheck(_read_only_uri(path)) if version else None
        store = cls(path, db, check)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _enable_wal(db)
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
                source = _connect_read_only(path)
                source.backup(db)
                source.close()
            db.row_factory = sqlite3.Row
            store = cls(path, db)
            store._migrate(version)
            return store
        try:
            db = _connect_read_only(path)
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

    def _error(self, doing: str, error: sqlite3.Error) -> StoreError:
        text = str(error)
        if "full" in text:
            return StoreError(
                f"could not {doing} {self.path}: the disk is full; earlier answers are kept"
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError(f"could not {doing} {self.path}: the file or its folder is read-only")
        return StoreError(f"could not {doing} {self.path}: {text}")

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise self._error("read", error) from error

    # -- writing -------------------------------------------------------------------

    def record(
        self,
        *,
        card_key: str,
        when: datetime,
        rating: int,
        outcome: Outcome,
        score: float,
        answer: str,
        duration_ms: int | None,
        mode: Mode,
        previous: CardState | None,
        new_state: CardState,
    ) -> str:
        """Append one review and the card's new state in one transaction; return its id."""
        review_id = uuid.uuid4().hex
        with self._write() as db:
            db.execute(
                "INSERT INTO review VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id,
                    card_key,
                    utc_text(when),
                    rating,
                    str(outcome),
                    score,
                    answer,
                    duration_ms,
                    str(mode),
                    _state_json(previous),
                ),
            )
            self._put_state(db, card_key, new_state, introduced=when)
        return review_id

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
                previous = None if row is None else _state_from_row(row)
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
                        _state_json(previous),
                    ),
                )
                if self._reviewed_after(db, review.card_key, when):
                    new_state = self._replayed(db, review.card_key, schedule)
                else:
                    new_state = schedule(previous, review.rating, when)
                self._put_state(db, review.card_key, new_state, introduced=when)
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
                "UPDATE review SET prev_state = ? WHERE id = ?", (_state_json(state), row["id"])
            )
            state = schedule(state, int(row["rating"]), parse_utc(row["reviewed_at"]))
        assert state is not None, "replaying a card with no reviews"
        return state

    @staticmethod
    def _put_state(
        db: sqlite3.Connection, card_key: str, state: CardState, *, introduced: datetime
    ) -> None:
        db.execute(
            """INSERT INTO card_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (card_key) DO UPDATE SET
                 state = excluded.state, step = excluded.step,
                 stability = excluded.stability, difficulty = excluded.difficulty,
                 due = excluded.due, last_review = excluded.last_review""",
            (
                card_key,
                int(state.state),
                state.step,
                state.stability,
                state.difficulty,
                utc_text(state.due),
                None if state.last_review is None else utc_text(state.last_review),
                utc_text(introduced),
            ),
        )

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
            previous = _state_from_json(row["prev_state"])
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
                new_state = schedule(_state_from_json(row["prev_state"]), rating, reviewed_at)
            self._put_state(db, row["card_key"], new_state, introduced=datetime.now(UTC))

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
            self._put_state(db, key, state, introduced=log[0][0])

    # -- reading -------------------------------------------------------------------

    def state(self, card_key: str) -> CardState | None:
        rows = self._read("SELECT * FROM card_state WHERE card_key = ?", (card_key,))
        return _state_from_row(rows[0]) if rows else None

    def _keys_table(self, keys: Iterable[str]) -> str:
        """Load *keys* into a temporary table to join on, so a query touches only them.

        With years of history the store holds far more cards than the decks in play;
        joining on the index beats reading every row and filtering in Python. A session
        start or a ``stats`` run asks several questions of the same cards in a row, so
        the table is refilled only when the keys change.
        """
        wanted = frozenset(keys)
        if wanted == self._wanted:
            return "temp.wanted"
        self._wanted = None
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM temp.wanted")
            self._db.executemany("INSERT INTO temp.wanted VALUES (?)", ((key,) for key in wanted))
        except sqlite3.Error as error:
            raise self._error("read", error) from error
        self._wanted = wanted
        return "temp.wanted"

    def states(self, keys: Iterable[str] | None = None) -> dict[str, CardState]:
        """Card states, of *keys* only when given (else of every card with history)."""
        if keys is None:
            rows = self._read("SELECT * FROM card_state")
        else:
            table = self._keys_table(keys)
            rows = self._read(f"SELECT card_state.* FROM {table} JOIN card_state ON card_key = key")
        return {row["card_key"]: _state_from_row(row) for row in rows}

    def due_before(
        self, moment: datetime, keys: Iterable[str] | None = None
    ) -> list[tuple[str, datetime]]:
        """Cards due before *moment* (of *keys* only, if given), most overdue first."""
        if keys is None:
            sql = "SELECT card_key, due FROM card_state WHERE due < ? ORDER BY due"
        else:
            # IN (subquery) makes SQLite look each card up by its primary key; a join
            # lets it walk the due index over every due card in the store instead.
            table = self._keys_table(keys)
            sql = (
                "SELECT card_key, due FROM card_state"
                f" WHERE card_key IN (SELECT key FROM {table}) AND due < ? ORDER BY due"
            )
        rows = self._read(sql, (utc_text(moment),))
        return [(row["card_key"], parse_utc(row["due"])) for row in rows]

    def next_due(self, keys: Iterable[str] | None = None) -> datetime | None:
        """The earliest due time, optionally among *keys* only."""
        if keys is None:
            rows = self._read("SELECT MIN(due) AS due FROM card_state")
        else:
            table = self._keys_table(keys)
            rows = self._read(
                "SELECT MIN(due) AS due FROM card_state"
                f" WHERE card_key IN (SELECT key FROM {table})"
            )
        return parse_utc(rows[0]["due"]) if rows and rows[0]["due"] else None

    def keys_with_history(self) -> set[str]:
        """Every card key that has at least one review, whether or not a deck still has it."""
        return {row["card_key"] for row in self._read("SELECT DISTINCT card_key FROM review")}

    def introduced_since(self, moment: datetime) -> int:
        """How many cards were first studied at or after *moment* (today's new cards)."""
        rows = self._read(
            "SELECT COUNT(*) AS n FROM card_state WHERE introduced >= ?", (utc_text(moment),)
        )
        return int(rows[0]["n"])

    def reviews_since(
        self, moment: datetime, keys: Iterable[str] | None = None
    ) -> list[tuple[datetime, int, datetime | None]]:
        """(time, rating, time of the card's previous review) for reviews since *moment*,
        of *keys* only when given."""
        since = utc_text(moment)
        if keys is None:
            cards = "SELECT DISTINCT card_key FROM review WHERE reviewed_at >= ?"
            params: tuple[str, ...] = (since, since)
        else:
            cards = f"SELECT key FROM {self._keys_table(keys)}"
            params = (since,)
        rows = self._read(
            f"""SELECT reviewed_at, rating, previous FROM (
                   SELECT reviewed_at, rating, LAG(reviewed_at) OVER (
                       PARTITION BY card_key ORDER BY reviewed_at) AS previous
                   FROM review WHERE card_key IN ({cards}))
               WHERE reviewed_at >= ? ORDER BY reviewed_at""",
            params,
        )
        return [
            (
                parse_utc(row["reviewed_at"]),
                int(row["rating"]),
                None if row["previous"] is None else parse_utc(row["previous"]),
            )
            for row in rows
        ]

    def failure_counts(self, minimum: int, keys: Iterable[str] | None = None) -> dict[str, int]:
        """Cards answered Again at least *minimum* times (the leeches), of *keys* if given."""
        scope = (
            "" if keys is None else f" AND card_key IN (SELECT key FROM {self._keys_table(keys)})"
        )
        rows = self._read(
            f"SELECT card_key, COUNT(*) AS n FROM review WHERE rating = 1{scope}"
            " GROUP BY card_key HAVING COUNT(*) >= ? ORDER BY n DESC, card_key",
            (minimum,),
        )
        return {row["card_key"]: int(row["n"]) for row in rows}

    def review_count(self) -> int:
        return int(self._read("SELECT COUNT(*) AS n FROM review")[0]["n"])

    def reviews(self, card_key: str | None = None) -> list[Review]:
        """The log, oldest first, optionally for one card."""
        if card_key is None:
            rows = self._read("SELECT * FROM review ORDER BY reviewed_at")
        else:
            rows = self._read(
                "SELECT * FROM review WHERE card_key = ? ORDER BY reviewed_at", (card_key,)
            )
        return [
            Review(
                id=row["id"],
                card_key=row["card_key"],
                reviewed_at=parse_utc(row["reviewed_at"]),
                rating=row["rating"],
                outcome=Outcome(row["outcome"]),
                score=row["score"],
                answer=row["answer"],
                duration_ms=row["duration_ms"],
                mode=Mode(row["mode"]),
            )
            for row in rows
        ]

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
                    self._put_state(db, key, state, introduced=log[0][0])
        return len(logs)


def open_store(home: Path, *, read_only: bool = False) -> Store:
    from studycli.paths import progress_path

    return Store.open(progress_path(home), read_only=read_only)
