"""What ``decks list`` and ``decks check`` report, computed without any UI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studycli.errors import DeckProblem
from studycli.files import resolved
from studycli.library import Library, Replacement, expand_paths, is_bundled, settle_deck_ids

if TYPE_CHECKING:
    from studycli.model import Deck


@dataclass(frozen=True)
class DeckSummary:
    """One row of ``decks list``."""

    id: str
    title: str
    topic: str
    cards: int
    events: int
    path: Path
    bundled: bool
    replaces_bundled: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "topic": self.topic,
            "cards": self.cards,
            "events": self.events,
            "path": str(self.path),
            "bundled": self.bundled,
            "replaces_bundled": self.replaces_bundled,
        }


def deck_summaries(library: Library) -> list[DeckSummary]:
    replacing = {replacement.path for replacement in library.replacements}
    return [
        DeckSummary(
            id=deck.id,
            title=deck.title,
            topic=deck.topic.value,
            cards=len(deck.cards),
            events=len(deck.events),
            path=deck.path,
            bundled=is_bundled(deck.path),
            replaces_bundled=deck.path in replacing,
        )
        for deck in library.decks
    ]


@dataclass
class CheckReport:
    """Every problem found in a set of deck files, and what was fine."""

    files: int = 0
    decks: list[Deck] = field(default_factory=list)
    problems: list[DeckProblem] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)

    def summary(self) -> str:
        if self.problems:
            bad = len({problem.path for problem in self.problems})
            noun = "problem" if len(self.problems) == 1 else "problems"
            return f"{len(self.problems)} {noun} in {bad} of {self.files} file(s)"
        cards = sum(len(deck.cards) for deck in self.decks)
        events = sum(len(deck.events) for deck in self.decks)
        notes = sum(len(deck.notes) for deck in self.decks)
        extra = f", {_count(notes, 'note')}" if notes else ""
        counts = f"{_count(cards, 'card')}, {_count(events, 'event')}{extra}"
        return f"{self.files} deck file(s) ok: {counts}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def check_paths(targets: Iterable[Path], in_play: Iterable[Path] = ()) -> CheckReport:
    """Validate every deck file under *targets*, collecting all problems.

    The decks under *in_play* (the other decks a command would load) are read only for
    their ids, so that a checked deck claiming the id of another user deck is reported
    here rather than refused later by every other command; their own problems are for
    a check of those files. Always parses: a check must not trust the deck cache.
    """
    from studycli.loader import check_deck

    files, problems = expand_paths(targets)
    # A path named but missing (or a folder with no decks) still counts as one checked:
    # "1 problem in 1 of 1 file(s)", never "in 1 of 0".
    report = CheckReport(files=len(problems), problems=problems)
    seen: set[Path] = set()
    for file in files:
        if resolved(file) in seen:
            continue
        seen.add(resolved(file))
        report.files += 1
        deck, deck_problems = check_deck(file)
        report.problems.extend(deck_problems)
        if deck is not None:
            report.decks.append(deck)
    others = []
    for file in expand_paths(in_play)[0]:
        if resolved(file) not in seen:
            seen.add(resolved(file))
            other, _problems = check_deck(file)
            if other is not None:
                others.append(other)
    settled = settle_deck_ids([*others, *report.decks])
    report.problems.extend(settled.problems)
    report.replacements = settled.replacements
    return report


def orphaned_history(decks: Iterable[Deck], keys_with_history: set[str]) -> dict[str, list[str]]:
    """Per checked deck, the card ids that have reviews but are no longer in the deck.

    Their history stays in the store (a card renamed back finds it again); ``decks
    check`` says so, so that a teacher who renamed ids knows what happened.
    """
    orphans: dict[str, list[str]] = {}
    for deck in decks:
        present = {card.key for card in deck.all_cards()}
        prefix = f"{deck.id}/"
        missing = sorted(
            key[len(prefix) :]
            for key in keys_with_history
            if key.startswith(prefix) and key not in present
        )
        if missing:
            orphans[deck.id] = missing
    return orphans
