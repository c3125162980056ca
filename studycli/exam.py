"""Mock exam papers: drawing a paper, marking it, and keeping every paper taken.

A paper is drawn from the cards in scope like a real one is set: questions from each
topic in proportion to its share of the cards, spread across the kinds of question, and
one points question (a short written answer) per topic whenever the topic has one.
Nothing is shown while it is sat; at the end it is marked as a whole: a question left
unanswered (skipped, or cut off by the time limit) earns nothing, and the score is the
share of the paper's marks earned. The report, kept as JSON in ``$STUDYCLI_HOME/exams/``,
holds the totals per topic and per kind and every answer that fell short with the
expected answer, the explanation and the source, so ``exam --history`` can show the
trend and a learner can read an old paper back.

This module is the core: no Rich, no Typer, no SQL.
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studycli.atomic import replacing
from studycli.errors import StudyError
from studycli.grading import Outcome, Verdict
from studycli.model import Card, CardBase, Kind, Mode, Topic

if TYPE_CHECKING:
    from studycli.scheduler import Scheduler
    from studycli.session import Frontend
    from studycli.store import Store
    from studycli.summary import Summary

DEFAULT_QUESTIONS = 25
DEFAULT_MINUTES = 30
FORMAT = "studycli-exam"
VERSION = 1


def exams_dir(home: Path) -> Path:
    return home / "exams"


def _quotas(sizes: Mapping[str, int], count: int) -> dict[str, int]:
    """*count* questions shared over groups in proportion to *sizes* (largest remainder),
    every group getting at least one while there are questions enough to go round."""
    total = sum(sizes.values())
    count = min(count, total)
    exact = {name: count * size / total for name, size in sizes.items()}
    quotas = {name: int(value) for name, value in exact.items()}
    if count >= len(sizes):
        for name in sizes:
            quotas[name] = max(quotas[name], 1)
    while sum(quotas.values()) > count:
        name = max(quotas, key=lambda n: (quotas[n] - exact[n], quotas[n]))
        quotas[name] -= 1
    for name in sorted(exact, key=lambda n: exact[n] - int(exact[n]), reverse=True):
        if sum(quotas.values()) >= count:
            break
        if quotas[name] < sizes[name]:
            quotas[name] += 1
    while sum(quotas.values()) < count:  # only when a small group ran out of cards
        name = max(sizes, key=lambda n: sizes[n] - quotas[n])
        quotas[name] += 1
    return quotas


def _across_kinds(cards: Sequence[Card], count: int, rng: random.Random) -> list[Card]:
    """*count* of *cards*, taking one of each kind in turn (in a random order of kinds),
    so a topic's questions are as varied as its cards allow."""
    by_kind: dict[str, list[Card]] = {}
    for card in cards:
        by_kind.setdefault(card.kind, []).append(card)
    for group in by_kind.values():
        rng.shuffle(group)
    kinds = list(by_kind)
    rng.shuffle(kinds)
    picked: list[Card] = []
    while len(picked) < count:
        for kind in kinds:
            if by_kind[kind] and len(picked) < count:
                picked.append(by_kind[kind].pop())
    return picked


def draw_paper(cards: Sequence[Card], count: int, rng: random.Random) -> list[Card]:
    """A paper of *count* questions (fewer if the scope is smaller); see the module doc.

    Each topic has one points question when it has any (they take the longest, so one
    a topic is what a half-hour paper holds); they come last, as on a paper where the
    long answers close it, and the rest are in a shuffled order.
    """
    if not cards:
        raise StudyError("no cards match that scope, so there is no paper to set")
    by_topic: dict[str, list[Card]] = {}
    for card in cards:
        by_topic.setdefault(card.topic.value, []).append(card)
    quotas = _quotas({name: len(group) for name, group in by_topic.items()}, count)
    paper: list[Card] = []
    for name, group in by_topic.items():
        quota = quotas[name]
        if quota == 0:
            continue
        points = [card for card in group if card.kind == Kind.POINTS]
        first = [rng.choice(points)] if points else []
        rest = [card for card in group if card.kind != Kind.POINTS]
        paper += first + _across_kinds(rest, quota - len(first), rng)
    short = [card for card in paper if card.kind != Kind.POINTS]
    long = [card for card in paper if card.kind == Kind.POINTS]
    rng.shuffle(short)
    rng.shuffle(long)
    return short + long


# -- marking -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """One question of the paper as it was answered (or not)."""

    card: Card
    verdict: Verdict | None  # None: not answered
    given: str = ""


def _tally(answers: Iterable[Answer]) -> dict[str, object]:
    answers = list(answers)
    answered = [a for a in answers if a.verdict is not None]
    score = sum(a.verdict.score for a in answered if a.verdict is not None)
    return {
        "questions": len(answers),
        "answered": len(answered),
        "correct": sum(a.verdict.outcome is Outcome.CORRECT for a in answered if a.verdict),
        "score": round(score, 3),
        "percent": round(100 * score / len(answers)) if answers else 0,
    }


def mark_paper(
    answers: Sequence[Answer],
    *,
    taken_at: datetime,
    seconds: float,
    minutes: float,
    timed_out: bool,
    recorded: bool,
    seed: int | None,
) -> dict[str, object]:
    """The report of a paper as JSON-ready data: totals, per topic, per kind, and each
    answer that fell short (wrong, partly right, or not answered) with what was
    expected, the card's explanation and its source."""
    order = [topic.value for topic in Topic]
    topics = sorted({a.card.topic.value for a in answers}, key=order.index)
    kinds = sorted({str(a.card.kind) for a in answers})
    items = []
    for number, answer in enumerate(answers, start=1):
        verdict = answer.verdict
        outcome = "unanswered" if verdict is None else verdict.outcome.value
        items.append(
            {
                "number": number,
                "card": answer.card.key,
                "topic": answer.card.topic.value,
                "kind": str(answer.card.kind),
                "prompt": answer.card.prompt,
                "given": answer.given,
                "outcome": outcome,
                "score": 0.0 if verdict is None else round(verdict.score, 3),
                "expected": expected_answer(answer),
                "explain": answer.card.explain,
                "source": answer.card.source,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "taken_at": taken_at.isoformat(),
        "seconds": round(seconds, 1),
        "minutes_allowed": minutes,
        "timed_out": timed_out,
        "recorded": recorded,
        "seed": seed,
        "total": _tally(answers),
        "topics": {
            name: _tally(a for a in answers if a.card.topic.value == name) for name in topics
        },
        "kinds": {name: _tally(a for a in answers if str(a.card.kind) == name) for name in kinds},
        "questions": items,
    }


def expected_answer(answer: Answer) -> str:
    """What was expected, as the grader states it (the card's answer when unanswered)."""
    if answer.verdict is not None and answer.verdict.expected:
        return answer.verdict.expected
    from studycli.grading import grade, make_question

    question = make_question(answer.card, random.Random(0))
    return grade(question, "").expected


def shortfalls(report: Mapping[str, object]) -> list[dict[str, object]]:
    """The questions of a report that did not earn full marks, in paper order."""
    items = report["questions"]
    assert isinstance(items, list)
    return [item for item in items if item["outcome"] != "correct"]


# -- keeping papers ------------------------------------------------------------------------


def save_report(home: Path, report: Mapping[str, object]) -> Path:
    """Write *report* to ``exams/`` under a name from its time, atomically."""
    folder = exams_dir(home)
    stamp = "".join(ch for ch in str(report["taken_at"])[:26] if ch.isdigit())
    path = folder / f"exam-{stamp[:8]}-{stamp[8:]}.json"
    for number in range(2, 1000):  # two papers finished in the same microsecond
        if not path.exists():
            break
        path = folder / f"exam-{stamp[:8]}-{stamp[8:]}-{number}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temporary:
            temporary.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise StudyError(f"{path}: the exam report cannot be saved: {error}") from error
    return path


def load_history(home: Path) -> tuple[list[dict[str, object]], list[str]]:
    """Every saved paper, oldest first, and a note for each file that could not be read
    (a damaged file is named and skipped, never deleted)."""
    reports: list[dict[str, object]] = []
    problems: list[str] = []
    with contextlib.suppress(FileNotFoundError):
        for path in sorted(exams_dir(home).glob("exam-*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                problems.append(f"{path}: skipped, not readable: {error}")
                continue
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                problems.append(f"{path}: skipped, not a studycli exam report")
                continue
            reports.append(data)
    reports.sort(key=lambda report: str(report["taken_at"]))
    return reports, problems


def history_rows(reports: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Per paper: when, the score, each topic's score and the change since the paper
    before (the trend ``exam --history`` shows)."""
    rows: list[dict[str, object]] = []
    previous: int | None = None
    for report in reports:
        total = report["total"]
        topics = report["topics"]
        assert isinstance(total, dict)
        assert isinstance(topics, dict)
        percent = int(total["percent"])
        rows.append(
            {
                "taken_at": report["taken_at"],
                "questions": total["questions"],
                "percent": percent,
                "change": None if previous is None else percent - previous,
                "topics": {name: tally["percent"] for name, tally in topics.items()},
            }
        )
        previous = percent
    return rows


# -- sitting a paper ------------------------------------------------------------------------


def sit(
    store: Store,
    scheduler: Scheduler,
    frontend: Frontend,
    paper: Sequence[Card],
    *,
    minutes: float,
    record: bool,
    seed: int | None,
    rng: random.Random,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    monotonic: Callable[[], float] = time.monotonic,
) -> tuple[dict[str, object], Summary]:
    """Sit *paper* in the study loop as an exam and mark it.

    The loop runs with no feedback (nothing is shown until the report), the time limit
    (a reply after it is not marked), skipped questions coming back once at the end,
    and every answer recorded as a review of mode ``exam`` unless *record* is False.
    Returns the report (see :func:`mark_paper`) and the session's summary.
    """
    from studycli.session import Policy, Session
    from studycli.sources import CardSource

    source = CardSource(Mode.EXAM, paper, rng=rng)
    policy = Policy(record=record, feedback=False, time_limit=minutes * 60, skip_returns=True)
    session = Session(
        store, scheduler, frontend, source, policy=policy, clock=clock, monotonic=monotonic
    )
    summary = session.run(paper)
    given: dict[str, tuple[Verdict | None, str]] = {}
    for result in session.results:
        card = getattr(result.question, "card", None)
        if isinstance(card, CardBase):
            given[card.key] = (result.verdict, result.given)
    answers = [Answer(card, *given.get(card.key, (None, ""))) for card in paper]
    report = mark_paper(
        answers,
        taken_at=summary.started,
        seconds=summary.seconds,
        minutes=minutes,
        timed_out=summary.timed_out,
        recorded=record,
        seed=seed,
    )
    return report, summary
