"""``decks new``: a starter deck that works as written and shows every part of the format."""

from __future__ import annotations

import json
from pathlib import Path

from studycli.loader import load_deck
from studycli.model import Kind, Topic
from tests.conftest import CliRunner


def test_starter_passes_check_and_has_every_kind_an_event_and_a_note(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "Class 5B.toml"
    result = cli("decks", "new", str(path))
    assert result.returncode == 0, result.stderr
    assert f"Wrote a starter deck to {path}: 7 cards, 1 event, 1 note." in result.stdout
    check = cli("decks", "check", str(path))
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines()[0] == "1 deck file(s) ok: 7 cards, 1 event, 1 note"
    deck = load_deck(path)
    assert deck.id == "class-5b"
    assert deck.title == "Class 5b"
    assert deck.topic is Topic.CONTENT
    assert {card.kind for card in deck.cards} == set(Kind) - {Kind.DATE}
    assert [event.id for event in deck.events] == ["secret-speech"]
    assert [note.id for note in deck.notes] == ["lenin-letters"]
    assert all(card.explain and card.source for card in deck.cards)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n# typed:") == 1
    assert "studycli decks check 'Class 5B.toml'" in text


def test_id_and_topic_options(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    result = cli("decks", "new", str(path), "--id", "year-12-impacts", "--topic", "impacts")
    assert result.returncode == 0, result.stderr
    deck = load_deck(path)
    assert deck.id == "year-12-impacts"
    assert deck.topic is Topic.IMPACTS
    assert deck.events[0].topic is Topic.IMPACTS
    listing = cli("--deck", str(path), "decks", "list", "--json")
    row = next(row for row in json.loads(listing.stdout) if row["id"] == "year-12-impacts")
    assert (row["cards"], row["events"]) == (7, 1)


def test_an_existing_file_is_never_overwritten(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_text("my own work\n", encoding="utf-8")
    result = cli("decks", "new", str(path))
    assert result.returncode == 1
    assert f"studycli: {path}: already exists; not overwriting it" in result.stderr
    assert path.read_text(encoding="utf-8") == "my own work\n"


def test_bad_id_topic_and_unusable_name_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    bad_id = cli("decks", "new", str(tmp_path / "a.toml"), "--id", "Class 5B")
    assert bad_id.returncode == 1
    assert "deck id 'Class 5B' may only use a-z, 0-9" in bad_id.stderr
    bad_topic = cli("decks", "new", str(tmp_path / "b.toml"), "--topic", "war")
    assert bad_topic.returncode == 1
    assert "unknown topic 'war' (expected one of: content, omissions, impacts, context)" in (
        bad_topic.stderr
    )
    no_name = cli("decks", "new", str(tmp_path / "___.toml"))
    assert no_name.returncode == 1
    assert "cannot make a deck id from this file name; give --id" in no_name.stderr
    missing_folder = cli("decks", "new", str(tmp_path / "nowhere" / "c.toml"))
    assert missing_folder.returncode == 1
    assert "cannot write" in missing_folder.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_starter_can_be_studied_at_once(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "starter.toml"
    assert cli("decks", "new", str(path)).returncode == 0
    quiz = cli("--deck", str(path), "quiz", "--deck", "starter", "-n", "8", input="\n" * 8)
    assert quiz.returncode == 0, quiz.stderr
    assert "Answered 8" in quiz.stdout
    out = tmp_path / "progress.jsonl"
    assert cli("progress", "export", str(out)).returncode == 0
    reviews = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    keys = {review["card_key"] for review in reviews}
    expected = {f"starter/{card.id}" for card in load_deck(path).all_cards()}
    assert keys == expected
    assert len(reviews) == 8
    assert {review["outcome"] for review in reviews} == {"wrong"}
    assert {review["rating"] for review in reviews} == {1}
