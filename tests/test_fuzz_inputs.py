"""Arbitrary input never gets past the loader or the importer as anything but a clear
error or a success: no other exception, and no hang.

Hypothesis feeds arbitrary bytes and arbitrary TOML documents (shaped like decks, so many
of them are valid and go on to be asked and graded) to the loader, and arbitrary JSON
lines to the importer. Each example runs under an alarm: a hang fails the example
instead of the test run (a bound on hanging, not a measure of speed).
"""

from __future__ import annotations

import contextlib
import json
import random
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycli.config import Config
from studycli.errors import DeckError, StudyError
from studycli.grading import grade, make_question
from studycli.loader import check_deck, load_deck
from studycli.progress_file import FORMAT, FORMAT_VERSION, import_progress
from studycli.store import Store

HANG_BOUND_SECONDS = 60
FUZZ = settings(
    max_examples=120,
    deadline=timedelta(seconds=HANG_BOUND_SECONDS),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Hung(Exception):
    """An example ran past the bound: treated as a hang."""


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    def stop(*_args: object) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_BOUND_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


texts = st.text(max_size=40)
scalars = st.one_of(
    texts,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["1956", "0000", "9999-12", "1956-02-25", "0001-01-01", "{{x}} {{y|z}}"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=15,
)
idents = st.one_of(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,4})?", fullmatch=True), texts)


words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20)
words = words.filter(str.strip)
safe_ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,4})?", fullmatch=True)
distinct_words = st.lists(words, min_size=2, max_size=6, unique_by=lambda w: w.strip())
topics = st.sampled_from(["content", "omissions", "impacts", "context"])


@st.composite
def valid_card(draw: st.DrawFn) -> dict[str, object]:
    """A card of any kind that should pass the loader, with extreme but legal content."""
    kind = draw(
        st.sampled_from(["typed", "choice", "multi", "truefalse", "cloze", "order", "points"])
    )
    card: dict[str, object] = {"id": draw(safe_ids), "kind": kind, "prompt": draw(words)}
    if kind == "typed":
        card |= {"answer": draw(words), "accept": draw(st.lists(words, max_size=3))}
    elif kind == "choice":
        choices = draw(distinct_words)
        card |= {"choices": choices, "answer": draw(st.sampled_from(choices))}
    elif kind == "multi":
        choices = draw(distinct_words)
        card |= {"choices": choices, "answers": choices[: draw(st.integers(1, len(choices)))]}
    elif kind == "truefalse":
        card["answer"] = draw(st.booleans())
    elif kind == "cloze":
        gaps = draw(st.lists(words.map(lambda w: w.replace("}", "").replace("{", "") or "x"),
                             min_size=1, max_size=30))  # fmt: skip
        card["text"] = " ".join(f"{{{{{gap}}}}}" for gap in gaps)
    elif kind == "order":
        card["items"] = draw(distinct_words)
    else:
        card |= {"points": draw(st.lists(words, min_size=1, max_size=4))}
    return card


@st.composite
def valid_event(draw: st.DrawFn) -> dict[str, object]:
    start = draw(st.dates())
    event: dict[str, object] = {
        "id": draw(safe_ids),
        "date": draw(
            st.sampled_from([start, f"{start.year:04d}", f"{start.year:04d}-{start.month:02d}"])
            | st.sampled_from(["0000", "0001", "9999-12-31", "0000-05"])  # edges, and no year 0
        ),
        "title": draw(words),
        "topic": draw(topics),
    }
    if draw(st.booleans()):
        event["end"] = draw(st.dates(min_value=start) | st.sampled_from(["0000-05", "9999"]))
    return event


@st.composite
def damaged(
    draw: st.DrawFn,
    entry: dict[str, object],
    arbitrary: st.SearchStrategy[object] | None = None,
    odds: int = 12,
) -> dict[str, object]:
    """*entry* as it is, or with one field given an arbitrary value, or one more field."""
    arbitrary = values if arbitrary is None else arbitrary
    choice = draw(st.integers(0, odds))
    if choice == 1:
        field = draw(st.sampled_from(sorted(entry)))
        return entry | {field: draw(arbitrary)}
    if choice == 2:
        return entry | {draw(texts): draw(arbitrary)}
    return entry


def unique_ids(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Drop entries repeating an earlier id, so duplicates do not hide every other check."""
    seen: set[str] = set()
    kept = []
    for entry in entries:
        ident = repr(entry.get("id"))
        if ident not in seen:
            seen.add(ident)
            kept.append(entry)
    return kept


documents = st.fixed_dictionaries(
    {
        "deck": st.fixed_dictionaries({"id": safe_ids, "title": words, "topic": topics}).flatmap(
            damaged
        ),
        "card": st.lists(valid_card().flatmap(damaged), max_size=5).map(unique_ids),
        "event": st.lists(valid_event().flatmap(damaged), max_size=4).map(unique_ids),
    }
)


def exercise(path: Path) -> None:
    """Load *path*; when it is a deck, ask and grade every card with a few replies."""
    try:
        deck = load_deck(path)
    except DeckError as error:
        problems = error.problems
    else:
        problems = []
    if problems:  # a refusal explains itself: this file, and what is wrong
        assert all(problem.path == path and problem.message.strip() for problem in problems)
        return
    rng = random.Random(0)
    for card in deck.all_cards():
        question = make_question(card, rng)
        for reply in ("", "1", "a b", "1956-02-25", "Feb 1956", card.id, "x" * 300):
            verdict = grade(question, reply)
            assert 0.0 <= verdict.score <= 1.0


@FUZZ
@given(data=st.binary(max_size=600))
def test_loader_on_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    with bounded():
        exercise(path)


@FUZZ
@given(document=documents)
def test_loader_on_arbitrary_toml_documents(tmp_path: Path, document: dict[str, object]) -> None:
    path = tmp_path / "doc.toml"
    try:
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):  # not expressible as TOML text
        return
    with bounded():
        exercise(path)
        deck, problems = check_deck(path)
        assert (deck is None) == bool(problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=10,
)
NOW = datetime.now(UTC)
review_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": st.uuids().map(lambda u: u.hex) | texts,
        "card_key": st.sampled_from(["d/a", "d/b", "d/date:e"]) | texts,
        "reviewed_at": st.datetimes(
            min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
        ).map(datetime.isoformat)
        | st.sampled_from(
            [
                (NOW - timedelta(days=3)).isoformat(),
                "9999-12-31T23:59:59Z",
                "0001-01-01T00:00:00+14:00",
                "2026-01-01T10:00:00",
            ]
        )
        | texts,
        "rating": st.integers(min_value=-2, max_value=6) | json_values,
        "outcome": st.sampled_from(["correct", "partial", "wrong"]) | json_values,
        "score": st.floats() | st.integers() | json_values,
        "answer": texts,
        "duration_ms": st.none() | st.integers() | st.floats() | json_values,
        "mode": st.sampled_from(["review", "quiz", "timeline"]) | texts,
    },
)
valid_reviews = st.fixed_dictionaries(
    {
        "id": st.uuids().map(lambda u: u.hex),
        "card_key": st.sampled_from(["d/a", "d/b", "d/date:e"]),
        "reviewed_at": st.datetimes(
            min_value=datetime(1970, 1, 2), max_value=datetime(2026, 1, 1), timezones=st.timezones()
        ).map(datetime.isoformat),
        "rating": st.integers(min_value=1, max_value=4),
        "outcome": st.sampled_from(["correct", "partial", "wrong"]),
        "score": st.floats(min_value=0, max_value=1),
        "answer": texts,
        "duration_ms": st.none() | st.integers(min_value=0, max_value=10**6),
        "mode": st.sampled_from(["review", "quiz", "timeline"]),
    }
)
json_lines = st.one_of(
    valid_reviews.map(json.dumps),
    valid_reviews.flatmap(lambda review: damaged(review, json_values, odds=2)).map(json.dumps),
    review_fields.map(json.dumps),
    json_values.map(json.dumps),
    texts.map(lambda t: t.replace("\n", " ").replace("\r", " ")),
    st.integers(min_value=1, max_value=100_000).map(lambda depth: "[" * depth),
)


@FUZZ
@given(lines=st.lists(json_lines, max_size=6), header=st.booleans())
def test_importer_on_arbitrary_json_lines(tmp_path: Path, lines: list[str], header: bool) -> None:
    first = json.dumps({"format": FORMAT, "version": FORMAT_VERSION}) if header else "{}"
    source = tmp_path / "import.jsonl"
    source.write_text("\n".join([first, *lines]) + "\n", encoding="utf-8", errors="surrogatepass")
    path = tmp_path / "progress.sqlite3"
    path.unlink(missing_ok=True)
    with bounded(), Store.open(path) as store:
        try:
            added, _cards = import_progress(store, source, Config())
        except StudyError as error:
            refusal: StudyError | None = error
            added = 0
        else:
            refusal = None
        if refusal is not None:  # a refusal names the file and saves nothing
            assert str(source) in str(refusal)
        assert store.review_count() == added
        for review in store.reviews():
            assert review.id.strip()
            assert review.card_key.strip()
            assert review.reviewed_at.tzinfo is not None
