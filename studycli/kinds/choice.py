"""``choice``: one right option among ``choices``, shown shuffled, named by key or text."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from studycli import keys
from studycli.kinds.base import (
    AnkiFace,
    CardKind,
    Marked,
    Question,
    esc,
    html_list,
    shown,
    shuffled,
    shuffled_question,
    text_schema,
    texts_schema,
)
from studycli.matching import CORRECT, Pick, text_pick
from studycli.model import Card, ChoiceCard, Kind
from studycli.textforms import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studycli.loader import Entry


def choice_pick(text: str, options: Sequence[str]) -> Pick | None:
    """Read a choice by number, letter, text, or "b) Bulganin" (key and text agreeing).

    Numbers and letters in range win over option texts, so with options "3" and "5"
    the reply "1" means the first option; an out-of-range number may still be a text.
    """
    count = len(options)
    words = fold(text).split()
    key = keys.key(words[0], count) if words else None
    if key is not None and 0 <= key < count:
        if len(words) == 1:
            return Pick(key)
        rest = text_pick(" ".join(words[1:]), options[key : key + 1])
        if rest is not None:
            return Pick(key, typo=rest.typo)
    return text_pick(text, options)


class Choice(CardKind):
    name = Kind.CHOICE
    fields = frozenset({"choices", "answer"})
    instructions = "Answer with a number, a letter or the text."
    lists_options = True
    letters_shown = True
    picked = True
    show_given = False

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        choices = entry.texts("choices", minimum=2)
        answer = entry.text("answer")
        if answer and choices and answer not in choices:
            entry.problem("answer", f"{answer!r} is not among the choices")
        return ChoiceCard(**common, choices=choices, answer=answer)

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        schema = {"choices": texts_schema(2), "answer": text_schema()}
        return schema, ["choices", "answer"]

    def question(self, card: Card, rng: random.Random) -> Question:
        assert isinstance(card, ChoiceCard)
        return shuffled_question(card, card.choices, rng)

    def expected(self, question: Question) -> str:
        card = question.card
        assert isinstance(card, ChoiceCard)
        options = shown(question, card.choices)
        if card.answer not in options:  # only a hand-built card; the loader forbids it
            return card.answer
        return keys.label(options, options.index(card.answer))

    def problem(self, question: Question, text: str) -> str | None:
        assert isinstance(question.card, ChoiceCard)
        options = shown(question, question.card.choices)
        words = fold(text).split()
        key = keys.key(words[0], len(options)) if len(words) == 1 else None
        if key is None or 0 <= key < len(options) or text_pick(text, options) is not None:
            return None
        return f"Choose {keys.key_range(len(options))}."

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        card = question.card
        assert isinstance(card, ChoiceCard)
        options = shown(question, card.choices)
        text = response.strip()
        pick = choice_pick(text, options)
        if pick is None:
            return Marked(0.0, "Not one of the choices.", text)
        chosen = options[pick.index]
        if chosen == card.answer:
            return Marked(1.0, CORRECT, chosen, near_miss=pick.typo)
        return Marked(0.0, f"You chose {keys.label(options, pick.index)}.", chosen)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, ChoiceCard)
        front = f"<div>{esc(card.prompt)}</div>" + html_list(shuffled(card.choices, card.key))
        return AnkiFace(front, f"<div><b>{esc(card.answer)}</b></div>")
