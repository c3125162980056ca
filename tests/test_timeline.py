"""`studycli timeline`: the view, its JSON, and the chronology drill, on real files."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from studycli.config import Config
from studycli.drills import (
    DrillKind,
    DrillQuestion,
    answer_problem,
    build_drill,
    event_shares,
    mark,
    order_score,
    share_rating,
    tied,
)
from studycli.grading import Rating
from studycli.library import load_library
from studycli.model import Event, PartialDate, Topic
from studycli.paths import bundled_decks_dir, progress_path
from studycli.scheduler import Scheduler, State
from studycli.sources import review_queue
from studycli.store import Store
from studycli.timeline import (
    Known,
    date_label,
    era_of,
    known_state,
    sort_events,
)
from tests.conftest import CliRunner, record_answer, write_deck
from tests.driver import Driver

MINI_DECK = """
[deck]
id = "mini"
title = "Five dated events"
topic = "context"

[[event]]
id = "speech"
date = 1956-02-25
title = "Alpha: the speech is given"
topic = "content"
tags = ["mini"]

[[event]]
id = "presidium"
date = 1956-03-05
title = "Bravo: the Presidium orders readings"
topic = "impacts"
tags = ["mini"]

[[event]]
id = "state-dept"
date = 1956-06-04
title = "Charlie: the State Department publishes"
topic = "impacts"
tags = ["mini"]

[[event]]
id = "budapest"
date = 1956-10-23
title = "Delta: revolution in Budapest"
topic = "impacts"
tags = ["mini"]

[[event]]
id = "crushed"
date = 1956-11-04
title = "Echo: the revolution is crushed"
topic = "impacts"
tags = ["mini"]
"""
MINI_DATES = {
    "Alpha: the speech is given": "1956-02-25",
    "Bravo: the Presidium orders readings": "1956-03-05",
    "Charlie: the State Department publishes": "1956-06-04",
    "Delta: revolution in Budapest": "1956-10-23",
    "Echo: the revolution is crushed": "1956-11-04",
}
MINI_KEYS = {
    "Alpha: the speech is given": "mini/date:speech",
    "Bravo: the Presidium orders readings": "mini/date:presidium",
    "Charlie: the State Department publishes": "mini/date:state-dept",
    "Delta: revolution in Budapest": "mini/date:budapest",
    "Echo: the revolution is crushed": "mini/date:crushed",
}
# Hand-counted: with k items there are k(k-1)/2 pairs. One adjacent swap breaks one
# pair; moving the last item to the front breaks its k-1 pairs.
SWAP_FEEDBACK = {4: "5 of 6 pairs in order.", 5: "9 of 10 pairs in order."}
SWAP_SCORE = {4: 5 / 6, 5: 9 / 10}
LAST_FIRST_FEEDBACK = {4: "3 of 6 pairs in order.", 5: "6 of 10 pairs in order."}
LAST_FIRST_SCORE = {4: 3 / 6, 5: 6 / 10}

BUNDLED_EVENTS = load_library([bundled_decks_dir()]).events()


def event(ident: str, when: str, end: str | None = None) -> Event:
    def parse(text: str) -> PartialDate:
        parts = [int(part) for part in text.split("-")]
        return PartialDate(*parts)

    return Event(
        deck_id="t",
        id=ident,
        date=parse(when),
        end=parse(end) if end else None,
        title=ident,
        topic=Topic.CONTEXT,
    )


def timeline_json(cli: CliRunner, *args: str) -> list[dict[str, object]]:
    result = cli("timeline", "--json", *args)
    assert result.returncode == 0, result.stderr
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def first_day(iso: object) -> date:
    parts = [int(part) for part in str(iso).split("-")]
    return PartialDate(*parts).first_day()


def review_rows(home: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(progress_path(home)) as db:
        rows = db.execute("SELECT card_key, rating, mode FROM review ORDER BY reviewed_at")
        return [(str(key), int(rating), str(mode)) for key, rating, mode in rows]


# --------------------------------------------------------------------------- the view


def test_json_is_sorted_by_date_and_holds_every_bundled_event(cli: CliRunner) -> None:
    data = timeline_json(cli)
    assert sorted((item["deck"], item["id"]) for item in data) == sorted(
        (e.deck_id, e.id) for e in BUNDLED_EVENTS
    )
    days = [first_day(item["date"]) for item in data]
    assert days == sorted(days)
    # Equal dates keep the authored order.
    ids = [item["id"] for item in data]
    assert ids.index("kirov-murdered") < ids.index("decree-1-dec-1934")
    by_id = {item["id"]: item for item in data}
    assert by_id["secret-speech"] | {"known": "new"} == {
        "id": "secret-speech",
        "date": "1956-02-25",
        "end": None,
        "precision": "day",
        "title": "Khrushchev delivers the Secret Speech to a closed session",
        "topic": "content",
        "tags": ["khrushchev", "stalin", "cult", "congress", "bulganin"],
        "deck": "timeline",
        "known": "new",
    }
    assert (by_id["soviet-publication"]["date"], by_id["soviet-publication"]["precision"]) == (
        "1989-03",
        "month",
    )
    assert (by_id["nagy-executed"]["date"], by_id["nagy-executed"]["precision"]) == (
        "1958-06-16",
        "day",
    )
    assert by_id["twentieth-congress"]["end"] == "1956-02-25"


def test_from_to_one_year_holds_exactly_that_years_events(cli: CliRunner) -> None:
    data = timeline_json(cli, "--from", "1956", "--to", "1956")
    expected = [e.id for e in sort_events(BUNDLED_EVENTS) if e.date.year == 1956]
    assert [item["id"] for item in data] == expected
    assert len(expected) > 20


SPAN_DECK = """
[deck]
id = "spans"
title = "A span over two years"
topic = "context"

[[event]]
id = "purge-1949-1950"
date = "1949"
end = "1950"
title = "A purge lasting from 1949 into 1950"
topic = "context"
"""


def test_spans_overlapping_the_range_count(cli: CliRunner, tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "spans.toml", SPAN_DECK)

    def ids(start: str, end: str) -> list[object]:
        result = cli("--deck", str(deck), "timeline", "--json", "--from", start, "--to", end)
        assert result.returncode == 0, result.stderr
        return [item["id"] for item in json.loads(result.stdout)]

    assert ids("1950", "1950") == ["purge-1949-1950", "leningrad-affair"]
    assert ids("1951", "1952") == ["slansky-trial"]


def test_topic_keeps_only_that_topic(cli: CliRunner) -> None:
    data = timeline_json(cli, "--topic", "impacts")
    assert {item["topic"] for item in data} == {"impacts"}
    assert len(data) == sum(e.topic is Topic.IMPACTS for e in BUNDLED_EVENTS)


def test_search_ignores_case_and_diacritics(cli: CliRunner) -> None:
    plain = [item["id"] for item in timeline_json(cli, "--search", "GOMULKA")]
    accented = [item["id"] for item in timeline_json(cli, "--search", "gomułka")]
    assert "gomulka-returns" in plain
    assert plain == accented


def test_bad_scope_is_a_usage_error(cli: CliRunner) -> None:
    assert cli("timeline", "--from", "1960", "--to", "1950").returncode == 2
    assert cli("timeline", "--topic", "gossip").returncode == 2


def test_detail_prints_explanation_and_source(cli: CliRunner) -> None:
    result = cli("timeline", "--detail", "secret-speech")
    assert result.returncode == 0, result.stderr
    assert "25 Feb 1956 · content · ○ new · timeline/secret-speech" in result.stdout
    words = " ".join(result.stdout.split())  # the explanation wraps at the terminal width
    assert "The best-supported date is the morning closed session of 25 February." in words
    assert "Source: Khrushchev, speech of 25 Feb 1956: State Department text (1956)" in words
    missing = cli("timeline", "--detail", "secret-speeh")
    assert missing.returncode == 1
    assert "did you mean secret-speech" in missing.stderr
    assert "Traceback" not in missing.stderr


def _make_known(store: Store, scheduler: Scheduler, key: str, now: datetime) -> None:
    """Good answers at every due date from 60 days ago until the card is due after now."""
    when = now - timedelta(days=60)
    while True:
        record_answer(store, scheduler, key, int(Rating.GOOD), when)
        state = store.state(key)
        assert state is not None
        if state.due > now + timedelta(hours=1):  # still above 90 % when the CLI runs
            break
        when = state.due


def test_view_marks_known_learning_and_new_events(
    cli: CliRunner, studycli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    # Without fuzzing a card is due exactly when recall falls to 90 %, so a card due
    # after now is above it (a fuzzed interval may run past that point).
    scheduler = Scheduler(Config(fuzz=False))
    now = datetime.now(UTC)
    with Store.open(progress_path(studycli_home)) as store:
        for ident in ("secret-speech", "stalin-dies"):
            _make_known(store, scheduler, f"timeline/date:{ident}", now)
        record_answer(
            store,
            scheduler,
            "timeline/date:beria-arrested",
            int(Rating.GOOD),
            now - timedelta(minutes=1),
        )
        states = store.states()
    for ident in ("secret-speech", "stalin-dies"):
        state = states[f"timeline/date:{ident}"]
        assert state.state is State.REVIEW
        assert known_state(state, scheduler.retrievability(state, now)) is Known.KNOWN

    result = cli("timeline", "--from", "1953", "--to", "1956")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()

    def line_of(title: str) -> str:
        return next(line for line in lines if title in line)

    assert "● known" in line_of("Khrushchev delivers the Secret Speech")
    assert "● known" in line_of("Stalin dies at the Kuntsevo dacha")
    assert "◐ learning" in line_of("Beria arrested at a Presidium meeting")
    assert "○ new" in line_of("Hungarian Revolution begins in Budapest")
    assert "○ new" in line_of("Beria executed")
    assert "~May 1954" in line_of("Ehrenburg's novel The Thaw")
    shown = sum(e.date.year <= 1956 and (e.end or e.date).year >= 1953 for e in BUNDLED_EVENTS)
    assert lines[0] == f"{shown} events · ● known 2 · ◐ learning 1 · ○ new {shown - 3}"
    known = {item["id"]: item["known"] for item in timeline_json(cli)}
    assert known["secret-speech"] == "known"
    assert known["beria-arrested"] == "learning"
    assert known["beria-executed"] == "new"


def test_narrow_terminal_without_colour(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    for args in (("timeline",), ("timeline", "--detail", "twentieth-congress")):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        assert "\x1b[" not in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= 60
    view = cli("timeline").stdout
    for era in ("Stalin's rule", "The succession", "The Congress and the speech"):
        assert era in view
    assert "1956 in Eastern Europe" in view
    assert "The later Khrushchev years" in view
    assert "Afterwards" in view
    assert re.search(r"^  17–31 Oct 1961 +○ new +22nd Party Congress", view, re.MULTILINE)
    assert re.search(r"^  14–25 Feb 1956 +○ new +20th Congress", view, re.MULTILINE)


# --------------------------------------------------------------------------- the drill


def _shown(text: str) -> list[str]:
    """Titles of the numbered lines of a question, in the order shown."""
    return [
        re.sub(r"^[ab]\. ", "", match.group(2))
        for match in re.finditer(r"^  (\d)\) (.*)$", text, re.MULTILINE)
    ]


@pytest.mark.slow
def test_plain_drill_scores_orders_by_pairs_and_records_reviews(
    tmp_path: Path, studycli_home: Path
) -> None:
    deck = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)
    driver = Driver(["--deck", str(deck), "timeline", "--quiz", "-n", "6", "--tag", "mini"])
    expected_reviews: Counter[tuple[str, int, str]] = Counter()
    scores: list[float] = []
    orders_seen = 0
    for _ in range(6):
        header = driver.read_until(r"^\[\d/6\] (put in order|which came first|when)$")
        instruction = driver.read_until(r"^(Give the numbers|Answer 1 or 2|When\?)[^\n]*\n")
        titles = _shown(driver.output[header.end() : instruction.start()])
        kind = header.group(1)
        if kind == "when":
            title = driver.output[header.end() : instruction.start()].split("happen? ")[1].strip()
            driver.send(MINI_DATES[title])
            driver.read_until(r"^RIGHT Correct\.$")
            expected_reviews[(MINI_KEYS[title], 3, "timeline")] += 1
            scores.append(1.0)
            continue
        right = sorted(titles, key=MINI_DATES.__getitem__)
        if kind == "which came first":
            driver.send(str(titles.index(right[0]) + 1))
            driver.read_until(r"^RIGHT Correct: ")
            for title in titles:
                expected_reviews[(MINI_KEYS[title], 3, "timeline")] += 1
            scores.append(1.0)
            continue
        count = len(titles)
        assert count in {4, 5}
        if orders_seen == 0:  # swap the first two: both Hard (one of their pairs wrong)
            given = [right[1], right[0], *right[2:]]
            feedback, score = SWAP_FEEDBACK[count], SWAP_SCORE[count]
            ratings = {title: 2 if title in right[:2] else 3 for title in given}
        else:  # the last first: that one Again (all its pairs wrong), the rest Hard
            given = [right[-1], *right[:-1]]
            feedback, score = LAST_FIRST_FEEDBACK[count], LAST_FIRST_SCORE[count]
            ratings = {title: 1 if title == right[-1] else 2 for title in given}
        orders_seen += 1
        driver.send(" ".join(str(titles.index(title) + 1) for title in given))
        driver.read_until(rf"^PARTLY {re.escape(feedback)}$")
        for title, rating in ratings.items():
            expected_reviews[(MINI_KEYS[title], rating, "timeline")] += 1
        scores.append(score)
    code, output, stderr = driver.finish()
    assert code == 0, stderr
    assert orders_seen == 2, output  # each block of three questions holds one ordering
    assert "Answered 6: 4 right, 2 partly right, 0 wrong" in output
    assert f"Score: {round(100 * sum(scores) / 6)}%" in output
    assert "\x1b[" not in output
    assert Counter(review_rows(studycli_home)) == expected_reviews


@pytest.mark.slow
def test_drill_reasks_a_malformed_order_and_end_of_input_keeps_answers(
    tmp_path: Path, studycli_home: Path, cli: CliRunner
) -> None:
    deck = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)
    args = ("--deck", str(deck), "timeline", "--quiz", "-n", "8", "--tag", "mini")
    result = cli(*args, input="\n\n")
    assert result.returncode == 0, result.stderr
    assert "Answered 2: 0 right, 0 partly right, 2 wrong" in result.stdout
    rows = review_rows(studycli_home)
    assert len(rows) >= 2
    assert {(rating, mode) for _key, rating, mode in rows} == {(1, "timeline")}

    driver = Driver(list(args))
    driver.read_until(r"^\[1/8\] (put in order|which came first|when)$")
    driver.read_until(r"^(Give the numbers|Answer 1 or 2|When\?)[^\n]*\n")
    driver.send("9 9")
    driver.read_until(r"^(Type the numbers 1-\d, each once|Answer 1 or 2 \(|Not a date)")
    driver.send(":quit")
    code, output, stderr = driver.finish()
    assert code == 0, stderr
    assert "Answered 0" in output


def test_review_brings_weak_timeline_dates_back(
    tmp_path: Path, studycli_home: Path, cli: CliRunner
) -> None:
    deck = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)
    drill = cli("--deck", str(deck), "timeline", "--quiz", "-n", "1", "--tag", "mini", input="\n")
    assert drill.returncode == 0, drill.stderr
    failed = {key for key, _rating, _mode in review_rows(studycli_home)}
    # Failed a moment ago, the dates are in a learning step: due at its time, not now.
    library = load_library([deck])
    with Store.open(progress_path(studycli_home)) as store:
        now = datetime.now(UTC)
        assert not failed & {c.key for c in review_queue(library.cards(), store, Config(), now)}
        later = review_queue(library.cards(), store, Config(), now + timedelta(minutes=15))
    assert failed == {card.key for card in later[: len(failed)]}


# --------------------------------------------------------------------------- scoring


def test_order_score_counts_right_pairs() -> None:
    a, b, c, d, e = (event(name, f"1956-0{i}-01") for i, name in enumerate("abcde", 1))
    assert order_score([a, b, c, d, e]) == 1.0
    assert order_score([b, a, c, d, e]) == 9 / 10  # one adjacent swap
    assert order_score([e, a, b, c, d]) == 6 / 10  # last moved first: 4 pairs wrong
    assert order_score([d, c, b, a]) == 0.0
    assert order_score([a, c, b, d]) == 5 / 6
    assert order_score([c, a, b]) == 1 / 3


def test_equal_or_overlapping_start_dates_are_right_either_way() -> None:
    day = event("day", "1956-10-23")
    same_day = event("same-day", "1956-10-23")
    month = event("month", "1956-10")
    year = event("year", "1956")
    later = event("later", "1956-11-04")
    assert order_score([same_day, day]) == 1.0
    assert order_score([day, month]) == 1.0  # "Oct 1956" may be the 23rd or later
    assert order_score([later, year]) == 1.0
    assert order_score([later, day]) == 0.0
    assert tied(month, day)
    assert not tied(month, later)
    # The view sorts approximate dates by their first possible day, stably.
    assert sort_events([later, day, month, same_day, year]) == [year, month, day, same_day, later]


def test_each_event_is_rated_from_the_share_of_its_own_pairs() -> None:
    a, b, c, d, e = (event(name, f"1956-0{i}-01") for i, name in enumerate("abcde", 1))
    assert event_shares([b, a, c, d, e]) == [3 / 4, 3 / 4, 1.0, 1.0, 1.0]
    assert event_shares([e, a, b, c, d]) == [0.0, 3 / 4, 3 / 4, 3 / 4, 3 / 4]
    assert event_shares([d, c, b, a]) == [0.0, 0.0, 0.0, 0.0]
    assert event_shares([a, c, b]) == [1.0, 1 / 2, 1 / 2]
    assert [share_rating(s) for s in (1.0, 0.75, 0.5, 0.49, 0.0)] == [
        Rating.GOOD,
        Rating.HARD,
        Rating.HARD,
        Rating.AGAIN,
        Rating.AGAIN,
    ]


def test_mark_reads_the_reply_against_the_shown_order() -> None:
    a, b, c, d = (event(name, f"1956-0{i}-01") for i, name in enumerate("abcd", 1))
    question = DrillQuestion(DrillKind.ORDER, (c, a, d, b))
    result = mark(question, "2 4 1 3")  # a b c d
    assert result.score == 1.0
    ids = {event.key: event.id for event in (a, b, c, d)}
    assert {ids[m.card_key]: m.rating for m in result.marks} == dict.fromkeys("abcd", Rating.GOOD)
    swapped = mark(question, "4,2,1,3")  # b a c d
    assert swapped.score == 5 / 6
    assert swapped.feedback == "5 of 6 pairs in order."
    assert {ids[m.card_key]: m.rating for m in swapped.marks} == {
        "a": Rating.HARD,
        "b": Rating.HARD,
        "c": Rating.GOOD,
        "d": Rating.GOOD,
    }
    assert mark(question, "bdac").score == 1.0  # letters name shown places: a b c d
    assert mark(question, "cadb").score == 0.0  # d c b a
    blank = mark(question, "")
    assert blank.score == 0.0
    assert {m.rating for m in blank.marks} == {Rating.AGAIN}
    assert answer_problem(question, "1 2 3") is not None
    assert answer_problem(question, "1 1 2 3") is not None
    assert answer_problem(question, "") is None
    first = DrillQuestion(DrillKind.FIRST, (b, a))
    assert mark(first, "b").score == 1.0
    assert mark(first, "1").score == 0.0
    assert {m.rating for m in mark(first, "1").marks} == {Rating.AGAIN}
    assert answer_problem(first, "3") is not None
    when = DrillQuestion(DrillKind.WHEN, (b,))
    assert mark(when, "1 Feb 1956").score == 1.0
    vague = mark(when, "Feb 1956")  # graded by grading.grade at the event's precision
    assert (vague.score, vague.marks[0].rating) == (0.5, Rating.HARD)
    assert answer_problem(when, "sometime") is not None


def test_which_came_first_takes_an_events_words_as_a_choice_card_does(
    tmp_path: Path, studycli_home: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing the event ("the speech is given") picks it, as an option's text picks a choice;
    words naming neither event are asked again, never marked."""
    import studycli.drills

    deck = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)

    def one_first_question(events: list[Event], count: int, *_: object) -> list[DrillQuestion]:
        by_id = {item.id: item for item in events}
        return [DrillQuestion(DrillKind.FIRST, (by_id["crushed"], by_id["speech"]))]

    monkeypatch.setattr(studycli.drills, "build_drill", one_first_question)
    args = ("--deck", str(deck), "timeline", "--quiz", "-n", "1", "--tag", "mini")
    result = cli(*args, input="Bravo\nthe speech is given\n")
    assert result.returncode == 0, result.stderr
    assert "Answer 1 or 2 (or a or b), or the event's words." in result.stdout
    assert "Correct: Alpha: the speech is given came first." in result.stdout
    assert "Answered 1: 1 right, 0 partly right, 0 wrong" in result.stdout
    export = tmp_path / "progress.jsonl"
    assert cli("progress", "export", str(export)).returncode == 0
    reviews = [json.loads(line) for line in export.read_text().splitlines()[1:]]
    assert sorted((r["card_key"], r["outcome"], r["rating"], r["answer"]) for r in reviews) == [
        ("mini/date:crushed", "correct", 3, "speech before crushed"),
        ("mini/date:speech", "correct", 3, "speech before crushed"),
    ]
    first = DrillQuestion(DrillKind.FIRST, (event("b", "1956-02-01"), event("a", "1956-01-01")))
    assert answer_problem(first, "a") is None
    assert mark(first, "a").score == 0.0
    assert mark(first, "the a").score == 1.0  # text when it is not a lone key


def test_drills_mix_kinds_and_never_show_an_order_already_right() -> None:
    rng = random.Random(7)
    questions = build_drill(BUNDLED_EVENTS, 30, rng)
    assert len(questions) == 30
    assert Counter(q.kind for q in questions) == dict.fromkeys(DrillKind, 10)
    for question in questions:
        shown = question.events
        if question.kind is DrillKind.ORDER:
            assert 4 <= len(shown) <= 6
            assert order_score(shown) < 1.0
        if question.kind is not DrillKind.WHEN:
            assert not any(tied(x, y) for i, x in enumerate(shown) for y in shown[i + 1 :])
    lone = build_drill([event("only", "1956")], 3, rng)
    assert [q.kind for q in lone] == [DrillKind.WHEN] * 3


def test_dates_are_labelled_at_their_precision_and_eras_by_first_day() -> None:
    assert date_label(event("a", "1956-10")) == "~Oct 1956"
    assert date_label(event("b", "1956-02-25")) == "25 Feb 1956"
    assert date_label(event("c", "1989")) == "~1989"
    assert date_label(event("d", "1956-02-14", "1956-02-25")) == "14–25 Feb 1956"
    assert date_label(event("e", "1934-01-26", "1934-02-10")) == "26 Jan–10 Feb 1934"
    assert date_label(event("f", "1949", "1950")) == "~1949–1950"
    bundled_eras = load_library([bundled_decks_dir()]).eras()
    eras = [
        era_of(event(str(i), when), bundled_eras).title
        for i, when in enumerate(
            ("1953-02-28", "1953-03", "1955-12-31", "1956", "1956-04", "1964-10-14", "1964-11")
        )
    ]
    assert eras == [
        "Lenin's Testament and Stalin's rule",
        "The succession",
        "The succession",
        "The Congress and the speech",
        "1956 in Eastern Europe",
        "The later Khrushchev years",
        "Afterwards",
    ]
    assert era_of(event("early", "1900"), bundled_eras).title == "Other events"
    assert era_of(event("late", "1956"), []).title == "Other events"


@pytest.mark.slow
def test_terminal_drill_prompts_and_ctrl_c_saves_and_exits_130(
    tmp_path: Path, studycli_home: Path
) -> None:
    pytest.importorskip("pexpect")
    from tests.test_terminal import CTRL_C, ENTER, Terminal

    deck = write_deck(tmp_path / "decks", "mini.toml", MINI_DECK)
    env = os.environ | {"STUDYCLI_HOME": str(studycli_home), "TERM": "xterm"}
    term = Terminal("--deck", str(deck), "timeline", "--quiz", "--tag", "mini", env=env)
    term.expect(r"timeline · card 1 of 8")
    term.prompt()
    term.send(ENTER)
    term.expect(r"✗ Wrong")
    term.expect(r"Rating Again|Enter next")
    term.send(ENTER)
    term.expect(r"timeline · card 2 of 8")
    term.prompt()
    term.send(CTRL_C)
    term.expect(r"Session interrupted; everything answered is saved\.")
    term.expect(r"Answered 1: 0 right")
    assert term.finish() == 130
    rows = review_rows(studycli_home)
    assert rows
    assert {(rating, mode) for _key, rating, mode in rows} == {(1, "timeline")}


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_piped_timeline_lines_are_what_rich_draws(width: int) -> None:
    """Piped, the view is written as plain lines without Rich's grid: the very characters
    Rich prints there, known marks included (or Rich draws it, where a title has a word
    wider than its column)."""
    from rich.console import Console

    from studycli.timeline import group_entries, timeline_entries
    from studycli.ui.render import timeline_view
    from studycli.ui.timeline_text import timeline_lines

    library = load_library([bundled_decks_dir()])
    events = library.events()
    scheduler = Scheduler(Config(fuzz=False))
    when = datetime(2026, 2, 25, 10, 0, tzinfo=UTC)
    states = {}
    for number, event in enumerate(events[:30]):  # known, learning and new marks
        state = scheduler.review(None, 3 if number % 2 else 1, when)
        states[event.key] = scheduler.review(state, 4, when + timedelta(days=3))
    entries = timeline_entries(events, states, lambda card: scheduler.retrievability(card, when))
    groups = group_entries(entries, library.eras())
    console = Console(width=width, no_color=True, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(timeline_view(groups, width=width), soft_wrap=False)
    drawn = [line.rstrip() for line in captured.get().splitlines()]
    lines = timeline_lines(groups, width=width)
    if width >= 60:
        assert lines is not None  # the bundled titles fit: the plain lines are used
    if lines is not None:
        assert lines == drawn
    assert {"● known", "◐ learning", "○ new"} <= {
        mark for line in drawn for mark in KNOWN if mark in line
    }


KNOWN = ("● known", "◐ learning", "○ new")
