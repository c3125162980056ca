"""`studycli decks list`: which decks are in play, from every source."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import EVERY_KIND, CliRunner, small_deck, write_deck


def listed(result_stdout: str) -> dict[str, dict[str, object]]:
    return {row["id"]: row for row in json.loads(result_stdout)}


def test_json_lists_bundled_decks_with_counts(cli: CliRunner) -> None:
    result = cli("decks", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "the bundled decks must be found"
    for row in rows:
        assert set(row) == {
            "id",
            "title",
            "topic",
            "cards",
            "events",
            "path",
            "bundled",
            "replaces_bundled",
        }
        assert row["bundled"] is True
        assert row["replaces_bundled"] is False
        assert Path(str(row["path"])).is_file()


def test_deck_option_adds_a_file_and_a_folder(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "class-decks"
    write_deck(folder, "a.toml", small_deck("class-a"))
    write_deck(folder, "b.toml", small_deck("class-b"))
    result = cli("--deck", str(EVERY_KIND), "--deck", str(folder), "decks", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = listed(result.stdout)
    assert rows["every-kind"]["cards"] == 7
    assert rows["every-kind"]["events"] == 3
    assert rows["every-kind"]["bundled"] is False
    assert {"class-a", "class-b"} <= set(rows)


def test_environment_variable_adds_paths(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = write_deck(tmp_path / "x", "c.toml", small_deck("from-env"))
    monkeypatch.setenv("STUDYCLI_DECKS", os.pathsep.join([str(EVERY_KIND), str(other.parent)]))
    rows = listed(cli("decks", "list", "--json").stdout)
    assert {"every-kind", "from-env"} <= set(rows)


def test_table_output_shows_titles(cli: CliRunner) -> None:
    result = cli("--deck", str(EVERY_KIND), "decks", "list")
    assert result.returncode == 0, result.stderr
    assert "every-kind" in result.stdout
    words = result.stdout.replace("│", " ").split()
    assert {"Every", "kind", "card"} <= set(words)
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    assert "\x1b[" not in result.stdout


def test_table_lines_up_and_fits_a_narrow_terminal(cli: CliRunner, tmp_path: Path) -> None:
    long_title = "Поздравляем 宣言 " + "a rather long title that has to wrap " * 3
    deck = write_deck(
        tmp_path,
        "long.toml",
        small_deck("long-title", long_title),
    )
    result = cli("--deck", str(deck), "decks", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header, rows, total = lines[0], lines[1:-1], lines[-1]
    assert header.split() == ["id", "topic", "cards", "events", "title"]
    title_column = header.index("title")
    for line in rows:
        # wide characters take two cells: compare display width, not len()
        width = sum(2 if "\u4e00" <= char <= "\u9fff" else 1 for char in line)
        assert width <= 60, line
        if line[:1] != " ":  # the first line of a row: counts end where their headers do
            assert line[header.index("events") + len("events") - 1].isdigit(), line
    words = " ".join(
        line[title_column:] for line in rows if "long-title" in line or line[:1] == " "
    )
    assert "Поздравляем 宣言 a rather long" in " ".join(words.split())
    assert total.startswith(f"{len(rows) - len([r for r in rows if r[:1] == ' '])} decks, ")


def test_deck_text_cannot_drive_the_terminal(cli: CliRunner, tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path,
        "escape.toml",
        small_deck("escape", "Bad \\u001b[2J title"),
    )
    result = cli("--deck", str(deck), "decks", "list")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "Bad title" in result.stdout


def test_same_deck_id_in_two_places_is_an_error(cli: CliRunner, tmp_path: Path) -> None:
    copy = write_deck(tmp_path, "copy.toml", EVERY_KIND.read_text(encoding="utf-8"))
    listed = cli("--deck", str(EVERY_KIND), "--deck", str(copy), "decks", "list")
    assert listed.returncode == 0, listed.stderr  # a listing warns and goes on
    assert "warning: " in listed.stderr
    result = cli("--deck", str(EVERY_KIND), "--deck", str(copy), "quiz", input="\n")
    assert result.returncode == 1
    for shown in (listed, result):
        assert "duplicate deck id 'every-kind'" in shown.stderr
        assert str(EVERY_KIND) in shown.stderr


def test_version_and_help(cli: CliRunner) -> None:
    version = cli("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("studycli ")
    helptext = cli("--help")
    assert helptext.returncode == 0
    assert "decks" in helptext.stdout


def test_unknown_command_is_a_usage_error(cli: CliRunner) -> None:
    result = cli("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
