"""A teacher's copy of a bundled deck replaces it, keeping the learners' progress and Anki notes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from studycli.paths import bundled_decks_dir
from tests.conftest import CliRunner, small_deck, write_deck
from tests.test_anki import read_notes

BUNDLED_CONTENT = bundled_decks_dir() / "content.toml"
BUNDLED_CARDS = BUNDLED_CONTENT.read_text(encoding="utf-8").count("\n[[card]]\n")
BUNDLED_NOTES = BUNDLED_CONTENT.read_text(encoding="utf-8").count("\n[[note]]\n")
EXTRA_CARD = """
[[card]]
id = "class-extra"
kind = "typed"
prompt = "On which day of February 1956 was the closed-session report delivered?"
answer = "25"
explain = "The report was given on the last day of the 20th Congress."
source = "Speech of 25 Feb 1956, State Department text (1956), heading"
"""


def exported_reviews(cli: CliRunner, tmp_path: Path, *deck_args: str) -> list[dict[str, object]]:
    out = tmp_path / "export.jsonl"
    result = cli(*deck_args, "progress", "export", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def teachers_copy(tmp_path: Path, reworded: str) -> Path:
    """content.toml with one card reworded and re-tagged, its title changed, a card added."""
    text = BUNDLED_CONTENT.read_text(encoding="utf-8")
    text = text.replace('title = "What Khrushchev said"', 'title = "What Khrushchev said (5B)"')
    start = text.index(f'id = "{reworded}"\n')
    end = text.find("[[card]]", start)
    end = len(text) if end < 0 else end
    lines = [
        line
        for line in text[start:end].splitlines(keepends=True)
        if not line.startswith(("prompt = ", "tags = "))
    ]
    lines.insert(1, 'prompt = "Reworded for 5B: answer as before."\ntags = ["class-retest"]\n')
    text = text[:start] + "".join(lines) + text[end:]
    return write_deck(tmp_path / "class", "content.toml", text + EXTRA_CARD)


def test_edited_copy_of_content_replaces_the_bundled_deck_and_keeps_progress(
    cli: CliRunner,
    tmp_path: Path,
) -> None:
    first = cli("quiz", "--deck", "speech-content", "-n", "2", input="\n\n")
    assert first.returncode == 0, first.stderr
    before = exported_reviews(cli, tmp_path)
    assert [review["outcome"] for review in before] == ["wrong", "wrong"]
    keys = [str(review["card_key"]) for review in before]
    assert all(key.startswith("speech-content/") for key in keys)
    reworded = keys[0].split("/", 1)[1]

    copy = teachers_copy(tmp_path, reworded)
    deck = ("--deck", str(copy))
    notice = f"note: {copy} replaces the bundled deck 'speech-content'\n"

    listing = cli(*deck, "decks", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    assert listing.stderr == notice
    rows = [row for row in json.loads(listing.stdout) if row["id"] == "speech-content"]
    assert len(rows) == 1
    assert rows[0]["path"] == str(copy)
    assert rows[0]["bundled"] is False
    assert rows[0]["replaces_bundled"] is True
    assert rows[0]["cards"] == BUNDLED_CARDS + 1
    assert rows[0]["title"] == "What Khrushchev said (5B)"
    table = cli(*deck, "decks", "list")
    assert "What Khrushchev said (5B) (replaces bundled)" in " ".join(table.stdout.split())

    stats = cli(*deck, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["cards_seen"] == 2
    assert data["total_reviews"] == 2

    again = cli(*deck, "quiz", "--tag", "class-retest", "-n", "1", input="\n")
    assert again.returncode == 0, again.stderr
    assert "Reworded for 5B: answer as before." in again.stdout
    assert again.stderr == notice
    after = exported_reviews(cli, tmp_path, *deck)
    assert [review["card_key"] for review in after] == [*keys, keys[0]]
    assert [review["outcome"] for review in after] == ["wrong", "wrong", "wrong"]


def test_the_copy_keeps_the_anki_notes_of_the_bundled_deck(cli: CliRunner, tmp_path: Path) -> None:
    copy = teachers_copy(tmp_path, "speaker-post")
    bundled_apkg, copy_apkg = tmp_path / "bundled.apkg", tmp_path / "copy.apkg"
    bundled = cli("decks", "export", "--anki", str(bundled_apkg), "--deck", "speech-content")
    assert bundled.returncode == 0, bundled.stderr
    result = cli(
        "--deck", str(copy), "decks", "export", "--anki", str(copy_apkg), "--deck", "speech-content"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {BUNDLED_CARDS + 1} cards in 1 deck to {copy_apkg}"
    bundled_guids = {guid for guid, _ in read_notes(bundled_apkg, tmp_path)}
    copy_notes = dict(read_notes(copy_apkg, tmp_path))
    assert len(bundled_guids) == BUNDLED_CARDS
    assert bundled_guids < set(copy_notes)
    assert sum("Reworded for 5B" in fields for fields in copy_notes.values()) == 1


def test_two_user_decks_with_one_id_are_still_an_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = teachers_copy(tmp_path, "speaker-post")
    two = tmp_path / "other" / "content.toml"
    two.parent.mkdir()
    shutil.copy(one, two)
    monkeypatch.setenv("STUDYCLI_DECKS", str(one))
    listing = cli("--deck", str(two), "decks", "list")
    assert listing.returncode == 0  # a listing warns and goes on without the second file
    assert (
        f"warning: {two}: deck: field 'id': duplicate deck id 'speech-content', also used by {one}"
        in (listing.stderr)
    )
    quiz = cli("--deck", str(two), "quiz", input="\n")
    assert quiz.returncode == 1
    assert f"{two}: deck: field 'id': duplicate deck id 'speech-content'" in quiz.stderr
    check = cli("decks", "check", str(two))
    assert check.returncode == 1
    assert f"{two}: deck: field 'id': duplicate deck id 'speech-content', also used by {one}" in (
        check.stderr
    )


def test_check_reports_a_clash_with_another_deck_in_play(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_play = write_deck(tmp_path / "a", "class.toml", small_deck("class-5b"))
    checked = write_deck(tmp_path / "b", "class.toml", small_deck("class-5b"))
    monkeypatch.setenv("STUDYCLI_DECKS", os.pathsep.join([str(in_play)]))
    alone = cli("decks", "check", str(in_play))
    assert alone.returncode == 0, alone.stderr
    result = cli("decks", "check", str(checked))
    assert result.returncode == 1
    assert (
        f"{checked}: deck: field 'id': duplicate deck id 'class-5b', also used by {in_play}"
        in result.stderr
    )
    assert "1 problem in 1 of 1 file(s)" in result.stderr


def test_check_of_a_replacing_copy_passes_and_says_what_it_replaces(
    cli: CliRunner, tmp_path: Path
) -> None:
    copy = teachers_copy(tmp_path, "speaker-post")
    result = cli("decks", "check", str(copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"1 deck file(s) ok: {BUNDLED_CARDS + 1} cards, 0 events, {BUNDLED_NOTES} notes",
        f"note: {copy} replaces the bundled deck 'speech-content'",
    ]
