"""Judging an answer: one verdict and one proposed rating, whatever the card's kind.

Grading is the core's judgement of what the learner typed. It knows nothing about
terminals or the scheduler: a frontend shows a :class:`Question`, hands the raw reply to
:func:`grade`, and gets back a :class:`Verdict` with a score, a proposed FSRS rating and
one line of feedback. Keeping it pure (stdlib only, no I/O) makes it cheap to import,
trivial to test, and identical in the terminal UI and in plain line mode.

How each kind reads and marks a reply lives with the kind (:mod:`studycli.kinds`); the
shared rules with their own modules: :mod:`studycli.matching` (text),
:mod:`studycli.numbers`, :mod:`studycli.dates` and :mod:`studycli.keys` (option keys).
What stays here is what is the same for every kind: an empty reply means "I don't
know", the score decides the outcome (:func:`outcome_for`), and the outcome, a hint and
a near miss decide the rating proposed (:func:`_rating`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from studycli.kinds import Question, kind_of
from studycli.matching import CORRECT
from studycli.model import Card
from studycli.outcomes import Outcome, Rating
from studycli.textforms import normalize

__all__ = [
    "Outcome",
    "Question",
    "Rating",
    "Verdict",
    "grade",
    "make_question",
    "normalize",
    "outcome_for",
    "response_problem",
]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one answer: what to record, what to propose, what to show."""

    outcome: Outcome
    score: float
    rating: Rating
    expected: str
    feedback: str
    given: str
    covered: tuple[int, ...] = ()


_NO_ANSWER = "No answer."
_EPSILON = 1e-9


def outcome_for(score: float) -> Outcome:
    """Full marks are correct, at least half is partial, anything less is wrong.

    Kind-specific consequences: a ``multi`` answer is correct only when the picked set
    is exact (any wrong pick costs), a date a quarter right (same year) is wrong.
    """
    if score >= 1.0 - _EPSILON:
        return Outcome.CORRECT
    if score >= 0.5 - _EPSILON:
        return Outcome.PARTIAL
    return Outcome.WRONG


def _rating(outcome: Outcome, *, hinted: bool, near_miss: bool) -> Rating:
    """Propose Again/Hard/Good; Easy is the learner's call, never the grader's."""
    if outcome is Outcome.WRONG:
        return Rating.AGAIN
    if outcome is Outcome.PARTIAL or hinted or near_miss:
        return Rating.HARD
    return Rating.GOOD


def make_question(card: Card, rng: random.Random) -> Question:
    """Fix the order the learner sees, so "2" or "b" in the reply can be read back."""
    return kind_of(card).question(card, rng)


def grade(
    question: Question, response: str, *, hinted: bool = False, ticked: frozenset[int] = frozenset()
) -> Verdict:
    """Judge one reply to ``question``.

    An empty reply means "I don't know" for every kind: wrong, Again, no partial credit
    (ticked points included: there is nothing to have made them in). ``hinted`` caps a
    correct answer at Hard; ``ticked`` lists key points of a ``points`` card the learner
    says they made in other words.
    """
    kind = kind_of(question.card)
    text = response.strip()
    expected = kind.expected(question)
    if not text:
        return Verdict(Outcome.WRONG, 0.0, Rating.AGAIN, expected, _NO_ANSWER, "")
    marked = kind.mark(question, response, ticked)
    score = min(1.0, max(0.0, marked.score))
    outcome = outcome_for(score)
    feedback = marked.feedback
    if outcome is Outcome.CORRECT:
        score = 1.0
        if hinted and feedback == CORRECT:
            feedback = "Correct, with the hint."
    rating = _rating(outcome, hinted=hinted, near_miss=marked.near_miss)
    return Verdict(outcome, score, rating, expected, feedback, marked.given, marked.covered)


def response_problem(question: Question, response: str) -> str | None:
    """Why a reply cannot be graded as meant, for an interactive frontend to re-ask.

    ``None`` means gradeable: an empty reply always is ("I don't know"), and so is any
    free text, which is simply right or wrong. Only replies that are malformed for
    their kind get a message: an out-of-range key, an order that is not a permutation,
    a wrong number of cloze parts, an unreadable date or true/false.
    """
    if not response.strip():
        return None
    return kind_of(question.card).problem(question, response)
