"""Export on one machine, import on another: nothing lost, nothing doubled."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.scheduler import Scheduler
from studycli.store import Store
from tests.conftest import CliRunner, record_answer

START = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def study(home: Path, plan: list[tuple[str, int, int]]) -> None:
    """Record (card key, rating, day offset) answers with the real scheduler."""
    scheduler = Scheduler(Config())
    with Store.open(home / "progress.sqlite3") as store:
        for key, rating, day in plan:
            when = START + timedelta(days=day, minutes=len(key))
            record_answer(store, scheduler, key, rating, when, answer="a", duration_ms=900)


def snapshot(home: Path) -> tuple[int, dict[str, object]]:
    with Store.open(home / "progress.sqlite3") as store:
        return store.review_count(), dict(store.states())


def test_two_machines_merge_without_loss(cli: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("speech-content/x", 3, 0), ("speech-content/y", 1, 0), ("speech-content/x", 3, 3)])
    study(b, [("speech-content/x", 2, 1), ("speech-impacts/z", 3, 2)])
    export = tmp_path / "a.jsonl"
    assert cli("--home", str(a), "progress", "export", str(export)).returncode == 0
    lines = export.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "studycli-progress"
    assert len(lines) == 4

    first = cli("--home", str(b), "progress", "import", str(export))
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

    again = cli("--home", str(b), "progress", "import", str(export))
    assert again.returncode == 0
    assert "Imported 0 new reviews" in again.stdout
    assert snapshot(b) == (count, states)


def test_one_review_is_counted_in_the_singular(cli: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("speech-content/x", 3, 0)])
    export = tmp_path / "a.jsonl"
    exported = cli("--home", str(a), "progress", "export", str(export))
    assert exported.stdout.strip() == f"Exported 1 review to {export}"
    imported = cli("--home", str(b), "progress", "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "Imported 1 new review; 1 card rescheduled."
    assert snapshot(b)[0] == 1


def test_export_to_dash_writes_the_log_to_stdout(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("d/one", 3, 0), ("d/two", 1, 0)])
    monkeypatch.chdir(tmp_path)
    piped = cli("--home", str(a), "progress", "export", "-")
    assert piped.returncode == 0, piped.stderr
    assert not (tmp_path / "-").exists()
    export = tmp_path / "a.jsonl"
    assert cli("--home", str(a), "progress", "export", str(export)).returncode == 0
    assert piped.stdout == export.read_text()
    (tmp_path / "piped.jsonl").write_text(piped.stdout)
    imported = cli("--home", str(b), "progress", "import", str(tmp_path / "piped.jsonl"))
    assert imported.stdout.strip() == "Imported 2 new reviews; 2 cards rescheduled."
    assert snapshot(b) == snapshot(a)


def test_malformed_line_refuses_the_whole_file(cli: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    study(a, [("d/one", 3, 0), ("d/two", 3, 0)])
    study(b, [("d/three", 3, 0)])
    export = tmp_path / "a.jsonl"
    assert cli("--home", str(a), "progress", "export", str(export)).returncode == 0
    lines = export.read_text().splitlines()
    lines[2] = lines[2].replace('"rating": 3', '"rating": "three"')
    export.write_text("\n".join(lines) + "\n")
    before = snapshot(b)
    result = cli("--home", str(b), "progress", "import", str(export))
    assert result.returncode == 1
    assert "line 3" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(b) == before


def test_foreign_file_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "notes.jsonl"
    other.write_text('{"hello": "world"}\n')
    result = cli("--home", str(tmp_path / "home"), "progress", "import", str(other))
    assert result.returncode == 1
    assert "line 1: not a studycli progress export" in result.stderr
