"""Per-answer overhead: grade + schedule + commit, as a session does it.

Run: python benchmarks/answer_overhead.py [--answers N] [--store PATH] [--json]

Prints the median, 99th percentile and maximum in milliseconds over N answers on a real SQLite
file, using the bundled decks. Without ``--store`` the file is a fresh one in a temporary
directory; with ``--store PATH`` the answers go into that progress file (it is opened
with ``Store.open`` like the CLI does, and N reviews are appended to it, so pass a copy).
Answers are timestamped from now on, seven minutes apart, so they follow whatever
history the store already holds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli.config import Config
from studycli.grading import grade, make_question
from studycli.library import load_library
from studycli.model import Mode
from studycli.paths import bundled_decks_dir
from studycli.scheduler import Scheduler
from studycli.store import NewReview, Store

RESPONSES = ("", "1", "Khrushchev", "25 Feb 1956", "3 1 2 4", "true")


def measure(store_path: Path, answers: int, seed: int = 1956) -> tuple[list[float], float]:
    """Milliseconds of each answer (grade, read the state, schedule, record and commit),
    and of closing the store afterwards (where the WAL is checkpointed)."""
    cards = load_library([bundled_decks_dir()]).cards()
    rng = random.Random(seed)
    scheduler = Scheduler(Config())
    timings: list[float] = []
    store = Store.open(store_path)
    try:
        when = datetime.now(UTC)
        for _ in range(answers):
            card = rng.choice(cards)
            question = make_question(card, rng)
            response = rng.choice(RESPONSES)
            started = time.perf_counter()
            verdict = grade(question, response)
            review = NewReview(
                card_key=card.key,
                rating=int(verdict.rating),
                outcome=verdict.outcome,
                score=verdict.score,
                answer=response,
                duration_ms=1000,
                mode=Mode.QUIZ,
            )
            store.record_many([review], when, scheduler.review)
            timings.append((time.perf_counter() - started) * 1000)
            when += timedelta(minutes=7)
    finally:
        started = time.perf_counter()
        store.close()
        closing = (time.perf_counter() - started) * 1000
    return timings, closing


def summary(timings: list[float], closing: float) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "answers": len(ordered),
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[int(len(ordered) * 0.95)],
        "p99_ms": ordered[int(len(ordered) * 0.99)],
        "max_ms": ordered[-1],
        "max_at": timings.index(ordered[-1]) + 1,  # which answer it was (1 = the first)
        "over_10_ms": sum(1 for t in ordered if t >= 10.0),
        "close_ms": closing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument(
        "--store", type=Path, help="progress file to answer into (default: a fresh one)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.store is None:
        with tempfile.TemporaryDirectory() as tmp:
            timings, closing = measure(Path(tmp) / "p.sqlite3", args.answers)
    else:
        timings, closing = measure(args.store, args.answers)
    figures = summary(timings, closing)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"answers: {figures['answers']:.0f}")
    print(
        f"median: {figures['median_ms']:.3f} ms   p99: {figures['p99_ms']:.3f} ms"
        f"   max: {figures['max_ms']:.2f} ms   (targets: median < 5 ms, p99 < 10 ms)"
    )
    print(f"closing the store (WAL checkpoint): {figures['close_ms']:.1f} ms")


if __name__ == "__main__":
    main()
