"""A heavy learner's progress file: 1,000,000 reviews over 100,000 card keys.

Run: python benchmarks/big_store.py [--rebuild]

The file is created by ``Store.open`` (so schema, pragmas and migrations are the real
ones) and filled with direct SQL inserts in one transaction. It is cached in
``benchmarks/.cache/`` and reused while it is fresh: the history runs up to the moment
of generation, and a store older than a day would no longer have "today" and
"yesterday" in it, which changes what ``stats`` computes (the streak).

What is in it:

- every bundled card (and event date card) has a history of 30 reviews since the start
  and a state, so due queries, ``stats`` and the quiz queue have real work on the cards
  in play, and those cards alone have reviews on every day (a 1,000-day streak);
- the rest of the 100,000 keys belong to deck ids no longer installed (orphaned history,
  as when a learner deletes a deck or a teacher renames one): the store keeps them, and
  every query over ``card_state`` or ``review`` has to wade through them;
- reviews spread over the last 1,000 days with reviews on every day (a 1,000-day
  streak), ratings about 12 % Again / 10 % Hard / 70 % Good / 8 % Easy, each review
  after a card's first carrying its previous state as JSON like a real one;
- card states with stability from 1 to 300 days and due dates following from their
  last review, so a large share is overdue (old, neglected cards), as in a real store.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib import CACHE_DIR

from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from studycli.store import SCHEMA_VERSION, Store, utc_text

REVIEWS = 1_000_000
CARD_KEYS = 100_000
HISTORY_DAYS = 1000
GENERATOR_VERSION = 2
BUNDLED_REVIEWS_PER_CARD = 30  # ~10,000 reviews on the cards in play, ~10 every day
MAX_AGE = timedelta(hours=20)
RATINGS = (1, 2, 3, 4)
RATING_WEIGHTS = (12, 10, 70, 8)
OUTCOMES = {1: "wrong", 2: "partial", 3: "correct", 4: "correct"}
REVIEW_STATE, RELEARNING_STATE = 2, 3


def store_path(reviews: int = REVIEWS, keys: int = CARD_KEYS) -> Path:
    name = f"big-store-g{GENERATOR_VERSION}-s{SCHEMA_VERSION}-{reviews}r-{keys}k.sqlite3"
    return CACHE_DIR / name


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def is_fresh(path: Path) -> bool:
    meta = _meta_path(path)
    if not path.exists() or not meta.exists():
        return False
    try:
        built = datetime.fromisoformat(json.loads(meta.read_text(encoding="utf-8"))["built"])
    except (ValueError, KeyError, OSError):
        return False
    return datetime.now(UTC) - built < MAX_AGE


def card_keys(keys: int) -> tuple[list[str], int]:
    """All keys: the bundled cards first, then orphaned ones; and how many are bundled."""
    bundled = [card.key for card in load_library([bundled_decks_dir()]).cards()]
    orphans = [
        f"archived-deck-{number % 50:02d}/card-{number:06d}"
        for number in range(keys - len(bundled))
    ]
    return bundled + orphans, len(bundled)


def _counts(rng: random.Random, keys: int, reviews: int, bundled: int) -> list[int]:
    """Reviews per card: 30 for each bundled card, 1 to 19 for the others (about 10 on
    average), summing to exactly *reviews*."""
    orphans = keys - bundled
    mean = (reviews - bundled * BUNDLED_REVIEWS_PER_CARD) / orphans
    most = int(2 * mean) - 1
    counts = [max(1, min(most, round(rng.expovariate(1 / mean)))) for _ in range(orphans)]
    difference = reviews - bundled * BUNDLED_REVIEWS_PER_CARD - sum(counts)
    step = 1 if difference > 0 else -1
    index = 0
    while difference:
        value = counts[index % orphans] + step
        if 1 <= value <= most:
            counts[index % orphans] = value
            difference -= step
        index += 1
    return [BUNDLED_REVIEWS_PER_CARD] * bundled + counts


def _state_json(state: int, stability: float, difficulty: float, due: str, last: str) -> str:
    return (
        f'{{"state": {state}, "step": null, "stability": {stability!r}, '
        f'"difficulty": {difficulty!r}, "due": "{due}", "last_review": "{last}"}}'
    )


Row = tuple[str, str, str, int, str, float, str, int, str, str | None]
StateRow = tuple[str, int, int | None, float, float, str, str, str]


def _rows(
    rng: random.Random, keys: list[str], counts: list[int], now: datetime, bundled: int
) -> Iterator[tuple[list[Row], StateRow]]:
    """Per card: its review rows and its final state row.

    The bundled cards were all started at the beginning of the history, so that the
    cards in play alone have reviews on every day (a streak over the cards in play is
    as long as over the whole store); other cards start at random, older ones likelier.
    """
    span = HISTORY_DAYS * 86400.0
    for index, (key, count) in enumerate(zip(keys, counts, strict=True)):
        in_play = index < bundled
        first = span * (rng.uniform(0.97, 0.999) if in_play else rng.random() ** 0.7)
        times = sorted(now - timedelta(seconds=first * rng.random()) for _ in range(count - 1))
        times.insert(0, now - timedelta(seconds=first))
        ratings = rng.choices(RATINGS, RATING_WEIGHTS, k=count)
        stability = 1.0
        difficulty = rng.uniform(2.0, 8.0)
        previous: str | None = None
        rows: list[Row] = []
        for when, rating in zip(times, ratings, strict=True):
            when_text = utc_text(when)
            rows.append(
                (
                    uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                    key,
                    when_text,
                    rating,
                    OUTCOMES[rating],
                    1.0 if rating > 1 else 0.0,
                    "Khrushchev" if rating > 1 else "",
                    rng.randint(2000, 40000),
                    "review" if rng.random() < 0.8 else "quiz",
                    previous,
                )
            )
            stability = max(0.5, min(300.0, stability * (0.4 if rating == 1 else 2.2)))
            difficulty = max(1.0, min(10.0, difficulty + (0.6 if rating == 1 else -0.1)))
            due_text = utc_text(when + timedelta(days=stability))
            previous = _state_json(REVIEW_STATE, stability, difficulty, due_text, when_text)
        last = times[-1]
        relearning = ratings[-1] == 1
        state_row: StateRow = (
            key,
            RELEARNING_STATE if relearning else REVIEW_STATE,
            0 if relearning else None,
            stability,
            difficulty,
            utc_text(
                last + timedelta(minutes=10) if relearning else last + timedelta(days=stability)
            ),
            utc_text(last),
            utc_text(times[0]),
        )
        yield rows, state_row


def build(path: Path, reviews: int = REVIEWS, keys: int = CARD_KEYS, seed: int = 1956) -> None:
    """Create the store at *path* (replacing any old one) and fill it."""
    started = time.perf_counter()
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    _meta_path(path).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    all_keys, bundled = card_keys(keys)
    rng = random.Random(seed)
    counts = _counts(rng, keys, reviews, bundled)
    now = datetime.now(UTC) - timedelta(minutes=5)
    with Store.open(path) as store:
        db = store._db  # direct SQL: the point is to fill it fast
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -262144")  # 256 MiB while building
        db.execute("BEGIN IMMEDIATE")
        review_batch: list[Row] = []
        state_batch: list[StateRow] = []
        for rows, state_row in _rows(rng, all_keys, counts, now, bundled):
            review_batch.extend(rows)
            state_batch.append(state_row)
            if len(review_batch) >= 50_000:
                db.executemany("INSERT INTO review VALUES (?,?,?,?,?,?,?,?,?,?)", review_batch)
                review_batch.clear()
        db.executemany("INSERT INTO review VALUES (?,?,?,?,?,?,?,?,?,?)", review_batch)
        db.executemany("INSERT INTO card_state VALUES (?,?,?,?,?,?,?,?)", state_batch)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no ANALYZE: studycli never runs it
    meta = {
        "built": datetime.now(UTC).isoformat(),
        "reviews": reviews,
        "card_keys": keys,
        "bundled_keys": bundled,
        "history_days": HISTORY_DAYS,
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
    }
    _meta_path(path).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def ensure(rebuild: bool = False, *, quiet: bool = False) -> tuple[Path, dict[str, object]]:
    """The cached big store, built if missing, stale or asked for; and its metadata."""
    path = store_path()
    if rebuild or not is_fresh(path):
        if not quiet:
            print(f"building {path.name} ({REVIEWS:,} reviews, {CARD_KEYS:,} keys)...")
        build(path)
    meta: dict[str, object] = json.loads(_meta_path(path).read_text(encoding="utf-8"))
    return path, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build even if a fresh one exists")
    args = parser.parse_args()
    path, meta = ensure(args.rebuild)
    print(f"{path}: {json.dumps(meta)}")
    mib = int(str(meta["bytes"])) / 2**20
    print(f"{mib:.0f} MiB, built in {meta['seconds']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
