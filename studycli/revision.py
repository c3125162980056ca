"""Revision notes as ``studycli notes`` shows them, chosen and counted without any UI.

A note is only useful beside the cards that drill it, so each one is shown with the
number of cards in play carrying any of its tags and the ``quiz`` command that asks
exactly those cards (``quiz --tag a --tag b`` takes cards with any of the tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studycli.errors import StudyError
from studycli.model import Topic

if TYPE_CHECKING:
    from studycli.library import Library
    from studycli.model import Note

TOPIC_ORDER = {topic: position for position, topic in enumerate(Topic)}


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note with the cards that test it."""

    note: Note
    cards: int

    @property
    def quiz_command(self) -> str:
        return "studycli quiz " + " ".join(f"--tag {tag}" for tag in self.note.tags)

    def as_json(self) -> dict[str, object]:
        note = self.note
        return {
            "deck": note.deck_id,
            "id": note.id,
            "topic": note.topic.value,
            "title": note.title,
            "tags": list(note.tags),
            "paragraphs": list(note.paragraphs()),
            "source": note.source,
            "cards": self.cards,
            "quiz": self.quiz_command,
        }


def note_views(library: Library, scope: str | None = None) -> list[NoteView]:
    """The notes in *scope* (a topic, a tag or a note id; None for all), grouped by topic
    in the order content, omissions, impacts, context, each deck's notes in file order.

    An unknown scope is a :class:`StudyError` that says what would have been accepted.
    """
    notes = sorted(library.notes(), key=lambda note: TOPIC_ORDER[note.topic])
    if scope is not None:
        notes = _in_scope(library, notes, scope.strip().lower())
    cards = library.cards()
    return [
        NoteView(note, sum(1 for card in cards if set(note.tags) & set(card.tags)))
        for note in notes
    ]


def _in_scope(library: Library, notes: list[Note], scope: str) -> list[Note]:
    topics = {topic.value for topic in Topic}
    if scope in topics:
        chosen = [note for note in notes if note.topic.value == scope]
        if not chosen:
            raise StudyError(f"no revision notes for the topic '{scope}' in the decks in play")
        return chosen
    chosen = [note for note in notes if scope in note.tags or scope == note.id]
    if chosen:
        return chosen
    tagged = sum(1 for card in library.cards() if scope in card.tags)
    if tagged:
        carry = "card carries" if tagged == 1 else "cards carry"
        raise StudyError(
            f"no revision note covers the tag '{scope}'; {tagged} {carry} it "
            f"(studycli quiz --tag {scope})"
        )
    raise StudyError(
        f"'{scope}' is neither a topic ({', '.join(sorted(topics, key=_topic_rank))}) "
        "nor a tag of any card or note"
    )


def _topic_rank(value: str) -> int:
    return TOPIC_ORDER[Topic(value)]
