"""``typed``: free recall, graded leniently by :mod:`studycli.matching`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studycli.kinds.base import AnkiFace, CardKind, Marked, Question, esc
from studycli.kinds.schema import ref, texts
from studycli.matching import correct_feedback, match_text
from studycli.model import Card, Kind, TypedCard

if TYPE_CHECKING:
    from studycli.loader import Entry


class Typed(CardKind):
    name = Kind.TYPED
    fields = frozenset({"answer", "accept"})
    instructions = "Type your answer."
    diff_ratio = 0.5

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        return TypedCard(
            **common, answer=entry.text("answer"), accept=entry.texts("accept", required=False)
        )

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {
            "answer": ref("text", "The expected answer, graded leniently."),
            "accept": texts("Other answers counted as right."),
        }, ["answer"]

    def hint_answers(self, card: Card) -> tuple[str, ...]:
        assert isinstance(card, TypedCard)
        return (card.answer,)

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, TypedCard)
        return question.card.answer

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        card = question.card
        assert isinstance(card, TypedCard)
        text = response.strip()
        match = match_text(text, (card.answer, *card.accept), card.prompt)
        if match is None:
            return Marked(0.0, "Wrong.", text)
        return Marked(1.0, correct_feedback(text, match), text, near_miss=match.typo)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, TypedCard)
        back = f"<div><b>{esc(card.answer)}</b></div>"
        if card.accept:
            back += f"<div>Also accepted: {esc(', '.join(card.accept))}</div>"
        return AnkiFace(f"<div>{esc(card.prompt)}</div>", back)
