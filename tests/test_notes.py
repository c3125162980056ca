"""`studycli notes`: revision notes grouped by topic, each with the cards that test it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studycli.cli.main import main
from tests.conftest import write_deck

CONTENT = '''
[deck]
id = "said"
title = "What was said"
topic = "content"

[[card]]
id = "testament"
kind = "truefalse"
prompt = "Khrushchev quoted Lenin's Testament."
answer = true
tags = ["lenin", "testament"]

[[card]]
id = "krupskaya"
kind = "truefalse"
prompt = "Khrushchev read Lenin's letter about Krupskaya."
answer = true
tags = ["krupskaya"]

[[event]]
id = "postscript"
date = 1923-01-04
title = "Lenin's postscript"
topic = "context"
tags = ["testament"]

[[note]]
id = "lenin"
title = "Lenin's Testament: the case built on Lenin"
tags = ["lenin", "testament"]
body = """
Khrushchev opened with Lenin's warning that Stalin was too rude to stay General
Secretary.

He read it to show that the criticism came from Lenin himself.
"""
source = "Speech of 25 Feb 1956 (State Department text), opening section"
'''

OMISSIONS = """
[deck]
id = "unsaid"
title = "What was left out"
topic = "omissions"

[[card]]
id = "kulaks"
kind = "truefalse"
prompt = "The speech described the kulak operation."
answer = false
tags = ["terror"]

[[note]]
id = "mass-operations"
title = "The mass operations"
tags = ["terror"]
body = "The speech spoke of communist victims and passed over the mass operations."
"""


@pytest.fixture(autouse=True)
def decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two decks in place of the bundled ones; the omissions deck comes first on disk."""
    folder = tmp_path / "decks"
    write_deck(folder, "a-unsaid.toml", OMISSIONS)
    write_deck(folder, "b-said.toml", CONTENT)
    monkeypatch.setattr("studycli.paths.bundled_decks_dir", lambda: folder)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in process as ``studycli`` would; return code, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


EXPECTED = """\
Content
=======

Lenin's Testament: the case built on Lenin
------------------------------------------

Khrushchev opened with Lenin's warning that Stalin was too
rude to stay General Secretary.

He read it to show that the criticism came from Lenin
himself.

Sources: Speech of 25 Feb 1956 (State Department text),
opening section

2 cards test this note: studycli quiz --tag lenin --tag
testament

Omissions
=========

The mass operations
-------------------

The speech spoke of communist victims and passed over the
mass operations.

1 card tests this note: studycli quiz --tag terror
"""


def test_plain_notes_are_grouped_by_topic_with_their_cards_and_quiz_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "notes")
    assert (code, err) == (0, "")
    assert out == EXPECTED
    assert max(len(line) for line in out.splitlines()) <= 60


def test_json_holds_every_note_with_its_count_and_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(capsys, "notes", "--json")
    assert code == 0
    notes = json.loads(out)
    assert [(n["deck"], n["id"], n["topic"]) for n in notes] == [
        ("said", "lenin", "content"),
        ("unsaid", "mass-operations", "omissions"),
    ]
    lenin = notes[0]
    assert lenin["paragraphs"] == [
        "Khrushchev opened with Lenin's warning that Stalin was too rude to stay General "
        "Secretary.",
        "He read it to show that the criticism came from Lenin himself.",
    ]
    # the testament card and the postscript's date card; the Krupskaya card has neither tag
    assert lenin["cards"] == 2
    assert lenin["quiz"] == "studycli quiz --tag lenin --tag testament"
    assert lenin["tags"] == ["lenin", "testament"]
    assert notes[1]["source"] == ""


@pytest.mark.parametrize(
    ("scope", "ids"),
    [("omissions", ["mass-operations"]), ("testament", ["lenin"]), ("Content", ["lenin"])],
)
def test_a_topic_or_tag_chooses_the_notes(
    capsys: pytest.CaptureFixture[str], scope: str, ids: list[str]
) -> None:
    code, out, _err = run(capsys, "notes", scope, "--json")
    assert code == 0
    assert [note["id"] for note in json.loads(out)] == ids


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (
            "hungary",
            "studycli: 'hungary' is neither a topic (content, omissions, impacts, context) "
            "nor a tag of any card or note\n",
        ),
        (
            "krupskaya",
            "studycli: no revision note covers the tag 'krupskaya'; 1 card carries it "
            "(studycli quiz --tag krupskaya)\n",
        ),
        ("impacts", "studycli: no revision notes for the topic 'impacts' in the decks in play\n"),
    ],
)
def test_an_unknown_topic_or_tag_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], scope: str, message: str
) -> None:
    code, out, err = run(capsys, "notes", scope)
    assert (code, out, err) == (1, "", message)


def test_the_terminal_view_shows_the_same_notes() -> None:
    from rich.console import Console

    from studycli.cli.state import AppState
    from studycli.revision import note_views
    from studycli.ui.notes_view import rich_notes

    console = Console(width=60, record=True, color_system=None)
    console.print(rich_notes(note_views(AppState().library())))
    text = console.export_text()
    for line in (
        "Lenin's Testament: the case built on Lenin",
        "2 cards test this note: studycli quiz --tag lenin --tag",
        "1 card tests this note: studycli quiz --tag terror",
    ):
        assert line in text
    assert text.index("Content") < text.index("Omissions")
