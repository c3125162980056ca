"""Scale: a 10,000-card deck, and a store of 1,000,000 reviews over 100,000 card keys.

Run: python benchmarks/scale.py [--runs N] [--rebuild]

- ``load_deck`` on a generated 10,000-card deck (in this process, after the import);
- time to the first question of ``studycli quiz`` (plain line mode) on the big store,
  against the same on an empty store, in alternating runs;
- ``studycli stats --json`` on the big store (and on an empty one for reference);
- the child's peak RSS (``wait4``) for every command run on the big store;
- per-answer overhead (grade + schedule + commit) on a copy of the big store, by
  ``benchmarks/answer_overhead.py --store``.

The big store comes from ``benchmarks/big_store.py`` (cached in ``benchmarks/.cache/``);
each run works on a copy, so the cache never changes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import big_deck
import big_store
from benchlib import (
    BENCH_DIR,
    Run,
    bench_env,
    median,
    python_env,
    run_to_exit,
    run_until_line,
    studycli_command,
    wait_for_quiet,
)

from studycli.config import Config
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from studycli.scheduler import day_bounds
from studycli.store import utc_text

FIRST_QUESTION = b"[1/"
STATS_BUDGET_S = 40.0  # stop repeating `stats` on the big store after this long (>= 3 runs)


@dataclass
class ScaleResults:
    deck_path: Path = Path()
    deck_cards: int = 0
    deck_mib: float = 0.0
    deck_loads: list[float] = field(default_factory=list)
    store_meta: dict[str, object] = field(default_factory=dict)
    quiz_empty: list[Run] = field(default_factory=list)
    quiz_big: list[Run] = field(default_factory=list)
    quiz_exit_big: list[Run] = field(default_factory=list)
    stats_empty: list[Run] = field(default_factory=list)
    stats_big: list[Run] = field(default_factory=list)
    answers_empty: dict[str, float] = field(default_factory=dict)
    answers_big: dict[str, float] = field(default_factory=dict)
    due_total: int = 0
    due_in_play: int = 0
    quick_checks: list[float] = field(default_factory=list)

    def peak_rss(self) -> tuple[str, float]:
        """The largest child peak RSS on the big store, and which command it was."""
        candidates = {
            "quiz (at the first question)": self.quiz_big,
            "quiz (to exit at end of input)": self.quiz_exit_big,
            "stats --json": self.stats_big,
        }
        name, runs = max(
            candidates.items(), key=lambda item: max(run.maxrss_mib for run in item[1])
        )
        return name, max(run.maxrss_mib for run in runs)


def _answers(store: Path | None, answers: int) -> dict[str, float]:
    args = [sys.executable, str(BENCH_DIR / "answer_overhead.py"), "--json"]
    args += ["--answers", str(answers)]
    if store is not None:
        args += ["--store", str(store)]
    done = subprocess.run(args, capture_output=True, text=True, check=True, env=python_env())
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def _due_counts(path: Path) -> tuple[int, int]:
    """Keys due before the end of today's study day: in the whole store, and in play."""
    keys = [card.key for card in load_library([bundled_decks_dir()]).cards()]
    _start, end = day_bounds(datetime.now(UTC), Config().day_rollover_hour)
    db = sqlite3.connect(path)
    try:
        total = db.execute("SELECT COUNT(*) FROM card_state WHERE due < ?", (utc_text(end),))
        in_play = db.execute(
            "SELECT COUNT(*) FROM card_state WHERE due < ?"
            " AND card_key IN (SELECT value FROM json_each(?))",
            (utc_text(end), json.dumps(keys)),
        )
        return int(total.fetchone()[0]), int(in_play.fetchone()[0])
    finally:
        db.close()


def _quick_checks(path: Path, runs: int) -> list[float]:
    """Seconds per ``PRAGMA quick_check`` of *path*: what ``Store`` runs in the
    background from opening, and a first write waits for."""
    from studycli.integrity import IntegrityCheck
    from studycli.store_file import read_only_uri

    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        problems = IntegrityCheck(read_only_uri(path)).problems()
        seconds.append(time.perf_counter() - started)
        if problems:
            raise RuntimeError(f"the big store fails its integrity check: {problems[0]}")
    return seconds


def _stats(env: dict[str, str], runs: int, budget_s: float) -> list[Run]:
    cli = studycli_command()
    results: list[Run] = []
    started = time.perf_counter()
    for number in range(runs):
        run, out = run_to_exit([*cli, "stats", "--json"], env)
        if run.returncode != 0:
            raise RuntimeError(f"stats --json exited with {run.returncode}")
        if number == 0:
            json.loads(out)  # the figure counts only if the output is whole
        results.append(run)
        if number >= 2 and time.perf_counter() - started > budget_s:
            break
    return results


def measure(
    runs: int = 15,
    answers: int = 2000,
    rebuild: bool = False,
    log: bool = True,
    workdir: Path | None = None,
) -> ScaleResults:
    """Every scale figure. With *workdir*, the homes are made there and kept (the big
    store's copy is ``workdir/big/progress.sqlite3``); otherwise in a temporary folder."""
    if workdir is None:
        with tempfile.TemporaryDirectory() as tmp:
            return _measure(runs, answers, rebuild, log, Path(tmp))
    return _measure(runs, answers, rebuild, log, workdir)


def _measure(runs: int, answers: int, rebuild: bool, log: bool, workdir: Path) -> ScaleResults:
    def say(message: str) -> None:
        if log:
            print(f"  scale: {message}", file=sys.stderr, flush=True)

    results = ScaleResults()
    say("10,000-card deck")
    results.deck_path = big_deck.write_deck(10_000)
    results.deck_mib = results.deck_path.stat().st_size / 2**20
    results.deck_cards, results.deck_loads = big_deck.time_load(results.deck_path, 5)

    say("big store (cached in benchmarks/.cache/, built when missing or stale)")
    store_path, results.store_meta = big_store.ensure(rebuild, quiet=not log)
    cli = studycli_command()
    empty_home = workdir / "empty"
    big_home = workdir / "big"
    big_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store_path, big_home / "progress.sqlite3")
    empty_env, big_env = bench_env(empty_home), bench_env(big_home)
    results.due_total, results.due_in_play = _due_counts(big_home / "progress.sqlite3")

    say(f"quiz first question, empty vs big store, {runs} alternating runs")
    quiz = [*cli, "quiz"]
    for env in (empty_env, big_env):  # warm-up: bytecode, progress file, page cache
        run_until_line(quiz, env, FIRST_QUESTION)
    rng = random.Random(1956)
    for _ in range(runs):
        pair = [(empty_env, results.quiz_empty), (big_env, results.quiz_big)]
        rng.shuffle(pair)
        wait_for_quiet()
        for env, into in pair:
            into.append(run_until_line(quiz, env, FIRST_QUESTION))
    for _ in range(3):
        run, _out = run_to_exit(quiz, big_env)  # end of input at the first question
        results.quiz_exit_big.append(run)

    say("PRAGMA quick_check of the big store (the check before a first write)")
    results.quick_checks = _quick_checks(big_home / "progress.sqlite3", 3)

    say("stats --json, empty and big store")
    results.stats_empty = _stats(empty_env, 5, STATS_BUDGET_S)
    results.stats_big = _stats(big_env, 5, STATS_BUDGET_S)

    say(f"answer overhead, {answers} answers on a fresh store and on the big store")
    results.answers_empty = _answers(None, answers)
    # On a copy of its own: the answers are stamped from now on, minutes apart, and
    # would otherwise leave reviews "in the future" in the store the other figures use.
    answers_copy = workdir / "answers.sqlite3"
    shutil.copyfile(store_path, answers_copy)
    try:
        results.answers_big = _answers(answers_copy, answers)
    finally:
        answers_copy.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            answers_copy.with_name(answers_copy.name + suffix).unlink(missing_ok=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached big store")
    args = parser.parse_args()
    r = measure(args.runs, args.answers, args.rebuild)
    quiz_empty = median([run.seconds for run in r.quiz_empty])
    quiz_big = median([run.seconds for run in r.quiz_big])
    stats_big = median([run.seconds for run in r.stats_big])
    rss_name, rss = r.peak_rss()
    print(
        f"load_deck, {r.deck_cards} cards: median {median(r.deck_loads) * 1000:.0f} ms"
        " (target < 1000 ms)"
    )
    print(
        f"quiz first question: empty {quiz_empty * 1000:.0f} ms, big {quiz_big * 1000:.0f} ms,"
        f" ratio {quiz_big / quiz_empty:.2f} (target <= 1.2)"
    )
    print(f"stats --json on the big store: {stats_big:.2f} s (target < 2 s)")
    print(f"peak RSS on the big store: {rss:.0f} MiB, {rss_name} (target < 150 MB)")
    print(
        f"answer overhead on the big store: median {r.answers_big['median_ms']:.2f} ms"
        " (target < 5 ms)"
    )


if __name__ == "__main__":
    main()
