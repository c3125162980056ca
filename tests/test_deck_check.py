"""`studycli decks check` on bad decks: one precise message per mistake, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EVERY_KIND, CliRunner, write_deck

HEADER = """
[deck]
id = "test-deck"
title = "Test deck"
topic = "content"
"""

GOOD_CARD = """
[[card]]
id = "good"
kind = "typed"
prompt = "Who gave the speech?"
answer = "Khrushchev"
"""


def card(body: str, ident: str = "bad") -> str:
    return f'\n[[card]]\nid = "{ident}"\n{body}\n'


# (case id, deck text, fragments that must all appear in one line of the output)
CASES: list[tuple[str, str, list[str]]] = [
    (
        "toml-syntax",
        HEADER + '\n[[card]]\nid = "x"\nprompt = "unclosed\n',
        ["deck.toml:9:", "TOML syntax error"],
    ),
    ("missing-deck-table", GOOD_CARD, ["deck", "missing the [deck] table"]),
    (
        "missing-deck-id",
        '[deck]\ntitle = "T"\ntopic = "content"\n' + GOOD_CARD,
        ["deck", "field 'id'", "is missing"],
    ),
    (
        "bad-deck-id-characters",
        HEADER.replace("test-deck", "Test Deck!") + GOOD_CARD,
        ["deck", "field 'id'", "'Test Deck!'", "a-z"],
    ),
    (
        "bad-card-id-characters",
        HEADER + card('kind = "typed"\nprompt = "P"\nanswer = "A"', ident="Bad_Id"),
        ["card 'Bad_Id'", "field 'id'", "a-z"],
    ),
    (
        "duplicate-card-id",
        HEADER + GOOD_CARD + GOOD_CARD,
        ["card 'good'", "field 'id'", "duplicate id"],
    ),
    (
        "duplicate-event-id",
        HEADER + '[[event]]\nid = "e"\ndate = 1956-02-25\ntitle = "T"\ntopic = "content"\n' * 2,
        ["event 'e'", "field 'id'", "duplicate id"],
    ),
    (
        "unknown-kind",
        HEADER + card('kind = "essay"\nprompt = "P"'),
        ["card 'bad'", "field 'kind'", "unknown kind 'essay'"],
    ),
    (
        "unknown-topic",
        HEADER.replace('"content"', '"economics"') + GOOD_CARD,
        ["deck", "field 'topic'", "unknown topic 'economics'"],
    ),
    (
        "unknown-field-typo",
        HEADER + card('kind = "typed"\nprompt = "P"\nanwser = "A"'),
        ["card 'bad'", "field 'anwser'", "did you mean 'answer'"],
    ),
    (
        "missing-prompt",
        HEADER + card('kind = "typed"\nanswer = "A"'),
        ["card 'bad'", "field 'prompt'", "is missing"],
    ),
    (
        "missing-answer",
        HEADER + card('kind = "choice"\nprompt = "P"\nchoices = ["a", "b"]'),
        ["card 'bad'", "field 'answer'", "is missing"],
    ),
    (
        "choice-answer-not-a-choice",
        HEADER
        + card(
            'kind = "choice"\nprompt = "P"\nchoices = ["Molotov", "Malenkov"]\nanswer = "Beria"'
        ),
        ["card 'bad'", "field 'answer'", "'Beria' is not among the choices"],
    ),
    (
        "multi-answers-not-subset",
        HEADER
        + card('kind = "multi"\nprompt = "P"\nchoices = ["a", "b", "c"]\nanswers = ["a", "z"]'),
        ["card 'bad'", "field 'answers'", "'z' not among the choices"],
    ),
    (
        "fewer-than-two-choices",
        HEADER + card('kind = "choice"\nprompt = "P"\nchoices = ["only"]\nanswer = "only"'),
        ["card 'bad'", "field 'choices'", "at least 2"],
    ),
    (
        "cloze-without-gap",
        HEADER + card('kind = "cloze"\ntext = "No gaps in here."'),
        ["card 'bad'", "field 'text'", "no {{gap}}"],
    ),
    (
        "order-with-one-item",
        HEADER + card('kind = "order"\nprompt = "P"\nitems = ["alone"]'),
        ["card 'bad'", "field 'items'", "at least 2"],
    ),
    (
        "malformed-date",
        HEADER + '[[event]]\nid = "e"\ndate = "25 Feb 1956"\ntitle = "T"\ntopic = "context"\n',
        ["event 'e'", "field 'date'", "malformed date '25 Feb 1956'"],
    ),
    (
        "impossible-date-string",
        HEADER + '[[event]]\nid = "e"\ndate = "1956-02-30"\ntitle = "T"\ntopic = "context"\n',
        ["event 'e'", "field 'date'", "impossible date '1956-02-30'"],
    ),
    (
        "impossible-date-literal",
        HEADER + '[[event]]\nid = "e"\ndate = 1956-02-30\ntitle = "T"\ntopic = "context"\n',
        ["deck.toml:8:", "TOML syntax error"],
    ),
    (
        "empty-string",
        HEADER + card('kind = "typed"\nprompt = "  "\nanswer = "A"'),
        ["card 'bad'", "field 'prompt'", "must not be empty"],
    ),
    (
        "list-where-string-expected",
        HEADER + card('kind = "typed"\nprompt = ["a", "b"]\nanswer = "A"'),
        ["card 'bad'", "field 'prompt'", "expected a string, got a list"],
    ),
    (
        "truefalse-answer-as-string",
        HEADER + card('kind = "truefalse"\nprompt = "P"\nanswer = "false"'),
        ["card 'bad'", "field 'answer'", "expected true or false, got a string"],
    ),
    (
        "field-of-another-kind",
        HEADER + card('kind = "typed"\nprompt = "P"\nanswer = "A"\nchoices = ["A", "B"]'),
        ["card 'bad'", "field 'choices'", "not used by typed cards"],
    ),
    (
        "note-without-body",
        HEADER + GOOD_CARD + '\n[[note]]\nid = "n"\ntitle = "T"\ntags = ["x"]\n',
        ["note 'n'", "field 'body'", "is missing"],
    ),
    (
        "era-ending-before-it-starts",
        HEADER + GOOD_CARD + '\n[[era]]\nid = "e"\ntitle = "T"\nfrom = "1956"\nto = "1953"\n',
        ["era 'e'", "field 'to'", "is before the start date"],
    ),
    (
        "card-without-id",
        HEADER + '\n[[card]]\nkind = "typed"\nprompt = "P"\nanswer = "A"\n',
        ["card #1", "field 'id'", "is missing"],
    ),
]


@pytest.mark.parametrize(("text", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_deck_is_reported_precisely(
    cli: CliRunner, tmp_path: Path, text: str, fragments: list[str]
) -> None:
    deck = write_deck(tmp_path, "deck.toml", text)
    result = cli("decks", "check", str(deck))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if str(deck) in line]
    assert any(all(fragment in line for fragment in fragments) for line in lines), result.stderr


def test_not_utf8(cli: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "latin1.toml"
    deck.write_bytes(
        (HEADER + '\n[[card]]\nid = "p"\nkind = "typed"\nprompt = "Pozna\xf1"\n').encode("latin-1")
        + b'answer = "x"\n'
    )
    result = cli("decks", "check", str(deck))
    assert result.returncode == 1
    assert f"{deck}: is not UTF-8 text" in result.stderr


def test_duplicate_deck_id_names_both_files(cli: CliRunner, tmp_path: Path) -> None:
    first = write_deck(tmp_path / "a", "one.toml", HEADER + GOOD_CARD)
    second = write_deck(tmp_path / "b", "two.toml", HEADER + GOOD_CARD)
    result = cli("decks", "check", str(first), str(second))
    assert result.returncode == 1
    assert (
        f"{second}: deck: field 'id': duplicate deck id 'test-deck', also used by {first}"
        in result.stderr
    )


def test_path_that_does_not_exist(cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    result = cli("decks", "check", str(missing))
    assert result.returncode == 1
    assert f"{missing}: no such file or folder" in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problem in 1 of 1 file(s)"  # not "of 0"


def test_one_card_and_one_event_are_counted_in_the_singular(cli: CliRunner, tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path,
        "one.toml",
        HEADER
        + GOOD_CARD
        + '\n[[event]]\nid = "speech"\ndate = 1956-02-25\n'
        + 'title = "The speech"\ntopic = "content"\n',
    )
    result = cli("decks", "check", str(deck))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 deck file(s) ok: 1 card, 1 event"


def test_folder_without_decks(cli: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("decks", "check", str(empty))
    assert result.returncode == 1
    assert f"{empty}: is a folder with no deck files" in result.stderr


def test_every_problem_in_every_file_is_listed(cli: CliRunner, tmp_path: Path) -> None:
    one = write_deck(
        tmp_path,
        "one.toml",
        HEADER
        + card('kind = "typed"\nanwser = "A"', ident="first")
        + card('kind = "choice"\nprompt = "P"\nchoices = ["a"]\nanswer = "b"', ident="second"),
    )
    two = write_deck(
        tmp_path, "two.toml", '[deck]\nid = "two"\ntitle = "T"\ntopic = "war"\n' + GOOD_CARD
    )
    result = cli("decks", "check", str(one), str(two))
    assert result.returncode == 1
    expected = [
        f"{one}: card 'first': field 'anwser': unknown field",
        f"{one}: card 'first': field 'prompt': is missing",
        f"{one}: card 'first': field 'answer': is missing",
        f"{one}: card 'second': field 'choices': needs at least 2 items",
        f"{one}: card 'second': field 'answer': 'b' is not among the choices",
        f"{two}: deck: field 'topic': unknown topic 'war'",
    ]
    for line in expected:
        assert line in result.stderr
    assert "6 problems in 2 of 2 file(s)" in result.stderr


def test_clean_deck_passes_with_summary(cli: CliRunner) -> None:
    result = cli("decks", "check", str(EVERY_KIND))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 deck file(s) ok: 7 cards, 3 events"


def test_bundled_decks_are_clean(cli: CliRunner) -> None:
    result = cli("decks", "check")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_bad_extra_deck_stops_study_commands_cleanly(cli: CliRunner, tmp_path: Path) -> None:
    bad = write_deck(tmp_path, "bad.toml", HEADER + card('kind = "essay"\nprompt = "P"'))
    result = cli("--deck", str(bad), "quiz", input="\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}: card 'bad': field 'kind': unknown kind 'essay'" in result.stderr
