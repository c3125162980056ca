"""Export and import of the review log, so two machines' progress can be merged.

The export is JSON Lines: a header line naming the format and versions, then one review
per line (docs/progress-format.md describes every field). Every line is validated
before anything is saved, and one bad line refuses the whole file with its line number.
Then the reviews whose uuid is new are inserted and each affected card's state is
replayed from its complete log in the same transaction as its reviews, a batch of cards
at a time. Importing a file twice changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from studycli import __version__
from studycli.atomic import replacing
from studycli.config import Config
from studycli.errors import StudyError
from studycli.files import read_regular
from studycli.model import Mode
from studycli.outcomes import Outcome
from studycli.store import Review, Store, utc_text

FORMAT = "studycli-progress"
FORMAT_VERSION = 1
OUTCOMES = frozenset(Outcome)
MODES = frozenset(Mode)


def _review_line(review: Review) -> str:
    data = asdict(review)
    data["reviewed_at"] = utc_text(review.reviewed_at)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def export_lines(store: Store, learner: str | None = None) -> Iterator[str]:
    """The header line, then one line per review. *learner* names whose progress this is,
    for a teacher's ``class report``; readers that do not know the field ignore it."""
    header: dict[str, object] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app_version": __version__,
    }
    if learner:
        header["learner"] = learner
    yield json.dumps(header, ensure_ascii=False)
    for review in store.reviews():
        yield _review_line(review)


def export_progress(store: Store, destination: Path, learner: str | None = None) -> int:
    """Write the whole log to *destination* atomically; return the number of reviews."""
    count = 0
    with replacing(destination) as temporary, temporary.open("w", encoding="utf-8") as handle:
        for line in export_lines(store, learner):
            handle.write(line + "\n")
            count += 1
    return count - 1


# A review's duration beyond a week is a corrupt value, not a slow answer.
MAX_DURATION_MS = 7 * 24 * 3600 * 1000
# Reviews dated before this, or more than a day ahead of this machine's clock, are
# corrupt: FSRS cannot schedule from them, and dates past year 9999 cannot be stored.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise StudyError(f"{where}: field '{name}' is missing or has the wrong type")
    return value


def _text(data: dict[str, Any], name: str, where: str, *, empty: bool = False) -> str:
    """A string field; it must be real text (no lone surrogates) and, unless *empty*,
    not blank."""
    value: str = _field(data, name, str, where)
    if not empty and not value.strip():
        raise StudyError(f"{where}: field '{name}' must not be empty")
    if _SURROGATE.search(value):
        raise StudyError(f"{where}: field '{name}' holds a lone surrogate (\\ud800-\\udfff)")
    return value


def _moment(data: dict[str, Any], where: str, now: datetime) -> datetime:
    text = _text(data, "reviewed_at", where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise StudyError(f"{where}: reviewed_at is not an ISO timestamp") from error
    if moment.tzinfo is None:
        raise StudyError(
            f"{where}: reviewed_at {text!r} has no time zone offset (write it as UTC, "
            "ending in Z or +00:00)"
        )
    try:
        moment = moment.astimezone(UTC)
    except OverflowError as error:
        raise StudyError(f"{where}: reviewed_at {text!r} is out of range") from error
    if not EARLIEST <= moment <= now + CLOCK_SKEW:
        raise StudyError(f"{where}: reviewed_at {text!r} is before 1970 or in the future")
    return moment


def _parse_review(line: str, where: str, now: datetime) -> Review:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise StudyError(f"{where}: not valid JSON ({error.msg})") from error
    except (ValueError, RecursionError) as error:  # huge numbers, deep nesting
        raise StudyError(f"{where}: not valid JSON ({type(error).__name__})") from error
    if not isinstance(data, dict):
        raise StudyError(f"{where}: expected a JSON object")
    rating = _field(data, "rating", int, where)
    if not 1 <= rating <= 4:
        raise StudyError(f"{where}: rating must be 1-4, got {rating}")
    outcome = _field(data, "outcome", str, where)
    if outcome not in OUTCOMES:
        raise StudyError(f"{where}: unknown outcome {outcome!r}")
    mode = _text(data, "mode", where)
    if mode not in MODES:
        raise StudyError(f"{where}: unknown mode {mode!r}")
    score = float(_field(data, "score", (int, float), where))
    if not 0.0 <= score <= 1.0:  # also refuses NaN
        raise StudyError(f"{where}: score must be from 0 to 1, got {score!r}")
    duration = data.get("duration_ms")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)):
        raise StudyError(f"{where}: field 'duration_ms' has the wrong type")
    if duration is not None and not 0 <= duration <= MAX_DURATION_MS:
        raise StudyError(
            f"{where}: duration_ms must be from 0 to {MAX_DURATION_MS} (a week), got {duration}"
        )
    return Review(
        id=_text(data, "id", where),
        card_key=_text(data, "card_key", where),
        reviewed_at=_moment(data, where, now),
        rating=rating,
        outcome=Outcome(outcome),
        score=score,
        answer=_text(data, "answer", where, empty=True),
        duration_ms=duration,
        mode=Mode(mode),
    )


def read_export(source: Path) -> list[Review]:
    """Parse and validate a whole export file; any bad line refuses the file."""
    try:
        data = read_regular(source)
    except OSError as error:
        raise StudyError(f"{source}: cannot be read: {error.strerror or error}") from error
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise StudyError(
            f"{source}: is not UTF-8 text (invalid byte at offset {error.start})"
        ) from error
    if not lines:
        raise StudyError(f"{source}: line 1: empty file, not a studycli progress export")
    try:
        header = json.loads(lines[0])
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise StudyError(f"{source}: line 1: not a studycli progress export (no header)")
    if header.get("version") != FORMAT_VERSION:
        raise StudyError(
            f"{source}: line 1: export format {header.get('version')!r} is not supported"
        )
    now = datetime.now(UTC)
    reviews: list[Review] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            reviews.append(_parse_review(line, f"{source}: line {number}", now))
    return reviews


def import_progress(store: Store, source: Path, config: Config) -> tuple[int, int]:
    """Merge *source* into *store*; return (new reviews, cards replayed).

    Replays never fuzz intervals, so the merged states are exactly a replay of the
    union of both logs, whichever machine computes it (with an exam date set, the
    plan's cap applies to the replayed cards too: :func:`studycli.plan.replay_scheduler`).
    """
    from studycli.plan import replay_scheduler

    reviews = read_export(source)
    return store.merge(reviews, replay_scheduler(config).replay)
