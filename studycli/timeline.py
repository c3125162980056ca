"""The chronology and its drills, as pure logic.

The view: events in date order (by their first possible day, authored order kept for
equal dates), filtered, grouped into eras and years, each marked by how well the learner
knows its date. The drills: put 4-6 events in order, say which of two came first, recall
a date. Rich, Typer and prompt_toolkit stay out of this module: the renderers and the
line I/O live in ``studycli.ui``, so the rules below can be tested without a terminal.

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
``review`` session brings weak dates back.
"""

from __future__ import annotations

import difflib
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import combinations
from typing import TYPE_CHECKING, Protocol

from studycli import keys
from studycli.errors import StudyError
from studycli.grading import (
    Outcome,
    Question,
    Rating,
    grade,
    normalize,
    outcome_for,
    response_problem,
)
from studycli.model import MONTH_NAMES, DateCard, Era, Event, PartialDate, Precision, Topic
from studycli.scheduler import NEW, REVIEW, CardState

if TYPE_CHECKING:
    from studycli.grading import Verdict
    from studycli.scheduler import Scheduler
    from studycli.store import Store

DRILL_MODE = "timeline"
KNOWN_RETRIEVABILITY = 0.9
ORDER_SIZES = (4, 5, 6)
NEIGHBOURS = 8  # drill partners come from this many events either side in time
QUIT_COMMANDS = frozenset({":q", ":quit"})
SKIP_COMMANDS = frozenset({":s", ":skip"})


# --------------------------------------------------------------------------- the view


class Known(StrEnum):
    """How well the learner knows an event's date, from its date card's FSRS state."""

    NEW = "new"
    LEARNING = "learning"
    KNOWN = "known"


def known_state(state: CardState | None, retrievability: float) -> Known:
    """``known`` takes a review-state card the learner would now recall at least 90 %
    of the time; anything studied but short of that (still in learning steps, lapsed,
    or fading) is ``learning``; never studied is ``new``.
    """
    if state is None or state.state == NEW:
        return Known.NEW
    if state.state == REVIEW and retrievability >= KNOWN_RETRIEVABILITY:
        return Known.KNOWN
    return Known.LEARNING


OTHER_EVENTS = Era(deck_id="", id="other", title="Other events", start=PartialDate(1))


def era_of(event: Event, eras: Sequence[Era]) -> Era:
    """The era holding the event's first day; events outside every era go together last."""
    first = event.date.first_day()
    return next((era for era in eras if era.contains(first)), OTHER_EVENTS)


def sort_events(events: Iterable[Event]) -> list[Event]:
    """By first possible day; Python's sort is stable, so equal dates keep deck order."""
    return sorted(events, key=lambda event: event.date.first_day())


def fold(text: str) -> str:
    """Search form: case, accents (ł, ø too) and punctuation ignored, as in grading."""
    return normalize(text)


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """The scope options of ``timeline``; an empty field means "no restriction"."""

    start_year: int | None = None
    end_year: int | None = None
    topics: frozenset[Topic] = frozenset()
    tags: frozenset[str] = frozenset()
    search: str = ""

    def matches(self, event: Event) -> bool:
        """Years compare by overlap, so a span reaching into the range counts."""
        last = event.end or event.date
        if self.start_year is not None and last.year < self.start_year:
            return False
        if self.end_year is not None and event.date.year > self.end_year:
            return False
        if self.topics and event.topic not in self.topics:
            return False
        if self.tags and not self.tags & set(event.tags):
            return False
        needle = fold(self.search)
        return not needle or needle in fold(f"{event.title} {event.explain}")


def filter_events(events: Iterable[Event], scope: TimelineFilter) -> list[Event]:
    """The events in scope, in date order."""
    return sort_events(event for event in events if scope.matches(event))


def _span(start: PartialDate, end: PartialDate) -> str:
    """A compact span: "14–25 Feb 1956", "26 Jan–10 Feb 1934", "Jun–Jul 1937", "1949–1950"."""
    if end == start:
        return start.display()
    same_shape = start.precision is end.precision and start.year == end.year
    if same_shape and start.precision is Precision.DAY:
        if start.month == end.month:
            return f"{start.day}–{end.display()}"
        return f"{start.day} {MONTH_NAMES[(start.month or 1) - 1]}–{end.display()}"
    if same_shape and start.precision is Precision.MONTH:
        return f"{MONTH_NAMES[(start.month or 1) - 1]}–{end.display()}"
    if start.precision is Precision.YEAR and end.precision is Precision.YEAR:
        return f"{start.year}–{end.year}"
    return f"{start.display()} – {end.display()}"


def date_label(event: Event) -> str:
    """The date at its precision, "~" in front when the day is not known."""
    text = event.date.display() if event.end is None else _span(event.date, event.end)
    return f"~{text}" if event.approximate else text


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event as the view shows it."""

    event: Event
    known: Known

    def as_json(self) -> dict[str, object]:
        event = self.event
        return {
            "id": event.id,
            "date": event.date.iso(),
            "end": None if event.end is None else event.end.iso(),
            "precision": event.date.precision.value,
            "title": event.title,
            "topic": event.topic.value,
            "tags": list(event.tags),
            "deck": event.deck_id,
            "known": self.known.value,
        }


def timeline_entries(
    events: Iterable[Event],
    states: Mapping[str, CardState],
    retrievability: Callable[[CardState], float],
) -> list[TimelineEntry]:
    """Events in date order with their known-state (keys are the date cards' keys)."""
    entries = []
    for event in sort_events(events):
        state = states.get(event.key)
        strength = retrievability(state) if state is not None else 0.0
        entries.append(TimelineEntry(event, known_state(state, strength)))
    return entries


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class EraGroup:
    era: Era
    years: tuple[YearGroup, ...]


def group_entries(entries: Sequence[TimelineEntry], eras: Sequence[Era]) -> list[EraGroup]:
    """Era headings holding year groups; *entries* must already be in date order.

    The eras come from the decks (``[[era]]`` tables); with none, or for an event outside
    them all, the heading is "Other events".
    """
    groups: list[tuple[Era, list[YearGroup]]] = []
    for entry in entries:
        era, year = era_of(entry.event, eras), entry.event.date.year
        if not groups or groups[-1][0] != era:
            groups.append((era, []))
        years = groups[-1][1]
        if not years or years[-1].year != year:
            years.append(YearGroup(year, ()))
        years[-1] = YearGroup(year, (*years[-1].entries, entry))
    return [EraGroup(era, tuple(years)) for era, years in groups]


def known_counts(entries: Iterable[TimelineEntry]) -> dict[Known, int]:
    counts = dict.fromkeys(Known, 0)
    for entry in entries:
        counts[entry.known] += 1
    return counts


def find_event(events: Sequence[Event], ident: str) -> Event:
    """The event named by its id, ``deck/id`` or date card key; else a clear error."""
    wanted = ident.strip()
    hits = [
        event for event in events if wanted in {event.id, f"{event.deck_id}/{event.id}", event.key}
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        keys = ", ".join(f"{event.deck_id}/{event.id}" for event in hits)
        raise StudyError(f"'{ident}' names several events ({keys}); use deck/id")
    close = difflib.get_close_matches(wanted, sorted({event.id for event in events}), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise StudyError(f"no event with id '{ident}'{hint}")


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
    """Shuffle until the shown order is not already right (possible as none are tied)."""
    shown = list(events)
    for _attempt in range(20):
        rng.shuffle(shown)
        if order_score(shown) < 1.0:
            break
    else:
        shown = sort_events(events)[::-1]
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
    keys = _keys(text, count)
    if question.kind is DrillKind.FIRST:
        if keys is None or len(keys) != 1 or keys[0] not in {0, 1}:
            return "Answer 1 or 2 (or a or b)."
        return None
    if keys is None or sorted(keys) != list(range(count)):
        return f"Type the numbers 1-{count}, each once, earliest first (e.g. 3 1 2 4)."
    return None


@dataclass(frozen=True, slots=True)
class EventMark:
    """The review one event gets from an answer."""

    event: Event
    rating: Rating
    score: float

    @property
    def outcome(self) -> Outcome:
        return outcome_for(self.score)


@dataclass(frozen=True, slots=True)
class DrillResult:
    """The judgement of one drill answer."""

    question: DrillQuestion
    answer: str  # what the learner typed
    given: str  # what it meant, in event ids (what the review log keeps)
    score: float
    feedback: str
    marks: tuple[EventMark, ...]
    verdict: Verdict | None = None  # for ``when``

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome if self.verdict is not None else outcome_for(self.score)


def _mark_order(question: DrillQuestion, text: str) -> DrillResult:
    keys = _keys(text, len(question.events)) or []
    given = [question.events[key] for key in keys]
    score = order_score(given)
    total = len(given) * (len(given) - 1) // 2
    right = round(score * total)
    feedback = "Correct." if score >= 1.0 else f"{right} of {total} pairs in order."
    marks = tuple(
        EventMark(event, share_rating(share), share)
        for event, share in zip(given, event_shares(given), strict=True)
    )
    return DrillResult(
        question, text, " → ".join(event.id for event in given), score, feedback, marks
    )


def _mark_first(question: DrillQuestion, text: str) -> DrillResult:
    keys = _keys(text, 2) or [0]
    picked = question.events[keys[0]]
    other = question.events[1 - keys[0]]
    score = 1.0 if pair_right(picked, other) else 0.0
    rating = Rating.GOOD if score else Rating.AGAIN
    earlier = question.correct_order()[0]
    feedback = f"Correct: {earlier.title} came first." if score else f"{earlier.title} came first."
    marks = (EventMark(picked, rating, score), EventMark(other, rating, score))
    return DrillResult(question, text, f"{picked.id} before {other.id}", score, feedback, marks)


def mark(question: DrillQuestion, text: str) -> DrillResult:
    """Score a reply that :func:`answer_problem` accepted."""
    if question.kind is DrillKind.WHEN:
        verdict = grade(question.date_question(), text)
        marks: tuple[EventMark, ...] = (
            EventMark(question.events[0], verdict.rating, verdict.score),
        )
        return DrillResult(
            question, text, verdict.given, verdict.score, verdict.feedback, marks, verdict
        )
    if not text.strip():
        marks = tuple(EventMark(event, Rating.AGAIN, 0.0) for event in question.events)
        return DrillResult(question, "", "", 0.0, "No answer.", marks)
    if question.kind is DrillKind.ORDER:
        return _mark_order(question, text)
    return _mark_first(question, text)


# --------------------------------------------------------------------------- the drill loop


class DrillFrontend(Protocol):
    """The drill's one door for interaction (plain lines or a terminal prompt)."""

    def show_question(self, question: DrillQuestion, position: int, total: int) -> None: ...

    def read(self) -> str | None:
        """One reply line; None at end of input."""
        ...

    def notice(self, message: str) -> None: ...

    def show_result(self, result: DrillResult) -> None: ...


@dataclass
class KindTally:
    asked: int = 0
    score: float = 0.0


@dataclass
class DrillSummary:
    """What the drill prints at the end."""

    answered: int = 0
    correct: int = 0
    partial: int = 0
    skipped: int = 0
    score: float = 0.0
    seconds: float = 0.0
    interrupted: bool = False
    kinds: dict[DrillKind, KindTally] = field(default_factory=dict)
    to_revisit: dict[str, Event] = field(default_factory=dict)

    def add(self, result: DrillResult) -> None:
        self.answered += 1
        self.score += result.score
        self.correct += result.outcome is Outcome.CORRECT
        self.partial += result.outcome is Outcome.PARTIAL
        tally = self.kinds.setdefault(result.question.kind, KindTally())
        tally.asked += 1
        tally.score += result.score
        for item in result.marks:
            if item.rating is Rating.AGAIN:
                self.to_revisit[item.event.key] = item.event

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.answered) if self.answered else 0

    @property
    def wrong(self) -> int:
        return self.answered - self.correct - self.partial

    def revisit(self) -> list[Event]:
        return sort_events(self.to_revisit.values())


class Drill:
    """Asks drill questions, scores each answer and commits its reviews before the next."""

    def __init__(
        self,
        store: Store,
        scheduler: Scheduler,
        frontend: DrillFrontend,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.frontend = frontend
        self.clock = clock
        self.summary = DrillSummary()

    def run(self, questions: Sequence[DrillQuestion]) -> DrillSummary:
        """Ask every question; end of input or ``:quit`` stop early, Ctrl-C too."""
        started = time.monotonic()
        try:
            for position, question in enumerate(questions, start=1):
                if not self._ask(question, position, len(questions)):
                    break
        except KeyboardInterrupt:
            self.summary.interrupted = True
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _ask(self, question: DrillQuestion, position: int, total: int) -> bool:
        """One question; False when the learner ended the drill."""
        self.frontend.show_question(question, position, total)
        asked = time.monotonic()
        while True:
            line = self.frontend.read()
            if line is None or line.strip().lower() in QUIT_COMMANDS:
                return False
            if line.strip().lower() in SKIP_COMMANDS:
                self.summary.skipped += 1
                return True
            problem = answer_problem(question, line)
            if problem is None:
                break
            self.frontend.notice(problem)
        result = mark(question, line)
        self._record(result, int((time.monotonic() - asked) * 1000))
        self.summary.add(result)
        self.frontend.show_result(result)
        return True

    def _record(self, result: DrillResult, duration_ms: int) -> None:
        """One review per event asked about, each committed at once."""
        now = self.clock()
        for item in result.marks:
            key = item.event.key
            previous = self.store.state(key)
            new_state = self.scheduler.review(previous, int(item.rating), now)
            self.store.record(
                card_key=key,
                when=now,
                rating=int(item.rating),
                outcome=item.outcome.value,
                score=item.score,
                answer=result.given,
                duration_ms=duration_ms,
                mode=DRILL_MODE,
                previous=previous,
                new_state=new_state,
            )
