"""Fault injection: hostile targets, homes, decks, imports and races, one section each.

Each section reproduces one way studycli was broken and asserts what the learner gets
now: a clear message and exit 1 with nothing lost, or the work done properly. Commands
run in process through :func:`studycli.cli.main.main`, the one exit point, except where
only a process can show it (a pipe as stdout, processes racing each other).
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
from tests.conftest import EVERY_KIND, write_deck

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
    """Run ``studycli ARGS`` in process with *input* as its (non-terminal) stdin."""

    def invoke(*args: str, input: str = "") -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(input))
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
    def broken(_self: object) -> None:
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

    def broken(_self: object) -> None:
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
    from studycli.config import load_config
    from studycli.optimize import save_parameters

    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("new_per_day = 5\n")
    real.chmod(0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_parameters(link, [0.5] * 21)
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert load_config(real).parameters == (0.5,) * 21
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

[[event]]
id = "ev"
date = "1956-02-25"
title = "Title{evil}"
topic = "content"
explain = "Explain{evil}"
""",
    )
    base = ("--deck", str(deck))
    runs = {
        "Evil": run(*base, "decks", "list"),
        "Prompt": run(*base, "quiz", "--deck", "evil", "-n", "2", input="?\nwrong\n\n"),
        "content": run(*base, "stats"),
        "Title": run(*base, "timeline", "--topic", "content"),
        "ok": run(*base, "decks", "check"),
    }
    for shown, result in runs.items():
        assert result.code == 0, result.output
        assert not any(char in result.output for char in ESCAPES), result.output
        assert shown in result.output


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
