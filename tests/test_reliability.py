"""Hard to break: arbitrary input, killed processes, full disks, read-only homes, crowds."""

from __future__ import annotations

import contextlib
import io
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycli.config import Config
from studycli.errors import DeckError, StoreError
from studycli.library import load_library
from studycli.loader import load_deck
from studycli.model import Mode
from studycli.paths import bundled_decks_dir
from studycli.scheduler import Scheduler
from studycli.session import Session
from studycli.sources import CardSource
from studycli.store import Store
from studycli.ui.plain_frontend import PlainFrontend
from tests.conftest import EVERY_KIND, CliRunner, record_answer, write_deck
from tests.driver import Driver

FEEDBACK = re.compile(r"^(RIGHT|PARTLY|WRONG) ", re.MULTILINE)

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.sampled_from(
        ["typed", "choice", "multi", "cloze", "order", "points", "truefalse", "content"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "id",
        "kind",
        "prompt",
        "answer",
        "accept",
        "choices",
        "answers",
        "text",
        "items",
        "points",
        "date",
        "end",
        "title",
        "topic",
        "tags",
        "hint",
        "explain",
        "source",
        "anwser",
    ]
)
entries = st.dictionaries(field_names, values, max_size=8)
documents = st.fixed_dictionaries(
    {
        "deck": st.dictionaries(st.sampled_from(["id", "title", "topic", "description"]), values),
        "card": st.lists(entries, max_size=4),
        "event": st.lists(entries, max_size=3),
    }
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
def test_loader_on_arbitrary_toml_raises_only_deck_error(
    tmp_path: Path, document: dict[str, object]
) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    try:
        load_deck(path)
    except DeckError as error:
        problems = error.problems
    else:
        return
    # A rejected document is explained: at least one problem, each naming this file and
    # saying what is wrong.
    assert problems
    for problem in problems:
        assert problem.path == path
        assert problem.message.strip()
        assert str(problem).startswith(str(path))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_loader_on_arbitrary_bytes_raises_only_deck_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    with contextlib.suppress(DeckError):
        load_deck(path)


LINES = st.lists(
    st.one_of(
        st.text(max_size=20).map(lambda t: t.replace("\n", " ").replace("\r", " ")),
        st.sampled_from([":undo", ":skip", ":hint", "1", "a c", "3 1 2 4", "1956", "t", ""]),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=LINES, seed=st.integers(0, 1000))
def test_plain_session_fed_random_lines_keeps_every_answer(
    tmp_path: Path, lines: list[str], seed: int
) -> None:
    cards = load_library([EVERY_KIND]).cards()
    out = io.StringIO()
    frontend = PlainFrontend(io.StringIO("".join(line + "\n" for line in lines)), out)
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "progress.sqlite3"
    with Store.open(path) as store:
        source = CardSource(Mode.QUIZ, cards, rng=random.Random(seed))
        session = Session(store, Scheduler(Config()), frontend, source)
        summary = session.run(cards)
        assert store.review_count() == summary.answered
    with Store.open(path) as store:
        assert store.review_count() == summary.answered
        assert len(FEEDBACK.findall(out.getvalue())) >= summary.answered


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(20))
def test_sigkill_at_a_random_moment_keeps_what_was_shown(studycli_home: Path, trial: int) -> None:
    rng = random.Random(trial)
    driver = Driver(["quiz", "-n", "12"])
    answers = rng.randint(0, 8)
    for _ in range(answers):
        driver.read_until(r"^\[\d+/12\]")
        reply = rng.choice(["", "1", "t", "Khrushchev", "1956"])
        driver.send(reply)
        if reply:  # unreadable for this card's kind, it is asked again: then "don't know"
            driver.send("")
    driver.read_until(r"^\[\d+/12\]")
    driver.process.send_signal(signal.SIGKILL)
    driver.finish()
    shown = len(FEEDBACK.findall(driver.output))
    path = studycli_home / "progress.sqlite3"
    if not path.exists():
        assert shown == 0
        return
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reviews = db.execute(
            "SELECT card_key, MAX(reviewed_at) FROM review GROUP BY card_key"
        ).fetchall()
        count = db.execute("SELECT COUNT(*) FROM review").fetchone()[0]
        states = dict(db.execute("SELECT card_key, last_review FROM card_state").fetchall())
    assert count >= shown
    assert dict(reviews) == states


def _answer(store: Store, number: int, answer: str) -> None:
    record_answer(store, Scheduler(Config()), f"d/{number}", 3, datetime.now(UTC), answer=answer)


def test_full_disk_gives_a_clear_error_and_keeps_earlier_reviews(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        for number in range(3):
            _answer(store, number, "ok")
        # SQLite's page limit stands in for a full disk: writes fail with SQLITE_FULL.
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        failure: StoreError | None = None
        for number in range(3, 200):
            try:
                _answer(store, number, "x" * 4000)
            except StoreError as error:
                failure = error
                break
    assert failure is not None
    assert "disk is full" in str(failure)
    assert str(path) in str(failure)
    with Store.open(path) as store:
        assert store.review_count() >= 3
        assert {f"d/{n}" for n in range(3)} <= store.keys_with_history()


def test_read_only_home_gives_a_clear_error(cli: CliRunner, studycli_home: Path, immutable) -> None:  # type: ignore[no-untyped-def]
    assert cli("quiz", "-n", "1", input="\n").returncode == 0
    before = cli("stats", "--json").stdout
    for name in ("progress.sqlite3-wal", "progress.sqlite3-shm"):
        (studycli_home / name).unlink(missing_ok=True)
    immutable(studycli_home / "progress.sqlite3")
    immutable(studycli_home)
    result = cli("quiz", "-n", "1", input="\n")
    assert result.returncode == 1
    assert "read-only" in result.stderr
    assert str(studycli_home / "progress.sqlite3") in result.stderr
    assert "Traceback" not in result.stderr
    del before


def test_changed_deck_keeps_orphaned_history_and_says_so(cli: CliRunner, tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "mine.toml", EVERY_KIND.read_text(encoding="utf-8"))
    assert (
        cli(
            "--deck", str(deck), "quiz", "--deck", "every-kind", "-n", "10", input="\n" * 10
        ).returncode
        == 0
    )
    renamed = deck.read_text(encoding="utf-8").replace('id = "chair"', 'id = "who-chaired"')
    renamed = renamed.replace('id = "premier"', 'id = "khrushchev-premier"')
    deck.write_text(renamed, encoding="utf-8")
    result = cli("decks", "check", str(deck))
    assert result.returncode == 0, result.stderr
    assert "deck 'every-kind': 2 card(s) with history are no longer in the deck" in result.stdout
    assert "chair" in result.stdout
    assert "premier" in result.stdout
    stats = cli("--deck", str(deck), "stats", "--json")
    assert '"total_reviews": 10' in stats.stdout


@pytest.mark.slow
def test_four_sessions_at_once_keep_every_review(cli: CliRunner) -> None:
    topics = ["content", "omissions", "impacts", "context"]
    drivers = [Driver(["quiz", "-n", "5", "--topic", topic]) for topic in topics]
    for _ in range(5):
        for driver in drivers:
            driver.read_until(r"^\[\d/5\]")
            driver.send("")
    for driver in drivers:
        code, _output, stderr = driver.finish()
        assert code == 0, stderr
        assert "locked" not in stderr
    assert '"total_reviews": 20' in cli("stats", "--json").stdout


# Each child imports the store, says so, then waits for its cue on stdin. In even rounds
# the parent cues all four at once (they race to set up the new file together); in odd
# rounds it cues the next child as soon as the previous one says it is opening the file,
# so one creates the schema while the next inspects the file.
OPEN_ON_CUE = """
import sys
from pathlib import Path
from studycli.store import Store
print("ready", flush=True)
sys.stdin.readline()
print("opening", flush=True)
with Store.open(Path(sys.argv[1])) as store:
    print(store.review_count(), flush=True)
"""


@pytest.mark.parametrize("round_number", range(12))
@pytest.mark.slow
def test_new_store_opened_by_four_processes_at_once(tmp_path: Path, round_number: int) -> None:
    path = tmp_path / f"round-{round_number}" / "progress.sqlite3"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_ON_CUE, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        assert child.stdout is not None
        child.stdin.write("go\n")
        child.stdin.flush()
        if round_number % 2:
            assert child.stdout.readline() == "opening\n"
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert out.splitlines()[-1] == "0", "the new store must open empty"


def test_bundled_library_loads(tmp_path: Path) -> None:
    assert load_library([bundled_decks_dir()]).cards()
