"""Decks parsed on one run are reused on the next, and never when the file has changed."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CliRunner, small_deck, write_deck

HOUR_AGO = time.time() - 3600


def make_deck(folder: Path, title: str, mtime: float | None = HOUR_AGO) -> Path:
    """A deck file; by default last modified an hour ago, as a deck usually is."""
    path = write_deck(folder, "cached.toml", small_deck("cached", title))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def titles(cli: CliRunner, deck: Path) -> dict[str, str]:
    result = cli("--deck", str(deck), "decks", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {row["id"]: row["title"] for row in json.loads(result.stdout)}


def cache_file(home: Path) -> Path:
    return home / "cache" / "decks.pickle"


LOADER_IMPORTED = """
import sys
from pathlib import Path
from studycli.cli.state import AppState
library = AppState(deck_paths=[Path(sys.argv[1])]).library()
print(len(library.decks), "studycli.loader" in sys.modules)
"""


def loader_imported(deck: Path) -> bool:
    """Whether loading the library in a fresh process had to parse any deck."""
    result = subprocess.run(
        [sys.executable, "-c", LOADER_IMPORTED, str(deck)],
        capture_output=True,
        text=True,
        check=True,
    )
    count, imported = result.stdout.split()
    assert int(count) > 1
    return imported == "True"


def test_second_run_reuses_the_parsed_decks(tmp_path: Path, studycli_home: Path) -> None:
    deck = make_deck(tmp_path, "Original")
    assert loader_imported(deck), "the first run has nothing cached"
    assert cache_file(studycli_home).is_file()
    assert not loader_imported(deck), "an unchanged library must come from the cache"


def test_an_edited_deck_is_read_again(cli: CliRunner, tmp_path: Path, studycli_home: Path) -> None:
    deck = make_deck(tmp_path, "Title AAA")
    assert titles(cli, deck)["cached"] == "Title AAA"
    assert cache_file(studycli_home).is_file()
    make_deck(tmp_path, "Title BBB", mtime=HOUR_AGO + 60)  # same size, later
    assert titles(cli, deck)["cached"] == "Title BBB"


def test_an_edit_in_the_same_clock_tick_is_not_missed(cli: CliRunner, tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "Title AAA", mtime=None)
    stamp = deck.stat().st_mtime_ns
    assert titles(cli, deck)["cached"] == "Title AAA"
    # Same size, and the file system shows the same modification time.
    make_deck(tmp_path, "Title BBB", mtime=None)
    os.utime(deck, ns=(stamp, stamp))
    assert titles(cli, deck)["cached"] == "Title BBB"


def test_a_damaged_cache_is_ignored(cli: CliRunner, tmp_path: Path, studycli_home: Path) -> None:
    deck = make_deck(tmp_path, "Original")
    titles(cli, deck)
    cache_file(studycli_home).write_bytes(b"\x80\x05 not a pickle at all")
    assert titles(cli, deck)["cached"] == "Original"


def test_a_cache_from_other_code_is_ignored(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    deck = make_deck(tmp_path, "Original")
    titles(cli, deck)
    stored = pickle.loads(cache_file(studycli_home).read_bytes())
    stored["stamp"] = ("an older studycli",)
    key, cached = stored["decks"][str(deck.resolve())]
    from dataclasses import replace

    stored["decks"][str(deck.resolve())] = (key, replace(cached, title="Stale"))
    cache_file(studycli_home).write_bytes(pickle.dumps(stored))
    assert titles(cli, deck)["cached"] == "Original"


def test_a_home_where_the_cache_cannot_be_written_still_works(
    cli: CliRunner, tmp_path: Path, studycli_home: Path
) -> None:
    studycli_home.mkdir(parents=True)
    (studycli_home / "cache").write_text("a file where the cache folder would go")
    deck = make_deck(tmp_path, "Original")
    assert titles(cli, deck)["cached"] == "Original"
    result = cli("--deck", str(deck), "quiz", "-n", "1", input="\n")
    assert result.returncode == 0, result.stderr


def test_a_broken_deck_is_reported_on_every_run(cli: CliRunner, tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "Original")
    deck.write_text(small_deck("cached").replace("answer = false", "answer = 3"))
    os.utime(deck, (HOUR_AGO, HOUR_AGO))
    for _ in range(2):
        result = cli("--deck", str(deck), "decks", "list")
        assert result.returncode == 0  # a listing warns and goes on without it
        assert "warning: " in result.stderr
        assert "answer" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_deck_reached_by_another_path_reports_that_path(cli: CliRunner, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "real", "Original")
    titles(cli, deck)
    link = tmp_path / "link"
    link.symlink_to(deck.parent, target_is_directory=True)
    result = cli("--deck", str(link), "decks", "list", "--json")
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["cached"]["path"] == str(link / "cached.toml")
