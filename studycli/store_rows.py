"""How reviews and card states are written in the progress file's rows, and read back.

Times are stored as sortable UTC text; a card's state as columns of ``card_state`` or,
for the state a review started from, as JSON in ``review.prev_state``. Every module that
reads or writes those rows converts through here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from studycli.model import Mode
from studycli.outcomes import Outcome
from studycli.scheduler import CardState, State


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


def state_json(state: CardState | None) -> str | None:
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


def state_from_json(text: str | None) -> CardState | None:
    return None if text is None else state_from_row(json.loads(text))


def state_from_row(row: sqlite3.Row | dict[str, Any]) -> CardState:
    """A CardState from a ``card_state`` row or the same fields saved as JSON."""
    return CardState(
        state=State(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=parse_utc(row["due"]),
        last_review=None if row["last_review"] is None else parse_utc(row["last_review"]),
    )


def put_state(
    db: sqlite3.Connection, card_key: str, state: CardState, *, introduced: datetime
) -> None:
    """Write *card_key*'s state; the day it was first studied is kept once set."""
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
