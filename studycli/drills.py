"""The chronology drills: put 4-6 events in order, say which of two came first, recall
a date. Questions are generated here and judged here; they are asked by the one study
loop (:mod:`studycli.session`) through :class:`DrillSource`, so a drill has the same
prompt, keys, recording and summary as any session.

Scoring rules, written down because learners argue with them:

* Two events are **tied** when their start dates cannot be told apart at the precision
  the sources give: the start of one lies within the other's (so "Oct 1956" and
  "23 Oct 1956", or two events on the same day). Equal first days are always tied.
* **Ordering** earns the share of pairs placed in the right relative order; a tied pair
  is right either way. One adjacent swap among 5 events is 9 of 10 pairs.
* Each event of an ordering question gets its own review, rated from the share of *its*
  pairs (with every other event shown) that are right: all of them Good, at least half
  Hard, fewer Again. So in that adjacent swap the two swapped events are Hard (3 of 4)
  and the rest Good; an event moved from last to first is Again (0 of 4).
* **Which came first** is right or wrong: Good for both events, or Again for both (the
  learner confused the two).
* **When** is graded by :func:`studycli.grading.grade` on the event's date card, with
  its partial credit and proposed rating.
* An empty answer means "I don't know": score 0 and Again for every event asked about.

Every review is recorded on the event's date card with mode ``timeline``, so the normal
``review`` session brings weak dates back. An ordering answer is saved in one
transaction, whatever the number of events.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from studycli import keys
from studycli.grading import Question, Rating, grade, outcome_for, response_problem
from studycli.kinds.choice import choice_pick
from studycli.model import DateCard, Event, Mode
from studycli.recorder import Mark, Result
from studycli.scheduler import CardState
from studycli.session import Reply
from studycli.shuffle import shuffle_unsolved
from studycli.summary import Breakdown
from studycli.timeline import date_label, sort_events

ORDER_SIZES = (4, 5, 6)
NEIGHBOURS = 8  # drill partners come from this many events either side in time


# --------------------------------------------------------------------------- scoring


def tied(first: Event, second: Event) -> bool:
    """True when the start dates overlap at their precision, so either order is right."""
    one, other = first.date, second.date
    return one.first_day() <= other.last_day() and other.first_day() <= one.last_day()


def pair_right(earlier: Event, later: Event) -> bool:
    """Is it right to put *earlier* before *later*?"""
    return tied(earlier, later) or earlier.date.first_day() < later.date.first_day()


def order_score(given: Sequence[Event]) -> float:
    """The share of pairs in the learner's order that are in the right relative order."""
    pairs = list(combinations(given, 2))
    if not pairs:
        return 1.0
    return sum(pair_right(a, b) for a, b in pairs) / len(pairs)


def event_shares(given: Sequence[Event]) -> list[float]:
    """For each event of the learner's order, the share of its pairs that are right."""
    shares = []
    for index, event in enumerate(given):
        right = sum(pair_right(other, event) for other in given[:index])
        right += sum(pair_right(event, other) for other in given[index + 1 :])
        shares.append(right / (len(given) - 1) if len(given) > 1 else 1.0)
    return shares


def share_rating(share: float) -> Rating:
    """All pairs right: Good; at least half: Hard; fewer: Again."""
    if share >= 1.0:
        return Rating.GOOD
    if share >= 0.5:
        return Rating.HARD
    return Rating.AGAIN


# --------------------------------------------------------------------------- drill questions


class DrillKind(StrEnum):
    ORDER = "order"
    FIRST = "first"
    WHEN = "when"


DRILL_TITLES = {
    DrillKind.ORDER: "put in order",
    DrillKind.FIRST: "which came first",
    DrillKind.WHEN: "when",
}


@dataclass(frozen=True, slots=True)
class DrillQuestion:
    """One drill question; ``events`` are in the order shown to the learner."""

    kind: DrillKind
    events: tuple[Event, ...]

    def correct_order(self) -> list[Event]:
        return sort_events(self.events)

    def date_question(self) -> Question:
        """The grading question of a ``when`` drill: the event's date card."""
        return Question(DateCard.for_event(self.events[0]))


def _priority(
    events: Sequence[Event], weights: Mapping[str, float], rng: random.Random
) -> list[Event]:
    """A weighted random order (Efraimidis–Spirakis): heavier events tend to come first."""
    return sorted(
        events, key=lambda event: rng.random() ** (1.0 / weights.get(event.key, 1.0)), reverse=True
    )


def _untied_pick(candidates: Sequence[Event], size: int, chosen: list[Event]) -> list[Event]:
    """Extend *chosen* greedily with candidates tied with none already chosen."""
    picked = list(chosen)
    for event in candidates:
        if len(picked) == size:
            break
        if all(not tied(event, other) and event.key != other.key for other in picked):
            picked.append(event)
    return picked


def _group(
    pool: Sequence[Event],
    size: int,
    weights: Mapping[str, float],
    used: set[str],
    rng: random.Random,
) -> list[Event] | None:
    """*size* mutually untied events close in time, led by a weighted anchor, or None.

    Events not yet asked in this drill are tried first; the neighbourhood is counted
    among them, so it widens in time as the drill uses events up.
    """
    fresh = [event for event in pool if event.key not in used]
    for candidates in (fresh, pool):
        if len(candidates) < size:
            continue
        for anchor in _priority(candidates, weights, rng)[:10]:
            index = candidates.index(anchor)
            near = candidates[max(0, index - NEIGHBOURS) : index + NEIGHBOURS + 1]
            picked = _untied_pick(_priority(near, weights, rng), size, [anchor])
            if len(picked) < size:
                picked = _untied_pick(_priority(candidates, weights, rng), size, picked)
            if len(picked) == size:
                return picked
    return None


def _shown_order(events: list[Event], rng: random.Random) -> tuple[Event, ...]:
    """Shuffled, never already in the right order (possible as none are tied)."""
    shown = shuffle_unsolved(
        events, rng, answer=sort_events(events), solved=lambda order: order_score(order) >= 1.0
    )
    return tuple(shown)


def _question(
    kind: DrillKind,
    pool: Sequence[Event],
    weights: Mapping[str, float],
    used: set[str],
    rng: random.Random,
) -> DrillQuestion | None:
    if kind is DrillKind.ORDER:
        sizes = [size for size in ORDER_SIZES if size <= len(pool)]
        rng.shuffle(sizes)
        for size in sizes:
            group = _group(pool, size, weights, used, rng)
            if group is not None:
                return DrillQuestion(kind, _shown_order(group, rng))
        return None
    if kind is DrillKind.FIRST:
        pair = _group(pool, 2, weights, used, rng)
        if pair is None:
            return None
        rng.shuffle(pair)
        return DrillQuestion(kind, tuple(pair))
    fresh = [event for event in pool if event.key not in used] or list(pool)
    return DrillQuestion(kind, (_priority(fresh, weights, rng)[0],)) if fresh else None


def build_drill(
    events: Sequence[Event],
    count: int,
    rng: random.Random,
    weakness: Mapping[str, float] | None = None,
) -> list[DrillQuestion]:
    """*count* questions mixing the three kinds (each block of three holds one of each).

    Events are drawn with weight 1 + 3 x weakness (weakness = 1 - retrievability, 1 for
    a date never studied), so weak dates are asked more; partners come from nearby in
    time so an ordering is not given away by decades; an event asked once is asked
    again in the same drill only when the scope runs out. A kind the scope cannot
    supply (fewer than four untied events for an ordering) falls back to the next one.
    """
    pool = sort_events({event.key: event for event in events}.values())
    weights = {event.key: 1.0 + 3.0 * (weakness or {}).get(event.key, 1.0) for event in pool}
    kinds: list[DrillKind] = []
    while len(kinds) < count:
        block = list(DrillKind)
        rng.shuffle(block)
        kinds.extend(block)
    questions = []
    used: set[str] = set()
    for planned in kinds[:count]:
        fallbacks = list(DrillKind)[list(DrillKind).index(planned) :]
        question = next(
            (
                q
                for kind in fallbacks
                if (q := _question(kind, pool, weights, used, rng)) is not None
            ),
            None,
        )
        if question is None:
            break
        questions.append(question)
        used.update(event.key for event in question.events)
    return questions


def weakness_by_key(
    events: Iterable[Event],
    states: Mapping[str, CardState],
    retrievability: Callable[[CardState], float],
) -> dict[str, float]:
    """1 - retrievability of each event's date card (1 when never studied)."""
    result = {}
    for event in events:
        state = states.get(event.key)
        result[event.key] = 1.0 if state is None else 1.0 - retrievability(state)
    return result


# --------------------------------------------------------------------------- answers


def _keys(text: str, count: int) -> list[int] | None:
    """0-based positions from "3 1 2 4", "3,1,2,4", "3124" or "c a b d"; None if unreadable."""
    positions, clean = keys.read_keys(text, count)
    return positions if clean else None


def answer_problem(question: DrillQuestion, text: str) -> str | None:
    """Why a reply cannot be scored as meant (the frontend asks again); None if fine.

    An empty reply is fine: it means "I don't know".
    """
    if not text.strip():
        return None
    count = len(question.events)
    if question.kind is DrillKind.WHEN:
        return response_problem(question.date_question(), text)
    if question.kind is DrillKind.FIRST:
        if _first_pick(question, text) is None:
            return "Answer 1 or 2 (or a or b), or the event's words."
        return None
    keys = _keys(text, count)
    if keys is None or sorted(keys) != list(range(count)):
        return f"Type the numbers 1-{count}, each once, earliest first (e.g. 3 1 2 4)."
    return None


def _result(
    question: DrillQuestion,
    given: str,
    score: float,
    feedback: str,
    marks: Iterable[tuple[Event, Rating, float]],
) -> Result:
    return Result(
        question=question,
        given=given,
        outcome=outcome_for(score),
        score=score,
        rating=share_rating(score),
        feedback=feedback,
        marks=tuple(Mark(event.key, rating, share) for event, rating, share in marks),
        topic=question.events[0].topic.value,
        kind=DRILL_TITLES[question.kind],
    )


def _mark_order(question: DrillQuestion, text: str) -> Result:
    keys = _keys(text, len(question.events)) or []
    given = [question.events[key] for key in keys]
    score = order_score(given)
    total = len(given) * (len(given) - 1) // 2
    right = round(score * total)
    feedback = "Correct." if score >= 1.0 else f"{right} of {total} pairs in order."
    marks = [
        (event, share_rating(share), share)
        for event, share in zip(given, event_shares(given), strict=True)
    ]
    return _result(question, " → ".join(event.id for event in given), score, feedback, marks)


def _first_pick(question: DrillQuestion, text: str) -> int | None:
    """The event a "which came first" reply names: by key, as a choice card reads its
    keys, or by its words ("Beria executed"), as a choice card reads option text."""
    pick = choice_pick(text, [event.title for event in question.events])
    return pick.index if pick is not None else None


def _mark_first(question: DrillQuestion, text: str) -> Result:
    index = _first_pick(question, text)
    index = 0 if index is None else index
    picked = question.events[index]
    other = question.events[1 - index]
    score = 1.0 if pair_right(picked, other) else 0.0
    rating = Rating.GOOD if score else Rating.AGAIN
    earlier = question.correct_order()[0]
    feedback = f"Correct: {earlier.title} came first." if score else f"{earlier.title} came first."
    marks = [(picked, rating, score), (other, rating, score)]
    return _result(question, f"{picked.id} before {other.id}", score, feedback, marks)


def mark(question: DrillQuestion, text: str, *, hinted: bool = False) -> Result:
    """Score a reply that :func:`answer_problem` accepted."""
    if question.kind is DrillKind.WHEN:
        event = question.events[0]
        verdict = grade(question.date_question(), text, hinted=hinted)
        return Result.of_verdict(
            question,
            verdict,
            card_key=event.key,
            topic=event.topic.value,
            kind=DRILL_TITLES[question.kind],
            given=verdict.given,
        )
    if not text.strip():
        return _result(
            question, "", 0.0, "No answer.", [(e, Rating.AGAIN, 0.0) for e in question.events]
        )
    if question.kind is DrillKind.ORDER:
        return _mark_order(question, text)
    return _mark_first(question, text)


# --------------------------------------------------------------------------- the source


class DrillSource:
    """Drill questions for the study loop; every review goes on an event's date card."""

    mode = Mode.TIMELINE
    scored = True
    breakdown = Breakdown.KIND

    def __init__(self, events: Iterable[Event]) -> None:
        self._events = {event.key: event for event in events}

    def present(self, item: DrillQuestion) -> DrillQuestion:
        return item

    def judge(self, question: DrillQuestion, reply: Reply) -> Result:
        return mark(question, reply.text, hinted=reply.hinted)

    def retries(self, item: DrillQuestion, result: Result) -> int:
        del item, result
        return 0

    def labels(self, result: Result) -> dict[str, str]:
        """Events answered Again, with their dates: the summary's dates to revisit."""
        question = result.question
        assert isinstance(question, DrillQuestion)
        return {event.key: f"{date_label(event)}  {event.title}" for event in question.events}

    def scope(self) -> Collection[str]:
        return self._events.keys()
