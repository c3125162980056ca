"""What a study session adds up to: one summary for reviews, quizzes and drills.

The loop adds every judged answer (:meth:`Summary.add`) and counts skips; undo restores
a copy taken before the answer, so the summary always agrees with the review log. The
counts use the same outcomes the log stores: "partly right" is the number of answers
logged as ``partial``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from studycli.grading import Outcome, Rating
from studycli.model import Mode
from studycli.recorder import Result

REVISIT_SHARE = 0.8  # a group answered right less often than this is worth revisiting


class Breakdown(StrEnum):
    """What the per-group lines of the summary count by."""

    TOPIC = "topic"  # card sessions: content, omissions, impacts, context
    KIND = "kind"  # drills: put in order, which came first, when


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    score: float = 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.answered) if self.answered else 0


@dataclass
class Summary:
    """The running totals of one session."""

    mode: Mode
    started: datetime
    scored: bool = False  # print a score (quiz, drills, exams), not only counts
    breakdown: Breakdown = Breakdown.TOPIC
    seconds: float = 0.0
    answered: int = 0
    correct: int = 0
    partial: int = 0
    skipped: int = 0
    score: float = 0.0
    interrupted: bool = False
    timed_out: bool = False
    next_due: datetime | None = None
    groups: dict[str, Tally] = field(default_factory=dict)
    revisit: dict[str, str] = field(default_factory=dict)  # card key -> label, Again only

    def add(self, result: Result, labels: dict[str, str] | None = None) -> None:
        """Count one judged answer; *labels* names the cards worth revisiting."""
        group = result.topic if self.breakdown is Breakdown.TOPIC else result.kind
        tally = self.groups.setdefault(group, Tally())
        tally.answered += 1
        tally.score += result.score
        self.answered += 1
        self.score += result.score
        if result.outcome is Outcome.CORRECT:
            tally.correct += 1
            self.correct += 1
        elif result.outcome is Outcome.PARTIAL:
            self.partial += 1
        for mark in result.marks:
            if mark.rating is Rating.AGAIN and labels and mark.card_key in labels:
                self.revisit[mark.card_key] = labels[mark.card_key]

    @property
    def wrong(self) -> int:
        return self.answered - self.correct - self.partial

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.answered) if self.answered else 0

    @property
    def weakest(self) -> str | None:
        """The group with the lowest average credit, or None when nothing fell short."""
        shares = {name: t.score / t.answered for name, t in self.groups.items() if t.answered}
        if not shares or min(shares.values()) >= 1.0:
            return None
        return min(shares, key=lambda name: (shares[name], name))

    def to_revisit(self) -> list[str]:
        """Groups where fewer than 80 % of the answers earned full credit."""
        return sorted(
            name
            for name, tally in self.groups.items()
            if tally.answered and tally.correct / tally.answered < REVISIT_SHARE
        )
