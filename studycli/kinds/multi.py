"""``multi``: "select all that apply", with partial credit.

A reply is read part by part (parts separated by ``,`` ``;`` ``/`` ``+`` ``&`` or new
lines); see :func:`_read_part` for how each part names options, and :meth:`Multi.mark`
for the score.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
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
from studycli.kinds.schema import texts
from studycli.matching import CORRECT, option_matches, text_pick
from studycli.model import Card, Kind, MultiCard
from studycli.textforms import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studycli.loader import Entry


@dataclass
class _Picks:
    """What a multi reply selected; unknown parts and bad keys count as wrong picks."""

    indexes: set[int]
    unknown: int = 0
    bad_keys: bool = False
    typo: bool = False
    ambiguous: str = ""  # a part that could name several options: asked again


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _read_part(part: str, options: Sequence[str], picks: _Picks) -> None:
    """Add one comma-separated part of a multi reply to ``picks``.

    Tried in order: keys in range ("1 3", "a c"), an option's exact text, compact keys
    ("ac", "13" when there are fewer than 10 options), out-of-range keys (reported),
    an option's text with a typo, and finally texts joined by "and".
    """
    count = len(options)
    words = fold(part).split()
    found = [keys.key(word, count) for word in words]
    if found and all(key is not None and 0 <= key < count for key in found):
        picks.indexes.update(key for key in found if key is not None)
        return
    exact = text_pick(part, options)
    if exact is not None and not exact.typo:
        picks.indexes.add(exact.index)
        return
    compact = keys.compact(words[0], count) if len(words) == 1 else None
    if compact is not None:
        picks.indexes.update(compact)
        return
    if found and all(key is not None for key in found):
        picks.bad_keys = True
        picks.unknown += sum(1 for key in found if key is not None and not 0 <= key < count)
        picks.indexes.update(key for key in found if key is not None and 0 <= key < count)
        return
    pieces = [exact] if exact is not None else [text_pick(p, options) for p in _AND.split(part)]
    if all(piece is not None for piece in pieces):
        for piece in pieces:
            if piece is not None:
                picks.indexes.add(piece.index)
                picks.typo = picks.typo or piece.typo
        return
    if len(option_matches(part, options)) > 1:
        picks.ambiguous = picks.ambiguous or part.strip()
    picks.unknown += 1


def _picks(text: str, options: Sequence[str]) -> _Picks:
    picks = _Picks(set())
    for part in re.split(r"[,;\n/+&]", text):
        if part.strip():
            _read_part(part, options, picks)
    return picks


class Multi(CardKind):
    name = Kind.MULTI
    fields = frozenset({"choices", "answers"})
    instructions = "Select all that apply: numbers or letters, e.g. 1,3 or a c."
    lists_options = True
    letters_shown = True

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        choices = entry.texts("choices", minimum=2)
        answers = entry.texts("answers", minimum=1)
        offered = set(choices)  # a set: checking each answer against a tuple is quadratic
        strays = [answer for answer in answers if choices and answer not in offered]
        if strays:
            listed = ", ".join(repr(stray) for stray in strays)
            entry.problem("answers", f"{listed} not among the choices (answers must be a subset)")
        return MultiCard(**common, choices=choices, answers=answers)

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {
            "choices": texts("The options, shown shuffled.", 2),
            "answers": texts("The right options; a subset of the choices.", 1),
        }, ["choices", "answers"]

    def question(self, card: Card, rng: random.Random) -> Question:
        assert isinstance(card, MultiCard)
        return shuffled_question(card, card.choices, rng)

    def expected(self, question: Question) -> str:
        card = question.card
        assert isinstance(card, MultiCard)
        options = shown(question, card.choices)
        labels = [keys.label(options, i) for i, o in enumerate(options) if o in card.answers]
        return "; ".join(labels)

    def problem(self, question: Question, text: str) -> str | None:
        assert isinstance(question.card, MultiCard)
        options = shown(question, question.card.choices)
        count = len(options)
        # Past 26 options letters are no keys: "a b" is a mistake, not two texts.
        letters = not keys.lettered(count) and any(
            len(word) == 1 and word.isalpha() for word in fold(text).split()
        )
        picks = _picks(text, options)
        if letters or picks.bad_keys:
            return f"Choose from {keys.key_range(count)}, e.g. 1,3."
        if picks.ambiguous:
            return f"'{picks.ambiguous}' could be several choices: use {keys.key_range(count)}."
        return None

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        """Score = (right picks − wrong picks) / answers, floored at 0.

        A part of the reply that names no option counts as one wrong pick: guessing
        gibberish must not be free.
        """
        card = question.card
        assert isinstance(card, MultiCard)
        options = shown(question, card.choices)
        text = response.strip()
        wanted = {index for index, option in enumerate(options) if option in card.answers}
        picks = _picks(text, options)
        right = picks.indexes & wanted
        wrong = len(picks.indexes - wanted) + picks.unknown
        given = "; ".join(options[i] for i in sorted(picks.indexes)) or text
        if not wrong and right == wanted:
            return Marked(1.0, CORRECT, given, near_miss=picks.typo)
        score = max(0.0, (len(right) - wrong) / len(wanted)) if wanted else 0.0
        feedback = f"{len(right)} of {len(wanted)} right" + (f", {wrong} wrong." if wrong else ".")
        return Marked(score, feedback, given)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, MultiCard)
        front = f"<div>{esc(card.prompt)}</div><div><i>Select all that apply.</i></div>"
        front += html_list(shuffled(card.choices, card.key))
        return AnkiFace(front, html_list(card.answers))
