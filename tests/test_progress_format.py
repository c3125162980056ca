"""docs/progress-format.md and the exporter agree: same fields, values and limits."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli import progress_file
from studycli import store as store_module
from studycli.config import Config
from studycli.model import Mode
from studycli.scheduler import Scheduler
from studycli.store import Store
from tests.conftest import record_answer

DOC = Path(__file__).parent.parent / "docs" / "progress-format.md"


def table(heading: str) -> dict[str, str]:
    """The rows of the field table under *heading*: field name -> its row's text."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (.*)$", section, re.MULTILINE)
    return dict(rows)


def exported(tmp_path: Path) -> list[dict[str, object]]:
    with Store.open(tmp_path / "p.sqlite3") as store:
        scheduler = Scheduler(Config())
        start = datetime.now(UTC) - timedelta(days=3)
        record_answer(store, scheduler, "d/a", 3, start, answer="Molotov", duration_ms=4000)
        record_answer(store, scheduler, "d/a", 1, start + timedelta(days=1))
        record_answer(store, scheduler, "d/date:e", 2, start + timedelta(days=2))
        progress_file.export_progress(store, tmp_path / "p.jsonl")
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_header_and_review_fields_are_the_documented_ones(tmp_path: Path) -> None:
    header, *reviews = exported(tmp_path)
    assert set(header) == set(table("The header line"))
    assert len(reviews) == 3
    for review in reviews:
        assert set(review) == set(table("Review lines"))


def test_documented_values_are_the_exporters(tmp_path: Path) -> None:
    header, *reviews = exported(tmp_path)
    head = table("The header line")
    fields = table("Review lines")
    assert f'`"{progress_file.FORMAT}"`' in head["format"]
    assert header["format"] == progress_file.FORMAT
    assert f"now `{progress_file.FORMAT_VERSION}`" in head["version"]
    assert header["version"] == progress_file.FORMAT_VERSION
    outcomes = set(re.findall(r'`"([a-z]+)"`', fields["outcome"]))
    assert outcomes == progress_file.OUTCOMES
    assert {review["outcome"] for review in reviews} <= outcomes
    assert str(progress_file.MAX_DURATION_MS) in fields["duration_ms"]
    assert {mode.value for mode in Mode} == set(re.findall(r'`"([a-z]+)"`', fields["mode"]))
    assert f"merged {store_module.MERGE_BATCH} at a time" in DOC.read_text(encoding="utf-8")
    written = str(reviews[0]["reviewed_at"])
    assert written.endswith("+00:00")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", written)
    assert [review["card_key"] for review in reviews] == ["d/a", "d/a", "d/date:e"]
    assert [review["duration_ms"] for review in reviews] == [4000, None, None]


def test_the_example_lines_in_the_doc_import(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    line = json.loads(example.splitlines()[1])
    line["reviewed_at"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    source = tmp_path / "example.jsonl"
    source.write_text(example.splitlines()[0] + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "p.sqlite3") as store:
        assert progress_file.import_progress(store, source, Config()) == (1, 1)
        assert [review.answer for review in store.reviews()] == ["Lenin's Testament"]
