"""Per-answer overhead: grade + schedule + commit, as a session does it.

Run: python benchmarks/answer_overhead.py [--answers N]
Prints the median and 95th percentile in milliseconds over N answers on a real SQLite
file in a temporary directory, using the bundled decks.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli.config import Config
from studycli.grading import grade, make_question
from studycli.loader import load_library
from studycli.paths import bundled_decks_dir
from studycli.scheduler import Scheduler
from studycli.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=2000)
    args = parser.parse_args()
    cards = load_library([bundled_decks_dir()]).cards()
    rng = random.Random(1956)
    scheduler = Scheduler(Config())
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "p.sqlite3") as store:
        when = datetime(2026, 1, 1, tzinfo=UTC)
        for _ in range(args.answers):
            card = rng.choice(cards)
            question = make_question(card, rng)
            response = rng.choice(["", "1", "Khrushchev", "25 Feb 1956", "3 1 2 4", "true"])
            started = time.perf_counter()
            verdict = grade(question, response)
            previous = store.state(card.key)
            new_state = scheduler.review(previous, int(verdict.rating), when)
            store.record(
                card_key=card.key,
                when=when,
                rating=int(verdict.rating),
                outcome=verdict.outcome.value,
                score=verdict.score,
                answer=response,
                duration_ms=1000,
                mode="benchmark",
                previous=previous,
                new_state=new_state,
            )
            timings.append((time.perf_counter() - started) * 1000)
            when += timedelta(minutes=7)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(f"answers: {len(timings)}")
    median = statistics.median(timings)
    print(f"median: {median:.3f} ms   p95: {p95:.3f} ms   (target: median < 5 ms)")


if __name__ == "__main__":
    main()
