"""``choice``: one right option among ``choices``, shown shuffled, named by key or text.

A reply that names no option, or could name several, is asked again (:meth:`problem`):
it is never graded wrong for being unreadable.
"""

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
)
from studycli.kinds.schema import ref, texts
from studycli.matching import CORRECT, Pick, match_text, option_matches, text_pick
from studycli.model import Card, ChoiceCard, Kind
from studycli.textforms import fold, normalize

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studycli.loader import Entry


def choice_pick(text: str, options: Sequence[str]) -> Pick | None:
    """Read a choice by number, letter, text, or "b) Bulganin" (key and text agreeing).

    Numbers and letters in range win over option texts, so with options "3" and "5"
    the reply "1" means the first option; an out-of-range number may still be a text.
    A key followed by another option's text ("c) Bulganin" when c is Molotov) names
    nothing: which one was meant is for the learner to say.
    """
    count = len(options)
    words = fold(text).split()
    key = keys.key(words[0], count) if words else None
    if key is not None and 0 <= key < count:
        if len(words) == 1:
            return Pick(key)
        whole = [i for i, option in enumerate(options) if normalize(option) == normalize(text)]
        if len(whole) == 1:  # an option that starts like a key: "A published line..."
            return Pick(whole[0])
        rest = match_text(" ".join(words[1:]), options[key : key + 1])
        if rest is not None:
            return Pick(key, typo=rest.typo)
        if text_pick(" ".join(words[1:]), options) is not None:
            return None
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
        return {
            "choices": texts("The options, shown shuffled.", 2),
            "answer": ref("text", "The right option; must be one of the choices."),
        }, ["choices", "answer"]

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
        if choice_pick(text, options) is not None:
            return None
        count = len(options)
        words = fold(text).split()
        if len(words) == 1 and keys.key(words[0], count) is not None:
            return f"Choose {keys.key_range(count)}."
        key = keys.key(words[0], count) if words else None
        rest = text_pick(" ".join(words[1:]), options) if len(words) > 1 else None
        if key is not None and 0 <= key < count and rest is not None:
            keyed, named = keys.label(options, key), keys.label(options, rest.index)
            return f"{keyed} or {named}? Answer with one of {keys.key_range(count)}."
        picks = option_matches(text, options)
        if picks:
            could = " or ".join(keys.label(options, pick.index) for pick in picks)
            return f"That could be {could}: answer with {keys.key_range(count)}."
        return f"Not one of the choices: answer with {keys.key_range(count)}, or a choice's text."

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
