"""``class report`` over a large class: 300 learners with 5,000 reviews each, under 5 s.

Run: python benchmarks/class_report.py [--learners N] [--reviews N] [--repeat N]

Writes the exports once to benchmarks/.cache/class/ (made from the bundled decks' card
keys, over 120 days, answers right about 70 % of the time, wrong answers drawn from a
few per card as real ones are), then times the command as a teacher runs it: a child
process from spawn to exit, output to a pipe (``--json``) and to the terminal view
(plain text, as when piped). Each run starts when the machine's CPUs are mostly idle
(benchlib.wait_for_quiet, which gives up after 20 s on a busy shared machine; the busy
share is printed). Prints each timing and the median; exits 1 over target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib import CACHE_DIR, REPO, bench_env, studycli_command, wait_for_quiet

sys.path.insert(0, str(REPO))

TARGET_S = 5.0
DAYS = 120


def card_keys() -> list[str]:
    from studycli.library import load_library
    from studycli.paths import bundled_decks_dir

    return [card.key for card in load_library([bundled_decks_dir()]).cards()]


def write_class(folder: Path, learners: int, reviews: int, seed: int = 1956) -> list[Path]:
    """One export per learner; reused when already written with the same shape."""
    stamp = folder / f"shape-{learners}x{reviews}"
    files = [folder / f"learner-{number:03d}.jsonl" for number in range(learners)]
    if stamp.exists():
        return files
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    keys = card_keys()
    rng = random.Random(seed)
    header = json.dumps({"format": "studycli-progress", "version": 1, "app_version": "bench"})
    now = datetime.now(UTC)
    for number, path in enumerate(files):
        start = now - timedelta(days=DAYS + rng.randrange(10))
        lines = [header]
        times = sorted(
            start + timedelta(seconds=rng.randrange(DAYS * 86400)) for _ in range(reviews)
        )
        for when in times:
            key = rng.choice(keys)
            right = rng.random() < 0.7
            rating = rng.choice((2, 3, 3, 3, 4)) if right else 1
            answer = "right answer" if right else f"wrong answer {rng.randrange(4)}"
            review = {
                "answer": answer,
                "card_key": key,
                "duration_ms": rng.randrange(2000, 20000),
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "mode": "review",
                "outcome": "correct" if right else "wrong",
                "rating": rating,
                "reviewed_at": when.isoformat(timespec="microseconds"),
                "score": 1.0 if right else 0.0,
            }
            lines.append(json.dumps(review, sort_keys=True))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if number % 50 == 0:
            print(f"  wrote {number + 1}/{learners} exports", file=sys.stderr)
    stamp.touch()
    return files


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (the process and the workers it waited for), output
    bytes and exit code of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    process.stdout.close()
    return wall, usage.ru_utime + usage.ru_stime, len(out), process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    files = write_class(CACHE_DIR / "class", options.learners, options.reviews)
    worst = 0.0
    with tempfile.TemporaryDirectory() as home:
        env = bench_env(Path(home))
        for label, extra in (("--json", ["--json"]), ("terminal view", [])):
            times, cpus, busy = [], [], []
            for _ in range(options.repeat):
                busy.append(wait_for_quiet())
                args = [*studycli_command(), "class", "report", *map(str, files), *extra]
                wall, cpu, size, code = timed(args, env)
                if code != 0:
                    print(f"class report failed (exit {code})", file=sys.stderr)
                    return 1
                times.append(wall)
                cpus.append(cpu)
            median = statistics.median(times)
            worst = max(worst, median)
            print(
                f"class report {label}: {options.learners} learners x {options.reviews} reviews: "
                f"median {median:.2f} s wall (runs {', '.join(f'{t:.2f}' for t in times)}); "
                f"CPU {', '.join(f'{c:.2f}' for c in cpus)} s; {size} bytes out; "
                f"CPUs busy before each run: {', '.join(f'{b:.0%}' for b in busy)}"
            )
    print(f"target {TARGET_S:.1f} s: {'met' if worst < TARGET_S else 'MISSED'}")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
