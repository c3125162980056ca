"""The chronology as pure logic: events in date order (by their first possible day,
authored order kept for equal dates), filtered, grouped into eras and years, each
marked by how well the learner knows its date. Rich, Typer and prompt_toolkit stay out
of this module; the drills built on it live in :mod:`studycli.drills`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from studycli.errors import StudyError
from studycli.model import MONTH_NAMES, Era, Event, PartialDate, Precision, Topic
from studycli.scheduler import CardState, State
from studycli.textforms import normalize

KNOWN_RETRIEVABILITY = 0.9


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
    if state is None or state.state is State.NEW:
        return Known.NEW
    if state.state is State.REVIEW and retrievability >= KNOWN_RETRIEVABILITY:
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
        needle = normalize(self.search)
        return not needle or needle in normalize(f"{event.title} {event.explain}")


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
