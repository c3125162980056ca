"""Card kinds: every kind behind one protocol, and a new kind added from outside.

The toy kind below lives only in this file. Registering it must be enough for
``decks check``, a plain-mode quiz (recorded in the review log) and the Anki export to
handle it: nothing else in studycli may need to change for a new kind.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import jsonschema
import pytest
import tomli
from typer.testing import CliRunner

from studycli import kinds
from studycli.cli.main import app
from studycli.deck_schema import deck_schema
from studycli.grading import Outcome, grade, make_question, response_problem
from studycli.kinds import AnkiFace, CardKind, Marked, Question
from studycli.kinds.base import esc
from studycli.loader import load_deck
from studycli.model import Card, CardBase, ChoiceCard, MultiCard, OrderCard, Topic
from studycli.textforms import fold
from studycli.ui.question_text import option_lines
from tests.conftest import EVERY_KIND
from tests.test_anki import read_notes

if TYPE_CHECKING:
    from studycli.loader import Entry


@dataclass(frozen=True, slots=True, kw_only=True)
class InitialsCard(CardBase):
    """Name the person from their initials: "N. S. K." for Nikita Sergeyevich Khrushchev."""

    kind: ClassVar[str] = "initials"
    name: str


class Initials(CardKind):
    name = "initials"
    fields = frozenset({"name"})
    instructions = "Type the initials, e.g. N S K."

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        name = entry.text("name")
        if name and len(name.split()) < 2:
            entry.problem("name", "needs at least two words to have initials")
        return InitialsCard(**common, name=name)

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {"name": {"type": "string"}}, ["name"]

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, InitialsCard)
        return " ".join(word[0].upper() for word in question.card.name.split())

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        del ticked
        wanted = fold(self.expected(question)).replace(" ", "")
        given = fold(response).replace(" ", "")
        return Marked(1.0 if given == wanted else 0.0, "Checked.", response.strip())

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, InitialsCard)
        return AnkiFace(f"<p>{esc(card.prompt)}</p>", f"<p>initials of {esc(card.name)}</p>")


TOY_DECK = """\
[deck]
id = "toy"
title = "Toy kind"
topic = "context"

[[card]]
id = "first-secretary"
kind = "initials"
prompt = "Initials of the First Secretary who gave the speech?"
name = "Nikita Sergeyevich Khrushchev"
"""


@pytest.fixture
def initials() -> Iterator[CardKind]:
    kind = kinds.register(Initials())
    yield kind
    kinds.unregister("initials")


def test_a_kind_registered_by_a_test_goes_through_check_quiz_and_anki_export(
    initials: CardKind, tmp_path: Path
) -> None:
    deck = tmp_path / "toy.toml"
    deck.write_text(TOY_DECK, encoding="utf-8")
    runner = CliRunner()

    checked = runner.invoke(app, ["decks", "check", str(deck)])
    assert checked.exit_code == 0, checked.output

    quiz = runner.invoke(app, ["--deck", str(deck), "quiz", "--deck", "toy"], input="n.s.k.\n")
    assert quiz.exit_code == 0, quiz.output
    assert initials.instructions in quiz.output
    log = tmp_path / "log.jsonl"
    exported = runner.invoke(app, ["progress", "export", str(log)])
    assert exported.exit_code == 0, exported.output
    reviews = [json.loads(line) for line in log.read_text().splitlines()[1:]]
    assert [(r["card_key"], r["outcome"], r["rating"], r["answer"]) for r in reviews] == [
        ("toy/first-secretary", "correct", 3, "n.s.k.")
    ]

    apkg = tmp_path / "toy.apkg"
    result = runner.invoke(
        app, ["--deck", str(deck), "decks", "export", "--anki", str(apkg), "--deck", "toy"]
    )
    assert result.exit_code == 0, result.output
    [(_guid, fields)] = read_notes(apkg, tmp_path)
    front, back = fields.split("\x1f")
    assert front == "<p>Initials of the First Secretary who gave the speech?</p>"
    assert back == "<p>initials of Nikita Sergeyevich Khrushchev</p>"


def test_a_registered_kind_validates_its_own_fields(initials: CardKind, tmp_path: Path) -> None:
    deck = tmp_path / "toy.toml"
    deck.write_text(TOY_DECK.replace("Nikita Sergeyevich Khrushchev", "Khrushchev"), "utf-8")
    result = CliRunner().invoke(app, ["decks", "check", str(deck)])
    assert result.exit_code == 1
    assert "card 'first-secretary'" in result.output
    assert "field 'name': needs at least two words to have initials" in result.output


def test_an_unregistered_kind_is_an_unknown_kind(tmp_path: Path) -> None:
    deck = tmp_path / "toy.toml"
    deck.write_text(TOY_DECK, encoding="utf-8")
    result = CliRunner().invoke(app, ["decks", "check", str(deck)])
    assert result.exit_code == 1
    assert "unknown kind 'initials' (expected one of: typed, choice, multi," in result.output


def test_every_card_of_every_kind_has_its_rules_registered() -> None:
    deck = load_deck(EVERY_KIND)
    assert {kinds.kind_of(card).name for card in deck.all_cards()} == set(kinds.names())
    assert kinds.names() == [
        "typed", "choice", "multi", "truefalse", "cloze", "order", "points", "date"
    ]  # fmt: skip


def test_decks_schema_is_assembled_from_the_registered_kinds(
    initials: CardKind, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["decks", "schema"])
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)["$defs"]["card"]
    assert card["properties"]["kind"]["enum"][-1] == "initials"
    rule = next(r for r in card["allOf"] if r["if"]["properties"]["kind"]["const"] == "initials")
    assert rule["then"]["required"] == ["prompt", "name"]
    assert rule["then"]["properties"]["answer"] is False  # another kind's field
    assert card["properties"]["name"] == {"description": "Depends on the card's kind."}
    validator = jsonschema.Draft202012Validator(deck_schema())
    assert list(validator.iter_errors(tomli.loads(TOY_DECK))) == []
    broken = tomli.loads(TOY_DECK.replace("name =", "answer ="))
    assert list(validator.iter_errors(broken)) != []
    assert initials.fields == {"name"}


# --------------------------------------------------------------------------- many options

DELEGATES = tuple(f"Delegate {number}" for number in range(1, 31))


def test_a_choice_with_30_options_shows_and_accepts_every_option_by_number() -> None:
    card = ChoiceCard(
        deck_id="t", id="many", topic=Topic.CONTENT, prompt="?", choices=DELEGATES,
        answer="Delegate 28",
    )  # fmt: skip
    question = make_question(card, random.Random(3))
    lines = option_lines(question)
    assert lines == [f"{n}) {option}" for n, option in enumerate(question.options, start=1)]
    number = question.options.index("Delegate 28") + 1
    verdict = grade(question, str(number))
    assert (verdict.outcome, verdict.expected) == (Outcome.CORRECT, f"{number}) Delegate 28")
    assert response_problem(question, "31") == "Choose 1-30."
    assert response_problem(question, "b") is not None  # past 26 letters are no keys
    assert grade(question, "b").outcome is Outcome.WRONG


def test_an_order_card_with_30_items_shows_every_item_and_grades_only_what_was_shown() -> None:
    card = OrderCard(deck_id="t", id="long", topic=Topic.CONTENT, prompt="?", items=DELEGATES)
    question = make_question(card, random.Random(5))
    assert len(option_lines(question)) == 30
    right = [question.options.index(item) + 1 for item in DELEGATES]
    assert grade(question, " ".join(map(str, right))).outcome is Outcome.CORRECT
    assert response_problem(question, " ".join(map(str, right[:29]))) == (
        "Type numbers 1-30, each once."
    )
    partial = grade(question, " ".join(map(str, right[:29])))
    assert (partial.outcome, partial.feedback) == (
        Outcome.PARTIAL,
        "406 of 435 pairs in order; 1 left out.",
    )
    assert response_problem(question, "a b c") == "Type numbers 1-30, each once."


def test_a_multi_with_28_options_reads_numbers_not_letters() -> None:
    card = MultiCard(
        deck_id="t", id="multi", topic=Topic.CONTENT, prompt="?", choices=DELEGATES[:28],
        answers=("Delegate 1", "Delegate 28"),
    )  # fmt: skip
    question = Question(card, card.choices)
    assert grade(question, "1, 28").outcome is Outcome.CORRECT
    assert response_problem(question, "1, 29") == "Choose from 1-28, e.g. 1,3."
    assert response_problem(question, "a b") == "Choose from 1-28, e.g. 1,3."
    assert grade(question, "a b").outcome is Outcome.WRONG


MANY_DECK = "\n".join(
    [
        '[deck]\nid = "many"\ntitle = "Many"\ntopic = "context"\n',
        '[[card]]\nid = "delegate"\nkind = "choice"\nprompt = "Which delegate?"',
        "choices = [" + ", ".join(f'"{option}"' for option in DELEGATES) + "]",
        'answer = "Delegate 28"',
    ]
)


def test_plain_quiz_lists_all_30_options_and_records_the_answer(tmp_path: Path) -> None:
    deck = tmp_path / "many.toml"
    deck.write_text(MANY_DECK, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["decks", "check", str(deck)]).exit_code == 0
    quiz = runner.invoke(
        app, ["--deck", str(deck), "quiz", "--deck", "many"], input="Delegate 28\n"
    )
    assert quiz.exit_code == 0, quiz.output
    shown = [line.strip() for line in quiz.output.splitlines() if line.strip()[:1].isdigit()]
    assert [line.split(") ", 1)[0] for line in shown[:30]] == [str(n) for n in range(1, 31)]
    assert sorted(line.split(") ", 1)[1] for line in shown[:30]) == sorted(DELEGATES)
    log = tmp_path / "log.jsonl"
    assert runner.invoke(app, ["progress", "export", str(log)]).exit_code == 0
    reviews = [json.loads(line) for line in log.read_text().splitlines()[1:]]
    assert [(r["card_key"], r["outcome"], r["rating"]) for r in reviews] == [
        ("many/delegate", "correct", 3)
    ]
