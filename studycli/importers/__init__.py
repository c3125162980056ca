"""Bringing existing flashcards into studycli: one module per source format, one registry.

Every format (Quizlet's export text, a CSV table, an Anki package) is an
:class:`Importer`: it reads a source file and returns card tables in the deck format,
each with where it came from (``line 12``, ``note 'Xy1...'``). Nothing else is format
specific: :mod:`studycli.importers.writer` turns the tables into a deck file and has
the loader check it, so the rules of the format live in one place and a problem in the
input is reported at its line or note. A new format is a new module that calls
:func:`register`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from studycli.errors import StudyError
from studycli.inputs import read_regular_text

Table = dict[str, Any]


@dataclass(frozen=True)
class ImportOptions:
    """Choices a format may honour (Quizlet's separators); others ignore them."""

    term_separator: str | None = None
    card_separator: str | None = None


@dataclass(frozen=True)
class ImportedCard:
    """One card table in the deck format, and where in the source it came from."""

    table: Table
    origin: str


@dataclass
class Imported:
    """What a source held: cards, things left out on purpose, and unusable input."""

    cards: list[ImportedCard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "note 'x': image skipped"
    problems: list[str] = field(default_factory=list)  # e.g. "line 4: no tab or comma"
    title: str = ""


class Importer(Protocol):
    """A source format: its name for ``--format``, the file suffixes it claims, a reader."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def read(self, source: Path, options: ImportOptions) -> Imported: ...


_REGISTRY: dict[str, type[Importer]] = {}
ImporterClass = TypeVar("ImporterClass", bound=type[Importer])


def register(importer: ImporterClass) -> ImporterClass:
    """Class decorator: make a format available to ``decks import`` under its name."""
    _REGISTRY[importer.name] = importer
    return importer


def format_names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def importer_for(source: Path, name: str | None) -> Importer:
    """The importer named by ``--format``, or the one claiming the source's suffix."""
    _load_builtin()
    if name is not None:
        if name not in _REGISTRY:
            raise StudyError(f"unknown format {name!r} (formats: {', '.join(format_names())})")
        return _REGISTRY[name]()
    suffix = source.suffix.lower()
    for importer in _REGISTRY.values():
        if suffix in importer.suffixes:
            return importer()
    raise StudyError(
        f"{source}: cannot tell the format from the name; "
        f"give --format ({', '.join(format_names())})"
    )


def _load_builtin() -> None:
    """Import the bundled formats, each of which registers itself."""
    from studycli.importers import apkg, csv_table, quizlet  # noqa: F401


def read_text(source: Path) -> str:
    """The whole of a text source, as UTF-8 (a byte-order mark is dropped)."""
    try:
        return read_regular_text(source)
    except StudyError as error:
        if "is not UTF-8 text" in str(error):
            raise StudyError(f"{error}; export it again as UTF-8") from error
        raise


def slug(text: str, words: int = 6) -> str:
    """A readable id from text: its first few words in ``[a-z0-9-]``."""
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts)


def stable_id(prefix: str, key: str) -> str:
    """A short id derived from *key* alone, so a re-import gives every card the same id."""
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


class IdMaker:
    """Readable, unique card ids from prompts: a repeated prompt gets ``-2``, ``-3``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, text: str, fallback: str) -> str:
        base = slug(text) or fallback
        ident, number = base, 2
        while ident in self._used:
            ident, number = f"{base}-{number}", number + 1
        self._used.add(ident)
        return ident
