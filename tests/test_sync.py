"""Export on one machine, import on another: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli.config import Config
from studycli.scheduler import Scheduler
from studycli.store import Store

START = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDYCLI_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "studycli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def study(home: Path, plan: list[tuple[str, int, int]]) -> None:
    """Record (card key, rating, day offset) answers with the real scheduler."""
    scheduler = Scheduler(Config())
    with Store.open(home / "progress.sqlite3") as store:
        for key, rating, day in plan:
            when = START + timedelta(days=day, minutes=len(key))
            previous = store.state(key)
            store.record(
                card_key=key,
                when=when,
                rating=rating,
                outcome="correct",
                score=1.0,
                answer="a",
                duration_ms=900,
                mode="review",
                previous=previous,
                new_state=scheduler.review(previous, rating, when),
            )


def snapshot(home: Path) -> tuple[int, dict[str, object]]:
    with Store.open(home / "progress.sqlite3") as store:
        return store.review_count(), dict(store.states())


def test_two_machines_merge_without_loss(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("speech-content/x", 3, 0), ("speech-content/y", 1, 0), ("speech-content/x", 3, 3)])
    study(b, [("speech-content/x", 2, 1), ("speech-impacts/z", 3, 2)])
    export = tmp_path / "a.jsonl"
    assert run(a, "progress", "export", str(export)).returncode == 0
    lines = export.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "studycli-progress"
    assert len(lines) == 4

    first = run(b, "progress", "import", str(export))
    assert first.returncode == 0, first.stderr
    assert "Imported 3 new reviews" in first.stdout
    count, states = snapshot(b)
    assert count == 5

    # The merged states are a replay of the union of both logs.
    replayer = Scheduler(Config(fuzz=False))
    with Store.open(b / "progress.sqlite3") as store:
        for key in states:
            log = [(r.reviewed_at, r.rating) for r in store.reviews(key)]
            assert states[key] == replayer.replay(log), key

    again = run(b, "progress", "import", str(export))
    assert again.returncode == 0
    assert "Imported 0 new reviews" in again.stdout
    assert snapshot(b) == (count, states)


def test_malformed_line_refuses_the_whole_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("d/one", 3, 0), ("d/two", 3, 0)])
    study(b, [("d/three", 3, 0)])
    export = tmp_path / "a.jsonl"
    assert run(a, "progress", "export", str(export)).returncode == 0
    lines = export.read_text().splitlines()
    lines[2] = lines[2].replace('"rating": 3', '"rating": "three"')
    export.write_text("\n".join(lines) + "\n")
    before = snapshot(b)
    result = run(b, "progress", "import", str(export))
    assert result.returncode == 1
    assert "line 3" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(b) == before


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.jsonl"
    other.write_text('{"hello": "world"}\n')
    result = run(tmp_path / "home", "progress", "import", str(other))
    assert result.returncode == 1
    assert "line 1: not a studycli progress export" in result.stderr
