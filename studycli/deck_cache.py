"""Decks parsed on an earlier run, kept so the next command starts without re-reading TOML.

Parsing and validating the bundled decks costs more than everything else ``decks list``
or the first question of ``quiz`` does; the files rarely change. Each entry is keyed by
the file's resolved path, inode, size and modification time (nanoseconds), so any edit,
replacement or move of a deck file is a miss and the file is parsed and checked again.
The whole cache is discarded when the studycli version or the code that builds decks
(``model.py``, ``loader.py``, ``deck_tables.py``, ``kinds/``) changes, because the
pickled values follow their classes.

The cache is only ever an optimisation. A missing, unreadable, corrupt or stale file is
a miss; a home that cannot be written (read-only, full disk) keeps working without it.
Only decks that passed validation are stored, so a broken deck is reported on every run.
A file modified within the last few seconds is not stored: a second edit in the same
clock tick, of the same size, would otherwise be indistinguishable from the first.
The pickle lives in the user's own studycli home, which only they can write.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from studycli import __version__
from studycli.atomic import replacing
from studycli.errors import StudyError
from studycli.files import read_regular

if TYPE_CHECKING:
    from studycli.model import Deck

CACHE_FORMAT = 1
# Files changed more recently than this are parsed but not stored (see the docstring).
RACY_SECONDS = 2.0

FileKey = tuple[int, int, int]  # inode, size, mtime_ns


def _file_key(path: Path) -> FileKey | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def code_stamp() -> tuple[object, ...]:
    """What the pickled decks depend on besides their files: version and deck code."""
    package = Path(__file__).resolve().parent
    return (
        CACHE_FORMAT,
        __version__,
        *(_file_key(package / name) for name in ("model.py", "loader.py", "deck_tables.py")),
        *(_file_key(path) for path in sorted((package / "kinds").glob("*.py"))),
    )


class DeckCache:
    """Parsed decks by file, read from and written to one pickle file."""

    def __init__(self, path: Path, entries: dict[str, tuple[FileKey, Deck]] | None = None):
        self.path = path
        self._entries = entries or {}
        self._changed = False

    @classmethod
    def open(cls, path: Path) -> DeckCache:
        """The cache at *path*, or an empty one if it is missing, unreadable or stale."""
        try:
            # read_regular: a FIFO in its place must not block every command.
            stored = pickle.loads(read_regular(path))
            if stored["stamp"] == code_stamp():
                return cls(path, dict(stored["decks"]))
        except Exception:  # any damage to the cache (truncated, foreign, old) means: re-parse
            pass
        return cls(path)

    def get(self, file: Path, resolved: Path) -> Deck | None:
        """The deck parsed from *file* earlier, if the file is unchanged since."""
        entry = self._entries.get(str(resolved))
        if entry is None or entry[0] != _file_key(resolved):
            return None
        deck = entry[1]
        return deck if deck.path == file else replace(deck, path=file)

    def put(self, resolved: Path, deck: Deck) -> None:
        """Remember *deck*, parsed from *resolved* just now, unless the file is too fresh."""
        key = _file_key(resolved)
        if key is None or time.time_ns() - key[2] < RACY_SECONDS * 1e9:
            return
        self._entries[str(resolved)] = (key, deck)
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything was added; failing to write is not an error."""
        if not self._changed:
            return
        live = {name: entry for name, entry in self._entries.items() if Path(name).exists()}
        data = pickle.dumps({"stamp": code_stamp(), "decks": live}, pickle.HIGHEST_PROTOCOL)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(self.path) as temporary:
                temporary.write_bytes(data)
        except (OSError, StudyError):
            return
        self._changed = False
