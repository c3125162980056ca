"""The verdict of an answer in one word, and the FSRS ratings, as plain enums.

They live apart from :mod:`studycli.grading` so that what only reads or reports the
review log (the store, stats, exports) does not import the graders and every card kind.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Outcome(StrEnum):
    """The verdict in one word, derived from the score (``grading.outcome_for``)."""

    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"


class Rating(IntEnum):
    """The FSRS rating proposed to the learner; the numbers are ``fsrs.Rating``'s.

    Kept here as plain integers so the core does not import fsrs just to grade.
    """

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4
