"""What a study command asks of the progress file: states, due cards, the log.

:class:`StoreReads` is the reading half of :class:`~studycli.store.Store`, kept apart so
each half stays one screenful of concerns; both share one connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from studycli.errors import StoreError
from studycli.model import Mode
from studycli.outcomes import Outcome
from studycli.scheduler import CardState
from studycli.store_rows import Review, parse_utc, state_from_row, utc_text


class StoreReads:
    """Queries of an open progress file (see :class:`~studycli.store.Store`)."""

    path: Path
    _db: sqlite3.Connection
    _wanted: frozenset[str] | None  # what temp.wanted holds now

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

    def state(self, card_key: str) -> CardState | None:
        rows = self._read("SELECT * FROM card_state WHERE card_key = ?", (card_key,))
        return state_from_row(rows[0]) if rows else None

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
        return {row["card_key"]: state_from_row(row) for row in rows}

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
