"""The ``[[era]]`` and ``[[note]]`` tables of a deck file, read and validated.

They sit beside cards and events but are not studied themselves: eras head the
timeline view, notes are what a student reads before quizzing. The loader hands each
table to these functions with its own :class:`~studycli.loader.Entry`, so problems are
reported exactly like a card's: file, entry id, field, what is wrong.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from studycli.model import Era, Note, Topic

if TYPE_CHECKING:
    from studycli.loader import Entry

ERA_FIELDS = frozenset({"id", "title", "from", "to"})
NOTE_FIELDS = frozenset({"id", "title", "tags", "body", "source"})


def read_era(entry: Entry, ident: str, *, deck_id: str) -> Era | None:
    """One era: ``from`` is required, ``to`` may be left out only on the last era."""
    entry.unknown_fields(ERA_FIELDS, frozenset())
    title = entry.text("title")
    start = entry.partial_date("from")
    end = entry.partial_date("to", required=False)
    if start and end and end.last_day() < start.first_day():
        entry.problem("to", f"{end.iso()} is before the start date {start.iso()}")
        return None
    if start is None:
        return None
    return Era(deck_id=deck_id, id=ident, title=title, start=start, end=end)


def era_order_problems(eras: list[tuple[Entry, Era]]) -> None:
    """Eras must follow each other in time without overlapping; only the last is open."""
    for (_entry, before), (entry, after) in pairwise(eras):
        if before.end is None:
            entry.problem("from", f"comes after era '{before.id}', which has no 'to' date")
        elif after.start.first_day() <= before.end.last_day():
            entry.problem(
                "from",
                f"{after.start.iso()} overlaps era '{before.id}' (to {before.end.iso()}); "
                "eras must be in date order without overlapping",
            )


def read_note(entry: Entry, ident: str, *, deck_id: str, topic: Topic) -> Note:
    """One revision note: title, at least one tag, a body; a source is recommended."""
    entry.unknown_fields(NOTE_FIELDS, frozenset())
    title = entry.text("title")
    tags = entry.tags()
    if "tags" in entry.table and not tags and isinstance(entry.table["tags"], list):
        entry.problem("tags", "needs at least one tag: the cards carrying it test this note")
    elif "tags" not in entry.table:
        entry.problem("tags", "is missing (the cards carrying these tags test this note)")
    return Note(
        deck_id=deck_id,
        id=ident,
        topic=topic,
        title=title,
        tags=tags,
        body=entry.text("body"),
        source=entry.text("source", required=False),
    )
