"""What ``quiz``, ``review`` and ``stats`` read from the store, and a proposal for ``stats``.

Run: python benchmarks/query_costs.py [STORE]   (default: a copy of the cached big store)

Each row times an operation as studycli does it now, calling its own functions
(``sources.quiz_queue``, ``sources.review_queue``, ``Store.next_due``,
``stats.full_stats``), and lists the slowest statements it ran with their query plans.
For ``stats`` it also times the same figures computed by the proposed reads, written
here as plain SQL over the existing schema and indexes, and checks that both give the
same figures. It changes nothing in ``studycli/``: it is the evidence for the proposals
in docs/performance.md, and it keeps working as the store's code changes, since it only
calls the public operations.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import big_store

from studycli.config import Config
from studycli.library import load_library
from studycli.model import Card
from studycli.paths import bundled_decks_dir
from studycli.scheduler import CardState, Scheduler, day_bounds
from studycli.sources import quiz_queue, review_queue
from studycli.stats import (
    HEATMAP_WEEKS,
    LEECH_FAILURES,
    RETENTION_DAYS,
    Retention,
    full_stats,
    study_day,
)
from studycli.store import Store
from studycli.store_rows import state_from_row, utc_text

IN_KEYS = "card_key IN (SELECT value FROM json_each(?))"


@dataclass(frozen=True)
class Statement:
    """One SELECT that today's operation ran, re-run alone: its time, rows and plan."""

    sql: str
    ms: float
    rows: int
    plan: str


@dataclass(frozen=True)
class Comparison:
    """One operation as it runs today and, where there is one, its proposed replacement."""

    used_by: str
    current: str
    current_ms: float
    statements: list[Statement] = field(default_factory=list)
    proposed: str | None = None
    proposed_ms: float | None = None
    same: bool | None = None


def _traced(db: sqlite3.Connection, function: Callable[[], Any]) -> tuple[float, Any, list[str]]:
    """Time *function* and collect the SQL it ran (with its parameters inlined)."""
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        ms, value = _timed(function)
    finally:
        db.set_trace_callback(None)
    return ms, value, statements


def _short(sql: str) -> str:
    text = re.sub(r"\s+", " ", sql).strip()
    text = re.sub(r"'[^']{60,}'", "'…'", text)  # long literals: JSON key lists and the like
    return text if len(text) <= 220 else text[:217] + "…"


def statement_costs(db: sqlite3.Connection, statements: list[str], top: int = 3) -> list[Statement]:
    """The slowest distinct reads among *statements*, each re-run and explained."""
    costs: list[Statement] = []
    for sql in dict.fromkeys(statements):
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        started = time.perf_counter()
        rows = db.execute(sql).fetchall()
        ms = (time.perf_counter() - started) * 1000
        plan = "; ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        costs.append(Statement(_short(sql), ms, len(rows), plan))
    costs.sort(key=lambda statement: -statement.ms)
    return costs[:top]


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return (time.perf_counter() - started) * 1000, value


# -- proposed reads (plain SQL over the existing schema and indexes) ------------------


def _scope(keys: list[str] | None) -> tuple[str, tuple[str, ...]]:
    """An extra WHERE condition (and its parameter) limiting a query to *keys*."""
    if keys is None:
        return "", ()
    return f" AND {IN_KEYS}", (json.dumps(keys),)


def states_for(db: sqlite3.Connection, keys: list[str]) -> dict[str, CardState]:
    rows = db.execute(f"SELECT * FROM card_state WHERE {IN_KEYS}", (json.dumps(keys),))
    return {row["card_key"]: state_from_row(row) for row in rows}


def retention_sql(
    db: sqlite3.Connection, now: datetime, days: int, keys: list[str] | None
) -> Retention:
    """One aggregate: LAG inside the window, one index probe per card for its first
    review in the window (the review before the window began)."""
    since = utc_text(now - timedelta(days=days))
    scope, params = _scope(keys)
    row = db.execute(
        f"""WITH w AS (
             SELECT card_key, reviewed_at, rating,
                    LAG(reviewed_at) OVER (PARTITION BY card_key ORDER BY reviewed_at) AS prev
             FROM review WHERE reviewed_at >= ?{scope})
           SELECT COUNT(*) AS n, COALESCE(SUM(rating > 1), 0) AS passed FROM (
             SELECT rating, COALESCE(prev, (SELECT MAX(p.reviewed_at) FROM review p
                                            WHERE p.card_key = w.card_key
                                              AND p.reviewed_at < ?)) AS prev,
                    reviewed_at
             FROM w)
           WHERE prev IS NOT NULL AND julianday(reviewed_at) - julianday(prev) >= 1.0""",
        (since, *params, since),
    ).fetchone()
    return Retention(int(row["n"]), int(row["passed"]))


def _day_ranges(now: datetime, rollover_hour: int) -> Callable[[int], tuple[datetime, datetime]]:
    """Study day *offset* days before today as a UTC [start, end) range (DST-safe)."""
    cache: list[tuple[datetime, datetime]] = [day_bounds(now, rollover_hour)]

    def day(offset: int) -> tuple[datetime, datetime]:
        while len(cache) <= offset:
            start = cache[-1][0]
            cache.append(day_bounds(start - timedelta(microseconds=1), rollover_hour))
        return cache[offset]

    return day


def heatmap_sql(
    db: sqlite3.Connection, now: datetime, rollover_hour: int, keys: list[str] | None
) -> dict[date, int]:
    """One COUNT per study day over the review_time index (84 small range counts)."""
    since = now - timedelta(weeks=HEATMAP_WEEKS)
    day = _day_ranges(now, rollover_hour)
    scope, params = _scope(keys)
    counts: dict[date, int] = {}
    offset = 0
    while True:
        start, end = day(offset)
        if end <= since:
            break
        n = db.execute(
            f"SELECT COUNT(*) FROM review WHERE reviewed_at >= ? AND reviewed_at < ?{scope}",
            (utc_text(max(start, since)), utc_text(end), *params),
        ).fetchone()[0]
        if n:
            counts[study_day(start, rollover_hour)] = int(n)
        offset += 1
    return counts


def streak_sql(
    db: sqlite3.Connection, now: datetime, rollover_hour: int, keys: list[str] | None
) -> int:
    """Walk back one study day at a time, one indexed EXISTS probe per day."""
    day = _day_ranges(now, rollover_hour)
    scope, params = _scope(keys)

    def studied(offset: int) -> bool:
        start, end = day(offset)
        row = db.execute(
            f"SELECT 1 FROM review WHERE reviewed_at >= ? AND reviewed_at < ?{scope} LIMIT 1",
            (utc_text(start), utc_text(end), *params),
        ).fetchone()
        return row is not None

    offset = 0 if studied(0) else 1
    length = 0
    while studied(offset):
        length += 1
        offset += 1
    return length


def leeches_sql(
    db: sqlite3.Connection, minimum: int, keys: list[str] | None
) -> list[dict[str, object]]:
    scope, params = _scope(keys)
    rows = db.execute(
        f"SELECT card_key, COUNT(*) AS n FROM review WHERE rating = 1{scope}"
        " GROUP BY card_key HAVING COUNT(*) >= ? ORDER BY n DESC, card_key",
        (*params, minimum),
    )
    return [{"card": row["card_key"], "failures": int(row["n"])} for row in rows]


@dataclass
class ProposedStats:
    """The store-wide figures of `stats`, read the proposed way, with each read's time."""

    figures: dict[str, object]
    parts_ms: dict[str, float]


def proposed_stats(
    db: sqlite3.Connection, keys: list[str], scope: list[str] | None, now: datetime, hour: int
) -> ProposedStats:
    parts: dict[str, float] = {}
    figures: dict[str, object] = {}

    def part(name: str, function: Callable[[], Any]) -> Any:
        ms, value = _timed(function)
        parts[name] = ms
        return value

    part("states", lambda: states_for(db, keys))
    part("review count", lambda: db.execute("SELECT COUNT(*) FROM review").fetchone())
    figures["streak"] = part("streak", lambda: streak_sql(db, now, hour, scope))
    heat = part("heatmap", lambda: heatmap_sql(db, now, hour, scope))
    figures["heatmap"] = {day.isoformat(): n for day, n in sorted(heat.items())}
    retention = part("retention", lambda: retention_sql(db, now, RETENTION_DAYS, scope))
    figures["retention_30d"] = {
        "reviews": retention.reviews,
        "passed": retention.passed,
        "rate": retention.rate,
    }
    figures["leeches"] = part("leeches", lambda: leeches_sql(db, LEECH_FAILURES, scope))
    return ProposedStats(figures, parts)


# -- the comparisons -------------------------------------------------------------------


def _stats_row(
    db: sqlite3.Connection, store: Store, cards: list[Card], now: datetime
) -> Comparison:
    config = Config()
    hour = config.day_rollover_hour
    scheduler = Scheduler(config)
    keys = [card.key for card in cards]
    full_stats(cards, store, scheduler, now, hour)  # warm the page cache
    today_ms, today, sql = _traced(db, lambda: full_stats(cards, store, scheduler, now, hour))
    compared = ("streak", "heatmap", "retention_30d", "leeches")
    chosen = None
    for label, scope in (("cards in play", keys), ("whole store", None)):
        proposal = proposed_stats(db, keys, scope, now, hour)
        if all(proposal.figures[name] == today[name] for name in compared):
            chosen = (label, proposal)
            break
    same = chosen is not None
    label, proposal = chosen or ("cards in play", proposed_stats(db, keys, keys, now, hour))
    parts = ", ".join(f"{name} {ms:.0f} ms" for name, ms in proposal.parts_ms.items())
    return Comparison(
        "`stats`: every figure read from the store",
        "`stats.full_stats` as it is now",
        today_ms,
        statement_costs(db, sql),
        f"the proposed reads, over the {label} like today's figures ({parts})",
        sum(proposal.parts_ms.values()),
        same,
    )


def compare(path: Path) -> list[Comparison]:
    """Today's operations (and, for ``stats``, the proposed reads) on the store at *path*."""
    cards = load_library([bundled_decks_dir()]).cards()
    keys = {card.key for card in cards}
    config = Config()
    scheduler = Scheduler(config)
    now = datetime.now(UTC)
    results: list[Comparison] = []
    with Store.open(path) as store:
        db = store._db

        def add(used_by: str, current: str, operation: Callable[[], Any]) -> None:
            operation()  # warm the page cache
            current_ms, _value, sql = _traced(db, operation)
            results.append(Comparison(used_by, current, current_ms, statement_costs(db, sql)))

        add(
            "`quiz`: build the queue",
            "`sources.quiz_queue`",
            lambda: quiz_queue(cards, store, scheduler, config, now, 10),
        )
        add(
            "`review`: build the queue",
            "`sources.review_queue`",
            lambda: review_queue(cards, store, config, now),
        )
        add(
            "end of every session (`Session.run`)",
            "`Store.next_due(keys)`",
            lambda: store.next_due(keys),
        )
        results.append(_stats_row(db, store, cards, now))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", nargs="?", type=Path, help="progress file (a copy is used)")
    args = parser.parse_args()
    source = args.store or big_store.ensure()[0]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "progress.sqlite3"
        shutil.copyfile(source, copy)
        rows = compare(copy)
    for row in rows:
        if row.proposed is None:
            print(f"{row.used_by}: {row.current_ms:7.1f} ms")
        else:
            flag = "same" if row.same else "DIFFERENT"
            print(f"{row.used_by}: {row.current_ms:7.1f} ms -> {row.proposed_ms:7.1f} ms ({flag})")
            print(f"    {row.proposed}")
        for statement in row.statements:
            print(f"    {statement.ms:7.1f} ms {statement.rows:6d} rows  {statement.sql}")
            print(f"        plan: {statement.plan}")


if __name__ == "__main__":
    main()
