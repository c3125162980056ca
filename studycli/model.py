"""The study material as immutable values.

A deck file becomes a :class:`Deck` holding cards (one dataclass per kind), timeline
:class:`Event` s, the :class:`Era` s that head the timeline view and revision
:class:`Note` s. Everything is frozen: the loader validates once, and the rest of the
program can rely on what it gets. Progress is keyed on :attr:`CardBase.key`, built from
the deck id and the card id, so rewording a card keeps its history.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, TypeAlias

from studycli.topics import Topic as Topic  # noqa: PLC0414 (re-exported beside the rest)


class Kind(StrEnum):
    """The bundled card kinds, plus ``date`` for cards made from events.

    A card's ``kind`` is a plain string: :mod:`studycli.kinds` registers these and may
    register more.
    """

    TYPED = "typed"
    CHOICE = "choice"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"
    ORDER = "order"
    POINTS = "points"
    DATE = "date"


class Mode(StrEnum):
    """How a review was made; the review log keeps it with every answer."""

    REVIEW = "review"  # the daily session
    QUIZ = "quiz"  # practice on a chosen scope
    TIMELINE = "timeline"  # the chronology drill, on the events' date cards
    EXAM = "exam"  # a mock exam paper (``studycli exam``)


ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GAP_PATTERN = re.compile(r"\{\{(.*?)\}\}")

MONTH_NAMES = tuple(calendar.month_abbr)[1:]


class Precision(StrEnum):
    """How much of a date the sources give."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Events sort by :meth:`first_day`, so "1956" comes before "1956-02-25", and equal
    first days keep the order they were given in (Python's sort is stable).
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def iso(self) -> str:
        """ISO text at this precision: ``1956``, ``1956-10`` or ``1956-10-23``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Human text at this precision: ``1956``, ``Oct 1956`` or ``23 Oct 1956``."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A dated entry of the timeline; each also yields a :class:`DateCard`."""

    deck_id: str
    id: str
    date: PartialDate
    end: PartialDate | None = None
    title: str
    topic: Topic
    explain: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{DateCard.ID_PREFIX}{self.id}"

    def display_date(self) -> str:
        if self.end is None:
            return self.date.display()
        return f"{self.date.display()} – {self.end.display()}"

    @property
    def approximate(self) -> bool:
        """True when the day is not known, so the position on the axis is approximate."""
        return self.date.precision is not Precision.DAY


@dataclass(frozen=True, slots=True, kw_only=True)
class Era:
    """A heading of the timeline view, from ``start`` to ``end`` inclusive.

    Eras live in deck files rather than in code so that a teacher who extends the
    chronology can name its periods too. ``end`` is None for an era left open (the last
    one); an event belongs to the era its first day falls in.
    """

    deck_id: str
    id: str
    title: str
    start: PartialDate
    end: PartialDate | None = None

    def contains(self, day: date) -> bool:
        if day < self.start.first_day():
            return False
        return self.end is None or day <= self.end.last_day()

    def heading(self) -> str:
        """The title with its span: ``The succession (Mar 1953 – 1955)``."""
        if self.end is None:
            return f"{self.title} (from {self.start.display()})"
        start = self.start.display()
        if self.start.year == self.end.year and self.start.month and self.end.month:
            start = start.removesuffix(f" {self.start.year}")  # "Jan – Mar 1956"
        return f"{self.title} ({start} – {self.end.display()})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """A revision note: what a student should know before quizzing one theme.

    A note belongs to its deck's topic. It is tested by every card in play, in any
    deck, that carries at least one of its ``tags``.
    """

    deck_id: str
    id: str
    topic: Topic
    title: str
    tags: tuple[str, ...]
    body: str
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{self.id}"

    def paragraphs(self) -> tuple[str, ...]:
        """The body split at blank lines, each paragraph's lines joined into one."""
        blocks = re.split(r"\n\s*\n", self.body.strip())
        return tuple(" ".join(block.split()) for block in blocks if block.strip())


@dataclass(frozen=True, slots=True, kw_only=True)
class CardBase:
    """What every card has, whatever its kind."""

    kind: ClassVar[str]

    deck_id: str
    id: str
    topic: Topic
    prompt: str
    hint: str = ""
    explain: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The progress key: stable across rewording, unique across decks."""
        return f"{self.deck_id}/{self.id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(CardBase):
    kind: ClassVar[str] = Kind.TYPED
    answer: str
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(CardBase):
    kind: ClassVar[str] = Kind.CHOICE
    choices: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiCard(CardBase):
    kind: ClassVar[str] = Kind.MULTI
    choices: tuple[str, ...]
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseCard(CardBase):
    kind: ClassVar[str] = Kind.TRUEFALSE
    answer: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(CardBase):
    """``text`` with ``{{gaps}}``; each gap may list alternatives as ``{{a|b}}``."""

    kind: ClassVar[str] = Kind.CLOZE
    text: str

    @property
    def gaps(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            tuple(alt.strip() for alt in match.split("|") if alt.strip())
            for match in GAP_PATTERN.findall(self.text)
        )

    def masked(self) -> str:
        """The text with every gap shown as a numbered blank."""
        counter = itertools.count(1)
        return GAP_PATTERN.sub(lambda _m: f"[{next(counter)}] ____", self.text)

    def filled(self) -> str:
        """The text with every gap filled by its first answer."""
        return GAP_PATTERN.sub(lambda m: m.group(1).split("|")[0].strip(), self.text)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCard(CardBase):
    kind: ClassVar[str] = Kind.ORDER
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PointsCard(CardBase):
    kind: ClassVar[str] = Kind.POINTS
    points: tuple[str, ...]
    answer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DateCard(CardBase):
    """The "When did this happen?" card every event yields."""

    ID_PREFIX: ClassVar[str] = "date:"
    kind: ClassVar[str] = Kind.DATE
    event: Event

    @classmethod
    def for_event(cls, event: Event) -> DateCard:
        return cls(
            deck_id=event.deck_id,
            id=f"{cls.ID_PREFIX}{event.id}",
            topic=event.topic,
            prompt=f"When? {event.title}",
            explain=event.explain,
            source=event.source,
            tags=event.tags,
            event=event,
        )


# Any card, whatever its kind: the kinds (studycli.kinds) know the subclasses, so code
# outside them never needs to, and a kind defined elsewhere (a test's) is a Card too.
Card: TypeAlias = CardBase


@dataclass(frozen=True, slots=True, kw_only=True)
class Deck:
    """One deck file, validated."""

    id: str
    title: str
    topic: Topic
    path: Path
    description: str = ""
    cards: tuple[Card, ...] = ()
    events: tuple[Event, ...] = ()
    eras: tuple[Era, ...] = ()
    notes: tuple[Note, ...] = ()
    date_cards: tuple[DateCard, ...] = field(default=(), repr=False)

    def all_cards(self) -> tuple[Card, ...]:
        """The authored cards followed by one date card per event."""
        return self.cards + self.date_cards
