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
import html
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.atomic import replacing
from studycli.errors import StudyError
from studycli.library import Library
from studycli.model import (
    GAP_PATTERN,
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Deck,
    MultiCard,
    OrderCard,
    PointsCard,
    TrueFalseCard,
    TypedCard,
)

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


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_esc(item)}</li>" for item in items) + f"</{tag}>"


def _shuffled(items: Sequence[str], seed: str) -> list[str]:
    """The same order on every export (seeded by the card key), never the authored one."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    if len(shuffled) > 1 and shuffled == list(items):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _notes(card: Card) -> str:
    """Explanation and source, shown under every answer."""
    parts = []
    if card.explain:
        parts.append(f'<div class="explain">{_esc(card.explain)}</div>')
    if card.source:
        parts.append(f'<div class="source">Source: {_esc(card.source)}</div>')
    return "".join(parts)


def _cloze_gap(number: int, gap: str) -> str:
    alternatives = [alt.strip() for alt in gap.split("|") if alt.strip()]
    # "::" inside an answer would read as Anki's hint separator; keep it literal.
    answer = _esc(alternatives[0] if alternatives else gap).replace("::", ":&#58;")
    return f"{{{{c{number}::{answer}}}}}"


def cloze_text(card: ClozeCard) -> str:
    """``{{a|b}}`` gaps become ``{{c1::a}}``, ``{{c2::...}}``; the text between is escaped."""
    pieces: list[str] = []
    position = 0
    for number, match in enumerate(GAP_PATTERN.finditer(card.text), start=1):
        pieces.append(_esc(card.text[position : match.start()]))
        pieces.append(_cloze_gap(number, match.group(1)))
        position = match.end()
    pieces.append(_esc(card.text[position:]))
    return "".join(pieces)


def _cloze_extra(card: ClozeCard) -> str:
    also = [
        f"Gap {number}: also accepted {', '.join(alts[1:])}"
        for number, alts in enumerate(card.gaps, start=1)
        if len(alts) > 1
    ]
    return "".join(f"<div>{_esc(line)}</div>" for line in also) + _notes(card)


def _front_back(card: Card) -> tuple[str, str]:
    """Front and back HTML for every kind that is not a cloze."""
    front = f"<div>{_esc(card.prompt)}</div>"
    match card:
        case TypedCard():
            back = f"<div><b>{_esc(card.answer)}</b></div>"
            if card.accept:
                back += f"<div>Also accepted: {_esc(', '.join(card.accept))}</div>"
        case ChoiceCard():
            front += _list(_shuffled(card.choices, card.key))
            back = f"<div><b>{_esc(card.answer)}</b></div>"
        case MultiCard():
            front += "<div><i>Select all that apply.</i></div>"
            front += _list(_shuffled(card.choices, card.key))
            back = _list(card.answers)
        case TrueFalseCard():
            front += "<div><i>True or false?</i></div>"
            back = f"<div><b>{'True' if card.answer else 'False'}</b></div>"
        case OrderCard():
            front += _list(_shuffled(card.items, card.key))
            back = _list(card.items, "ol")
        case PointsCard():
            back = f"<div>{_esc(card.answer)}</div>" if card.answer else ""
            back += "<div>Key points:</div>" + _list(card.points)
        case DateCard():
            back = f"<div><b>{_esc(card.event.display_date())}</b></div>"
        case _:
            raise AssertionError(f"unhandled card kind {card.kind}")
    return front, back + _notes(card)


def note_content(card: Card) -> NoteContent:
    """How one studycli card becomes one Anki note."""
    tags = (f"studycli-{card.topic.value}", *card.tags)
    if isinstance(card, ClozeCard):
        text = cloze_text(card)
        if card.prompt:
            text = f"<div>{_esc(card.prompt)}</div>{text}"
        return NoteContent(True, (text, _cloze_extra(card)), card.key, tags)
    return NoteContent(False, _front_back(card), card.key, tags)


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
        anki_deck.description = _esc(deck.description)
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
