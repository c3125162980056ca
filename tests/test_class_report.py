"""``class report`` over three learners' real progress exports with known answers.

Each learner studies in a home of their own (the real store, the real scheduler), their
progress is exported with ``progress export`` as a learner would hand it in, and the
teacher's report over the three files is checked figure by figure.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from studycli.scheduler import Scheduler
from studycli.store import Store
from tests.conftest import EVERY_KIND, CliRunner, record_answer

TESTAMENT = "every-kind/testament"
CHAIR = "every-kind/chair"


def study(home: Path, answers: list[tuple[str, int, str, timedelta]]) -> None:
    """Record (card, rating, answer given, how long ago) in *home*'s progress store."""
    now = datetime.now(UTC)
    scheduler = Scheduler(Config(fuzz=False))
    home.mkdir(parents=True)
    with Store.open(home / "progress.sqlite3") as store:
        for key, rating, answer, ago in sorted(answers, key=lambda item: -item[3]):
            record_answer(store, scheduler, key, rating, now - ago, answer=answer)


@pytest.fixture
def class_exports(cli: CliRunner, tmp_path: Path) -> list[Path]:
    """Anna (named in her file), Ben and Cara, who last studied ten days ago."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    learners = {
        "anna": [(TESTAMENT, 3, "Lenin's Testament", hour), (CHAIR, 1, "Malenkov", 2 * day)],
        "ben": [
            (TESTAMENT, 1, "Lenin's  Will", 3 * day),
            (TESTAMENT, 3, "Testament", hour),
            (CHAIR, 1, "MALENKOV", day),
        ],
        "cara": [(TESTAMENT, 3, "testament", 10 * day), (CHAIR, 1, "malenkov ", 10 * day)],
    }
    exports = []
    for name, answers in learners.items():
        home = tmp_path / "homes" / name
        study(home, answers)
        out = tmp_path / "class" / f"{name}.jsonl"
        out.parent.mkdir(exist_ok=True)
        extra = ["--learner", "Anna K."] if name == "anna" else []
        result = cli("--home", str(home), "progress", "export", str(out), *extra)
        assert result.returncode == 0, result.stderr
        exports.append(out)
    return exports


def content_cards() -> int:
    library = load_library([bundled_decks_dir(), EVERY_KIND])
    return sum(card.topic.value == "content" for card in library.cards())


def test_report_over_three_learners_in_json(cli: CliRunner, class_exports: list[Path]) -> None:
    result = cli("--deck", str(EVERY_KIND), "class", "report", *map(str, class_exports), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    learners = {learner["name"]: learner for learner in report["learners"]}
    assert list(learners) == ["Anna K.", "ben", "cara"]
    cards = content_cards()
    content = {name: learner["topics"]["content"] for name, learner in learners.items()}
    # Anna and Ben answered the Testament card right an hour ago: mastered. Cara's right
    # answer is ten days old, well past the stability of one good answer: not mastered.
    # Every Chair card ended wrong: never mastered.
    assert [(t["seen"], t["mastered"], t["cards"]) for t in content.values()] == [
        (2, 1, cards),
        (2, 1, cards),
        (2, 0, cards),
    ]
    assert content["ben"]["mastery"] == round(1 / cards, 4)
    # Only Ben answered a card seen at least a day before (the Testament, passed).
    assert [(t["retention_reviews"], t["retention"]) for t in content.values()] == [
        (0, None),
        (1, 1.0),
        (0, None),
    ]
    assert [learner["reviews"] for learner in learners.values()] == [2, 3, 2]
    assert report["hardest_cards"] == [
        {"card": CHAIR, "learners": 3, "first_try_right": 0, "first_try_success": 0.0},
        {"card": TESTAMENT, "learners": 3, "first_try_right": 2, "first_try_success": 0.6667},
    ]
    assert report["wrong_answers"] == {
        CHAIR: [{"answer": "malenkov", "count": 3}],
        TESTAMENT: [{"answer": "lenin's will", "count": 1}],
    }
    assert report["inactive"] == ["cara"]


def test_report_in_the_terminal_and_as_csv(
    cli: CliRunner, class_exports: list[Path], tmp_path: Path
) -> None:
    sheet = tmp_path / "class.csv"
    result = cli(
        "--deck", str(EVERY_KIND), "class", "report", *map(str, class_exports), "--csv", str(sheet)
    )
    assert result.returncode == 0, result.stderr
    words = " ".join(result.stdout.split())
    assert "Mastery by topic" in words
    assert "True retention by topic" in words
    assert "Anna K." in words
    assert "Hardest cards" in words
    assert "malenkov ×3" in words
    assert "Not studied in the last 7 days: cara (last" in words
    assert "\x1b[" not in result.stdout
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert len(rows) == 3 * 4
    ben = next(row for row in rows if row["learner"] == "ben" and row["topic"] == "content")
    assert (ben["seen"], ben["mastered"], ben["retention"], ben["inactive"]) == (
        "2",
        "1",
        "1.0",
        "no",
    )
    cara = next(row for row in rows if row["learner"] == "cara" and row["topic"] == "impacts")
    assert (cara["seen"], cara["retention"], cara["inactive"]) == ("0", "", "yes")


def test_bad_exports_are_named_with_their_line(cli: CliRunner, tmp_path: Path) -> None:
    header = json.dumps({"format": "studycli-progress", "version": 1})
    broken = tmp_path / "broken.jsonl"
    broken.write_text(header + '\n{"card_key": "a/b"\n', encoding="utf-8")
    result = cli("class", "report", str(broken))
    assert result.returncode == 1
    assert f"{broken}: line 2: not valid JSON" in result.stderr
    wrong = tmp_path / "wrong.jsonl"
    review = {"card_key": "a/b", "reviewed_at": "2026-12-01T10:00:00+00:00", "rating": 7}
    wrong.write_text(header + "\n\n" + json.dumps(review | {"outcome": "wrong", "answer": ""}))
    result = cli("class", "report", str(wrong))
    assert result.returncode == 1
    assert f"{wrong}: line 3: not a review (card_key, reviewed_at, rating 1-4" in result.stderr
    other = tmp_path / "notes.jsonl"
    other.write_text('{"hello": 1}\n', encoding="utf-8")
    result = cli("class", "report", str(other))
    assert result.returncode == 1
    assert f"{other}: line 1: not a studycli progress export (no header)" in result.stderr
    assert "Traceback" not in result.stderr
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    result = cli("class", "report", str(fifo))
    assert result.returncode == 1
    assert f"{fifo}: cannot be read: not a regular file (a pipe, device or socket)" in result.stderr
    empty = tmp_path / "nothing-handed-in"
    empty.mkdir()
    result = cli("class", "report", str(empty))
    assert result.returncode == 1
    assert f"{empty}: is a folder with no progress exports (*.jsonl)" in result.stderr


def test_a_folder_of_exports_is_the_class(cli: CliRunner, class_exports: list[Path]) -> None:
    folder = class_exports[0].parent
    result = cli("--deck", str(EVERY_KIND), "class", "report", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    names = [learner["name"] for learner in json.loads(result.stdout)["learners"]]
    assert names == ["Anna K.", "ben", "cara"]


def test_two_exports_of_one_learner_are_merged_by_review_id(
    cli: CliRunner, class_exports: list[Path], tmp_path: Path
) -> None:
    ben_home = tmp_path / "homes" / "ben"
    again = tmp_path / "class" / "ben-again.jsonl"
    exported = cli("--home", str(ben_home), "progress", "export", str(again), "--learner", "ben")
    assert exported.returncode == 0, exported.stderr
    laptop = tmp_path / "homes" / "ben-laptop"
    study(laptop, [(CHAIR, 3, "Bulganin", timedelta(minutes=5))])
    from_laptop = tmp_path / "class" / "ben-laptop.jsonl"
    result = cli("--home", str(laptop), "progress", "export", str(from_laptop), "--learner", "ben")
    assert result.returncode == 0, result.stderr
    files = [*map(str, class_exports), str(again), str(from_laptop)]
    report = json.loads(cli("--deck", str(EVERY_KIND), "class", "report", *files, "--json").stdout)
    names = [learner["name"] for learner in report["learners"]]
    assert names == ["Anna K.", "ben", "cara"]
    ben = report["learners"][1]
    assert ben["reviews"] == 3 + 1
    assert ben["files"] == [str(class_exports[1]), str(again), str(from_laptop)]
    # The laptop's right answer to the Chair card, five minutes ago, is Ben's last one.
    assert ben["topics"]["content"]["mastered"] == 2


def test_worker_processes_give_the_same_report(
    class_exports: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large class is read by one worker process per core: same figures as in one."""
    from studycli import classreport

    library = load_library([bundled_decks_dir(), EVERY_KIND])
    topic_of = {card.key: card.topic.value for card in library.cards()}
    now = datetime.now(UTC)
    alone = classreport.class_report(class_exports, topic_of, now).as_dict()
    monkeypatch.setattr(classreport, "PARALLEL_FROM", 1)
    monkeypatch.setattr(classreport.os, "cpu_count", lambda: 2)
    parallel = classreport.class_report(class_exports, topic_of, now).as_dict()
    assert parallel == alone
    assert [learner["name"] for learner in parallel["learners"]] == ["Anna K.", "ben", "cara"]
