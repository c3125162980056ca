"""Where ``decks list`` and ``quiz`` spend their startup, phase by phase, in a fresh process.

Run: python benchmarks/phase_split.py [--runs N]

Each run is a new interpreter that does, in order and timed one after the other, what
the command does before its output: import Typer, import studycli's CLI, import what the
command needs, parse and validate the bundled decks, and so on (for ``decks list``, up to
formatting the table; for ``quiz``, up to the text of the first question). The decks
come from the deck cache in the home, as they do for the real commands once the cache is
filled (the dropped first run fills it); each run also times parsing and validating the
same decks without the cache, for comparison. Medians over the runs, in ms. Typer's own argument
processing (which imports Pydantic, as the baseline does) is not part of these phases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

from benchlib import python_env

PRELUDE = r"""
import json, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import typer
mark("import typer")
import studycli.cli.main
mark("import studycli.cli.main (all command modules)")
import typer.main
typer.main.get_command(studycli.cli.main.app)
mark("Typer builds the command tree, every command and option (the real run does it too)")
"""

FINALE = r"""
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
start = time.perf_counter()
load_library([bundled_decks_dir()])
parsed = time.perf_counter() - start
phases = {name: (t - marks[i][1]) * 1000 for i, (name, t) in enumerate(marks[1:])}
phases["(without the deck cache: parse + validate the same decks)"] = parsed * 1000
print(json.dumps(phases))
"""

DECKS_LIST = r"""
from pathlib import Path
from studycli.cli.state import AppState
from studycli.deckinfo import deck_summaries
mark("import deckinfo, library, deck cache")
library = AppState(home_override=Path(sys.argv[1])).library()
mark("load the bundled decks (from the deck cache)")
summaries = deck_summaries(library)
mark("deck summaries")
from studycli.ui.columns import format_columns
mark("import the column formatter")
lines = format_columns(
    ["id", "topic", "cards", "events", "title"],
    [[s.id, s.topic, str(s.cards), str(s.events), s.title] for s in summaries],
    width=80,
)
mark("format the table")
"""

QUIZ = r"""
import random
from datetime import UTC, datetime
from pathlib import Path
from studycli.cli.study import library_with, run_study, select_cards
from studycli.session import Session
from studycli.sources import quiz_queue
from studycli.grading import make_question
from studycli.ui.plain_frontend import PlainFrontend
from studycli.ui.question_text import prompt_text
mark("import the session stack (cli.study, session, grading, store, ui.plain)")
from studycli.cli.state import AppState
library = AppState(home_override=Path(sys.argv[1])).library()
mark("load the bundled decks (from the deck cache)")
from studycli.config import Config
from studycli.scheduler import Scheduler
scheduler = Scheduler(Config())
mark("import fsrs, make the scheduler")
from studycli.store import Store
store = Store.open(Path(sys.argv[1]) / "progress.sqlite3")
mark("open the store")
queue = quiz_queue(library.cards(), store, scheduler, Config(), datetime.now(UTC), 10)
mark("build the queue (quiz_queue)")
text = prompt_text(make_question(queue[0], random.Random()))
mark("first question's text")
store.close()
"""

SCENARIOS = {"decks list": DECKS_LIST, "quiz": QUIZ}


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Per scenario, the median milliseconds of each phase."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as home:
        for name, body in SCENARIOS.items():
            samples: dict[str, list[float]] = {}
            for _ in range(runs + 1):  # the first run warms the bytecode cache: dropped
                done = subprocess.run(
                    [sys.executable, "-c", PRELUDE + body + FINALE, home],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=python_env(),
                )
                for phase, value in json.loads(done.stdout).items():
                    samples.setdefault(phase, []).append(value)
            results[name] = {
                phase: statistics.median(values[1:]) for phase, values in samples.items()
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for name, phases in measure(args.runs).items():
        print(name)
        for phase, ms in phases.items():
            print(f"  {ms:7.1f} ms  {phase}")


if __name__ == "__main__":
    main()
