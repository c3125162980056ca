"""``date``: the "When did this happen?" card every timeline event yields.

Not written as a ``[[card]]``: the loader makes one per ``[[event]]``. Replies are read
by :func:`studycli.dates.parse_date` and credited by :func:`studycli.dates.date_score`.
The words always agree with the mark the score gives: "Partly right" for partial
credit (also a right but vaguer date, such as the year of a day's event), "Wrong"
below half.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studycli.dates import DATE_PROBLEM, contains, date_score, parse_date
from studycli.kinds.base import CardKind, Marked, Question
from studycli.matching import CORRECT
from studycli.model import Card, DateCard, Kind

if TYPE_CHECKING:
    from studycli.loader import Entry


class Date(CardKind):
    name = Kind.DATE
    authored = False
    instructions = "When? e.g. 25 Feb 1956, Feb 1956 or 1956."
    diff_ratio = 0.8  # "Feb 24 1956" against "25 Feb 1956" is another order, not a typo

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        raise TypeError("date cards are made from [[event]] tables, not written as cards")

    def prompt_text(self, card: Card) -> str:
        assert isinstance(card, DateCard)
        return f"When did this happen? {card.event.title}"

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, DateCard)
        return question.card.event.display_date()

    def problem(self, question: Question, text: str) -> str | None:
        del question
        return None if parse_date(text) is not None else DATE_PROBLEM

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        card = question.card
        assert isinstance(card, DateCard)
        text = response.strip()
        answer = parse_date(text)
        if answer is None:
            return Marked(0.0, DATE_PROBLEM, text)
        event = card.event
        score = date_score(answer, event)
        expected = event.display_date()
        if score >= 1.0:
            feedback = CORRECT
        elif contains(answer, event):
            known = "year" if answer.month is None else "month"
            feedback = f"Partly right: the {known} is right; more precisely, {expected}."
        elif score >= 0.5:
            feedback = f"Partly right, close: it was {expected}."
        elif score > 0:
            feedback = f"Wrong, though near: it was {expected}."
        else:
            feedback = f"Wrong: it was {expected}."
        return Marked(score, feedback, text)
