"""The set of decks in play: which files, loaded together, checked against each other.

:mod:`studycli.loader` turns one file into a :class:`~studycli.model.Deck`; this module
finds the files (folders, ``STUDYCLI_DECKS``, ``--deck``), loads each one once, and
rejects two files that claim the same deck id. When given a
:class:`~studycli.deck_cache.DeckCache` it reuses decks parsed on an earlier run, so a
command pays for TOML and validation only when a file has changed; the loader itself is
then not even imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studycli.errors import DeckError, DeckProblem

if TYPE_CHECKING:
    from studycli.deck_cache import DeckCache
    from studycli.model import Card, Deck, Era, Event, Note


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[DeckProblem]]:
    """Turn files and folders into deck files; a missing path or empty folder is a problem."""
    files: list[Path] = []
    problems: list[DeckProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                problems.append(DeckProblem(path, "is a folder with no deck files (*.toml)"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(DeckProblem(path, "no such file or folder"))
    return files, problems


@dataclass(frozen=True)
class Library:
    """Every deck in play, with lookups the rest of the program needs."""

    decks: tuple[Deck, ...]

    def cards(self) -> list[Card]:
        return [card for deck in self.decks for card in deck.all_cards()]

    def events(self) -> list[Event]:
        return [event for deck in self.decks for event in deck.events]

    def eras(self) -> list[Era]:
        """Every deck's timeline eras, by start date (the first deck wins a tie)."""
        eras = [era for deck in self.decks for era in deck.eras]
        return sorted(eras, key=lambda era: era.start.first_day())

    def notes(self) -> list[Note]:
        """Revision notes in deck order, each deck's in file order."""
        return [note for deck in self.decks for note in deck.notes]

    def deck(self, ident: str) -> Deck | None:
        return next((deck for deck in self.decks if deck.id == ident), None)


def duplicate_deck_problems(decks: Sequence[Deck]) -> list[DeckProblem]:
    """Two files declaring the same deck id would mix their progress: name both."""
    first: dict[str, Path] = {}
    problems: list[DeckProblem] = []
    for deck in decks:
        if deck.id in first and first[deck.id].resolve() != deck.path.resolve():
            message = f"duplicate deck id {deck.id!r}, also used by {first[deck.id]}"
            problems.append(DeckProblem(deck.path, message, "deck", "id"))
        first.setdefault(deck.id, deck.path)
    return problems


def load_library(paths: Iterable[Path], cache: DeckCache | None = None) -> Library:
    """Load every deck file under *paths*; raise one DeckError listing all problems.

    With a *cache*, files unchanged since an earlier run come from it, and decks parsed
    now are added to it (saving it is the caller's choice).
    """
    files, problems = expand_paths(paths)
    decks: list[Deck] = []
    seen: set[Path] = set()
    for file in files:
        resolved = file.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        deck = cache.get(file, resolved) if cache is not None else None
        if deck is None:
            from studycli.loader import check_deck

            deck, deck_problems = check_deck(file)
            problems.extend(deck_problems)
            if deck is not None and cache is not None:
                cache.put(resolved, deck)
        if deck is not None:
            decks.append(deck)
    problems.extend(duplicate_deck_problems(decks))
    if problems:
        raise DeckError(problems)
    return Library(tuple(decks))
