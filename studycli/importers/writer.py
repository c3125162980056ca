"""Imported cards to a deck file that passes ``decks check``, or a list of what is wrong.

The tables are written with tomli-w (no hand-made TOML) to a temporary file beside the
output, and that file is checked by the loader itself, so an import can only ever write
a deck studycli accepts. A problem the loader finds is reported at the line or note it
came from in the source, not at the temporary file: that is what the teacher can fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.atomic import replacing
from studycli.errors import StudyError
from studycli.importers import Imported

CARD_LABEL = re.compile(r"^card '(?P<id>.*)'$|^card #(?P<position>\d+)$")
FIELD_ORDER = (
    *("id", "kind", "prompt", "text", "answer", "answers", "accept", "choices"),
    *("items", "points", "hint", "explain", "source", "tags"),
)


@dataclass(frozen=True)
class DeckHeader:
    """The ``[deck]`` table of the deck being written."""

    id: str
    title: str
    topic: str
    description: str


def _ordered(table: dict[str, Any]) -> dict[str, Any]:
    known = {name: table[name] for name in FIELD_ORDER if name in table}
    return known | {name: value for name, value in table.items() if name not in known}


def _texts(values: Iterable[object]) -> Iterator[str]:
    """Every string in a card table's values, lists included."""
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            yield from _texts(value)


def render(header: DeckHeader, imported: Imported) -> str:
    """The deck file's text: the header, then one ``[[card]]`` per imported card."""
    import tomli_w

    deck: dict[str, Any] = {"id": header.id, "title": header.title, "topic": header.topic}
    if header.description:
        deck["description"] = header.description
    # One [[card]] table after another, as a teacher writes them: tomli-w would inline a
    # short array of tables, so each card is written as a table of its own.
    parts = [tomli_w.dumps({"deck": deck})]
    for card in imported.cards:
        # A TOML reader turns a raw CR LF in a multi-line string into LF, so a text
        # holding a carriage return is written escaped, on one line, to come back whole.
        multiline = not any("\r" in text for text in _texts(card.table.values()))
        body = tomli_w.dumps(_ordered(card.table), multiline_strings=multiline)
        parts.append(f"\n[[card]]\n{body}")
    return "".join(parts)


def _located(imported: Imported, problem_entry: str | None) -> str | None:
    """The source location of the card a loader problem names."""
    match = CARD_LABEL.match(problem_entry or "")
    if not match:
        return None
    if match["position"]:
        position = int(match["position"]) - 1
        return imported.cards[position].origin if position < len(imported.cards) else None
    for card in imported.cards:
        if card.table.get("id") == match["id"]:
            return card.origin
    return None


def write_deck(source: Path, out: Path, header: DeckHeader, imported: Imported) -> int:
    """Write the deck to *out* if the loader accepts it; return the number of cards.

    Problems in the input refuse the whole import and leave *out* as it was.
    """
    from studycli.loader import check_deck

    if imported.problems:
        raise StudyError("\n".join(f"{source}: {problem}" for problem in imported.problems))
    if not imported.cards:
        raise StudyError(f"{source}: no cards found to import")
    text = render(header, imported)
    with replacing(out) as temporary:
        temporary.write_text(text, encoding="utf-8")
        _deck, problems = check_deck(temporary)
        if problems:
            lines = []
            for problem in problems:
                where = _located(imported, problem.entry)
                field = f"field '{problem.field}': " if problem.field else ""
                place = f"{source}: {where}" if where else f"{out}: {problem.entry or 'deck'}"
                lines.append(f"{place}: {field}{problem.message}")
            raise StudyError("\n".join(lines))
    return len(imported.cards)
