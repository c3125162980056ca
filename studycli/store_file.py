"""Opening a progress file safely: recognise it, migrate it, never damage it.

Before anything is written the file is read through a read-only connection: another
program's database, a damaged file or one from a newer studycli is refused with its path
and left byte for byte as it was. Migrations are a numbered list, each applied once in
its own transaction.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from studycli.errors import StoreError

APPLICATION_ID = 0x53545544  # "STUD": marks the file as studycli's
BUSY_TIMEOUT_MS = 30_000


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


def _damaged(path: Path, error: sqlite3.Error) -> StoreError:
    return StoreError(
        f"the progress file {path} is damaged or not a database ({error}); "
        "it was left untouched. Move it aside to start afresh, or restore a backup."
    )


def read_only_uri(path: Path) -> str:
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


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read *path*, even when its folder is read-only.

    Reading a WAL-mode file needs its shared-memory index (``-shm``), which SQLite cannot
    create in a read-only folder (or on a full disk); then the file is opened as
    immutable, which is right there because nobody can be writing to it either.
    """
    uri = read_only_uri(path)
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


def inspect(path: Path) -> int:
    """Read the schema version without writing; raise StoreError for foreign or bad files."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    if not path.is_file():  # SQLite would block forever reading a FIFO
        raise StoreError(f"the progress file {path} is not a regular file; it was left untouched.")
    try:
        probe = connect_read_only(path)
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


def enable_wal(db: sqlite3.Connection) -> None:
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
