"""Card kinds behind one protocol (:class:`CardKind`), and the registry that finds them.

Grading, the deck loader, both frontends and the Anki exporter ask :func:`kind_of` (or
:func:`get`) what a card needs instead of testing its class, so adding a kind is adding
a module here and registering it; a test suite may register a kind of its own.
"""

from __future__ import annotations

from studycli.kinds.base import COMMON_FIELDS, AnkiFace, CardKind, Marked, Question
from studycli.kinds.choice import Choice
from studycli.kinds.cloze import Cloze
from studycli.kinds.date import Date
from studycli.kinds.multi import Multi
from studycli.kinds.order import Order
from studycli.kinds.points import Points
from studycli.kinds.truefalse import TrueFalse
from studycli.kinds.typed import Typed
from studycli.model import Card

__all__ = [
    "COMMON_FIELDS",
    "AnkiFace",
    "CardKind",
    "Marked",
    "Question",
    "authored",
    "get",
    "kind_of",
    "names",
    "register",
    "registered",
    "unregister",
]

_REGISTRY: dict[str, CardKind] = {}


def register(kind: CardKind) -> CardKind:
    """Make ``kind`` known by its name (a later registration of the name replaces it)."""
    _REGISTRY[str(kind.name)] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (a test's own kind, once the test is done)."""
    _REGISTRY.pop(name, None)


def get(name: str) -> CardKind | None:
    return _REGISTRY.get(name)


def kind_of(card: Card) -> CardKind:
    """The rules for ``card``; every card's kind is registered (the loader sees to it)."""
    return _REGISTRY[str(card.kind)]


def names() -> list[str]:
    """Every kind's name, in registration order (``date`` included)."""
    return list(_REGISTRY)


def registered() -> list[CardKind]:
    """Every kind, in registration order (``date`` included)."""
    return list(_REGISTRY.values())


def authored() -> list[CardKind]:
    """The kinds a deck may declare as ``kind = "..."`` in a ``[[card]]``."""
    return [kind for kind in _REGISTRY.values() if kind.authored]


for _kind in (Typed(), Choice(), Multi(), TrueFalse(), Cloze(), Order(), Points(), Date()):
    register(_kind)
