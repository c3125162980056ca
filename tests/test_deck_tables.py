"""The [[note]] and [[era]] tables: read into the deck, every mistake named precisely."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from studycli.deck_cache import DeckCache
from studycli.library import load_library
from studycli.loader import check_deck
from studycli.model import PartialDate, Topic
from tests.conftest import write_deck

HEADER = """
[deck]
id = "notes-deck"
title = "Notes deck"
topic = "omissions"

[[card]]
id = "c"
kind = "truefalse"
prompt = "The speech named the kulak operation."
answer = false
tags = ["terror"]
"""

GOOD = (
    HEADER
    + '''
[[era]]
id = "stalin"
title = "Stalin's rule"
from = "1922"
to = 1953-03-05

[[era]]
id = "after"
title = "After Stalin"
from = 1953-03-06

[[note]]
id = "mass-operations"
title = "The mass operations the speech passed over"
tags = ["terror", "order-00447"]
body = """
First paragraph
runs over two lines.

Second paragraph.
"""
source = "Werth, 'The NKVD Mass Secret Operation n°00447' (2010)"
'''
)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    deck, problems = check_deck(write_deck(tmp_path, "deck.toml", text))
    assert (deck is None) == bool(problems)
    return [str(problem) for problem in problems]


def test_notes_and_eras_are_read_in_file_order(tmp_path: Path) -> None:
    deck, problems = check_deck(write_deck(tmp_path, "deck.toml", GOOD))
    assert problems == []
    assert deck is not None
    (note,) = deck.notes
    assert (note.key, note.topic, note.tags) == (
        "notes-deck/mass-operations",
        Topic.OMISSIONS,
        ("terror", "order-00447"),
    )
    assert note.paragraphs() == ("First paragraph runs over two lines.", "Second paragraph.")
    assert note.source.startswith("Werth")
    assert [era.id for era in deck.eras] == ["stalin", "after"]
    stalin, after = deck.eras
    assert stalin.start == PartialDate(1922)
    assert stalin.end == PartialDate(1953, 3, 5)
    assert after.end is None
    assert stalin.heading() == "Stalin's rule (1922 – 5 Mar 1953)"
    assert after.heading() == "After Stalin (from 6 Mar 1953)"
    assert stalin.contains(PartialDate(1953, 3, 5).first_day())
    assert not stalin.contains(PartialDate(1953, 3, 6).first_day())


NOTE = '\n[[note]]\nid = "n"\ntitle = "T"\ntags = ["terror"]\nbody = "B"\n'
ERA = '\n[[era]]\nid = "e"\ntitle = "T"\nfrom = "1956"\n'

BAD: list[tuple[str, str, str]] = [
    ("note-no-body", NOTE.replace('body = "B"\n', ""), "note 'n': field 'body': is missing"),
    ("note-no-tags", NOTE.replace('tags = ["terror"]\n', ""), "note 'n': field 'tags': is missing"),
    ("note-empty-tags", NOTE.replace('["terror"]', "[]"), "note 'n': field 'tags': needs at least"),
    ("note-bad-tag", NOTE.replace("terror", "Terror!"), "note 'n': field 'tags': tag 'Terror!'"),
    ("note-typo", NOTE + 'sorce = "x"\n', "note 'n': field 'sorce': unknown field (did you mean"),
    ("note-twice", NOTE + NOTE, "note 'n': field 'id': duplicate id"),
    ("note-no-id", NOTE.replace('id = "n"\n', ""), "note #1: field 'id': is missing"),
    ("note-body-number", NOTE.replace('"B"', "3"), "note 'n': field 'body': expected a string"),
    ("era-no-from", ERA.replace('from = "1956"\n', ""), "era 'e': field 'from': is missing"),
    ("era-bad-date", ERA.replace("1956", "1956-13"), "era 'e': field 'from': impossible date"),
    ("era-ends-early", ERA + 'to = "1955"\n', "era 'e': field 'to': 1955 is before the start"),
    ("era-typo", ERA + 'untill = "1957"\n', "era 'e': field 'untill': unknown field"),
    (
        "eras-overlap",
        ERA + 'to = "1956-06"\n' + ERA.replace('"e"', '"f"').replace("1956", "1956-06"),
        "era 'f': field 'from': 1956-06 overlaps era 'e' (to 1956-06)",
    ),
    (
        "era-after-open-era",
        ERA + ERA.replace('"e"', '"f"').replace("1956", "1957"),
        "era 'f': field 'from': comes after era 'e', which has no 'to' date",
    ),
    ("note-as-table", '\n[note]\nid = "n"\n', "write entries as [[note]], not [note]"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_bad_note_or_era_names_the_file_entry_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    problems = problems_of(tmp_path, HEADER + text)
    path = str(tmp_path / "deck.toml")
    assert any(line.startswith(path) and expected in line for line in problems), problems


def test_notes_and_eras_survive_the_deck_cache(tmp_path: Path) -> None:
    deck_file = write_deck(tmp_path / "decks", "deck.toml", GOOD)
    hour_ago = time.time() - 3600
    os.utime(deck_file, (hour_ago, hour_ago))
    cache_path = tmp_path / "cache.pickle"
    cache = DeckCache.open(cache_path)
    fresh = load_library([deck_file], cache)
    cache.save()
    assert cache_path.is_file()
    warm = DeckCache.open(cache_path)
    assert warm.get(deck_file, deck_file.resolve()) is not None
    cached = load_library([deck_file], warm)
    assert cached.notes() == fresh.notes()
    assert len(cached.notes()) == 1
    assert cached.eras() == fresh.eras()
    assert [e.id for e in cached.eras()] == ["stalin", "after"]
