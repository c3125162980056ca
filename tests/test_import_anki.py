"""``decks import`` from Anki packages: genanki's, the real Anki backend's, and our own export.

Packages are made by genanki (the older ``collection.anki2`` format) and by Anki's own
backend, the ``anki`` package (``collection.anki21`` and the current zstd-compressed
``collection.anki21b``), so the reader is tested on what Anki really writes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import genanki
import pytest

from studycli.library import load_library
from studycli.loader import load_deck
from studycli.model import (
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiCard,
    OrderCard,
    PointsCard,
    TrueFalseCard,
    TypedCard,
)
from studycli.paths import bundled_decks_dir
from tests.conftest import EVERY_KIND, CliRunner

DECK_ID = 2_059_400_110


def genanki_package(path: Path, *, reworded: bool = False, extra: bool = False) -> Path:
    """Basic, Basic-and-reversed and Cloze notes with HTML, a hint, tags and an image."""
    deck = genanki.Deck(DECK_ID, "History::Secret Speech")
    front = "Who <b>chaired</b>&nbsp;the closed session?<br>"
    if reworded:
        front = "Who chaired the closed session of 25 February 1956?"
    deck.add_note(
        genanki.Note(
            model=genanki.BASIC_MODEL,
            fields=[front, '<div>Bulganin</div><img src="hall.jpg">'],
            guid="basic-guid-1",
            tags=["Secret_Speech::1956"],
        )
    )
    deck.add_note(
        genanki.Note(
            model=genanki.BASIC_AND_REVERSED_CARD_MODEL,
            fields=["Khrushchev's post in February 1956", "First Secretary"],
            guid="reversed-guid-2",
        )
    )
    deck.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=[
                "Of the {{c1::139::a number}} CC members and candidates of 1934, "
                "{{c2::98}} were shot.",
                "<i>The speech's own figures.</i>[sound:figures.mp3]",
            ],
            guid="cloze-guid-3",
        )
    )
    if extra:
        deck.add_note(
            genanki.Note(model=genanki.BASIC_MODEL, fields=["Speech year", "1956"], guid="new-4")
        )
    package = genanki.Package(deck)
    image = path.parent / "hall.jpg"
    image.write_bytes(b"\xff\xd8\xff not really a jpeg")
    package.media_files = [str(image)]
    package.write_to_file(str(path))
    return path


def import_ok(cli: CliRunner, source: Path, out: Path, *args: str) -> tuple[str, str]:
    result = cli("decks", "import", str(source), "--to", str(out), *args)
    assert result.returncode == 0, result.stderr
    check = cli("decks", "check", str(out))
    assert check.returncode == 0, check.stderr
    return result.stdout, result.stderr


def typed_and_cloze(deck: Deck) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for card in deck.cards:
        if isinstance(card, TypedCard):
            rows.append(("typed", card.prompt, card.answer, *card.accept))
        elif isinstance(card, ClozeCard):
            rows.append(("cloze", card.prompt, card.text))
    return rows


def test_genanki_basic_reversed_and_cloze_notes(cli: CliRunner, tmp_path: Path) -> None:
    source = genanki_package(tmp_path / "speech.apkg")
    assert "collection.anki2" in zipfile.ZipFile(source).namelist()
    out = tmp_path / "speech.toml"
    stdout, stderr = import_ok(cli, source, out, "--topic", "content")
    assert f"Imported 4 cards from {source} into {out} (deck 'speech')." in stdout
    deck = load_deck(out)
    assert deck.title == "Secret Speech"
    assert typed_and_cloze(deck) == [
        ("typed", "Who chaired the closed session?", "Bulganin"),
        ("typed", "Khrushchev's post in February 1956", "First Secretary"),
        ("typed", "First Secretary", "Khrushchev's post in February 1956"),
        ("cloze", "", "Of the {{139}} CC members and candidates of 1934, {{98}} were shot."),
    ]
    basic, forward, backward, cloze = deck.cards
    assert basic.tags == ("secret-speech-1956",)
    assert forward.id.startswith("anki-")
    assert backward.id == f"{forward.id}-reverse"
    assert (cloze.hint, cloze.explain) == ("a number", "The speech's own figures.")
    assert stderr.splitlines() == [
        "note: note 1 (guid basic-guid-1): media skipped (hall.jpg); studycli decks hold text only",
        "note: note 3 (guid cloze-guid-3): media skipped (figures.mp3); "
        "studycli decks hold text only",
    ]


def test_reimport_of_an_updated_package_keeps_card_ids_and_progress(
    cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "speech.toml"
    import_ok(cli, genanki_package(tmp_path / "v1.apkg"), out)
    first = load_deck(out)
    quiz = cli(
        "--deck",
        str(out),
        "quiz",
        "--deck",
        "speech",
        "--kind",
        "cloze",
        "-n",
        "1",
        input="139; 98\n",
    )
    assert quiz.returncode == 0, quiz.stderr

    updated = genanki_package(tmp_path / "v2.apkg", reworded=True, extra=True)
    import_ok(cli, updated, out, "--force")
    second = load_deck(out)
    assert [card.id for card in second.cards][:4] == [card.id for card in first.cards]
    assert second.cards[0].prompt == "Who chaired the closed session of 25 February 1956?"
    assert len(second.cards) == 5
    export = tmp_path / "progress.jsonl"
    assert cli("progress", "export", str(export)).returncode == 0
    lines = export.read_text(encoding="utf-8").splitlines()[1:]
    assert len(lines) == 1
    assert f'"card_key": "speech/{first.cards[3].id}"' in lines[0]
    assert '"outcome": "correct"' in lines[0]
    stats = cli("--deck", str(out), "stats", "--json")
    assert '"cards_seen": 1' in stats.stdout


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "anki21"])
def test_packages_written_by_anki_itself(cli: CliRunner, tmp_path: Path, legacy: bool) -> None:
    collection_module = pytest.importorskip("anki.collection")
    collection = collection_module.Collection(str(tmp_path / "collection.anki2"))
    try:
        deck_id = collection.decks.id("Secret Speech")
        for model, fields in [
            ("Basic", ["What did Lenin call Stalin in his letter?", "<div>too rude</div>"]),
            ("Basic (and reversed card)", ["Premier in February 1956", "Bulganin"]),
            ("Cloze", ["Of the {{c1::139}}, {{c2::98}} were shot.", "Per the speech."]),
        ]:
            note = collection.new_note(collection.models.by_name(model))
            for index, value in enumerate(fields):
                note.fields[index] = value
            collection.add_note(note, deck_id)
        source = tmp_path / "anki.apkg"
        options = collection_module.ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
        )
        collection.export_anki_package(out_path=str(source), options=options, limit=None)
    finally:
        collection.close()
    inner = "collection.anki21" if legacy else "collection.anki21b"
    assert inner in zipfile.ZipFile(source).namelist()
    out = tmp_path / "anki.toml"
    import_ok(cli, source, out, "--id", "from-anki")
    deck = load_deck(out)
    assert deck.title == "Secret Speech"
    assert typed_and_cloze(deck) == [
        ("typed", "What did Lenin call Stalin in his letter?", "too rude"),
        ("typed", "Premier in February 1956", "Bulganin"),
        ("typed", "Bulganin", "Premier in February 1956"),
        ("cloze", "", "Of the {{139}}, {{98}} were shot."),
    ]


def test_export_then_import_gives_back_every_typed_and_cloze_card(
    cli: CliRunner, tmp_path: Path
) -> None:
    apkg = tmp_path / "all.apkg"
    assert cli("decks", "export", "--anki", str(apkg)).returncode == 0
    out = tmp_path / "back.toml"
    import_ok(cli, apkg, out, "--id", "round-trip")
    library = load_library([bundled_decks_dir()])
    original = sorted(row for deck in library.decks for row in typed_and_cloze(deck))
    back = load_deck(out)
    back_rows = set(typed_and_cloze(back))
    assert len(original) > 100, "the bundled decks hold over a hundred typed and cloze cards"
    missing = [row for row in original if row not in back_rows]
    assert missing == []
    explained = {card.prompt: (card.explain, card.source) for card in back.cards}
    for card in library.cards():
        if isinstance(card, TypedCard):
            assert explained[card.prompt] == (card.explain, card.source), card.key


def test_files_that_are_not_anki_packages(cli: CliRunner, tmp_path: Path) -> None:
    text = tmp_path / "notes.apkg"
    text.write_text("not a zip", encoding="utf-8")
    result = cli("decks", "import", str(text), "--to", str(tmp_path / "a.toml"))
    assert result.returncode == 1
    assert f"{text}: not an Anki package (.apkg): not a zip archive" in result.stderr
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("media", "{}")
    result = cli("decks", "import", str(empty), "--to", str(tmp_path / "b.toml"))
    assert result.returncode == 1
    assert f"{empty}: not an Anki package: no collection inside" in result.stderr
    damaged = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("collection.anki2", b"SQLite format 3\x00" + b"\x00" * 200)
    result = cli("decks", "import", str(damaged), "--to", str(tmp_path / "c.toml"))
    assert result.returncode == 1
    assert f"{damaged}: the Anki collection inside is damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_kind_comes_back_from_our_own_export(cli: CliRunner, tmp_path: Path) -> None:
    apkg = tmp_path / "every-kind.apkg"
    exported = cli(
        "--deck", str(EVERY_KIND), "decks", "export", "--anki", str(apkg), "--deck", "every-kind"
    )
    assert exported.returncode == 0, exported.stderr
    out = tmp_path / "back.toml"
    import_ok(cli, apkg, out)
    back = {card.prompt or getattr(card, "text", ""): card for card in load_deck(out).cards}
    for card in load_deck(EVERY_KIND).cards:
        again = back[card.prompt or getattr(card, "text", "")]
        assert again.kind is card.kind, card.id
        assert (again.explain, again.source, again.tags) == (card.explain, card.source, card.tags)
        match card, again:
            case ChoiceCard(), ChoiceCard():
                assert sorted(again.choices) == sorted(card.choices)
                assert again.answer == card.answer
            case MultiCard(), MultiCard():
                assert sorted(again.choices) == sorted(card.choices)
                assert again.answers == card.answers
            case TrueFalseCard(), TrueFalseCard():
                assert again.answer is card.answer
            case OrderCard(), OrderCard():
                assert again.items == card.items
            case PointsCard(), PointsCard():
                assert (again.points, again.answer) == (card.points, card.answer)
            case TypedCard(), TypedCard():
                assert (again.answer, again.accept) == (card.answer, card.accept)
            case ClozeCard(), ClozeCard():
                assert again.text == card.text
            case _:
                raise AssertionError(f"{card.id}: came back as {again.kind}")
