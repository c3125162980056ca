"""``order``: ``items`` in the correct order, shown shuffled, answered by keys."""

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
)
from studycli.kinds.schema import texts
from studycli.matching import CORRECT
from studycli.model import Card, Kind, OrderCard
from studycli.shuffle import shuffle_unsolved

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studycli.loader import Entry


def _ranks(options: Sequence[str], items: Sequence[str]) -> list[int] | None:
    """For each shown option, its place in the correct order (duplicates in turn)."""
    places: dict[str, list[int]] = {}
    for place, item in enumerate(items):
        places.setdefault(item, []).append(place)
    ranks = []
    for option in options:
        queue = places.get(option)
        if not queue:
            return None
        ranks.append(queue.pop(0))
    return ranks if len(ranks) == len(items) else None


class Order(CardKind):
    name = Kind.ORDER
    fields = frozenset({"items"})
    instructions = "Give the numbers in the right order, e.g. 3 1 2 4."
    lists_options = True

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        return OrderCard(**common, items=entry.texts("items", minimum=2))

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {"items": texts("The items in the correct order; shown shuffled.", 2)}, ["items"]

    def question(self, card: Card, rng: random.Random) -> Question:
        assert isinstance(card, OrderCard)
        return Question(card, tuple(shuffle_unsolved(card.items, rng)))

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, OrderCard)
        return " → ".join(question.card.items)

    def problem(self, question: Question, text: str) -> str | None:
        assert isinstance(question.card, OrderCard)
        options = shown(question, question.card.items)
        positions, clean = keys.read_keys(text, len(options))
        if clean and sorted(positions) == list(range(len(options))):
            return None
        return f"Type numbers 1-{len(options)}, each once."

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        """Score = pairs of items in the right relative order / all pairs of items.

        A reply that is not a permutation is read as far as it goes: invalid tokens and
        repeats are dropped (the first mention counts), the listed items are compared
        pair by pair in the order given, and every pair involving a missing item counts
        as wrong. So with four items "1 2 3" earns at most 3 of 6 pairs, and it can
        never be correct.
        """
        card = question.card
        assert isinstance(card, OrderCard)
        options = shown(question, card.items)
        text = response.strip()
        ranks = _ranks(options, card.items) or list(range(len(card.items)))
        positions = keys.read_keys(text, len(options))[0]
        sequence = list(dict.fromkeys(positions))
        given = " → ".join(options[i] for i in sequence) or text
        if not sequence:
            return Marked(0.0, f"Not an order I can read: type numbers 1-{len(options)}.", text)
        order = [ranks[i] for i in sequence]
        total = len(options) * (len(options) - 1) // 2
        good = sum(1 for i, one in enumerate(order) for other in order[i + 1 :] if one < other)
        if good == total and len(sequence) == len(options):
            return Marked(1.0, CORRECT, given)
        missing = len(options) - len(sequence)
        feedback = f"{good} of {total} pairs in order"
        feedback += f"; {missing} left out." if missing else "."
        return Marked(good / total if total else 0.0, feedback, given)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, OrderCard)
        front = f"<div>{esc(card.prompt)}</div>" + html_list(shuffled(card.items, card.key))
        return AnkiFace(front, html_list(card.items, "ol"))
