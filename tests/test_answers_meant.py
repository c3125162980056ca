"""The issue's reproductions of answers marked against the learner, run as a learner would.

Plain-mode quizzes in process; each ends by reading ``progress export`` and asserting
the exact review the learner meant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studycli.cli.main import app

DECK = """\
[deck]
id = "meant"
title = "What the learner meant"
topic = "content"

[[card]]
id = "marx-letter"
kind = "choice"
prompt = "To whom did Marx write the letter Khrushchev quoted?"
choices = ["Wilhelm Bloss", "Friedrich Engels", "Joseph Weydemeyer", "Ludwig Kugelmann"]
answer = "Wilhelm Bloss"
tags = ["bloss"]

[[card]]
id = "title-1956"
kind = "choice"
prompt = "What was Khrushchev's title when he gave the speech?"
choices = [
  "First Secretary of the CPSU Central Committee",
  "Chairman of the Council of Ministers (Premier)",
  "Chairman of the Presidium of the Supreme Soviet",
  "General Secretary of the CPSU",
]
answer = "First Secretary of the CPSU Central Committee"
tags = ["title"]

[[card]]
id = "title-key-word"
kind = "typed"
prompt = "The speech's title is 'On the Cult of ___ and Its Consequences'. Which word?"
answer = "Personality"
tags = ["cult"]

[[card]]
id = "testament-post"
kind = "typed"
prompt = "Lenin's Testament proposed moving Stalin from which post?"
answer = "General Secretary"
tags = ["post"]

[[card]]
id = "ukraine-1938"
kind = "typed"
prompt = "In 1938 Khrushchev took over Ukraine. Which purged leader did he replace?"
answer = "Kosior"
tags = ["kosior"]

[[card]]
id = "chaired"
kind = "typed"
prompt = "Who chaired the closed session at which the speech was given?"
answer = "Bulganin"
tags = ["bulganin"]

[[card]]
id = "deported"
kind = "cloze"
text = "Some {{4}} million people were deported."
tags = ["deported"]

[[card]]
id = "arrested-1953"
kind = "typed"
prompt = "Who was arrested at the Presidium meeting of 26 June 1953?"
answer = "Beria"
tags = ["beria"]

[[event]]
id = "speech"
date = 1956-02-25
title = "Khrushchev gives the Secret Speech"
topic = "content"
tags = ["speech"]
"""


def quiz_one(tmp_path: Path, tag: str, answer: str) -> tuple[str, dict[str, object]]:
    """Quiz the one card carrying ``tag``; the output and the one review it left."""
    deck = tmp_path / "meant.toml"
    deck.write_text(DECK, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        app, ["--deck", str(deck), "quiz", "--deck", "meant", "--tag", tag], input=answer + "\n"
    )
    assert result.exit_code == 0, result.output
    log = tmp_path / f"{tag}.jsonl"
    assert runner.invoke(app, ["progress", "export", str(log)]).exit_code == 0
    [review] = [json.loads(line) for line in log.read_text().splitlines()[1:]]
    return result.output, review


@pytest.mark.parametrize(
    ("tag", "answer", "key"),
    [
        ("bloss", "Bloss", "meant/marx-letter"),
        ("title", "first secretary", "meant/title-1956"),
        ("cult", "cult of personality", "meant/title-key-word"),
        ("post", "the post of General Secretary", "meant/testament-post"),
        ("kosior", "S. V. Kosior", "meant/ukraine-1938"),
        ("bulganin", "Nikolay Aleksandrovich Bulganin", "meant/chaired"),
        ("deported", "4 million", "meant/deported"),
    ],
)
def test_the_reproduced_right_answers_are_recorded_right(
    tmp_path: Path, tag: str, answer: str, key: str
) -> None:
    output, review = quiz_one(tmp_path, tag, answer)
    assert "RIGHT" in output
    assert (review["card_key"], review["outcome"], review["rating"], review["answer"]) == (
        key, "correct", 3, answer
    )  # fmt: skip


@pytest.mark.parametrize(
    ("tag", "answer"),
    [("beria", "Beria Malenkov Molotov"), ("beria", "not Beria"), ("deported", "4 thousand")],
)
def test_the_reproduced_wrong_answers_stay_wrong(tmp_path: Path, tag: str, answer: str) -> None:
    output, review = quiz_one(tmp_path, tag, answer)
    assert "WRONG" in output
    assert (review["outcome"], review["rating"]) == ("wrong", 1)


def test_the_right_year_of_a_day_is_partly_right_and_said_so(tmp_path: Path) -> None:
    output, review = quiz_one(tmp_path, "speech", "1956")
    assert "PARTLY Partly right: the year is right; more precisely, 25 Feb 1956." in output
    assert (review["card_key"], review["outcome"], review["rating"]) == (
        "meant/date:speech", "partial", 2
    )  # fmt: skip
