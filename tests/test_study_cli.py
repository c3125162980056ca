"""`review`, `quiz` and `stats --json` driven as a script would: real processes, real files."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
from pathlib import Path

import pytest

from studycli import kinds
from studycli.library import load_library
from studycli.paths import bundled_decks_dir
from tests.conftest import EVERY_KIND, CliRunner
from tests.driver import Driver

FEEDBACK = r"^(RIGHT|PARTLY|WRONG) "
INSTRUCTION = "|".join(re.escape(kind.instructions) for kind in kinds.registered())


def stats(cli: CliRunner, *args: str) -> dict[str, object]:
    result = cli(*args, "stats", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_piped_quiz_records_every_answer_and_continues_next_time(cli: CliRunner) -> None:
    first = cli("quiz", "-n", "5", input="\n" * 5)
    assert first.returncode == 0, first.stderr
    assert "Answered 5" in first.stdout
    assert "\x1b[" not in first.stdout
    after_first = stats(cli)
    assert after_first["total_reviews"] == 5
    assert after_first["cards_seen"] == 5

    second = cli("quiz", "-n", "5", input="\n" * 5)
    assert second.returncode == 0, second.stderr
    after_second = stats(cli)
    assert after_second["total_reviews"] == 10
    # The five cards failed a moment ago are in a learning step due in minutes, not
    # now: the second quiz goes on to new cards instead of asking them again at once.
    assert after_second["cards_seen"] == 10


def test_end_of_input_ends_the_session_cleanly(cli: CliRunner) -> None:
    result = cli("quiz", "-n", "10", input="\n\n")
    assert result.returncode == 0, result.stderr
    assert "Answered 2" in result.stdout
    assert stats(cli)["total_reviews"] == 2


def test_cram_leaves_the_schedule_untouched(cli: CliRunner) -> None:
    result = cli("quiz", "-n", "3", "--cram", input="\n" * 3)
    assert result.returncode == 0, result.stderr
    assert "Answered 3" in result.stdout
    assert stats(cli)["total_reviews"] == 0


@pytest.mark.slow
def test_every_kind_answered_correctly_in_plain_mode(cli: CliRunner) -> None:
    driver = Driver(["--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "-n", "10"])
    right = 0
    for _ in range(10):
        header = driver.read_until(r"^\[\d+/\d+\] every-kind · \w+ · (\w+)$")
        kind = header.group(1)
        question = driver.read_until(INSTRUCTION)
        shown = driver.output[header.end() : question.start()]
        driver.send(_correct_answer(kind, shown))
        mark = driver.read_until(FEEDBACK)
        right += mark.group(1) == "RIGHT"
    code, output, stderr = driver.finish()
    assert code == 0, stderr
    assert right == 10, output
    assert "Answered 10: 10 right" in output


def _correct_answer(kind: str, shown: str) -> str:
    options = {
        text.strip(): number
        for number, text in (
            line.strip().split(") ", 1) for line in shown.splitlines() if ") " in line
        )
    }
    if kind == "typed":
        return "Lenins testament"
    if kind == "choice":
        return "bulganin"
    if kind == "multi":
        return ",".join(
            num for text, num in options.items() if text.endswith(("Chechens", "Kalmyks"))
        )
    if kind == "truefalse":
        return "f"
    if kind == "cloze":
        return "139; 98"
    if kind == "order":
        wanted = [
            "The Secret Speech",
            "Poznań revolt",
            "Gomułka returns",
            "Soviet assault on Budapest",
        ]
        return " ".join(options[text] for text in wanted)
    if kind == "points":
        return (
            "Collectivization counted as an achievement of the party; the leaders themselves "
            "had carried it out; admitting it would question the party's right to rule."
        )
    assert kind == "date"
    if "closed-session" in shown:
        return "25 February 1956"
    if "Hungarian" in shown:
        return "October 1956"
    return "1989"


@pytest.mark.slow
def test_killed_session_keeps_exactly_the_answers_given(studycli_home: Path) -> None:
    driver = Driver(["quiz", "-n", "5"])
    for _ in range(2):
        driver.read_until(r"^\[\d/5\]")
        driver.send("")
        driver.read_until(FEEDBACK)
    driver.read_until(r"^\[3/5\]")
    driver.process.send_signal(signal.SIGKILL)
    driver.finish()
    with sqlite3.connect(studycli_home / "progress.sqlite3") as db:
        reviews = db.execute(
            "SELECT card_key, MAX(reviewed_at) FROM review GROUP BY card_key"
        ).fetchall()
        states = dict(db.execute("SELECT card_key, last_review FROM card_state").fetchall())
    assert len(reviews) == 2
    assert dict(reviews) == states


@pytest.mark.slow
def test_ctrl_c_saves_prints_the_summary_and_exits_130(cli: CliRunner) -> None:
    driver = Driver(["quiz", "-n", "5"])
    driver.read_until(r"^\[1/5\]")
    driver.send("")
    driver.read_until(FEEDBACK)
    driver.read_until(r"^\[2/5\]")
    driver.process.send_signal(signal.SIGINT)
    code, output, stderr = driver.finish()
    assert code == 130, stderr
    assert "Session interrupted" in output
    assert "Answered 1" in output
    assert "Traceback" not in stderr
    assert stats(cli)["total_reviews"] == 1


@pytest.mark.slow
def test_two_sessions_at_once_both_keep_every_review(cli: CliRunner) -> None:
    one = Driver(["quiz", "-n", "6", "--topic", "content"])
    two = Driver(["quiz", "-n", "6", "--topic", "impacts"])
    for _ in range(6):
        for driver in (one, two):
            driver.read_until(r"^\[\d/6\]")
            driver.send("")
            driver.read_until(FEEDBACK)
    for driver in (one, two):
        code, _output, stderr = driver.finish()
        assert code == 0, stderr
        assert "locked" not in stderr
    assert stats(cli)["total_reviews"] == 12


def test_undo_takes_back_the_last_answer(cli: CliRunner) -> None:
    result = cli("quiz", "-n", "3", input="\n:undo\n\n\n\n")
    assert result.returncode == 0, result.stderr
    assert "Undone" in result.stdout
    assert stats(cli)["total_reviews"] == 3


def test_damaged_progress_file_exit_1_and_bytes_unchanged(
    cli: CliRunner, studycli_home: Path
) -> None:
    studycli_home.mkdir(parents=True)
    progress = studycli_home / "progress.sqlite3"
    progress.write_bytes(b"\x00garbage" * 512)
    before = progress.read_bytes()
    for args in (["quiz", "-n", "1"], ["review"], ["stats", "--json"]):
        result = cli(*args, input="\n")
        assert result.returncode == 1
        assert str(progress) in result.stderr
        assert "Traceback" not in result.stderr
    assert progress.read_bytes() == before


def test_review_with_nothing_left_says_when_the_next_card_is_due(
    cli: CliRunner, studycli_home: Path, tmp_path: Path
) -> None:
    studycli_home.mkdir(parents=True)
    (studycli_home / "config.toml").write_text("new_per_day = 2\n")
    first = cli("review", input="\n" * 6)
    assert first.returncode == 0, first.stderr
    assert "[1/2]" in first.stdout
    due = re.search(r"^Next card due: (.+)$", first.stdout, re.MULTILINE)
    assert due is not None
    again = cli("review", input="\n" * 6)
    assert again.returncode == 0, again.stderr
    assert f"Nothing due now. Next card due: {due.group(1)}." in again.stdout
    # Wrong answers came back within the first session, at most twice each, and the
    # second run asked nothing.
    log = tmp_path / "log.jsonl"
    assert cli("progress", "export", str(log)).returncode == 0
    reviews = [json.loads(line) for line in log.read_text().splitlines()[1:]]
    keys = {review["card_key"] for review in reviews}
    assert len(keys) == 2
    assert len(reviews) == 6
    assert {review["outcome"] for review in reviews} == {"wrong"}


def test_review_nothing_due(cli: CliRunner, studycli_home: Path) -> None:
    studycli_home.mkdir(parents=True)
    (studycli_home / "config.toml").write_text("new_per_day = 0\n")
    result = cli("review")
    assert result.returncode == 0, result.stderr
    assert "Nothing due now" in result.stdout
    assert "studycli quiz" in result.stdout


def test_bad_config_value_is_named(cli: CliRunner, studycli_home: Path) -> None:
    studycli_home.mkdir(parents=True)
    (studycli_home / "config.toml").write_text("desired_retention = 2\n")
    result = cli("review")
    assert result.returncode == 1
    assert "desired_retention" in result.stderr
    assert "config.toml" in result.stderr


def test_unknown_topic_is_a_clear_error(cli: CliRunner) -> None:
    result = cli("quiz", "--topic", "economy")
    assert result.returncode == 1
    assert "unknown topic 'economy'" in result.stderr


def test_quiz_by_tag_only_asks_tagged_cards(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("quiz", "--tag", "hungary", "-n", "4", input="\n" * 4)
    assert result.returncode == 0, result.stderr
    assert "Answered 4" in result.stdout
    log = tmp_path / "log.jsonl"
    assert cli("progress", "export", str(log)).returncode == 0
    reviewed = {json.loads(line)["card_key"] for line in log.read_text().splitlines()[1:]}
    tagged = {
        card.key for card in load_library([bundled_decks_dir()]).cards() if "hungary" in card.tags
    }
    assert len(reviewed) == 4
    assert reviewed <= tagged
