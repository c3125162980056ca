"""``truefalse``: ``answer = true|false``; the explanation matters most here."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from studycli.kinds.base import AnkiFace, CardKind, Marked, Question, esc
from studycli.matching import CORRECT
from studycli.model import Card, Kind, TrueFalseCard
from studycli.textforms import fold

if TYPE_CHECKING:
    from studycli.loader import Entry

_TRUE_WORDS = frozenset({"t", "true", "y", "yes", "1", "a", "right", "correct"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no", "2", "b", "wrong", "incorrect"})


def truth(text: str) -> bool | None:
    """Read true/false from t/f, true/false, y/n, yes/no, right/wrong, correct/incorrect,
    and the shown keys 1/2 or a/b (True is shown first). Every word must agree, so
    "a) True" is true while "not true" or "t f" is unreadable.
    """
    words = set(fold(text).split())
    if words and words <= _TRUE_WORDS:
        return True
    if words and words <= _FALSE_WORDS:
        return False
    return None


class TrueFalse(CardKind):
    name = Kind.TRUEFALSE
    fields = frozenset({"answer"})
    instructions = "True or false? (t/f)"
    picked = True
    pick_keys = ("t", "f")
    show_given = False

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        return TrueFalseCard(**common, answer=entry.flag("answer"))

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {"answer": {"type": "boolean", "description": "Whether the prompt is true."}}, [
            "answer"
        ]

    def question(self, card: Card, rng: random.Random) -> Question:
        del rng
        return Question(card, ("True", "False"))

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, TrueFalseCard)
        return "True" if question.card.answer else "False"

    def problem(self, question: Question, text: str) -> str | None:
        del question
        return None if truth(text) is not None else "Answer t or f (true or false)."

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        card = question.card
        assert isinstance(card, TrueFalseCard)
        text = response.strip()
        value = truth(text)
        if value is None:
            return Marked(0.0, "Answer true or false.", text)
        given = "True" if value else "False"
        if value == card.answer:
            return Marked(1.0, CORRECT, given)
        return Marked(0.0, "Wrong.", given)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, TrueFalseCard)
        front = f"<div>{esc(card.prompt)}</div><div><i>True or false?</i></div>"
        return AnkiFace(front, f"<div><b>{'True' if card.answer else 'False'}</b></div>")
