"""Judged answers and the one place that turns them into reviews.

A :class:`Result` is what a question source makes of a reply: the verdict to show and
one :class:`Mark` per card the answer speaks for (one for a card question; every event
of a timeline ordering). The :class:`Recorder` saves all the marks of one answer in one
transaction (``Store.record_many``), before the learner sees any feedback, and can
amend the rating or take the whole answer back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studycli.grading import Outcome, Rating, outcome_for
from studycli.store import NewReview

if TYPE_CHECKING:
    from studycli.grading import Verdict
    from studycli.model import Mode
    from studycli.scheduler import Scheduler
    from studycli.store import Store


@dataclass(frozen=True, slots=True)
class Mark:
    """The review one card gets from an answer."""

    card_key: str
    rating: Rating
    score: float

    @property
    def outcome(self) -> Outcome:
        return outcome_for(self.score)


@dataclass(frozen=True, slots=True)
class Result:
    """The judgement of one reply, whatever kind of question it answered.

    ``question`` is the object the frontend showed (a card question or a drill
    question); ``given`` is what the review log keeps as the answer; ``topic`` and
    ``kind`` are what the summary tallies by; ``verdict`` is the grader's verdict when
    the question was a card's (the frontend shows its comparison and explanation).
    """

    question: object
    given: str
    outcome: Outcome
    score: float
    rating: Rating
    feedback: str
    marks: tuple[Mark, ...]
    topic: str
    kind: str
    verdict: Verdict | None = None

    @classmethod
    def of_verdict(
        cls, question: object, verdict: Verdict, *, card_key: str, topic: str, kind: str, given: str
    ) -> Result:
        """The result of a reply the grader judged on one card."""
        return cls(
            question=question,
            given=given,
            outcome=verdict.outcome,
            score=verdict.score,
            rating=verdict.rating,
            feedback=verdict.feedback,
            marks=(Mark(card_key, verdict.rating, verdict.score),),
            topic=topic,
            kind=kind,
            verdict=verdict,
        )


class Recorder:
    """Saves answers as reviews: one transaction per answer, however many cards."""

    def __init__(
        self,
        store: Store,
        scheduler: Scheduler,
        mode: Mode,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.mode = mode
        self.clock = clock

    def record(self, result: Result, duration_ms: int | None) -> list[str]:
        """Save every mark of *result*; return the review ids."""
        reviews = [
            NewReview(
                card_key=mark.card_key,
                rating=int(mark.rating),
                outcome=mark.outcome if len(result.marks) > 1 else result.outcome,
                score=mark.score,
                answer=result.given,
                duration_ms=duration_ms,
                mode=self.mode,
            )
            for mark in result.marks
        ]
        return self.store.record_many(reviews, self.clock(), self.scheduler.review)

    def amend(self, review_ids: list[str], rating: int) -> None:
        """The learner overrode the proposed rating: every review of the answer takes it."""
        for review_id in review_ids:
            self.store.amend_rating(review_id, rating, self.scheduler.review)

    def undo(self, review_ids: list[str]) -> bool:
        """Take back the reviews of one answer, latest first; False if any stayed."""
        return all(self.store.undo(review_id) is not None for review_id in reversed(review_ids))
