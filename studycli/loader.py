"""Deck files in, validated :class:`~studycli.model.Deck` values out.

All validation lives here, and it never stops at the first problem: a teacher fixing a
deck wants the whole list at once. Each problem names the file, the entry (card or event
id, or its position when the id itself is missing), the field and what is wrong; TOML
syntax errors carry their line and column.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from studycli import kinds
from studycli.deck_tables import era_order_problems, read_era, read_note
from studycli.errors import DeckError, DeckProblem
from studycli.files import MiB, TomlProblem, parse_toml, read_regular
from studycli.kinds import COMMON_FIELDS
from studycli.model import ID_PATTERN, Card, DateCard, Deck, Event, PartialDate, Topic

DECK_FIELDS = frozenset({"id", "title", "topic", "description"})
EVENT_FIELDS = frozenset({"id", "date", "end", "title", "topic", "explain", "source", "tags"})
TOP_LEVEL = frozenset({"deck", "card", "event", "era", "note"})
PARTIAL_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# Far beyond any real deck (10,000 cards take about 2 MiB), short of exhausting memory.
MAX_DECK_BYTES = 64 * MiB

_MISSING = object()
_Item = TypeVar("_Item")


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "true/false", int: "a number", float: "a number"}
    names |= {list: "a list", dict: "a table", date: "a date", datetime: "a date and time"}
    return names.get(type(value), type(value).__name__)


@dataclass
class Entry:
    """Reads the fields of one TOML table, recording each problem instead of raising.

    Card kinds (:meth:`studycli.kinds.CardKind.build`) read their own fields through it.
    """

    path: Path
    label: str
    table: dict[str, Any]
    problems: list[DeckProblem]

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append(DeckProblem(self.path, message, self.label, field))

    def unknown_fields(
        self, allowed: frozenset[str], known_elsewhere: frozenset[str], kind: str = ""
    ) -> None:
        for name in self.table:
            if name in allowed:
                continue
            if name in known_elsewhere:
                self.problem(name, f"is not used by {kind} cards")
                continue
            close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.6)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(name, f"unknown field{suggestion}")

    def flag(self, name: str) -> bool:
        """A required true/false field (false, with a problem, when it is not one)."""
        value = self.table.get(name, _MISSING)
        if value is _MISSING:
            self.problem(name, "is missing")
        elif not isinstance(value, bool):
            self.problem(name, f"expected true or false, got {_type_name(value)}")
        return value is True

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.table.get(name, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(name, "is missing")
            return ""
        if not isinstance(value, str):
            self.problem(name, f"expected a string, got {_type_name(value)}")
            return ""
        if not value.strip():
            self.problem(name, "must not be empty")
        return value.strip()

    def texts(self, name: str, *, required: bool = True, minimum: int = 0) -> tuple[str, ...]:
        value = self.table.get(name, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(name, "is missing")
            return ()
        if not isinstance(value, list):
            self.problem(name, f"expected a list of strings, got {_type_name(value)}")
            return ()
        items: list[str] = []
        for position, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.problem(name, f"item {position}: expected a string, got {_type_name(item)}")
            elif not item.strip():
                self.problem(name, f"item {position} must not be empty")
            else:
                items.append(item.strip())
        if len(value) < minimum:
            self.problem(name, f"needs at least {minimum} items, has {len(value)}")
        counts = Counter(items)  # not items.count(): that is quadratic in a long list
        duplicates = sorted(item for item, count in counts.items() if count > 1)
        if duplicates:
            self.problem(name, f"lists {', '.join(repr(d) for d in duplicates)} more than once")
        return tuple(items)

    def tags(self) -> tuple[str, ...]:
        tags = self.texts("tags", required=False)
        for tag in tags:
            if not ID_PATTERN.match(tag):
                self.problem("tags", f"tag {tag!r} may only use a-z, 0-9 and '-'")
        return tags

    def topic(self) -> Topic:
        value = self.text("topic")
        try:
            return Topic(value)
        except ValueError:
            if value:
                choices = ", ".join(topic.value for topic in Topic)
                self.problem("topic", f"unknown topic {value!r} (expected one of: {choices})")
            return Topic.CONTEXT

    def partial_date(self, name: str, *, required: bool = True) -> PartialDate | None:
        value = self.table.get(name, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(name, "is missing")
            return None
        if isinstance(value, datetime):
            self.problem(name, "expected a date without a time of day")
            return None
        if isinstance(value, date):
            return PartialDate.from_date(value)
        if not isinstance(value, str):
            self.problem(name, f"expected a date, got {_type_name(value)}")
            return None
        return self._parse_date_text(name, value.strip())

    def _parse_date_text(self, name: str, text: str) -> PartialDate | None:
        match = PARTIAL_DATE_PATTERN.match(text)
        if not match:
            self.problem(name, f"malformed date {text!r} (use 1956-02-25, 1956-02 or 1956)")
            return None
        year, month, day = (int(group) if group else None for group in match.groups())
        assert year is not None
        if year < 1:
            self.problem(name, f"impossible date {text!r}: there is no year 0")
            return None
        if month is not None and not 1 <= month <= 12:
            self.problem(name, f"impossible date {text!r}: there is no month {month}")
            return None
        if day is not None:
            try:
                date(year, month or 1, day)
            except ValueError:
                self.problem(name, f"impossible date {text!r}: that day does not exist")
                return None
        return PartialDate(year, month, day)


def _label(kind: str, table: dict[str, Any], position: int) -> str:
    ident = table.get("id")
    if isinstance(ident, str) and ident.strip():
        return f"{kind} {ident.strip()!r}"  # repr: control characters show as escapes
    return f"{kind} #{position}"


def _check_id(entry: Entry, seen: dict[str, int], position: int) -> str:
    ident = entry.text("id")
    if not ident:
        return f"#{position}"
    if not ID_PATTERN.match(ident):
        entry.problem("id", f"{ident!r} may only use a-z, 0-9 and single '-' between them")
    if ident in seen:
        entry.problem("id", f"duplicate id (also used by entry #{seen[ident]})")
    else:
        seen[ident] = position
    return ident


def _card(entry: Entry, deck_id: str, topic: Topic, ident: str) -> Card | None:
    raw_kind = entry.text("kind")
    authored = kinds.authored()
    all_fields = COMMON_FIELDS.union(*(kind.fields for kind in authored))
    kind = kinds.get(raw_kind)
    if kind is None or not kind.authored:
        if raw_kind:
            choices = ", ".join(str(kind.name) for kind in authored)
            entry.problem("kind", f"unknown kind {raw_kind!r} (expected one of: {choices})")
        entry.unknown_fields(all_fields, frozenset())
        return None
    entry.unknown_fields(COMMON_FIELDS | kind.fields, all_fields, raw_kind)
    common: dict[str, Any] = {
        "deck_id": deck_id,
        "id": ident,
        "topic": topic,
        "prompt": entry.text("prompt", required=kind.prompt_required),
        "hint": entry.text("hint", required=False),
        "explain": entry.text("explain", required=False),
        "source": entry.text("source", required=False),
        "tags": entry.tags(),
    }
    return kind.build(entry, common)


def _event(entry: Entry, deck_id: str, ident: str) -> Event | None:
    entry.unknown_fields(EVENT_FIELDS, frozenset())
    when = entry.partial_date("date")
    end = entry.partial_date("end", required=False)
    if when and end and end.last_day() < when.first_day():
        entry.problem("end", f"{end.iso()} is before the start date {when.iso()}")
    event = Event(
        deck_id=deck_id,
        id=ident,
        date=when or PartialDate(1),
        end=end,
        title=entry.text("title"),
        topic=entry.topic(),
        explain=entry.text("explain", required=False),
        source=entry.text("source", required=False),
        tags=entry.tags(),
    )
    return event if when else None


def _tables(
    path: Path, document: dict[str, Any], name: str, problems: list[DeckProblem]
) -> list[dict[str, Any]]:
    raw = document.get(name, [])
    if not isinstance(raw, list):
        problems.append(DeckProblem(path, f"write entries as [[{name}]], not [{name}]", name))
        return []
    return raw


def _entries(
    path: Path,
    document: dict[str, Any],
    name: str,
    problems: list[DeckProblem],
    read: Callable[[Entry, str], _Item | None],
) -> list[tuple[Entry, _Item]]:
    """Every ``[[name]]`` table read by *read*, with the entry that reports its problems."""
    seen: dict[str, int] = {}
    found: list[tuple[Entry, _Item]] = []
    for position, table in enumerate(_tables(path, document, name, problems), start=1):
        entry = Entry(path, _label(name, table, position), table, problems)
        item = read(entry, _check_id(entry, seen, position))
        if item is not None:
            found.append((entry, item))
    return found


def _parse(path: Path, problems: list[DeckProblem]) -> dict[str, Any] | None:
    try:
        return parse_toml(read_regular(path, MAX_DECK_BYTES))
    except FileNotFoundError:
        problems.append(DeckProblem(path, "no such file"))
    except OSError as error:
        problems.append(DeckProblem(path, f"cannot be read: {error.strerror or error}"))
    except TomlProblem as error:
        problems.append(DeckProblem(path, error.message, line=error.line, column=error.column))
    return None


def check_deck(path: Path) -> tuple[Deck | None, list[DeckProblem]]:
    """Read and validate one deck file; return the deck (if usable) and every problem."""
    problems: list[DeckProblem] = []
    document = _parse(path, problems)
    if document is None:
        return None, problems
    for name in document:
        if name not in TOP_LEVEL:
            close = difflib.get_close_matches(name, sorted(TOP_LEVEL), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(DeckProblem(path, f"unknown table [{name}]{hint}"))
    header = document.get("deck")
    if not isinstance(header, dict):
        problems.append(DeckProblem(path, "missing the [deck] table (id, title, topic)", "deck"))
        header = {}
    deck_entry = Entry(path, "deck", header, problems)
    deck_entry.unknown_fields(DECK_FIELDS, frozenset())
    deck_id = deck_entry.text("id")
    if deck_id and not ID_PATTERN.match(deck_id):
        deck_entry.problem("id", f"{deck_id!r} may only use a-z, 0-9 and single '-' between them")
    title = deck_entry.text("title")
    topic = deck_entry.topic()
    description = deck_entry.text("description", required=False)

    cards: list[Card] = []
    seen_cards: dict[str, int] = {}
    for position, table in enumerate(_tables(path, document, "card", problems), start=1):
        entry = Entry(path, _label("card", table, position), table, problems)
        ident = _check_id(entry, seen_cards, position)
        card = _card(entry, deck_id, topic, ident)
        if card is not None:
            cards.append(card)

    events: list[Event] = []
    seen_events: dict[str, int] = {}
    for position, table in enumerate(_tables(path, document, "event", problems), start=1):
        entry = Entry(path, _label("event", table, position), table, problems)
        ident = _check_id(entry, seen_events, position)
        event = _event(entry, deck_id, ident)
        if event is not None:
            events.append(event)

    eras = _entries(path, document, "era", problems, partial(read_era, deck_id=deck_id))
    era_order_problems(eras)
    notes = _entries(
        path, document, "note", problems, partial(read_note, deck_id=deck_id, topic=topic)
    )

    if not cards and not events and not problems:
        problems.append(DeckProblem(path, "has no [[card]] or [[event]] entries", "deck"))
    if problems:
        return None, problems
    deck = Deck(
        id=deck_id,
        title=title,
        topic=topic,
        path=path,
        description=description,
        cards=tuple(cards),
        events=tuple(events),
        eras=tuple(era for _entry, era in eras),
        notes=tuple(note for _entry, note in notes),
        date_cards=tuple(DateCard.for_event(event) for event in events),
    )
    return deck, problems


def load_deck(path: Path) -> Deck:
    """Load one deck or raise :class:`DeckError` listing every problem in it."""
    deck, problems = check_deck(path)
    if deck is None:
        raise DeckError(problems)
    return deck
