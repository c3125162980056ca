"""A teacher's view of a class, from the learners' ``progress export`` files.

Each learner hands in one export (JSON Lines, docs/progress-format.md). The learner's
name is the ``learner`` field of the file's header line when it has one, else the file
name without its extension. For each learner and topic the report gives:

- **mastery**: the share of the topic's cards in play that are mastered now. A card is
  mastered when its last answer passed and FSRS (default parameters, as the learner
  starts with) gives at least a 90 % chance of recall: by the definition of FSRS
  stability, when no more whole days have passed since that answer than the card's
  stability. That is the threshold ``stats`` uses. Memory states come from the FSRS
  authors' Rust implementation (``fsrs-rs-python``), which replays a whole class in a
  fraction of a second;
- **retention**: true retention over the last 30 days, exactly as ``stats`` counts it
  (answers to cards last seen at least a day earlier, passed = Hard, Good or Easy).

Across the class: the hardest cards (lowest share of learners whose first answer was
right), the wrong answers given most often to each card, and who has not studied in the
last 7 days. A class of 300 learners with 5,000 reviews each is read in about 3 s on
two cores (benchmarks/class_report.py): each file is decoded in one call, checked field
by field and reduced to a small summary, one worker process per core.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from studycli.errors import StudyError
from studycli.inputs import open_regular, read_regular_text
from studycli.progress_file import FORMAT, FORMAT_VERSION, OUTCOMES
from studycli.scheduler import elapsed_days
from studycli.stats import RETENTION_DAYS, retention_of

INACTIVE_DAYS = 7
PARALLEL_FROM = 8  # files per worker process worth starting one for
WRONG_ANSWERS_SHOWN = 3


@dataclass
class TopicFigures:
    """One learner's figures for one topic."""

    cards: int = 0
    seen: int = 0
    mastered: int = 0
    retention_reviews: int = 0
    retention_passed: int = 0

    @property
    def mastery(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0

    @property
    def retention(self) -> float | None:
        return self.retention_passed / self.retention_reviews if self.retention_reviews else None


@dataclass
class LearnerSummary:
    """What the report needs of one learner's export; the reviews themselves are dropped."""

    name: str
    paths: tuple[Path, ...]
    reviews: int
    last_review: datetime | None
    topics: dict[str, TopicFigures]
    first_try: dict[str, bool] = field(default_factory=dict)
    wrong: dict[str, Counter[str]] = field(default_factory=dict)


# One review as the report reads it: time, rating, outcome, answer given.
Row = tuple[datetime, int, str, str]


def _header_name(path: Path, first_line: str) -> str:
    try:
        header = json.loads(first_line)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise StudyError(f"{path}: line 1: not a studycli progress export (no header)")
    if header.get("version") != FORMAT_VERSION:
        raise StudyError(f"{path}: line 1: export format {header.get('version')} is not supported")
    name = header.get("learner")
    return name.strip() if isinstance(name, str) and name.strip() else path.stem


def _records(path: Path, body: str) -> tuple[list[Any], Sequence[int]]:
    """Every review line after the header parsed in one call, with its line number.

    The usual file (one object per line, no blank lines) is decoded as one JSON array
    made by turning its line breaks into commas, by orjson, which decodes a class's
    million reviews in half the time of the standard library; otherwise blank lines
    are left out, and a line that is not JSON is found and named. (orjson's decode
    error is a :class:`json.JSONDecodeError`.)
    """
    import orjson  # half the time of the standard decoder on a class's exports

    body = body.rstrip()
    if not body:
        return [], []
    if "\r" not in body:
        try:
            records = orjson.loads(f"[{body.replace(chr(10), ',')}]")
            if len(records) == body.count("\n") + 1:
                return records, range(2, len(records) + 2)
        except json.JSONDecodeError:
            pass
    lines = body.splitlines()
    numbers = [number for number, line in enumerate(lines, start=2) if line.strip()]
    for number in numbers:
        try:
            json.loads(lines[number - 2])
        except json.JSONDecodeError as error:
            raise StudyError(f"{path}: line {number}: not valid JSON ({error.msg})") from None
    records = json.loads(f"[{','.join(lines[number - 2] for number in numbers)}]")
    if len(records) != len(numbers):  # a line holding two values, such as "1, 2"
        raise StudyError(f"{path}: one review per line expected")
    return records, numbers


def _bad_review(path: Path, number: int) -> StudyError:
    return StudyError(
        f"{path}: line {number}: not a review (card_key, reviewed_at, rating 1-4, outcome "
        "and answer are needed)"
    )


def _rows_by_card(
    path: Path, body: str, by_card: dict[str, list[Row]], seen: set[str] | None = None
) -> int:
    """Add each review to its card's rows in *by_card*; return how many were added.

    Every field the report reads is checked on the way. With *seen* (the review ids
    already read from the learner's other files) a review is added once however many
    files hold it. This loop runs once per review of the whole class, so it binds what
    it calls to local names. Aware datetimes compare and subtract correctly whatever
    their offsets, so they are not converted to UTC one by one.
    """
    records, numbers = _records(path, body)
    parse, outcomes = datetime.fromisoformat, OUTCOMES
    added = 0
    for number, record in zip(numbers, records, strict=True):
        if seen is not None:
            ident = record.get("id") if isinstance(record, dict) else None
            if not isinstance(ident, str):
                raise _bad_review(path, number)
            if ident in seen:
                continue
            seen.add(ident)
        try:
            key, rating = record["card_key"], record["rating"]
            outcome, answer = record["outcome"], record["answer"]
            when = parse(record["reviewed_at"])
        except (TypeError, KeyError, ValueError):
            raise _bad_review(path, number) from None
        if (
            when.tzinfo is None
            or type(key) is not str
            or type(rating) is not int
            or not 1 <= rating <= 4
            or outcome not in outcomes
            or type(answer) is not str
        ):
            raise _bad_review(path, number)
        rows = by_card.get(key)
        if rows is None:
            rows = by_card[key] = []
        rows.append((when, rating, outcome, answer))
        added += 1
    return added


def normal_answer(answer: str) -> str:
    """Wrong answers grouped as a teacher would read them: case and spacing ignored."""
    return " ".join(answer.split()).casefold()


def _memory_items(rows_per_card: Sequence[list[Row]]) -> list[Any]:
    """Each card's answers as FSRS-rs reviews: rating and whole days since the last one."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for rows in rows_per_card:
        reviews, before = [], None
        for when, rating, _outcome, _answer in rows:
            reviews.append(FSRSReview(rating, elapsed_days(before, when) if before else 0))
            before = when
        items.append(FSRSItem(reviews))
    return items


def learner_name(path: Path) -> str:
    """The name an export gives its learner: the header's ``learner``, else the file name."""
    with open_regular(path) as handle:
        first_line = handle.readline(1 << 16).decode("utf-8-sig", errors="replace")
    if not first_line.strip():
        raise StudyError(f"{path}: line 1: empty file, not a studycli progress export")
    return _header_name(path, first_line)


def summarize(paths: Sequence[Path], topic_of: Mapping[str, str], now: datetime) -> LearnerSummary:
    """Read one learner's exports and reduce them to the learner's figures.

    A learner who studies on two machines may hand in two exports; their reviews are
    merged by review id, as ``progress import`` merges them.
    """
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    by_card: dict[str, list[Row]] = {}
    seen: set[str] | None = set() if len(paths) > 1 else None
    reviews = 0
    for path in paths:
        first_line, _, body = read_regular_text(path).partition("\n")
        if not first_line.strip():
            raise StudyError(f"{path}: line 1: empty file, not a studycli progress export")
        name = _header_name(path, first_line)
        reviews += _rows_by_card(path, body, by_card, seen)
    topics = {topic: TopicFigures() for topic in dict.fromkeys(topic_of.values())}
    for topic in topic_of.values():
        topics[topic].cards += 1
    summary = LearnerSummary(name, tuple(paths), reviews, None, topics)
    since = now - timedelta(days=RETENTION_DAYS)
    passed_last: list[tuple[str, list[Row]]] = []
    for key, rows in by_card.items():
        rows.sort()
        if summary.last_review is None or rows[-1][0] > summary.last_review:
            summary.last_review = rows[-1][0]
        summary.first_try[key] = rows[0][2] == "correct"
        # Counted as given, then grouped: far fewer distinct answers than reviews.
        given = Counter(answer for _w, _r, outcome, answer in rows if outcome == "wrong")
        given.pop("", None)  # "I don't know" is not a wrong answer worth listing
        if given:
            wrong = summary.wrong[key] = Counter()
            for answer, count in given.items():
                wrong[normal_answer(answer)] += count
        if key not in topic_of:
            continue
        topic = topic_of[key]
        topics[topic].seen += 1
        if rows[-1][0] >= since:
            before: list[datetime | None] = [None, *(when for when, *_ in rows[:-1])]
            pairs = zip(rows, before, strict=True)
            retention = retention_of(
                ((when, rating, last) for (when, rating, *_), last in pairs), since
            )
            topics[topic].retention_reviews += retention.reviews
            topics[topic].retention_passed += retention.passed
        if rows[-1][1] > 1:
            passed_last.append((topic, rows))
    items = _memory_items([rows for _topic, rows in passed_last])
    states = FSRS(DEFAULT_PARAMETERS).memory_state_batch(items, [None] * len(items))
    for (topic, rows), state in zip(passed_last, states, strict=True):
        if elapsed_days(rows[-1][0], now) <= state.stability:
            topics[topic].mastered += 1
    return summary


@dataclass(frozen=True)
class HardCard:
    key: str
    learners: int
    first_try_right: int

    @property
    def success(self) -> float:
        return self.first_try_right / self.learners


@dataclass
class ClassReport:
    """Everything ``class report`` shows, computed from the learners' summaries."""

    now: datetime
    learners: list[LearnerSummary]
    hardest: list[HardCard]
    wrong_answers: dict[str, list[tuple[str, int]]]
    inactive: list[LearnerSummary]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures, for scripts and spreadsheets."""
        return {
            "generated_at": self.now.isoformat(timespec="seconds"),
            "learners": [
                {
                    "name": learner.name,
                    "files": [str(path) for path in learner.paths],
                    "reviews": learner.reviews,
                    "last_review": learner.last_review.isoformat(timespec="seconds")
                    if learner.last_review
                    else None,
                    "topics": {
                        topic: {
                            "cards": figures.cards,
                            "seen": figures.seen,
                            "mastered": figures.mastered,
                            "mastery": round(figures.mastery, 4),
                            "retention_reviews": figures.retention_reviews,
                            "retention": None
                            if figures.retention is None
                            else round(figures.retention, 4),
                        }
                        for topic, figures in learner.topics.items()
                    },
                }
                for learner in self.learners
            ],
            "hardest_cards": [
                {
                    "card": card.key,
                    "learners": card.learners,
                    "first_try_right": card.first_try_right,
                    "first_try_success": round(card.success, 4),
                }
                for card in self.hardest
            ],
            "wrong_answers": {
                key: [{"answer": answer, "count": count} for answer, count in answers]
                for key, answers in self.wrong_answers.items()
            },
            "inactive": [learner.name for learner in self.inactive],
        }


def export_files(paths: Iterable[Path]) -> list[Path]:
    """The export files named, with each folder replaced by the ``*.jsonl`` files in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.jsonl"))
            if not found:
                raise StudyError(f"{path}: is a folder with no progress exports (*.jsonl)")
            files.extend(found)
        else:
            files.append(path)
    return files


def class_report(
    paths: Sequence[Path], topic_of: Mapping[str, str], now: datetime, hardest: int = 10
) -> ClassReport:
    """Read every export (each must be valid) and put the class's figures together.

    A folder stands for the ``*.jsonl`` files in it. Exports naming the same learner
    are read together as that learner's.
    """
    groups: dict[str, list[Path]] = {}
    for path in dict.fromkeys(export_files(paths)):
        groups.setdefault(learner_name(path), []).append(path)
    return combine(summarize_all(list(groups.values()), topic_of, now), now, hardest)


def summarize_all(
    groups: Sequence[Sequence[Path]], topic_of: Mapping[str, str], now: datetime
) -> list[LearnerSummary]:
    """Every learner's summary; a class is read by one process per core.

    Each file is independent and its summary small, so worker processes share the
    parsing, the slowest part; a few files are read here, where starting workers would
    cost more than it saves.
    """
    workers = min(os.cpu_count() or 1, len(groups) // PARALLEL_FROM)
    if workers < 2:
        return [summarize(paths, topic_of, now) for paths in groups]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        jobs = [pool.submit(summarize, paths, topic_of, now) for paths in groups]
        return [job.result() for job in jobs]


def combine(learners: Iterable[LearnerSummary], now: datetime, hardest: int = 10) -> ClassReport:
    learners = sorted(learners, key=lambda learner: learner.name.casefold())
    tried: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for learner in learners:
        for key, first_right in learner.first_try.items():
            tried[key] += 1
            right[key] += first_right
        for key, answers in learner.wrong.items():
            wrong[key].update(answers)
    cards = sorted(
        (HardCard(key, count, right[key]) for key, count in tried.items()),
        key=lambda card: (card.success, -card.learners, card.key),
    )
    hard = [card for card in cards if card.success < 1][:hardest]
    by_mistakes = sorted(wrong, key=lambda key: (-sum(wrong[key].values()), key))
    common = {key: wrong[key].most_common(WRONG_ANSWERS_SHOWN) for key in by_mistakes}
    cutoff = now - timedelta(days=INACTIVE_DAYS)
    inactive = [
        learner
        for learner in learners
        if learner.last_review is None or learner.last_review < cutoff
    ]
    return ClassReport(now, learners, hard, common, inactive)
