"""Export and import of the review log, so two machines' progress can be merged.

The export is JSON Lines: a header line naming the format and versions, then one review
per line. Import is all or nothing: every line is validated first, then the reviews
whose uuid is new are inserted and the affected cards' states are replayed from their
complete logs in the same transaction. Importing a file twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from studycli import __version__
from studycli.atomic import replacing
from studycli.config import Config
from studycli.errors import StudyError
from studycli.scheduler import Scheduler
from studycli.store import Review, Store, parse_utc, utc_text

FORMAT = "studycli-progress"
FORMAT_VERSION = 1
OUTCOMES = {"correct", "partial", "wrong"}


def _review_line(review: Review) -> str:
    data = asdict(review)
    data["reviewed_at"] = utc_text(review.reviewed_at)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def export_lines(store: Store) -> Iterator[str]:
    yield json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "app_version": __version__})
    for review in store.reviews():
        yield _review_line(review)


def export_progress(store: Store, destination: Path) -> int:
    """Write the whole log to *destination* atomically; return the number of reviews."""
    count = 0
    with replacing(destination) as temporary, temporary.open("w", encoding="utf-8") as handle:
        for line in export_lines(store):
            handle.write(line + "\n")
            count += 1
    return count - 1


def _field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise StudyError(f"{where}: field '{name}' is missing or has the wrong type")
    return value


def _parse_review(line: str, where: str) -> Review:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise StudyError(f"{where}: not valid JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise StudyError(f"{where}: expected a JSON object")
    rating = _field(data, "rating", int, where)
    if not 1 <= rating <= 4:
        raise StudyError(f"{where}: rating must be 1-4, got {rating}")
    outcome = _field(data, "outcome", str, where)
    if outcome not in OUTCOMES:
        raise StudyError(f"{where}: unknown outcome {outcome!r}")
    try:
        reviewed_at = parse_utc(_field(data, "reviewed_at", str, where))
    except ValueError as error:
        raise StudyError(f"{where}: reviewed_at is not an ISO timestamp") from error
    duration = data.get("duration_ms")
    if duration is not None and not isinstance(duration, int):
        raise StudyError(f"{where}: field 'duration_ms' has the wrong type")
    return Review(
        id=_field(data, "id", str, where),
        card_key=_field(data, "card_key", str, where),
        reviewed_at=reviewed_at,
        rating=rating,
        outcome=outcome,
        score=float(_field(data, "score", (int, float), where)),
        answer=_field(data, "answer", str, where),
        duration_ms=duration,
        mode=_field(data, "mode", str, where),
    )


def read_export(source: Path) -> list[Review]:
    """Parse and validate a whole export file; any bad line refuses the file."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise StudyError(f"{source}: cannot be read: {error}") from error
    if not lines:
        raise StudyError(f"{source}: line 1: empty file, not a studycli progress export")
    try:
        header = json.loads(lines[0])
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise StudyError(f"{source}: line 1: not a studycli progress export (no header)")
    if header.get("version") != FORMAT_VERSION:
        raise StudyError(
            f"{source}: line 1: export format {header.get('version')} is not supported"
        )
    reviews: list[Review] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            reviews.append(_parse_review(line, f"{source}: line {number}"))
    return reviews


def import_progress(store: Store, source: Path, config: Config) -> tuple[int, int]:
    """Merge *source* into *store*; return (new reviews, cards replayed).

    Replays never fuzz intervals, so the merged states are exactly a replay of the
    union of both logs, whichever machine computes it.
    """
    reviews = read_export(source)
    scheduler = Scheduler(replace(config, fuzz=False))
    return store.merge(reviews, scheduler.replay)
