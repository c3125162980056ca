"""The notes inside an Anki package, from either of the collection formats Anki writes.

An ``.apkg`` is a zip archive holding an SQLite collection: ``collection.anki2`` (older
Anki, and genanki), ``collection.anki21`` (Anki 2.1 "legacy" export) or
``collection.anki21b`` (current Anki: zstd-compressed, schema 18). Newer packages also
carry an ``anki2`` placeholder telling old versions to update, so the newest collection
present is the one read. The two schemas keep note types differently: in ``col.models``
as JSON (schema 11), or in the ``notetypes`` and ``fields`` tables (schema 18), where a
note type's kind is the first field of its protobuf config (``08 01`` for cloze).
Notes and cards are the same tables in both.

The collection is read from memory (``sqlite3`` deserialize), never extracted to disk;
zstandard is imported only for the current format.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from studycli.errors import StudyError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
CLOZE_CONFIG_PREFIX = b"\x08\x01"  # protobuf: field 1 (kind), varint 1 (cloze)
MAX_COLLECTION_BYTES = 1 << 30


@dataclass(frozen=True)
class NoteType:
    name: str
    cloze: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiNote:
    """One note: its GUID, type, field HTML, tags and which of its cards exist."""

    position: int
    guid: str
    notetype: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    card_ords: tuple[int, ...]


@dataclass(frozen=True)
class AnkiPackage:
    notes: tuple[AnkiNote, ...]
    deck_name: str
    media_files: int


def _collection_bytes(source: Path, archive: zipfile.ZipFile) -> bytes:
    names = set(archive.namelist())
    name = next((candidate for candidate in COLLECTIONS if candidate in names), None)
    if name is None:
        raise StudyError(f"{source}: not an Anki package: no collection inside")
    data = archive.read(name)
    if name.endswith("b"):
        import zstandard

        chunks, size = [], 0
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            while chunk := reader.read(1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_COLLECTION_BYTES:
                    break
        data = b"".join(chunks)
        if size > MAX_COLLECTION_BYTES:
            raise StudyError(f"{source}: the Anki collection inside is over 1 GiB")
    return data


def _note_types(db: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "notetypes" in tables:
        fields: dict[int, list[str]] = {}
        for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(ntid, []).append(name)
        return {
            ntid: NoteType(
                name, bytes(config).startswith(CLOZE_CONFIG_PREFIX), tuple(fields.get(ntid, []))
            )
            for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes")
        }
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    return {
        int(ntid): NoteType(
            model["name"], model.get("type") == 1, tuple(f["name"] for f in model["flds"])
        )
        for ntid, model in models.items()
    }


def _deck_names(db: sqlite3.Connection) -> dict[int, str]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:
        return {
            did: name.replace("\x1f", "::")
            for did, name in db.execute("SELECT id, name FROM decks")
        }
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    return {int(did): deck["name"] for did, deck in decks.items()}


def _read(db: sqlite3.Connection) -> tuple[list[AnkiNote], str]:
    types = _note_types(db)
    ords: dict[int, list[int]] = {}
    decks: Counter[int] = Counter()
    for nid, ord_, did in db.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
        ords.setdefault(nid, []).append(ord_)
        decks[did] += 1
    notes = []
    rows = db.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")
    for position, (nid, guid, mid, flds, tags) in enumerate(rows, start=1):
        notetype = types.get(mid, NoteType(f"note type {mid}", False, ()))
        notes.append(
            AnkiNote(
                position=position,
                guid=str(guid),
                notetype=notetype,
                fields=tuple(str(flds).split("\x1f")),
                tags=tuple(str(tags).split()),
                card_ords=tuple(ords.get(nid, [])),
            )
        )
    names = _deck_names(db)
    named = [names.get(did, "") for did, _count in decks.most_common()]
    deck_name = next((name for name in named if name and name != "Default"), "")
    return notes, deck_name.split("::")[-1]


def read_package(source: Path, handle: IO[bytes]) -> AnkiPackage:
    """Every note in the package; a file that is not one is a :class:`StudyError`."""
    try:
        with zipfile.ZipFile(handle) as archive:
            data = _collection_bytes(source, archive)
            media_files = sum(name.isdigit() for name in archive.namelist())
    except zipfile.BadZipFile as error:
        raise StudyError(f"{source}: not an Anki package (.apkg): not a zip archive") from error
    except Exception as error:
        if isinstance(error, StudyError):
            raise
        raise StudyError(f"{source}: the Anki package cannot be read: {error}") from error
    if data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        # A collection saved in WAL mode cannot be opened from memory; the header bytes
        # 18-19 say "rollback journal" instead, which changes nothing else in the file.
        data = data[:18] + b"\x01\x01" + data[20:]
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(data)
        notes, deck_name = _read(db)
    except (sqlite3.Error, KeyError, TypeError, ValueError) as error:
        raise StudyError(f"{source}: the Anki collection inside is damaged: {error}") from error
    finally:
        db.close()
    return AnkiPackage(tuple(notes), deck_name, media_files)
