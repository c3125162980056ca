"""``studycli exam``: a mock paper sat in plain mode, marked, saved and recorded."""

from __future__ import annotations

import io
import json
import os
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.exam import draw_paper, sit
from studycli.grading import Question
from studycli.library import load_library
from studycli.model import Card, TrueFalseCard, TypedCard
from studycli.scheduler import Scheduler
from studycli.session import Progress, Reply
from studycli.store import Store
from studycli.ui.plain_frontend import PlainFrontend
from tests.conftest import CliRunner, write_deck
from tests.test_terminal import COLUMNS, ENTER, ROWS, Terminal, ratings

CONTENT = """
[deck]
id = "mock-content"
title = "Mock content"
topic = "content"
""" + "".join(
    f"""
[[card]]
id = "tf-{n}"
kind = "truefalse"
prompt = "Statement number {n} is true."
answer = {"true" if n % 2 else "false"}
explain = "Why {n}."
source = "Source {n}"
"""
    for n in range(1, 4)
)
OMISSIONS = """
[deck]
id = "mock-omissions"
title = "Mock omissions"
topic = "omissions"

[[card]]
id = "who-1"
kind = "typed"
prompt = "Name the first person."
answer = "Bukharin"
explain = "Tried in 1938."
source = "Trial record, 1938"

[[card]]
id = "who-2"
kind = "typed"
prompt = "Name the second person."
answer = "Zinoviev"
explain = "Tried in 1936."
source = "Trial record, 1936"
"""


def mock_decks(tmp_path: Path) -> tuple[Path, list[Card]]:
    folder = tmp_path / "decks"
    write_deck(folder, "content.toml", CONTENT)
    write_deck(folder, "omissions.toml", OMISSIONS)
    return folder, load_library([folder]).cards()


def right(card: Card) -> str:
    if isinstance(card, TrueFalseCard):
        return "true" if card.answer else "false"
    assert isinstance(card, TypedCard)
    return card.answer


def wrong(card: Card) -> str:
    return ("false" if card.answer else "true") if isinstance(card, TrueFalseCard) else "Kirov"


def exported(cli: CliRunner, home: Path) -> list[dict[str, object]]:
    path = home / "export.jsonl"
    done = cli("progress", "export", str(path))
    assert done.returncode == 0, done.stderr
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [json.loads(line) for line in lines]


def test_plain_exam_is_marked_saved_and_recorded(
    tmp_path: Path, studycli_home: Path, cli: CliRunner
) -> None:
    folder, cards = mock_decks(tmp_path)
    paper = draw_paper(cards, 5, random.Random(7))
    # content all right; the second omissions question wrong; a hint asked for is refused
    wrong_key = "mock-omissions/who-2"
    replies = [":hint", *(wrong(card) if card.key == wrong_key else right(card) for card in paper)]
    done = cli(
        "exam", "--deck", str(folder), "-n", "5", "--seed", "7", input="\n".join(replies) + "\n"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Mock exam: 4/5 marks, 80% (5 answered)" in out
    assert "Expected: Zinoviev" in out
    assert "Why: Tried in 1936." in out
    assert "Source: Trial record, 1936" in out
    assert "You: Kirov" in out
    assert "No hints in a mock exam." in out
    assert max(len(line) for line in out.splitlines()) <= 60

    saved = list((studycli_home / "exams").glob("exam-*.json"))
    assert len(saved) == 1
    report = json.loads(saved[0].read_text(encoding="utf-8"))
    assert report["total"]["percent"] == 80
    assert report["topics"]["content"] == {
        "questions": 3, "answered": 3, "correct": 3, "score": 3.0, "percent": 100
    }  # fmt: skip
    assert report["topics"]["omissions"] == {
        "questions": 2, "answered": 2, "correct": 1, "score": 1.0, "percent": 50
    }  # fmt: skip
    assert report["kinds"]["typed"]["percent"] == 50
    assert [item["card"] for item in report["questions"]] == [card.key for card in paper]
    assert [q["card"] for q in report["questions"] if q["outcome"] != "correct"] == [wrong_key]

    rows = exported(cli, studycli_home)
    assert [(row["card_key"], row["rating"], row["mode"]) for row in rows] == [
        (card.key, 1 if card.key == wrong_key else 3, "exam") for card in paper
    ]


def test_skipped_question_comes_back_and_no_record_leaves_the_log(
    tmp_path: Path, studycli_home: Path, cli: CliRunner
) -> None:
    folder, cards = mock_decks(tmp_path)
    paper = draw_paper(cards, 5, random.Random(3))
    replies = [":skip", *(right(card) for card in paper[1:]), right(paper[0])]
    done = cli(
        "exam", "--deck", str(folder), "-n", "5", "--seed", "3", "--no-record", "--json",
        input="\n".join(replies) + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # the questions went to stderr
    # The skipped question comes back numbered as it was, on a paper that stays 5 long.
    numbers = re.findall(r"^\[(\d+)/(\d+)\] mock-", done.stderr, re.MULTILINE)
    assert numbers == [("1", "5"), ("2", "5"), ("3", "5"), ("4", "5"), ("5", "5"), ("1", "5")]
    assert report["total"]["percent"] == 100
    assert report["recorded"] is False
    assert Path(report["saved_to"]).exists()
    assert exported(cli, studycli_home) == []

    history = json.loads(cli("exam", "--history", "--json").stdout)
    assert [row["percent"] for row in history] == [100]
    done = cli("exam", "--deck", str(folder), "-n", "5", "--seed", "3", input="")
    assert "0/5 marks" in done.stdout
    history = json.loads(cli("exam", "--history", "--json").stdout)
    assert [(row["percent"], row["change"]) for row in history] == [(100, None), (0, -100)]
    shown = cli("exam", "--history").stdout
    assert "Trend: 100% to 0% over 2 papers (-100)." in shown
    assert exported(cli, studycli_home) == []  # end of input: nothing answered


class Ticking:
    """A plain frontend on a clock that moves 70 seconds for every answer typed."""

    def __init__(self, frontend: PlainFrontend) -> None:
        self.frontend = frontend
        self.now = 0.0

    def ask(self, question: Question, progress: Progress) -> Reply:
        reply = self.frontend.ask(question, progress)
        self.now += 70
        return reply

    def feedback(self, *_args: object, **_kwargs: object) -> None:
        raise AssertionError("an exam shows no feedback")

    def notice(self, message: str) -> None:
        self.frontend.notice(message)


def test_time_running_out_marks_only_what_was_answered(tmp_path: Path) -> None:
    _folder, cards = mock_decks(tmp_path)
    paper = draw_paper(cards, 5, random.Random(1))
    replies = io.StringIO("".join(right(card) + "\n" for card in paper))
    frontend = Ticking(PlainFrontend(replies, io.StringIO()))
    started = datetime(2027, 1, 5, 9, tzinfo=UTC)
    with Store.open(tmp_path / "progress.sqlite3") as store:
        report, summary = sit(
            store,
            Scheduler(Config()),
            frontend,
            paper,
            minutes=3,  # answers come at 70, 140 and 210 s: the third is too late
            record=True,
            seed=1,
            rng=random.Random(1),
            clock=lambda: started,
            monotonic=lambda: frontend.now,
        )
        log = store.reviews()
    assert summary.timed_out
    assert report["timed_out"] is True
    total = report["total"]
    assert isinstance(total, dict)
    assert (total["answered"], total["correct"], total["questions"]) == (2, 2, 5)
    items = report["questions"]
    assert isinstance(items, list)
    assert [item["outcome"] for item in items] == ["correct"] * 2 + ["unanswered"] * 3
    assert [(r.card_key, r.rating, str(r.mode)) for r in log] == [
        (card.key, 3, "exam") for card in paper[:2]
    ]


ALL_TRUE = """
[deck]
id = "mock-true"
title = "Mock true"
topic = "context"
""" + "".join(
    f'\n[[card]]\nid = "t{n}"\nkind = "truefalse"\nprompt = "True claim {n}."\nanswer = true\n'
    for n in range(3)
)


@pytest.fixture
def term_env(studycli_home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STUDYCLI_HOME": str(studycli_home),
        "COLUMNS": str(COLUMNS),
        "LINES": str(ROWS),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
    }


@pytest.mark.slow
def test_terminal_paper_counts_down_and_brings_a_skipped_question_back(
    tmp_path: Path,
    term_env: dict[str, str],
    studycli_home: Path,
) -> None:
    folder = tmp_path / "decks"
    write_deck(folder, "true.toml", ALL_TRUE)
    term = Terminal("exam", "--deck", str(folder), "-n", "3", "--minutes", "10", env=term_env)
    term.expect(r"exam · card 1 of 3 · \d+:\d\d left")
    first = term.expect(r"True claim (\d)").group(1)
    term.prompt()
    term.expect(r"\d+:\d\d left  ·")  # the toolbar's countdown
    term.send("s" + ENTER)  # skipped: it comes back at the end
    for turn, number in enumerate((2, 3, 1)):  # the skipped card keeps its number
        term.expect(rf"exam · card {number} of 3")
        claim = term.expect(r"True claim (\d)").group(1)
        if turn == 2:
            assert claim == first
        term.prompt()
        term.send("t" + ENTER)
    term.expect(r"Mock exam: 3/3 marks, 100% \(3 answered\)")
    assert term.finish() == 0
    assert "Correct" not in term.text  # no feedback during the paper
    assert ratings(studycli_home) == [3, 3, 3]
    saved = list((studycli_home / "exams").glob("exam-*.json"))
    report = json.loads(saved[0].read_text(encoding="utf-8"))
    assert report["questions"][0]["card"] == f"mock-true/t{first}"


ONE_POINTS = """
[deck]
id = "mock-why"
title = "Mock why"
topic = "omissions"

[[card]]
id = "why"
kind = "points"
prompt = "Explain why the speech left collectivization out."
points = ["it counted as an achievement of the party", "the leaders themselves had carried it out"]
answer = "Collectivization was part of the party's own record."
"""


@pytest.mark.slow
def test_terminal_paper_shows_no_key_points_before_the_end(
    tmp_path: Path, term_env: dict[str, str], studycli_home: Path, cli: CliRunner
) -> None:
    """Ticking points made in other words lists the key points: in a paper that is
    feedback, so the answer is marked on its text alone and the paper goes on."""
    folder = tmp_path / "decks"
    write_deck(folder, "why.toml", ONE_POINTS)
    term = Terminal("exam", "--deck", str(folder), "-n", "1", "--minutes", "10", env=term_env)
    term.expect(r"exam · card 1 of 1")
    term.prompt()
    term.send("the leaders themselves had carried it out" + ENTER)
    term.expect(r"Mock exam: ")
    assert term.finish() == 0
    assert "Key points" not in term.text.split("Mock exam: ")[0]
    [review] = exported(cli, studycli_home)
    assert (review["card_key"], review["outcome"], review["mode"]) == (
        "mock-why/why",
        "partial",
        "exam",
    )
