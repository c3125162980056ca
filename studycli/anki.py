"""Export decks as an Anki package (``.apkg``), for learners who also use Anki or AnkiDroid.

The package is written with genanki, the small pure-Python library that is the well-kept
way to produce ``.apkg`` files; hand-building Anki's collection schema would break with
the next Anki release. genanki is imported inside :func:`write_apkg` only, so every other
command starts without it.

Ids are derived from studycli ids, never random: the Anki deck id from the deck id and
each note's guid from the card key. Importing a re-exported package therefore updates
the notes already in Anki instead of adding duplicates, just as rewording a card keeps
its studycli progress. Deck text is data, so every piece of it is HTML-escaped: a ``<``
in a prompt shows as ``<`` in Anki and is never read as markup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.atomic import replacing
from studycli.errors import StudyError
from studycli.kinds import kind_of
from studycli.kinds.base import esc
from studycli.library import Library
from studycli.model import Card, Deck

# genanki asks for ids in [2**30, 2**31); fixed ones keep the note types stable across
# exports, so Anki never grows a second "studycli basic" type.
ID_LOW = 1 << 30
ID_HIGH = 1 << 31
BASIC_MODEL_ID = 1_607_392_319
CLOZE_MODEL_ID = 1_607_392_320
DECK_PREFIX = "studycli::"

CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
  background-color: white; }
.explain { margin-top: 1em; }
.source { margin-top: 0.5em; font-size: 14px; color: #666; }
"""


@dataclass(frozen=True, slots=True)
class NoteContent:
    """One card as Anki will show it: which note type, and its two fields as HTML."""

    cloze: bool
    fields: tuple[str, str]
    guid_key: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written, for the command's one-line report."""

    path: Path
    cards: int
    decks: int


def anki_id(text: str) -> int:
    """A stable id in genanki's valid range, so re-exports update instead of duplicate."""
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    return ID_LOW + digest % (ID_HIGH - ID_LOW)


def deck_name(deck: Deck) -> str:
    """The Anki deck name; ``::`` nests every studycli deck under one "studycli" parent."""
    return DECK_PREFIX + deck.title.replace("::", ":")


def _notes(card: Card) -> str:
    """Explanation and source, shown under every answer."""
    parts = []
    if card.explain:
        parts.append(f'<div class="explain">{esc(card.explain)}</div>')
    if card.source:
        parts.append(f'<div class="source">Source: {esc(card.source)}</div>')
    return "".join(parts)


def note_content(card: Card) -> NoteContent:
    """How one studycli card becomes one Anki note."""
    tags = (f"studycli-{card.topic.value}", *card.tags)
    face = kind_of(card).anki(card)
    return NoteContent(face.cloze, (face.front, face.back + _notes(card)), card.key, tags)


def select_decks(library: Library, ids: Sequence[str]) -> list[Deck]:
    """The decks named by *ids*, or every deck in play when none are named."""
    if not ids:
        return list(library.decks)
    chosen: list[Deck] = []
    for ident in dict.fromkeys(ids):
        deck = library.deck(ident)
        if deck is None:
            known = ", ".join(deck.id for deck in library.decks)
            raise StudyError(f"no deck with id '{ident}' (decks: {known})")
        chosen.append(deck)
    return chosen


def _models(genanki: Any) -> tuple[Any, Any]:
    basic = genanki.Model(
        BASIC_MODEL_ID,
        "studycli basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "studycli cloze",
        fields=[{"name": "Text"}, {"name": "Extra"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Extra}}",
            }
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    return basic, cloze


def write_apkg(decks: Sequence[Deck], path: Path) -> ExportResult:
    """Write *decks* to *path* as one ``.apkg``, atomically.

    The package goes to a temporary file in the same folder and is then renamed over
    *path*, so an interrupted export never leaves a half-written file where Anki would
    look for a good one.
    """
    import genanki

    basic, cloze = _models(genanki)
    anki_decks = []
    count = 0
    for deck in decks:
        anki_deck = genanki.Deck(anki_id(f"studycli/{deck.id}"), deck_name(deck))
        anki_deck.description = esc(deck.description)
        for card in deck.all_cards():
            content = note_content(card)
            anki_deck.add_note(
                genanki.Note(
                    model=cloze if content.cloze else basic,
                    fields=list(content.fields),
                    guid=genanki.guid_for(content.guid_key),
                    tags=list(content.tags),
                )
            )
            count += 1
        anki_decks.append(anki_deck)

    with replacing(path) as temporary:
        genanki.Package(anki_decks).write_to_file(str(temporary))
    return ExportResult(path=path, cards=count, decks=len(anki_decks))
