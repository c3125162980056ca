"""The set of decks in play: which files, loaded together, checked against each other.

:mod:`studycli.loader` turns one file into a :class:`~studycli.model.Deck`; this module
finds the files (folders, ``STUDYCLI_DECKS``, ``--deck``), loads each one once, and
settles deck ids claimed twice. A user deck with a bundled deck's id replaces the
bundled one: that is how a teacher adapts our decks, and because the deck and card ids
stay the same, progress and Anki notes carry on. Two user files claiming one id are
refused, since their progress would mix. When given a
:class:`~studycli.deck_cache.DeckCache` it reuses decks parsed on an earlier run, so a
command pays for TOML and validation only when a file has changed; the loader itself is
then not even imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studycli import paths as studycli_paths
from studycli.errors import DeckError, DeckProblem
from studycli.files import resolved as real_path

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
    replacements: tuple[Replacement, ...] = ()
    problems: tuple[DeckProblem, ...] = ()  # files left out (only when loaded leniently)

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


@dataclass(frozen=True, slots=True)
class Replacement:
    """A user deck standing in for the bundled deck with the same id."""

    deck_id: str
    path: Path
    bundled_path: Path

    def notice(self) -> str:
        return f"note: {self.path} replaces the bundled deck '{self.deck_id}'"


def is_bundled(path: Path) -> bool:
    """True for a deck file shipped with studycli (whatever path it was reached by)."""
    return real_path(path).parent == real_path(studycli_paths.bundled_decks_dir())


@dataclass
class Settled:
    """Decks after settling shared ids: those in play, what replaced what, what clashed."""

    decks: list[Deck]
    replacements: list[Replacement]
    problems: list[DeckProblem]


def settle_deck_ids(decks: Sequence[Deck]) -> Settled:
    """Let user decks replace bundled decks of the same id; name two user files sharing one.

    A replacing deck takes the bundled deck's place in the order, so lists and menus
    keep their shape whichever copy of a deck is in use.
    """
    bundled = {deck.id: deck for deck in decks if is_bundled(deck.path)}
    first_user: dict[str, Path] = {}
    problems: list[DeckProblem] = []
    replacing: dict[str, Deck] = {}
    for deck in decks:
        if deck.id in bundled and deck is bundled[deck.id]:
            continue
        if deck.id in first_user:
            message = f"duplicate deck id {deck.id!r}, also used by {first_user[deck.id]}"
            problems.append(DeckProblem(deck.path, message, "deck", "id"))
            continue
        first_user[deck.id] = deck.path
        if deck.id in bundled:
            replacing[deck.id] = deck
    in_play: list[Deck] = []
    for deck in decks:
        if deck.id in bundled and deck is bundled[deck.id]:
            in_play.append(replacing.get(deck.id, deck))
        elif deck.id not in replacing and first_user.get(deck.id) == deck.path:
            in_play.append(deck)
    replacements = [
        Replacement(ident, deck.path, bundled[ident].path) for ident, deck in replacing.items()
    ]
    return Settled(in_play, replacements, problems)


def load_library(
    paths: Iterable[Path], cache: DeckCache | None = None, *, strict: bool = True
) -> Library:
    """Load every deck file under *paths*; raise one DeckError listing all problems.

    With a *cache*, files unchanged since an earlier run come from it, and decks parsed
    now are added to it (saving it is the caller's choice). With ``strict=False`` the
    decks that load are returned anyway, the problems in ``Library.problems``: a
    command that only shows progress need not stop for one broken deck file.
    """
    files, problems = expand_paths(paths)
    decks: list[Deck] = []
    seen: set[Path] = set()
    for file in files:
        resolved = real_path(file)
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
    settled = settle_deck_ids(decks)
    problems.extend(settled.problems)
    if problems and strict:
        raise DeckError(problems)
    return Library(tuple(settled.decks), tuple(settled.replacements), tuple(problems))
