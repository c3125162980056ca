"""``points``: a short written answer, credited for each key point it covers.

The learner may also tick points they made in other words (in a terminal); plain mode
grades the text alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studycli.kinds.base import AnkiFace, CardKind, Marked, Question, esc, html_list
from studycli.kinds.schema import ref, texts
from studycli.model import Card, Kind, PointsCard
from studycli.textforms import fold

if TYPE_CHECKING:
    from studycli.loader import Entry

# Words that carry no point on their own; kept as one text so the list stays readable.
_STOP_TEXT = """
    a about after all also am an and any are as at be because been before being but by
    can could did do does done for from had has have he her hers him his how i if in
    into is it its itself just may me might more most much must my no nor not of on
    one only or other our out over own same she should so some such than that the their
    them themselves then there these they this those through to too under up upon us
    very was we were what when where which while who whom why will with would you your
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_PREFIX = 5  # crude stemming: "collectivization" ~ "collectivised", "lead" ~ "leaders"
_LONG_WORD = 4


def _content_words(text: str) -> list[str]:
    words = fold(text).split()
    return [word for word in words if word not in _STOP_WORDS] or words


def _same_word(wanted: str, given: str) -> bool:
    """Long words agree on their first five letters (or all of the shorter); short exactly."""
    if len(wanted) < _LONG_WORD or len(given) < _LONG_WORD:
        return wanted == given
    size = min(_PREFIX, len(wanted), len(given))
    return wanted[:size] == given[:size]


def covers(point: str, words: set[str]) -> bool:
    """A point is made when at least half its content words appear in the reply."""
    wanted = _content_words(point)
    found = sum(1 for word in wanted if any(_same_word(word, given) for given in words))
    return bool(wanted) and 2 * found >= len(wanted)


class Points(CardKind):
    name = Kind.POINTS
    fields = frozenset({"points", "answer"})
    instructions = "Write a short answer; you get credit for each key point it covers."

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        return PointsCard(
            **common,
            points=entry.texts("points", minimum=1),
            answer=entry.text("answer", required=False),
        )

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        return {
            "points": texts("The key points a good answer covers.", 1),
            "answer": ref("text", "A model answer, shown afterwards."),
        }, ["points"]

    def key_points(self, card: Card) -> tuple[str, ...]:
        assert isinstance(card, PointsCard)
        return card.points

    def model_answer(self, card: Card) -> str:
        assert isinstance(card, PointsCard)
        return card.answer

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, PointsCard)
        return "; ".join(question.card.points)

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        card = question.card
        assert isinstance(card, PointsCard)
        text = response.strip()
        words = set(fold(text).split())
        automatic = {index for index, point in enumerate(card.points) if covers(point, words)}
        ticks = {index for index in ticked if 0 <= index < len(card.points)}
        covered = tuple(sorted(automatic | ticks))
        total = len(card.points)
        if total and len(covered) == total:
            return Marked(1.0, "All key points covered.", text, covered=covered)
        feedback = f"{len(covered)} of {total} key points covered."
        return Marked(len(covered) / total if total else 0.0, feedback, text, covered=covered)

    def anki(self, card: Card) -> AnkiFace:
        assert isinstance(card, PointsCard)
        back = f"<div>{esc(card.answer)}</div>" if card.answer else ""
        back += "<div>Key points:</div>" + html_list(card.points)
        return AnkiFace(f"<div>{esc(card.prompt)}</div>", back)
