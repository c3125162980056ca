"""``decks export --anki``: the package opens as Anki would open it, and ids are stable.

The .apkg is read back with nothing but zipfile and sqlite3, so the tests check what
Anki itself will see, not what genanki says it wrote.
"""

from __future__ import annotations

import html
import sqlite3
import zipfile
from pathlib import Path

from studycli.library import load_library
from studycli.loader import load_deck
from studycli.model import ClozeCard
from studycli.paths import bundled_decks_dir
from tests.conftest import EVERY_KIND, CliRunner


def read_notes(apkg: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """Every note's (guid, flds) from the package's ``collection.anki2``."""
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        target = tmp_path / f"{apkg.stem}-collection.anki2"
        target.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(target) as db:
        notes = db.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards >= len(notes)
    return [(str(guid), str(flds)) for guid, flds in notes]


def export_every_kind(cli: CliRunner, out: Path) -> None:
    result = cli(
        "--deck", str(EVERY_KIND), "decks", "export", "--anki", str(out), "--deck", "every-kind"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 10 cards in 1 deck to {out}"


def test_export_writes_one_note_per_card_with_every_prompt(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    export_every_kind(cli, out)
    deck = load_deck(EVERY_KIND)
    notes = read_notes(out, tmp_path)
    assert len(notes) == len(deck.all_cards()) == 10
    fields = [flds for _guid, flds in notes]
    for card in deck.all_cards():
        if isinstance(card, ClozeCard):
            assert any("{{c1::139}}" in flds and "{{c2::98}}" in flds for flds in fields)
        else:
            assert any(html.escape(card.prompt) in flds for flds in fields), card.key
    assert any("When? " in flds and "25 Feb 1956" in flds for flds in fields)
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file must not be left behind"


def test_reexport_keeps_the_same_note_guids(cli: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    export_every_kind(cli, first)
    export_every_kind(cli, second)
    first_guids = [guid for guid, _ in read_notes(first, tmp_path)]
    second_guids = [guid for guid, _ in read_notes(second, tmp_path)]
    assert first_guids == second_guids
    assert len(set(first_guids)) == len(first_guids)


def test_export_one_bundled_deck_only(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "content.apkg"
    result = cli("decks", "export", "--anki", str(out), "--deck", "speech-content")
    assert result.returncode == 0, result.stderr
    content = next(
        deck for deck in load_library([bundled_decks_dir()]).decks if deck.id == "speech-content"
    )
    notes = read_notes(out, tmp_path)
    assert len(notes) == len(content.all_cards())
    assert f"Wrote {len(notes)} cards in 1 deck" in result.stdout
    fields = [flds for _guid, flds in notes]
    for card in content.all_cards():
        if isinstance(card, ClozeCard):
            assert any("{{c1::" in flds for flds in fields)
        if card.prompt:
            assert any(html.escape(card.prompt) in flds for flds in fields), card.key


def test_export_escapes_markup_in_deck_text(cli: CliRunner, tmp_path: Path) -> None:
    deck_file = tmp_path / "markup.toml"
    deck_file.write_text(
        '[deck]\nid = "markup"\ntitle = "Markup"\ntopic = "content"\n\n'
        '[[card]]\nid = "tag"\nkind = "typed"\nprompt = "Is <b>this</b> bold?"\nanswer = "No"\n\n'
        '[[card]]\nid = "gap"\nkind = "cloze"\ntext = "A {{<i>x</i>|y}} gap & more"\n',
        encoding="utf-8",
    )
    out = tmp_path / "markup.apkg"
    result = cli(
        "--deck", str(deck_file), "decks", "export", "--anki", str(out), "--deck", "markup"
    )
    assert result.returncode == 0, result.stderr
    fields = " ".join(flds for _guid, flds in read_notes(out, tmp_path))
    assert "Is &lt;b&gt;this&lt;/b&gt; bold?" in fields
    assert "<b>this</b>" not in fields
    assert "{{c1::&lt;i&gt;x&lt;/i&gt;}} gap &amp; more" in fields


def test_unknown_deck_id_exits_1_with_a_message(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "none.apkg"
    result = cli("decks", "export", "--anki", str(out), "--deck", "no-such-deck")
    assert result.returncode == 1
    assert "no deck with id 'no-such-deck'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
