"""Fault injection: hostile targets, homes, decks, imports and races, one section each.

Each section reproduces one way studycli was broken and asserts what the learner gets
now: a clear message and exit 1 with nothing lost, or the work done properly. Commands
run in process through :func:`studycli.cli.main.main`, the one exit point, except where
only a process can show it (a pipe as stdout, a hang, processes racing each other).

The sections follow the list of defects they come from: the one exit point; 1 special
files as export targets; 2 home paths with URI characters; 3 escape sequences from
data; 4 undo; 5 card_state against a replay of the log; 6 damaged pages; 7 tracebacks;
8 hangs and quadratic checks; 10 the smaller things; 11 one broken deck. The progress
file format (12) is held to its documentation by tests/test_progress_format.py, and
arbitrary input by the property tests in tests/test_fuzz_inputs.py.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from studycli.cli.main import main
from studycli.errors import StudyError
from tests.conftest import EVERY_KIND, env_without_coverage, write_deck

ESCAPES = ("\x1b", "\x07", "\u202e", "\u200b", "\u2066")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``studycli ARGS`` in process with *input* (or the bytes *raw*) as its
    (non-terminal) stdin."""

    def invoke(*args: str, input: str = "", raw: bytes | None = None) -> Result:
        capsys.readouterr()
        stdin = io.StringIO(input) if raw is None else io.TextIOWrapper(io.BytesIO(raw))
        monkeypatch.setattr(sys, "stdin", stdin)
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def studied(run: Run, home: Path, count: int = 3) -> Path:
    """Answer *count* questions of the every-kind deck in *home*; return the store path."""
    result = run(
        "--home", str(home), "--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind",
        "-n", str(count), input="\n" * count,
    )  # fmt: skip
    assert result.code == 0, result.output
    return home / "progress.sqlite3"


def no_traceback(result: Result, codes: tuple[int, ...] = (1,)) -> None:
    """A clear refusal: exit 1 (or another expected status) and no traceback."""
    assert "Traceback" not in result.output
    assert result.code in codes, result.output


# -- issue 13 part 4: one exit point -------------------------------------------------


def test_unexpected_error_is_one_line_with_a_hint_and_debug_shows_the_traceback(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_self: object, **_options: object) -> None:
        raise ValueError("boom\x1b[2J\nsecond line")

    monkeypatch.setattr("studycli.cli.state.AppState.library", broken)
    result = run("decks", "list")
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "unexpected error: ValueError: boom" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr

    debug = run("--debug", "decks", "list")
    assert debug.code == 1
    assert "Traceback" in debug.stderr
    assert "ValueError: boom" in debug.stderr


def test_study_error_exits_with_its_own_code(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    class Special(StudyError):
        exit_code = 3

    def broken(_self: object, **_options: object) -> None:
        raise Special("cannot do that")

    monkeypatch.setattr("studycli.cli.state.AppState.library", broken)
    result = run("decks", "list")
    assert (result.code, result.stderr) == (3, "studycli: cannot do that\n")
    assert "Traceback" in run("--debug", "decks", "list").stderr


# -- 1: exports never replace special files, keep modes, write through symlinks ------


def test_export_refuses_a_fifo_and_a_folder_and_leaves_them(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (fifo, folder):
        for args in (
            ("progress", "export", str(target)),
            ("decks", "export", "--anki", str(target)),
        ):
            result = run(*args)
            no_traceback(result, (1, 2))  # 2: Typer refuses a folder for --anki itself
            assert str(target) in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert folder.is_dir()
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "home", "pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a device node")
def test_export_refuses_a_device_and_leaves_it_a_device(run: Run, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    for args in (("progress", "export", str(null)), ("decks", "export", "--anki", str(null))):
        result = run(*args)
        no_traceback(result)
        assert "not a regular file" in result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)


def test_export_keeps_the_mode_of_an_existing_file(run: Run, tmp_path: Path) -> None:
    studied(run, tmp_path / "home")
    for name, args in (
        ("p.jsonl", ("progress", "export")),
        ("d.apkg", ("decks", "export", "--anki")),
    ):
        target = tmp_path / name
        target.write_text("old")
        target.chmod(0o600)
        assert run("--home", str(tmp_path / "home"), *args, str(target)).code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_bytes() != b"old"


def test_export_writes_through_a_symlink(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    studied(run, home)
    (tmp_path / "real").mkdir()
    for name, args in (
        ("p.jsonl", ("progress", "export")),
        ("d.apkg", ("decks", "export", "--anki")),
    ):
        real = tmp_path / "real" / name
        real.write_text("old")
        link = tmp_path / f"link-{name}"
        link.symlink_to(real)
        assert run("--home", str(home), *args, str(link)).code == 0
        assert link.is_symlink()
        assert real.read_bytes() != b"old"
    lines = (tmp_path / "real" / "p.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["format"] == "studycli-progress"
    assert len(lines) == 4


def test_saved_config_stays_a_symlink_with_its_mode(tmp_path: Path) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from studycli.config import load_config
    from studycli.optimize import save_parameters

    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("new_per_day = 5\n")
    real.chmod(0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    fitted = [round(value * 1.01, 4) for value in DEFAULT_PARAMETERS]
    save_parameters(link, fitted)
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert load_config(real).parameters == tuple(fitted)
    assert load_config(real).new_per_day == 5


# -- 2: any home path works; a foreign file stays byte-for-byte untouched ------------


@pytest.mark.parametrize("name", ["uri#x", "what?mode=rw", "100%25", "a b#c?d%e"])
def test_foreign_file_in_a_home_with_uri_characters_is_left_untouched(
    run: Run, tmp_path: Path, name: str
) -> None:
    home = tmp_path / "w" / name
    home.mkdir(parents=True)
    foreign = home / "progress.sqlite3"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (x)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    db.close()
    before = foreign.read_bytes()
    result = run("--home", str(home), "stats")
    no_traceback(result)
    assert "belongs to another program" in result.stderr
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["cache", "progress.sqlite3"]
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == [name]


def test_home_with_uri_characters_works(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "uri#x?y%z"
    studied(run, home, count=2)
    result = run("--home", str(home), "stats", "--json")
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["total_reviews"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("uri")] == ["uri#x?y%z"]


# -- 3: nothing from a file reaches the terminal as an escape sequence ---------------

HOSTILE_ID = "x\x1b]0;PWNED\x07\x1b[2J\u202egnp.exe\u200b"


def test_deck_check_prints_hostile_ids_names_and_files_harmlessly(run: Run, tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path,
        "bad\x1b[2J\u202e.toml",
        f"""
"ta\\u001b[31mble" = 1

[deck]
id = "bad"
title = "Bad"
topic = "content"

[[card]]
id = "{HOSTILE_ID.encode("unicode_escape").decode()}"
kind = "typed"
prompt = "p"
answer = "a"
"fi\\u001b[2Jeld\\u202e" = "x"

[[event]]
id = "e\\u001b[2J"
date = "1956"
title = "t"
topic = "content"
""",
    )
    result = run("decks", "check", str(deck))
    assert result.code == 1
    assert not any(char in result.output for char in ESCAPES)
    assert "PWNED" in result.stderr  # shown, as text
    assert "unknown table" in result.stderr
    assert "unknown field" in result.stderr
    assert result.stderr.count("bad") >= 3


def test_orphan_note_from_an_imported_card_key_is_harmless(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    studied(run, home, count=1)
    export = tmp_path / "p.jsonl"
    assert run("--home", str(home), "progress", "export", str(export)).code == 0
    lines = export.read_text().splitlines()
    review = json.loads(lines[1])
    review["id"] = "f" * 32
    review["card_key"] = f"every-kind/{HOSTILE_ID}"
    export.write_text("\n".join([*lines, json.dumps(review)]) + "\n")
    assert run("--home", str(home), "progress", "import", str(export)).code == 0
    result = run("--home", str(home), "decks", "check", str(EVERY_KIND))
    assert result.code == 0, result.output
    assert "card(s) with history are no longer in the deck" in result.stdout
    assert "PWNED" in result.stdout
    assert not any(char in result.output for char in ESCAPES)


def test_hostile_deck_text_never_reaches_the_terminal_from_any_command(
    run: Run, tmp_path: Path
) -> None:
    evil = "\\u001b]0;PWNED\\u0007\\u001b[2J\\u202e\\u200b\\u2066"
    deck = write_deck(
        tmp_path,
        "evil.toml",
        f"""
[deck]
id = "evil"
title = "Evil{evil}"
topic = "content"
description = "d{evil}"

[[card]]
id = "one"
kind = "typed"
prompt = "Prompt{evil}"
answer = "Answer{evil}"
hint = "Hint{evil}"
explain = "Explain{evil}"
source = "Source{evil}"
tags = ["evil"]

[[card]]
id = "two"
kind = "choice"
prompt = "Choose{evil}"
choices = ["A{evil}", "B{evil}"]
answer = "A{evil}"
tags = ["evil"]

[[event]]
id = "ev"
date = "1956-02-25"
title = "Title{evil}"
topic = "content"
explain = "Explain{evil}"
tags = ["evil"]

[[note]]
id = "n"
title = "Note{evil}"
tags = ["evil"]
body = "Body{evil} text"
source = "Src{evil}"
""",
    )
    base = ("--deck", str(deck))
    export = tmp_path / "p.jsonl"
    typed = "Answer\x1b[2J\u202e\n"  # what a learner typed comes back in reports too
    runs = [
        ("Evil", run(*base, "decks", "list")),
        ("Prompt", run(*base, "quiz", "--deck", "evil", "-n", "3", input=f"?\n{typed}\n\n")),
        ("[1/2] evil", run(*base, "exam", "--deck", "evil", "-n", "2", input="1\n\n\n")),
        ("Title", run(*base, "timeline", "--quiz", "--tag", "evil", "-n", "1", input="\n")),
        ("content", run(*base, "stats")),
        ("Title", run(*base, "timeline", "--topic", "content")),
        ("Note", run(*base, "notes")),
        ("Readiness", run(*base, "readiness", "--deck", "evil")),
        ("ok", run(*base, "decks", "check")),
        ("Exported", run(*base, "progress", "export", str(export))),
        ("evil/", run(*base, "class", "report", str(export))),
    ]
    for shown, result in runs:
        assert result.code == 0, result.output
        assert not any(char in result.output for char in ESCAPES), result.output
        assert shown in result.output


def test_a_replacing_deck_with_a_hostile_file_name_is_named_harmlessly(
    run: Run, tmp_path: Path
) -> None:
    deck = write_deck(tmp_path, "evil\x1b[2J\u202e.toml", deck_text(ONE_CARD, "speech-content"))
    for args in (("decks", "list"), ("decks", "check", str(deck))):
        result = run("--deck", str(deck), *args)
        assert result.code == 0, result.output
        assert "replaces the bundled deck 'speech-content'" in result.output
        assert not any(char in result.output for char in ESCAPES)


def test_clean_strips_bidi_zero_width_and_lone_surrogates() -> None:
    from studycli.ui.sanitize import clean

    assert clean("a\u202eb\u2066c\u2069d\u200be\u200df\ufeffg\u061ch\u2028i") == "abcdefghi"
    assert clean("x\ud800y") == "x\ufffdy"
    assert clean("Gomułka — Ру́сский\tok\n") == "Gomułka — Ру́сский\tok\n"


# -- 4: undo restores the card or says why it cannot ---------------------------------


def test_undo_after_a_later_review_elsewhere_says_it_cannot(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from studycli.config import Config
    from studycli.scheduler import Scheduler
    from studycli.store import Store
    from tests.conftest import record_answer
    from tests.driver import Driver

    args = ["--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "-n", "2"]
    driver = Driver(args)
    driver.read_until(r"^\[1/2\]")
    driver.send("Lenin's Testament")
    driver.read_until(r"^\[2/2\]")
    store_path = Path(os.environ["STUDYCLI_HOME"]) / "progress.sqlite3"
    skewed = datetime.now(UTC) + timedelta(hours=1)  # another machine's clock runs ahead
    with Store.open(store_path) as store:
        record_answer(store, Scheduler(Config()), "every-kind/testament", 1, skewed)
    driver.send(":undo")
    driver.read_until(r"^(Undone|Cannot undo)")
    driver.close_input()
    code, output, stderr = driver.finish()
    assert code == 0, stderr
    with Store.open(store_path) as store:
        reviews = store.reviews("every-kind/testament")
    if "Cannot undo" in output:
        assert "Undone" not in output
        assert [(r.rating, r.answer) for r in reviews] == [(3, "Lenin's Testament"), (1, "")]
    else:
        assert [(r.rating, r.answer) for r in reviews] == [(1, "")]


# -- 5: card_state is always a replay of the review log ------------------------------


@pytest.mark.slow
def test_card_state_equals_a_replay_of_the_log_after_concurrent_sessions(
    tmp_path: Path, studycli_home: Path
) -> None:
    from studycli.config import Config
    from studycli.scheduler import Scheduler
    from studycli.store import Store
    from tests.driver import Driver

    deck = write_deck(tmp_path, "one.toml", deck_text(ONE_CARD))
    studycli_home.mkdir()
    (studycli_home / "config.toml").write_text("fuzz = false\n")
    args = ["--deck", str(deck), "quiz", "--deck", "t", "-n", "1"]
    for _round in range(8):
        drivers = [Driver(args) for _ in range(4)]
        for driver in drivers:  # all four hold the question before any answers
            driver.read_until(r"^\[1/1\]")
        for driver in drivers:
            driver.send("true")
        for driver in drivers:
            code, _output, stderr = driver.finish()
            assert code == 0, stderr
    with Store.open(studycli_home / "progress.sqlite3") as store:
        log = [(review.reviewed_at, review.rating) for review in store.reviews("t/c")]
        state = store.state("t/c")
    assert len(log) == 32
    assert state == Scheduler(Config(fuzz=False)).replay(log)


def test_an_answer_dated_before_the_cards_latest_review_is_replayed_in_time_order(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    from studycli.config import Config
    from studycli.grading import Outcome
    from studycli.model import Mode
    from studycli.scheduler import Scheduler
    from studycli.store import NewReview, Store

    scheduler = Scheduler(Config(fuzz=False))
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)

    def answer(rating: int) -> list[NewReview]:
        return [NewReview("d/a", rating, Outcome.CORRECT, 1.0, "x", 100, Mode.QUIZ)]

    with Store.open(tmp_path / "p.sqlite3") as store:
        store.record_many(answer(3), start, scheduler.review)
        [late] = store.record_many(answer(1), start + timedelta(days=3), scheduler.review)
        # A session that read its clock before the one above committed first:
        [early] = store.record_many(answer(4), start + timedelta(days=2), scheduler.review)
        log = [(review.reviewed_at, review.rating) for review in store.reviews("d/a")]
        assert [rating for _when, rating in log] == [3, 4, 1]
        assert store.state("d/a") == scheduler.replay(log)
        store.amend_rating(early, 2, scheduler.review)  # overridden after the later one
        log = [(review.reviewed_at, review.rating) for review in store.reviews("d/a")]
        assert [rating for _when, rating in log] == [3, 2, 1]
        assert store.state("d/a") == scheduler.replay(log)
        assert store.undo(early) is None  # not the latest: the session says it cannot
        assert store.undo(late) == "d/a"
        log = [(review.reviewed_at, review.rating) for review in store.reviews("d/a")]
        assert store.state("d/a") == scheduler.replay(log)


# -- 6: a damaged store is refused before anything is written to it -----------------


def test_damaged_pages_are_found_before_the_first_write(run: Run, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from studycli.config import Config
    from studycli.scheduler import Scheduler
    from studycli.store import Store
    from tests.conftest import record_answer

    home = tmp_path / "home"
    path = home / "progress.sqlite3"
    home.mkdir()
    with Store.open(path) as store:
        for number in range(300):
            key = f"other/{number}"
            record_answer(store, Scheduler(Config()), key, 3, datetime.now(UTC), answer="x" * 200)
    with path.open("r+b") as handle:  # 8 KB of garbage in the middle of the file
        handle.seek(path.stat().st_size // 2)
        handle.write(bytes(range(256)) * 32)
    before = path.read_bytes()
    result = studied_result = run(
        "--home", str(home), "--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind",
        "-n", "1", input="\n",
    )  # fmt: skip
    no_traceback(studied_result)
    assert f"the progress file {path} is damaged" in result.stderr
    assert "nothing was written" in result.stderr
    assert path.read_bytes() == before


# -- 7: no traceback, whatever the input ---------------------------------------------


def deck_text(extra: str = "", ident: str = "t") -> str:
    return f'[deck]\nid = "{ident}"\ntitle = "T"\ntopic = "context"\n{extra}'


ONE_CARD = '\n[[card]]\nid = "c"\nkind = "truefalse"\nprompt = "p"\nanswer = true\n'


def test_deeply_nested_toml_is_a_problem_in_a_deck_and_in_config(
    run: Run, tmp_path: Path, studycli_home: Path
) -> None:
    nested = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    deck = write_deck(tmp_path, "deep.toml", nested + deck_text(ONE_CARD))
    result = run("decks", "check", str(deck))
    no_traceback(result)
    assert f"{deck}: TOML nested too deeply" in result.stderr
    studycli_home.mkdir()
    (studycli_home / "config.toml").write_text(nested)
    result = run("stats")
    no_traceback(result)
    assert f"{studycli_home / 'config.toml'}: TOML nested too deeply" in result.stderr


def test_symlink_loop_in_a_deck_folder_is_named(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    write_deck(folder, "good.toml", deck_text(ONE_CARD))
    (folder / "a.toml").symlink_to(folder / "b.toml")
    (folder / "b.toml").symlink_to(folder / "a.toml")
    result = run("--deck", str(folder), "quiz", "--deck", "t", "-n", "1", input="\n")
    no_traceback(result)
    assert f"{folder / 'a.toml'}: cannot be read: Too many levels of symbolic links" in (
        result.stderr
    )


def test_a_device_as_a_deck_is_refused_without_reading_it() -> None:
    import resource
    import subprocess

    def bounded_memory() -> None:  # reading /dev/zero whole must not take the machine down
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "studycli", "--deck", "/dev/zero", "quiz", "-n", "1"],
        input="\n", capture_output=True, text=True, timeout=60, check=False,
        preexec_fn=bounded_memory,
    )  # fmt: skip
    result = Result(done.returncode, done.stdout, done.stderr)
    no_traceback(result)
    assert "/dev/zero: cannot be read: not a regular file" in result.stderr


@pytest.mark.parametrize(("field", "value"), [("date", '"0000"'), ("end", '"0000-05"')])
def test_year_zero_is_a_deck_problem(run: Run, tmp_path: Path, field: str, value: str) -> None:
    event = {"date": '"1956"', "end": '"1957"'} | {field: value}
    deck = write_deck(
        tmp_path,
        "zero.toml",
        deck_text(
            f'\n[[event]]\nid = "e"\ndate = {event["date"]}\nend = {event["end"]}\n'
            'title = "t"\ntopic = "context"\n'
        ),
    )
    result = run("decks", "check", str(deck))
    no_traceback(result)
    assert f"field '{field}': impossible date" in result.stderr
    assert "there is no year 0" in result.stderr


def test_cloze_with_a_thousand_gaps_is_asked_and_saved(run: Run, tmp_path: Path) -> None:
    text = " ".join(f"{{{{{number}}}}}" for number in range(1000))
    deck = write_deck(
        tmp_path, "gaps.toml", deck_text(f'\n[[card]]\nid = "c"\nkind = "cloze"\ntext = "{text}"\n')
    )
    result = run("--deck", str(deck), "quiz", "--deck", "t", "-n", "1", input="\n")
    assert result.code == 0, result.output
    assert "[1000] ____" in result.stdout
    export = tmp_path / "p.jsonl"
    assert run("progress", "export", str(export)).code == 0
    reviews = [json.loads(line) for line in export.read_text().splitlines()[1:]]
    assert [(r["card_key"], r["outcome"], r["rating"]) for r in reviews] == [("t/c", "wrong", 1)]


def test_export_to_a_missing_folder_says_so(run: Run, tmp_path: Path) -> None:
    result = run("progress", "export", str(tmp_path / "nowhere" / "p.jsonl"))
    no_traceback(result)
    assert f"the folder {tmp_path / 'nowhere'} does not exist" in result.stderr


def test_export_to_stdout_as_a_pipe_is_refused(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "studycli", "progress", "export", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot write /dev/stdout: it is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_that_runs_out_of_space_keeps_the_old_file(run: Run, tmp_path: Path) -> None:
    import resource
    import signal
    import subprocess

    studied(run, tmp_path / "home", count=3)
    target = tmp_path / "p.jsonl"
    target.write_text("old export\n")

    def small_files() -> None:  # writes past 200 bytes fail as they do on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    result = subprocess.run(
        [sys.executable, "-m", "studycli", "--home", str(tmp_path / "home"), "progress",
         "export", str(target)],
        capture_output=True, text=True, timeout=60, check=False, preexec_fn=small_files,
        env=env_without_coverage(),  # coverage could not save its data under the limit
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert f"cannot write {target}: File too large; it was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text() == "old export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_into_a_read_only_folder_says_so(run: Run, tmp_path: Path, immutable) -> None:  # type: ignore[no-untyped-def]
    studied(run, tmp_path / "home", count=1)
    folder = tmp_path / "mount"
    folder.mkdir()
    immutable(folder)
    result = run("--home", str(tmp_path / "home"), "progress", "export", str(folder / "p.jsonl"))
    no_traceback(result)
    assert f"cannot write {folder / 'p.jsonl'}: Operation not permitted" in result.stderr


def exported(run: Run, tmp_path: Path) -> tuple[Path, list[str]]:
    """Study one card in a second home and export it: (the export, its lines)."""
    home = tmp_path / "other"
    studied(run, home, count=1)
    export = tmp_path / "p.jsonl"
    assert run("--home", str(home), "progress", "export", str(export)).code == 0
    return export, export.read_text().splitlines()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration_ms": 10**27}, "duration_ms must be from 0 to"),
        ({"duration_ms": -5}, "duration_ms must be from 0 to"),
        ({"answer": "\ud800"}, "field 'answer' holds a lone surrogate"),
        ({"reviewed_at": "9999-12-31T23:59:59Z"}, "is before 1970 or in the future"),
        ({"reviewed_at": "0001-01-01T00:00:00+14:00"}, "is out of range"),
        ({"reviewed_at": "2026-01-01T10:00:00"}, "has no time zone offset"),
        ({"id": ""}, "field 'id' must not be empty"),
        ({"card_key": " "}, "field 'card_key' must not be empty"),
        ({"score": float("nan")}, "score must be from 0 to 1"),
    ],
)
def test_import_refuses_impossible_values_with_the_line_number(
    run: Run, tmp_path: Path, studycli_home: Path, change: dict[str, object], message: str
) -> None:
    studied(run, studycli_home, count=1)
    before = run("progress", "export", str(tmp_path / "before.jsonl"))
    assert before.code == 0
    export, lines = exported(run, tmp_path)
    review = json.loads(lines[1]) | change
    export.write_text(lines[0] + "\n" + json.dumps(review) + "\n")
    result = run("progress", "import", str(export))
    no_traceback(result)
    assert f"{export}: line 2: " in result.stderr
    assert message in result.stderr
    assert run("progress", "export", str(tmp_path / "after.jsonl")).code == 0
    before_lines = (tmp_path / "before.jsonl").read_text().splitlines()[1:]
    assert (tmp_path / "after.jsonl").read_text().splitlines()[1:] == before_lines


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "1e300"])
def test_fsrs_parameters_out_of_bounds_are_a_config_error(
    run: Run, studycli_home: Path, value: str
) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    weights = [str(weight) for weight in DEFAULT_PARAMETERS]
    weights[3] = value
    studycli_home.mkdir()
    (studycli_home / "config.toml").write_text(f"parameters = [{', '.join(weights)}]\n")
    result = run("quiz", "-n", "1", input="\n")
    no_traceback(result)
    assert f"{studycli_home / 'config.toml'}: 'parameters' item 4 must be from" in result.stderr


def test_a_line_that_is_not_utf8_is_asked_again(run: Run, tmp_path: Path) -> None:
    typed = b"Gomu\xb3ka\nLenin's Testament\n"
    result = run("--deck", str(EVERY_KIND), "quiz", "--deck", "every-kind", "-n", "1", raw=typed)
    assert result.code == 0, result.output
    assert "that line is not UTF-8 text; type it again" in result.stderr
    export = tmp_path / "p.jsonl"
    assert run("progress", "export", str(export)).code == 0
    reviews = [json.loads(line) for line in export.read_text().splitlines()[1:]]
    assert [(r["answer"], r["outcome"]) for r in reviews] == [("Lenin's Testament", "correct")]


# -- 8: nothing hangs; every loader check is linear ----------------------------------


def run_bounded(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run studycli in a subprocess with a generous bound: before the fix these hung."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "studycli", *args],
        input="\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env or os.environ.copy(),
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def test_a_fifo_as_a_deck_anywhere_is_refused_not_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    os.mkfifo(folder / "pipe.toml")
    lone = tmp_path / "lone.toml"
    os.mkfifo(lone)
    env = os.environ | {"STUDYCLI_DECKS": str(lone)}
    for result in (
        run_bounded("--deck", str(folder), "quiz", "-n", "1"),
        run_bounded("--deck", str(lone), "quiz", "-n", "1"),
        run_bounded("quiz", "-n", "1", env=env),
        run_bounded("decks", "check", str(folder)),
    ):
        no_traceback(result)
        assert "cannot be read: not a regular file" in result.stderr


def test_a_fifo_as_the_import_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "p.jsonl"
    os.mkfifo(fifo)
    result = run_bounded("progress", "import", str(fifo))
    no_traceback(result)
    assert f"{fifo}: cannot be read: not a regular file" in result.stderr


class TookTooLong(Exception):
    pass


def test_a_200000_item_list_loads_in_linear_time(tmp_path: Path) -> None:
    import signal

    from studycli.loader import check_deck

    choices = ", ".join(f'"option {number}"' for number in range(200_000))
    answers = ", ".join(f'"option {number}"' for number in range(0, 200_000, 2))
    deck = write_deck(
        tmp_path,
        "big.toml",
        deck_text(
            f'\n[[card]]\nid = "c"\nkind = "multi"\nprompt = "p"\nchoices = [{choices}, '
            f'"option 7"]\nanswers = [{answers}]\n'
        ),
    )

    def give_up(*_args: object) -> None:
        raise TookTooLong

    # A bound on a hang, not a speed test: quadratic checks took minutes here.
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    try:
        _deck, problems = check_deck(deck)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [str(problem).split(": ", 1)[1] for problem in problems] == [
        "card 'c': field 'choices': lists 'option 7' more than once"
    ]


def test_a_fifo_in_place_of_the_deck_cache_is_ignored(studycli_home: Path) -> None:
    (studycli_home / "cache").mkdir(parents=True)
    os.mkfifo(studycli_home / "cache" / "decks.pickle")
    result = run_bounded("decks", "list")
    assert result.code == 0, result.output
    assert "timeline" in result.stdout


# -- 10: the smaller things ------------------------------------------------------------


def test_a_byte_order_mark_is_accepted(run: Run, tmp_path: Path, studycli_home: Path) -> None:
    deck = tmp_path / "bom.toml"
    deck.write_bytes(b"\xef\xbb\xbf" + deck_text(ONE_CARD).encode())
    studycli_home.mkdir()
    (studycli_home / "config.toml").write_bytes(b"\xef\xbb\xbfnew_per_day = 3\n")
    assert run("decks", "check", str(deck)).code == 0
    result = run("--deck", str(deck), "review", input="\n" * 10)
    assert result.code == 0, result.output
    assert "[1/" in result.stdout


def test_a_deck_id_wins_over_a_folder_of_the_same_name(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "timeline").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("quiz", "--deck", "timeline", "-n", "1", input="\n")
    assert result.code == 0, result.output
    export = tmp_path / "p.jsonl"
    assert run("progress", "export", str(export)).code == 0
    reviews = [json.loads(line) for line in export.read_text().splitlines()[1:]]
    assert [review["card_key"].split("/")[0] for review in reviews] == ["timeline"]


def test_optimize_keeps_the_comments_in_config(tmp_path: Path) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from studycli.config import load_config
    from studycli.optimize import save_parameters

    config = tmp_path / "config.toml"
    config.write_text("# my settings\nnew_per_day = 5  # five is plenty\n")
    fitted = [round(value * 1.01, 4) for value in DEFAULT_PARAMETERS]
    save_parameters(config, fitted)
    text = config.read_text()
    assert text.startswith("# my settings\nnew_per_day = 5  # five is plenty\n")
    assert load_config(config).parameters == tuple(fitted)
    save_parameters(config, None)
    assert config.read_text() == "# my settings\nnew_per_day = 5  # five is plenty\n"


def test_a_fraction_of_a_card_a_day_is_an_error(run: Run, studycli_home: Path) -> None:
    studycli_home.mkdir()
    (studycli_home / "config.toml").write_text("new_per_day = 2.7\n")
    result = run("review", input="\n")
    no_traceback(result)
    assert "'new_per_day' must be a whole number, got 2.7" in result.stderr


def test_read_only_home_still_shows_and_exports(run: Run, tmp_path: Path, immutable) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    studied(run, home, count=2)
    for name in ("progress.sqlite3-wal", "progress.sqlite3-shm"):
        assert not (home / name).exists()
    before = (home / "progress.sqlite3").read_bytes()
    immutable(home / "progress.sqlite3")
    immutable(home)
    stats = run("--home", str(home), "stats", "--json")
    assert stats.code == 0, stats.output
    assert json.loads(stats.stdout)["total_reviews"] == 2
    assert run("--home", str(home), "decks", "list").code == 0
    assert run("--home", str(home), "timeline", "--from", "1956", "--to", "1956").code == 0
    export = tmp_path / "p.jsonl"
    assert run("--home", str(home), "progress", "export", str(export)).code == 0
    assert len(export.read_text().splitlines()) == 3
    quiz = run("--home", str(home), "quiz", "-n", "1", input="\n")
    no_traceback(quiz)
    assert "read-only" in quiz.stderr
    assert (home / "progress.sqlite3").read_bytes() == before


def test_import_works_in_batches_and_a_rerun_finishes_an_interrupted_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from studycli import store as store_module
    from studycli.config import Config
    from studycli.scheduler import Scheduler
    from studycli.store import Review, Store

    monkeypatch.setattr(store_module, "MERGE_BATCH", 3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    reviews = [
        Review(f"{card}-{day}", f"d/{card}", start + timedelta(days=day), 3, "correct", 1.0,
               "a", 100, "review")
        for card in range(10) for day in range(3)
    ]  # fmt: skip
    replay = Scheduler(Config(fuzz=False)).replay
    calls = 0

    def failing_replay(log: list[tuple[datetime, int]]) -> object:
        nonlocal calls
        calls += 1
        if calls == 5:  # the second batch fails half way
            raise OSError("interrupted")
        return replay(log)

    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store, pytest.raises(OSError, match="interrupted"):
        store.merge(reviews, failing_replay)  # type: ignore[arg-type]
    with Store.open(path) as store:
        assert store.keys_with_history() == {"d/0", "d/1", "d/2"}  # the first batch landed
        assert store.merge(reviews, replay) == (21, 7)
        assert store.merge(reviews, replay) == (0, 0)
        states = store.states()
        assert states == {key: replay([(r.reviewed_at, 3) for r in reviews if r.card_key == key])
                          for key in states}  # fmt: skip
        assert len(states) == 10


# -- 11: one broken deck does not block the read-only commands -----------------------


def test_broken_deck_warns_in_read_only_commands_and_stops_study(
    run: Run, tmp_path: Path, studycli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied(run, studycli_home, count=2)
    broken = write_deck(tmp_path / "extra", "broken.toml", "[deck\n")
    monkeypatch.setenv("STUDYCLI_DECKS", str(broken.parent))
    warning = f"warning: {broken}:1:6: TOML syntax error"
    stats = run("stats", "--json")
    assert stats.code == 0, stats.output
    assert json.loads(stats.stdout)["total_reviews"] == 2
    listed = run("decks", "list")
    assert listed.code == 0, listed.output
    assert "every-kind" not in listed.stdout
    assert "timeline" in listed.stdout
    timeline = run("timeline", "--from", "1956", "--to", "1956")
    assert timeline.code == 0, timeline.output
    for result in (stats, listed, timeline):
        assert warning in result.stderr
        assert "decks check" in result.stderr
    assert run("progress", "export", str(tmp_path / "p.jsonl")).code == 0
    for study in (run("quiz", "-n", "1", input="\n"), run("review", input="\n")):
        no_traceback(study)
        assert f"{broken}:1:6: TOML syntax error" in study.stderr
        assert "warning" not in study.stderr
