"""The review log holds what the learner meant, in a real terminal (pexpect, 60 columns).

The plain-mode half of this suite is test_learner_intent.py; these are the items that
only a terminal can show: the rating prompt, arrows, folded feedback and the drill's
keys. Each test ends by reading the progress file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studycli.paths import progress_path
from studycli.store import Store
from tests.conftest import write_deck
from tests.test_learner_intent import INTENT_DECK, PREMIER, RIGHT, TESTAMENT
from tests.test_terminal import CTRL_D, CTRL_U, ENTER, Terminal, term_env
from tests.test_timeline import MINI_DECK

pytestmark = pytest.mark.slow
__all__ = ["term_env"]  # the fixture, used by name

UP, DOWN = "\x1b[A", "\x1b[B"
LONG_POINT = "a point long enough to take two lines at sixty columns, point number"
POINTS = ", ".join(f'"{LONG_POINT} {n}"' for n in range(1, 10))
EXPLAIN = "An explanation that goes on for a while. " * 12
LONG_DECK = f"""
[deck]
id = "long"
title = "Long feedback"
topic = "omissions"

[[card]]
id = "essay"
kind = "points"
prompt = "Why did the speech say nothing of collectivization?"
points = [{POINTS}]
explain = "{EXPLAIN}"
source = "The very last line: a source"
"""


def log(home: Path) -> list[tuple[str, int, str, str]]:
    with Store.open(progress_path(home)) as store:
        return [(r.card_key, r.rating, r.outcome, r.answer) for r in store.reviews()]


def intent(env: dict[str, str], tmp_path: Path, *args: str) -> Terminal:
    path = write_deck(tmp_path / "decks", "intent.toml", INTENT_DECK)
    return Terminal("--deck", str(path), *args, env=env)


def test_undo_in_the_terminal_leaves_the_card_count_as_it_was(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 1: in the terminal each undo of a wrong answer added one to
    "card N of M"."""
    studycli_home.mkdir(parents=True)
    (studycli_home / "config.toml").write_text("new_per_day = 3\n")
    term = intent(term_env, tmp_path, "review", "--deck", "intent")
    for _ in range(2):
        term.expect(r"review · card 1 of 3")
        term.prompt()
        term.send("Stalin" + ENTER)
        term.expect(r"Rating Again")
        term.send("u" + ENTER)
        term.expect(r"^Undone: Which document")
    term.expect(r"review · card 1 of 3")
    term.prompt()
    term.send(RIGHT[TESTAMENT] + ENTER)
    term.expect(r"Rating Good")
    term.send(ENTER)
    term.expect(r"review · card 2 of 3")
    term.prompt()
    term.send(CTRL_D)
    term.expect(r"Answered 1: 1 right, 0 partly right, 0 wrong in")
    assert term.finish() == 0
    assert " of 4" not in term.text
    assert log(studycli_home) == [(TESTAMENT, 3, "correct", "Lenin's Testament")]


def test_a_digit_then_enter_rates_once_and_answers_nothing_else(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 2: a digit at the rating prompt advanced at once, so the Enter most
    people press next was logged as an empty answer (Again) to the next card."""
    term = intent(term_env, tmp_path, "quiz", "--deck", "intent", "-n", "2")
    term.expect(r"quiz · card 1 of 2")
    term.prompt()
    term.send(RIGHT[TESTAMENT] + ENTER)
    term.expect(r"Rating Good")
    term.send("2")  # chooses Hard: shown on the line, waiting for Enter
    term.expect(r"Hard")
    term.send(ENTER)
    term.expect(r"quiz · card 2 of 2")
    term.prompt()
    term.send(CTRL_D)
    term.expect(r"Answered 1: 1 right")
    assert term.finish() == 0
    assert log(studycli_home) == [(TESTAMENT, 2, "correct", "Lenin's Testament")]


def test_asking_for_a_hint_the_card_does_not_have_costs_nothing(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    term = intent(term_env, tmp_path, "quiz", "--deck", "intent", "--kind", "truefalse")
    term.expect(r"quiz · card 1 of 1")
    term.prompt()
    term.send("?" + ENTER)
    term.expect(r"^No hint for this card\.$")
    term.prompt()
    term.send("f" + ENTER)
    term.expect(r"^✓ Correct")
    term.expect(r"Rating Good")
    term.send(ENTER)
    term.expect(r"Answered 1: 1 right, 0 partly right, 0 wrong in")
    assert term.finish() == 0
    assert log(studycli_home) == [(PREMIER, 3, "correct", "f")]


def test_arrows_move_between_true_and_false(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 9: Down always selected True and Up always False."""
    term = intent(term_env, tmp_path, "quiz", "--deck", "intent", "--kind", "truefalse")
    term.expect(r"quiz · card 1 of 1")
    term.prompt()
    # Up from nothing picks False, again True, Down back to False: each arrow moves.
    term.send(UP + UP + DOWN)
    term.send(ENTER)
    term.expect(r"^✓ Correct")
    term.expect(r"Rating Good")
    term.send(ENTER)
    term.expect(r"Answered 1: 1 right")
    assert term.finish() == 0
    assert log(studycli_home) == [(PREMIER, 3, "correct", "f")]


def test_long_feedback_is_folded_with_a_key_to_unfold_it(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 12: a points card's feedback pushed the question off screen."""
    path = write_deck(tmp_path / "decks", "long.toml", LONG_DECK)
    term = Terminal("--deck", str(path), "quiz", "--deck", "long", env=term_env)
    term.expect(r"quiz · card 1 of 1")
    term.prompt()
    term.send("Nothing relevant at all" + ENTER)
    term.expect(r"Points made in other words")
    term.send(ENTER)  # none
    term.expect(r"^✗ Wrong")
    folded = term.expect(r"^… (\d+) more lines · e shows them$")
    assert int(folded.group(1)) > 0
    term.expect(r"Rating Again")
    assert "The very last line" not in term.text
    term.send("e")
    term.expect(r"The very last line: a source")
    term.expect(r"Rating Again")
    term.send(ENTER)
    term.expect(r"Answered 1: 0 right, 0 partly right, 1 wrong")
    assert term.finish() == 0
    assert log(studycli_home) == [("long/essay", 1, "wrong", "Nothing relevant at all")]


def test_terminal_drill_has_the_session_keys_and_never_reads_q_as_an_answer(
    term_env: dict[str, str], tmp_path: Path, studycli_home: Path
) -> None:
    """Issue 12, item 11: `timeline --quiz` had a `>` prompt, no key hints, and read `q`
    as a date."""
    path = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)
    args = ("--deck", str(path), "timeline", "--quiz", "-n", "2", "--tag", "mini")
    term = Terminal(*args, env=term_env)
    term.expect(r"timeline · card 1 of 2")
    term.expect(r"─ timeline · (put in order|which came first|when) ─")
    term.expect(r"\? hint · s skip · \^Z undo · \^D quit")
    term.prompt()
    term.send("s" + ENTER)
    term.expect(r"timeline · card 2 of 2")
    term.prompt()
    term.send("q" + ENTER)
    term.expect(r"(Type the numbers|Answer 1 or 2|Not a date)")
    term.prompt()
    term.send(CTRL_U + ":q" + ENTER)  # the unread reply is offered again: clear it first
    term.expect(r"Answered 0: 0 right, 0 partly right, 0 wrong, 1 skipped")
    assert term.finish() == 0
    assert log(studycli_home) == []
