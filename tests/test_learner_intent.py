"""The review log holds what the learner meant: one test per way it used not to.

Each test studies a small real deck with a real progress file, in plain line mode in
this process (the terminal's share is in test_learner_intent_terminal.py), and ends by
reading ``progress export``: exactly the reviews, outcomes and ratings the learner
meant, and a summary, ``stats`` and timeline that agree with them.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studycli.config import Config
from studycli.library import load_library
from studycli.model import Mode
from studycli.paths import progress_path
from studycli.scheduler import CardState, Scheduler
from studycli.session import Session
from studycli.sources import CardSource
from studycli.store import Store
from studycli.ui.plain_frontend import PlainFrontend
from tests.conftest import EVERY_KIND, CliRunner, record_answer, write_deck
from tests.test_timeline import MINI_DECK

INTENT_DECK = """
[deck]
id = "intent"
title = "What the learner meant"
topic = "content"

[[card]]
id = "testament"
kind = "typed"
prompt = "Which document did Khrushchev read out in which Lenin called Stalin too rude?"
answer = "Lenin's Testament"
hint = "Dictated in December 1922"

[[card]]
id = "congress"
kind = "typed"
prompt = "Which party congress heard the speech?"
answer = "Twentieth Congress"
accept = ["20th Congress"]

[[card]]
id = "premier"
kind = "truefalse"
prompt = "Khrushchev was Soviet Premier when he gave the speech."
answer = false

[[card]]
id = "why-omit"
kind = "points"
prompt = "Why did the speech leave collectivization out?"
points = ["the leaders had carried it out themselves", "it was counted an achievement"]
"""
TESTAMENT, CONGRESS, PREMIER, POINTS = (
    f"intent/{name}" for name in ("testament", "congress", "premier", "why-omit")
)
RIGHT = {TESTAMENT: "Lenin's Testament", CONGRESS: "Twentieth Congress", PREMIER: "f"}


def deck(tmp_path: Path, text: str = INTENT_DECK, name: str = "intent.toml") -> Path:
    return write_deck(tmp_path / "decks", name, text)


def review_log(cli: CliRunner, tmp_path: Path) -> list[tuple[str, int, str, str, str]]:
    """(card, rating, outcome, mode, answer) of every review, oldest first, as exported."""
    target = tmp_path / "export.jsonl"
    result = cli("progress", "export", str(target))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()[1:]]
    return [(r["card_key"], r["rating"], r["outcome"], r["mode"], r["answer"]) for r in rows]


def stats(cli: CliRunner) -> dict[str, object]:
    result = cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- 1. undo


def test_undo_then_the_right_answer_is_not_asked_again(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 1, verbatim: plain: `Stalin`, `:undo`, the right answer → the card
    used to come back as `[4/4]`."""
    config(studycli_home, "new_per_day = 3\n")
    path = deck(tmp_path)
    result = cli(
        "--deck", str(path), "review", "--deck", "intent",
        input=f"Stalin\n:undo\n{RIGHT[TESTAMENT]}\n{RIGHT[CONGRESS]}\nf\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[4/" not in result.stdout
    assert re.findall(r"^\[(\d)/(\d)\]", result.stdout, re.MULTILINE) == [
        ("1", "3"),  # Stalin: wrong, so the card is planned to come back as [4/4]
        ("2", "4"),  # :undo typed here
        ("1", "3"),  # the same card again, with the plan from before the wrong answer
        ("2", "3"),
        ("3", "3"),
    ]
    assert "Undone: Which document" in result.stdout
    assert "Answered 3: 3 right, 0 partly right, 0 wrong in" in result.stdout
    assert review_log(cli, tmp_path) == [
        (TESTAMENT, 3, "correct", "review", "Lenin's Testament"),
        (CONGRESS, 3, "correct", "review", "Twentieth Congress"),
        (PREMIER, 3, "correct", "review", "f"),
    ]
    assert stats(cli)["total_reviews"] == 3


def test_undo_restores_skips_and_counts_too(cli: CliRunner, tmp_path: Path) -> None:
    """Answer, skip, undo: the session is back before the answer, skip included."""
    path = deck(tmp_path)
    result = cli(
        "--deck", str(path), "quiz", "--deck", "intent", "-n", "3",
        input=f"wrong\n:skip\n:undo\n{RIGHT[TESTAMENT]}\n{RIGHT[CONGRESS]}\nt\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Answered 3: 2 right, 0 partly right, 1 wrong in" in result.stdout
    assert "skipped" not in result.stdout
    assert review_log(cli, tmp_path) == [
        (TESTAMENT, 3, "correct", "quiz", "Lenin's Testament"),
        (CONGRESS, 3, "correct", "quiz", "Twentieth Congress"),
        (PREMIER, 1, "wrong", "quiz", "t"),
    ]


# --------------------------------------------------------------------------- 2. empty line


def test_plain_mode_keeps_an_empty_line_as_dont_know(cli: CliRunner, tmp_path: Path) -> None:
    path = deck(tmp_path)
    result = cli("--deck", str(path), "quiz", "--deck", "intent", "-n", "1", input="\n")
    assert result.returncode == 0, result.stderr
    assert review_log(cli, tmp_path) == [(TESTAMENT, 1, "wrong", "quiz", "")]


# --------------------------------------------------------------------------- 3. hints


def test_a_missing_hint_costs_nothing_and_a_shown_one_costs_a_grade(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Issue 12, item 3: `:hint` on a card with no hint printed "No hint for this card."
    and then "Correct, with the hint." (saved as Hard)."""
    path = deck(tmp_path)
    result = cli(
        "--deck", str(path), "quiz", "--deck", "intent", "-n", "3",
        input=f":hint\n{RIGHT[TESTAMENT]}\n:hint\n{RIGHT[CONGRESS]}\n:hint\nf\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("No hint for this question (nothing is taken off).") == 2
    assert "Hint: Dictated in December 1922" in result.stdout
    assert result.stdout.count("Correct, with the hint.") == 1
    assert [(key, rating) for key, rating, *_ in review_log(cli, tmp_path)] == [
        (TESTAMENT, 2),
        (CONGRESS, 3),
        (PREMIER, 3),
    ]


# --------------------------------------------------------------------------- 7. scheduling


def test_failed_cards_come_back_after_the_others_at_most_twice_points_once(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = deck(tmp_path)
    result = cli("--deck", str(path), "review", "--deck", "intent", input="\n" * 20)
    assert result.returncode == 0, result.stderr
    order = [key for key, *_ in review_log(cli, tmp_path)]
    assert order == [
        TESTAMENT, CONGRESS, PREMIER, POINTS,  # all failed
        TESTAMENT, CONGRESS, PREMIER, POINTS,  # back after the others; points once
        TESTAMENT, CONGRESS, PREMIER,  # and once more
    ]  # fmt: skip
    assert "Answered 11: 0 right, 0 partly right, 11 wrong in" in result.stdout


def test_review_run_again_says_when_the_failed_cards_are_due(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 7: `review` run again two seconds after a session showed the same
    failed cards while its own summary gave their due time."""
    config(studycli_home, "new_per_day = 2\n")
    path = deck(tmp_path)
    first = cli("--deck", str(path), "review", "--deck", "intent", input="\n" * 6)
    assert first.returncode == 0, first.stderr
    due = re.search(r"^Next card due: (.+)$", first.stdout, re.MULTILINE)
    assert due is not None
    assert re.fullmatch(r".+ \(in \d+ minutes?\)", due.group(1))
    again = cli("--deck", str(path), "review", "--deck", "intent", input="\n" * 6)
    assert again.returncode == 0, again.stderr
    assert f"Nothing due now. Next card due: {due.group(1)}." in again.stdout
    assert "studycli quiz" in again.stdout
    log = review_log(cli, tmp_path)
    assert Counter(key for key, *_ in log) == {TESTAMENT: 3, CONGRESS: 3}
    assert {(rating, outcome) for _key, rating, outcome, _m, _a in log} == {(1, "wrong")}


# --------------------------------------------------------------------------- 8. summaries


def test_next_due_covers_the_whole_scope_and_says_now_when_past(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 8: 10 overdue cards, `--limit 3` → "due in 10 minutes"."""
    cards = "".join(
        f'\n[[card]]\nid = "c{n}"\nkind = "typed"\nprompt = "Card {n}?"\nanswer = "answer {n}"\n'
        for n in range(10)
    )
    path = deck(tmp_path, '[deck]\nid = "ten"\ntitle = "Ten"\ntopic = "context"\n' + cards)
    scheduler = Scheduler(Config())
    month_ago = datetime.now(UTC) - timedelta(days=30)
    studycli_home.mkdir(parents=True)
    with Store.open(progress_path(studycli_home)) as store:
        for n in range(10):
            record_answer(store, scheduler, f"ten/c{n}", 3, month_ago)
            assert store.state(f"ten/c{n}").due < datetime.now(UTC)  # type: ignore[union-attr]
    answers = "".join(f"answer {n}\n" for n in range(10))
    result = cli("--deck", str(path), "review", "--deck", "ten", "--limit", "3", input=answers)
    assert result.returncode == 0, result.stderr
    assert "Answered 3: 3 right" in result.stdout
    assert "Next card due: now" in result.stdout
    log = review_log(cli, tmp_path)
    assert len(log) == 13
    assert [(rating, outcome, mode) for _k, rating, outcome, mode, _a in log[10:]] == [
        (3, "correct", "review")
    ] * 3


def test_review_left_early_says_new_cards_are_due_now_and_retries_when_due(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    """Quitting a first review at card 1 of 4 said "Next card due: nothing scheduled"
    while three new cards waited, and `--limit 1` said "in 10 minutes" while more new
    cards were there to ask; a failed card's retry left unasked is due at its step."""
    path = deck(tmp_path)
    args = ("--deck", str(path), "review", "--deck", "intent")
    quit_at_once = cli(*args, input=":quit\n")
    assert quit_at_once.returncode == 0, quit_at_once.stderr
    assert "Answered 0:" in quit_at_once.stdout
    assert "Next card due: now" in quit_at_once.stdout
    one = cli(*args, input=f"{RIGHT[TESTAMENT]}\n:quit\n")
    assert "Answered 1: 1 right" in one.stdout
    assert "Next card due: now" in one.stdout
    assert review_log(cli, tmp_path) == [(TESTAMENT, 3, "correct", "review", "Lenin's Testament")]
    limited = cli(*args, "--limit", "1", input=f"{RIGHT[CONGRESS]}\n")
    assert "Answered 1: 1 right" in limited.stdout
    assert "Next card due: now" in limited.stdout  # more new cards past --limit 1
    assert review_log(cli, tmp_path)[-1] == (
        CONGRESS, 3, "correct", "review", "Twentieth Congress"
    )  # fmt: skip
    config(studycli_home, "new_per_day = 3\n")  # the three allowed today: two seen, one left
    failed = cli(*args, input="\n:quit\n")
    assert "Answered 1: 0 right, 0 partly right, 1 wrong" in failed.stdout
    assert re.search(r"^Next card due: .+ \(in \d+ minutes?\)$", failed.stdout, re.MULTILINE)
    assert review_log(cli, tmp_path) == [
        (TESTAMENT, 3, "correct", "review", "Lenin's Testament"),
        (CONGRESS, 3, "correct", "review", "Twentieth Congress"),
        (PREMIER, 1, "wrong", "review", ""),
    ]


def test_partly_right_is_counted_as_the_log_records_it(cli: CliRunner, tmp_path: Path) -> None:
    """Issue 12, item 8: "0 partly right" when partial scores were given."""
    result = cli(
        "--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "--kind", "cloze",
        "-n", "1", input="139; 5\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Answered 1: 0 right, 1 partly right, 0 wrong in" in result.stdout
    assert review_log(cli, tmp_path) == [("every-kind/cc-shot", 2, "partial", "quiz", "139; 5")]


def test_stats_says_what_true_retention_counts(cli: CliRunner, tmp_path: Path) -> None:
    """Issue 12, item 8: "True retention: no reviews yet" after 38 reviews."""
    path = deck(tmp_path)
    cli("--deck", str(path), "quiz", "--deck", "intent", "-n", "3", input="\n\n\n")
    result = cli("--deck", str(path), "stats")
    assert result.returncode == 0, result.stderr
    assert "Reviews: 3" in result.stdout
    assert "no reviews yet" not in result.stdout
    assert "True retention, last 30 days: none yet" in result.stdout
    assert "a day or more after a card's last one" in result.stdout
    assert len(review_log(cli, tmp_path)) == 3


# --------------------------------------------------------------------------- 10. Ctrl-C


class _InterruptedWhileSaving(Scheduler):
    """Ctrl-C arrives in the instant the answer is being scheduled and saved."""

    def review(self, state: CardState | None, rating: int, when: datetime) -> CardState:
        os.kill(os.getpid(), signal.SIGINT)
        return super().review(state, rating, when)


def test_ctrl_c_right_after_grading_keeps_the_answer(tmp_path: Path) -> None:
    cards = load_library([deck(tmp_path)]).cards()
    out = io.StringIO()
    frontend = PlainFrontend(io.StringIO(f"{RIGHT[TESTAMENT]}\nmore\n"), out)
    with Store.open(tmp_path / "progress.sqlite3") as store:
        source = CardSource(Mode.QUIZ, cards, rng=random.Random(1))
        summary = Session(store, _InterruptedWhileSaving(Config()), frontend, source).run(cards)
        assert summary.interrupted
        assert (summary.answered, summary.correct) == (1, 1)
        assert [(r.card_key, r.rating, r.outcome) for r in store.reviews()] == [
            (TESTAMENT, 3, "correct")
        ]
    assert "[2/" not in out.getvalue()


# --------------------------------------------------------------------------- 11. drills


def test_drill_takes_the_session_keys_and_saves_each_answer_at_once(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 11: drills use the session's prompt, marks, keys and summary; an
    ordering answer is recorded in one transaction, not one per event."""
    path = deck(tmp_path, MINI_DECK, "mini.toml")
    args = ("--deck", str(path), "timeline", "--quiz", "-n", "3", "--tag", "mini")
    result = cli(*args, input=":hint\n\n:undo\n:skip\n\n\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "No hint for this question (nothing is taken off)." in out
    assert re.search(r"^WRONG No answer\.$", out, re.MULTILINE)
    assert "Undone: " in out
    assert "Answered 2: 0 right, 0 partly right, 2 wrong, 1 skipped in" in out
    assert "Next card due: " in out
    with Store.open(progress_path(studycli_home)) as store:
        reviews = store.reviews()
    assert {(r.rating, r.outcome, r.mode) for r in reviews} == {(1, "wrong", "timeline")}
    # Two answers: each one's reviews were saved together, at one time.
    answers = Counter(r.reviewed_at for r in reviews)
    assert len(answers) == 2
    assert set(answers.values()) <= {1, 2, 4, 5, 6}
    log = review_log(cli, tmp_path)
    assert len(log) == len(reviews)
    # The timeline marks exactly the dates the log holds as studied.
    view = cli("--deck", str(path), "timeline", "--json", "--tag", "mini")
    known = {row["id"]: row["known"] for row in json.loads(view.stdout)}
    studied = {key.split(":", 1)[1] for key, *_ in log}
    assert {name for name, state in known.items() if state != "new"} == studied


# --------------------------------------------------------------------------- agreement


def test_cram_summary_counts_answers_the_log_never_holds(cli: CliRunner, tmp_path: Path) -> None:
    path = deck(tmp_path)
    result = cli(
        "--deck", str(path), "quiz", "--deck", "intent", "-n", "3", "--cram",
        input=f"{RIGHT[TESTAMENT]}\n:undo\n\n:skip\nf\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Answered 2: 1 right, 0 partly right, 1 wrong, 1 skipped in" in result.stdout
    assert "Next card due: nothing scheduled" in result.stdout
    assert review_log(cli, tmp_path) == []
    assert stats(cli)["total_reviews"] == 0


def test_end_of_input_mid_session_keeps_exactly_what_was_answered(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = deck(tmp_path)
    result = cli(
        "--deck", str(path), "quiz", "--deck", "intent", "-n", "4",
        input=f"{RIGHT[TESTAMENT]}\n:skip\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Answered 1: 1 right, 0 partly right, 0 wrong, 1 skipped in" in result.stdout
    assert review_log(cli, tmp_path) == [(TESTAMENT, 3, "correct", "quiz", "Lenin's Testament")]
    assert stats(cli)["total_reviews"] == 1
