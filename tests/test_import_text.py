"""``decks import`` from Quizlet export text and CSV tables: real files in, checked decks out."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli import importers
from studycli.importers import Imported, ImportedCard, ImportOptions
from studycli.loader import load_deck
from studycli.model import (
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from tests.conftest import CliRunner

QUIZLET_TAB = (
    "Who chaired the closed session of 25 February 1956?\tBulganin\n"
    "How many of the 139 CC members and candidates of 1934 were shot, per the speech?\t98\n"
    "\n"
    "Who was Stalin's successor as head of the government in March 1953?\tMalenkov\n"
)


def imported(cli: CliRunner, source: Path, out: Path, *args: str) -> str:
    result = cli("decks", "import", str(source), "--to", str(out), *args)
    assert result.returncode == 0, result.stderr
    check = cli("decks", "check", str(out))
    assert check.returncode == 0, check.stderr
    return result.stdout


def prompts_and_answers(path: Path) -> list[tuple[str, str]]:
    return [(card.prompt, card.answer) for card in load_deck(path).cards if hasattr(card, "answer")]


def test_quizlet_tab_and_newline_export_becomes_typed_cards(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "Secret speech set.txt"
    source.write_text(QUIZLET_TAB, encoding="utf-8")
    out = tmp_path / "class.toml"
    stdout = imported(cli, source, out, "--topic", "context")
    assert f"Imported 3 cards from {source} into {out} (deck 'class')." in stdout
    deck = load_deck(out)
    assert (deck.id, deck.title, deck.topic.value) == ("class", "Secret speech set", "context")
    assert all(isinstance(card, TypedCard) for card in deck.cards)
    assert prompts_and_answers(out) == [
        ("Who chaired the closed session of 25 February 1956?", "Bulganin"),
        ("How many of the 139 CC members and candidates of 1934 were shot, per the speech?", "98"),
        ("Who was Stalin's successor as head of the government in March 1953?", "Malenkov"),
    ]
    assert next(card.id for card in deck.cards) == "who-chaired-the-closed-session-of"


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("Speech year,1956\nCongress,20th\n", ()),
        ("Speech year,1956;Congress,20th", ()),
        ("Speech year\t1956;Congress\t20th;", ("--card-separator", "semicolon")),
        (
            "Speech year = 1956 ## Congress = 20th",
            ("--term-separator", " = ", "--card-separator", " ## "),
        ),
    ],
    ids=["comma-newline", "comma-semicolon", "tab-semicolon", "custom"],
)
def test_quizlet_separators(
    cli: CliRunner, tmp_path: Path, text: str, args: tuple[str, ...]
) -> None:
    source = tmp_path / "set.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "set.toml"
    imported(cli, source, out, *args)
    assert prompts_and_answers(out) == [("Speech year", "1956"), ("Congress", "20th")]


def test_quizlet_problems_name_their_lines_and_nothing_is_written(
    cli: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "set.txt"
    source.write_text("Good\tcard\nno separator here\n\tno term\nterm only\t \n", encoding="utf-8")
    out = tmp_path / "set.toml"
    result = cli("decks", "import", str(source), "--to", str(out))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"studycli: {source}: line 2: no tab between term and definition (if Quizlet used"
        " another separator, give it with --term-separator)",
        f"{source}: line 3: the term is empty",
        f"{source}: line 4: the definition is empty",
    ]
    assert not out.exists()


def test_a_separator_given_by_the_learner_is_trusted_and_named(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Dashes between term and definition are not Quizlet's default: the message says
    how to name them, and naming them imports the set."""
    source = tmp_path / "dashes.txt"
    source.write_text("Speech year - 1956\nCongress - 20th\n", encoding="utf-8")
    out = tmp_path / "dashes.toml"
    refused = cli("decks", "import", str(source), "--to", str(out))
    assert refused.returncode == 1
    assert "give it with --term-separator" in refused.stderr
    assert not out.exists()
    imported(cli, source, out, "--term-separator", " - ")
    assert prompts_and_answers(out) == [("Speech year", "1956"), ("Congress", "20th")]


CSV = "\n".join(
    [
        "prompt,answer,kind,choices,answers,items,points,accept,text,explain,source,tags",
        '"Who chaired the closed session?",Bulganin,choice,"Bulganin|Malenkov|Molotov",'
        ',,,,,"He opened it.","Speech, heading",congress',
        '"Which peoples were deported?",,multi,"Chechens|Kalmyks|Poles","Chechens|Kalmyks"'
        ',,,,,,,"deportations|caucasus"',
        '"The speech was published in the USSR in 1956.",false,truefalse,,,,,,,"Only in 1989.",,',
        '"Order these.",,order,,,"Speech|Poznań|Budapest",,,,,,',
        '"Why did the speech start with Lenin?",,points,,,,"Lenin\'s authority|Testament",,,,,',
        ',,cloze,,,,,,"Of the {{139}}, {{98}} were shot.",,,',
        '"Khrushchev\'s post in 1956?","First Secretary",,,,,,"First Secretary of the CC",,,,',
        "",
    ]
)


def test_csv_with_a_header_gives_every_kind(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / "class.toml"
    imported(cli, source, out)
    cards = {card.kind.value: card for card in load_deck(out).cards}
    assert set(cards) == {"choice", "multi", "truefalse", "order", "points", "cloze", "typed"}
    choice, multi = cards["choice"], cards["multi"]
    assert isinstance(choice, ChoiceCard)
    assert isinstance(multi, MultiCard)
    assert (choice.choices, choice.answer) == (("Bulganin", "Malenkov", "Molotov"), "Bulganin")
    assert (choice.explain, choice.source, choice.tags) == (
        "He opened it.",
        "Speech, heading",
        ("congress",),
    )
    assert multi.answers == ("Chechens", "Kalmyks")
    assert multi.tags == ("deportations", "caucasus")
    truefalse, order, cloze = cards["truefalse"], cards["order"], cards["cloze"]
    assert isinstance(truefalse, TrueFalseCard)
    assert truefalse.answer is False
    assert isinstance(order, OrderCard)
    assert order.items == ("Speech", "Poznań", "Budapest")
    assert isinstance(cloze, ClozeCard)
    assert cloze.gaps == (("139",), ("98",))
    typed = cards["typed"]
    assert isinstance(typed, TypedCard)
    assert (typed.answer, typed.accept) == ("First Secretary", ("First Secretary of the CC",))


def test_csv_problems_are_reported_at_their_row(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text(
        'prompt,answer,kind,choices\n"Q1",A,typed,\n"Q2",C,choice,"A|B"\n"Q3",,typed,\n',
        encoding="utf-8",
    )
    out = tmp_path / "class.toml"
    result = cli("decks", "import", str(source), "--to", str(out))
    assert result.returncode == 1
    assert f"{source}: line 3: field 'answer': 'C' is not among the choices" in result.stderr
    assert f"{source}: line 4: field 'answer': is missing" in result.stderr
    assert not out.exists()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_csv_unknown_column_and_semicolon_cells(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text("prompt,anwser\nQ,A\n", encoding="utf-8")
    result = cli("decks", "import", str(source), "--to", str(tmp_path / "x.toml"))
    assert result.returncode == 1
    assert f"{source}: line 1: unknown column 'anwser' (did you mean 'answer'?)" in result.stderr
    european = tmp_path / "excel.csv"
    european.write_text("prompt;answer\nSpeech year;1956\n", encoding="utf-8")
    out = tmp_path / "excel.toml"
    imported(cli, european, out)
    assert prompts_and_answers(out) == [("Speech year", "1956")]


def test_an_imported_deck_is_studied_and_saved(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "set.txt"
    source.write_text("Speech year\t1956\n", encoding="utf-8")
    out = tmp_path / "set.toml"
    imported(cli, source, out)
    quiz = cli("--deck", str(out), "quiz", "--deck", "set", "-n", "1", input="1956\n")
    assert quiz.returncode == 0, quiz.stderr
    export = tmp_path / "progress.jsonl"
    assert cli("progress", "export", str(export)).returncode == 0
    reviews = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(r["card_key"], r["outcome"], r["answer"], r["rating"]) for r in reviews] == [
        ("set/speech-year", "correct", "1956", 3)
    ]


def test_existing_output_fifo_input_and_unknown_format_are_refused(
    cli: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "set.txt"
    source.write_text("a\tb\n", encoding="utf-8")
    out = tmp_path / "mine.toml"
    out.write_text("my deck\n", encoding="utf-8")
    exists = cli("decks", "import", str(source), "--to", str(out))
    assert exists.returncode == 1
    assert f"{out}: already exists; give --force to replace it" in exists.stderr
    assert out.read_text(encoding="utf-8") == "my deck\n"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    piped = cli("decks", "import", str(fifo), "--to", str(tmp_path / "p.toml"))
    assert piped.returncode == 1
    assert f"{fifo}: cannot be read: not a regular file (a pipe, device or socket)" in piped.stderr
    unknown = cli("decks", "import", str(tmp_path / "set.xlsx"), "--to", str(tmp_path / "u.toml"))
    assert unknown.returncode == 1
    assert "cannot tell the format from the name; give --format (apkg, csv, quizlet)" in (
        unknown.stderr
    )
    named = cli("decks", "import", str(source), "--to", str(tmp_path / "n.toml"), "--format", "xls")
    assert named.returncode == 1
    assert "unknown format 'xls' (formats: apkg, csv, quizlet)" in named.stderr


def test_a_new_format_needs_only_a_registered_importer(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importers, "_REGISTRY", dict(importers._REGISTRY))

    @importers.register
    class LinesImporter:
        """Toy format: "question = answer" lines."""

        name: ClassVar[str] = "lines"
        suffixes: ClassVar[tuple[str, ...]] = (".lines",)

        def read(self, source: Path, options: ImportOptions) -> Imported:  # noqa: ARG002
            result = Imported(title="Lines")
            for number, line in enumerate(source.read_text().splitlines(), start=1):
                prompt, _, answer = line.partition(" = ")
                table = {"id": f"l{number}", "kind": "typed", "prompt": prompt, "answer": answer}
                result.cards.append(ImportedCard(table, f"line {number}"))
            return result

    source = tmp_path / "toy.lines"
    source.write_text("Speech year = 1956\n", encoding="utf-8")
    out = tmp_path / "toy.toml"
    imported(cli, source, out)
    assert prompts_and_answers(out) == [("Speech year", "1956")]


_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\t"
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=8))
def test_any_tab_separated_quizlet_text_comes_back_term_for_term(
    pairs: list[tuple[str, str]],
) -> None:
    """Whatever the terms hold (commas, semicolons, quotes, any script), a tab-and-newline
    export gives back each term and definition, with their spacing tidied."""
    from studycli.importers.quizlet import QuizletImporter

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "set.txt"
        source.write_text("\n".join(f"{t}\t{d}" for t, d in pairs) + "\n", encoding="utf-8")
        result = QuizletImporter().read(source, ImportOptions())
    assert result.problems == []
    tidy = [(" ".join(t.split()), " ".join(d.split())) for t, d in pairs]
    assert [(c.table["prompt"], c.table["answer"]) for c in result.cards] == tidy
    ids = [card.table["id"] for card in result.cards]
    assert len(set(ids)) == len(ids)


_ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda text: text.strip())


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_ANY_TEXT, _ANY_TEXT), min_size=1, max_size=5))
def test_the_written_deck_holds_exactly_the_imported_text(pairs: list[tuple[str, str]]) -> None:
    """Quotes, backslashes, line breaks, control characters and any script survive the
    TOML writer and come back as the loader reads them (surrounding space trimmed)."""
    from studycli.importers.writer import DeckHeader, write_deck

    imported = Imported(title="T")
    for number, (prompt, answer) in enumerate(pairs, start=1):
        table = {"id": f"c{number}", "kind": "typed", "prompt": prompt, "answer": answer}
        imported.cards.append(ImportedCard(table, f"line {number}"))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.toml"
        header = DeckHeader("prop", 'A "title" \\ with marks', "content", "")
        assert write_deck(Path("in.txt"), out, header, imported) == len(pairs)
        deck = load_deck(out)
    assert deck.title == 'A "title" \\ with marks'
    assert prompts_and_answers_of(deck) == [(p.strip(), a.strip()) for p, a in pairs]


def prompts_and_answers_of(deck: Deck) -> list[tuple[str, str]]:
    return [(card.prompt, card.answer) for card in deck.cards if isinstance(card, TypedCard)]
