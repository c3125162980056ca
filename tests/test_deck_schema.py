"""``decks schema``: the JSON Schema and the loader agree on what a deck is.

Every bundled deck validates against the schema; each broken deck the schema can
express is refused by both the schema and the loader; the rules only the loader can
check (they compare values with each other) are listed, so their limits stay known.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli

from studycli.deck_schema import deck_schema
from studycli.loader import check_deck
from studycli.paths import bundled_decks_dir
from tests.conftest import EVERY_KIND, CliRunner

DOCS_SCHEMA = Path(__file__).parent.parent / "docs" / "deck.schema.json"
HEADER = '[deck]\nid = "schema-test"\ntitle = "Schema test"\ntopic = "content"\n'
TYPED = '[[card]]\nid = "one"\nkind = "typed"\nprompt = "P?"\nanswer = "A"\n'


def as_json(value: Any) -> Any:
    """A parsed TOML document as an editor's TOML tooling hands it to a JSON Schema."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(deck_schema())


def schema_errors(text: str) -> list[str]:
    document = as_json(tomli.loads(text))
    return [error.message for error in validator().iter_errors(document)]


def loader_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    return [str(problem) for problem in check_deck(path)[1]]


def card(body: str, ident: str = "c") -> str:
    return f'\n[[card]]\nid = "{ident}"\n{body}\n'


# Broken decks the schema can express: both must refuse each one.
BOTH_REFUSE = {
    "no deck table": TYPED,
    "deck id with capitals": HEADER.replace('"schema-test"', '"Schema-Test"') + TYPED,
    "unknown deck field": HEADER + 'titel = "x"\n' + TYPED,
    "unknown topic": HEADER.replace('"content"', '"war"') + TYPED,
    "title not a string": HEADER.replace('"Schema test"', "5") + TYPED,
    "unknown top-level table": HEADER + TYPED + '\n[decks]\nid = "x"\n',
    "card table not an array": HEADER + '[card]\nid = "x"\nkind = "typed"\n',
    "no cards or events": HEADER,
    "card without id": HEADER + '[[card]]\nkind = "typed"\nprompt = "P"\nanswer = "A"\n',
    "card id with a space": HEADER + card('kind = "typed"\nprompt = "P"\nanswer = "A"', "a b"),
    "unknown kind": HEADER + card('kind = "essay"\nprompt = "P"'),
    "typed without answer": HEADER + card('kind = "typed"\nprompt = "P"'),
    "blank prompt": HEADER + card('kind = "typed"\nprompt = "  "\nanswer = "A"'),
    "field of another kind": HEADER
    + card('kind = "typed"\nprompt = "P"\nanswer = "A"\nchoices = ["A", "B"]'),
    "misspelt field": HEADER + card('kind = "typed"\nprompt = "P"\nanwser = "A"'),
    "choice with one choice": HEADER
    + card('kind = "choice"\nprompt = "P"\nchoices = ["A"]\nanswer = "A"'),
    "multi without answers": HEADER
    + card('kind = "multi"\nprompt = "P"\nchoices = ["A", "B"]\nanswers = []'),
    "truefalse answer as text": HEADER + card('kind = "truefalse"\nprompt = "P"\nanswer = "false"'),
    "cloze without gaps": HEADER + card('kind = "cloze"\ntext = "No gaps here."'),
    "cloze with an empty gap": HEADER + card('kind = "cloze"\ntext = "A {{ | }} gap."'),
    "order with one item": HEADER + card('kind = "order"\nprompt = "P"\nitems = ["A"]'),
    "points without points": HEADER + card('kind = "points"\nprompt = "P"\npoints = []'),
    "tag with capitals": HEADER
    + card('kind = "typed"\nprompt = "P"\nanswer = "A"\ntags = ["Lenin"]'),
    "accepted answer twice": HEADER
    + card('kind = "typed"\nprompt = "P"\nanswer = "A"\naccept = ["B", "B"]'),
    "event date in words": HEADER
    + '[[event]]\nid = "e"\ndate = "25 Feb 1956"\ntitle = "T"\ntopic = "context"\n',
    "event date with a time": HEADER
    + '[[event]]\nid = "e"\ndate = 1956-02-25T10:00:00\ntitle = "T"\ntopic = "context"\n',
    "event in month 13": HEADER
    + '[[event]]\nid = "e"\ndate = "1956-13"\ntitle = "T"\ntopic = "context"\n',
    "event without title": HEADER + '[[event]]\nid = "e"\ndate = 1956-02-25\ntopic = "context"\n',
    "note without tags": HEADER + TYPED + '[[note]]\nid = "n"\ntitle = "T"\nbody = "B"\n',
    "note with no tag": HEADER + TYPED + '[[note]]\nid = "n"\ntitle = "T"\ntags = []\nbody = "B"\n',
    "era with an unknown field": HEADER
    + TYPED
    + '[[era]]\nid = "r"\ntitle = "T"\nfrom = "1953"\nuntil = "1955"\n',
}

# Rules that compare one value with another: the loader's alone.
LOADER_ONLY = {
    "choice answer not among the choices": HEADER
    + card('kind = "choice"\nprompt = "P"\nchoices = ["A", "B"]\nanswer = "C"'),
    "multi answers not a subset": HEADER
    + card('kind = "multi"\nprompt = "P"\nchoices = ["A", "B"]\nanswers = ["C"]'),
    "two cards with one id": HEADER + TYPED + TYPED,
    "event ending before it starts": HEADER
    + '[[event]]\nid = "e"\ndate = "1956"\nend = "1955"\ntitle = "T"\ntopic = "context"\n',
    "a day that does not exist": HEADER
    + '[[event]]\nid = "e"\ndate = "1956-02-30"\ntitle = "T"\ntopic = "context"\n',
    "eras out of order": HEADER
    + TYPED
    + '[[era]]\nid = "b"\ntitle = "B"\nfrom = "1956"\nto = "1957"\n'
    + '[[era]]\nid = "a"\ntitle = "A"\nfrom = "1953"\nto = "1955"\n',
}


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = deck_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "path",
    [*sorted(bundled_decks_dir().glob("*.toml")), EVERY_KIND],
    ids=lambda path: path.name,
)
def test_every_bundled_deck_validates(path: Path) -> None:
    document = as_json(tomli.loads(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(document)]
    assert errors == []


def test_the_starter_deck_validates(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "starter.toml"
    assert cli("decks", "new", str(path)).returncode == 0
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_a_good_deck_passes_both(tmp_path: Path) -> None:
    text = HEADER + TYPED
    assert schema_errors(text) == []
    assert loader_problems(tmp_path, text) == []


@pytest.mark.parametrize("name", sorted(BOTH_REFUSE))
def test_schema_and_loader_both_refuse(name: str, tmp_path: Path) -> None:
    text = BOTH_REFUSE[name]
    assert schema_errors(text), f"the schema accepts: {name}"
    assert loader_problems(tmp_path, text), f"the loader accepts: {name}"


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_rules_only_the_loader_checks(name: str, tmp_path: Path) -> None:
    text = LOADER_ONLY[name]
    assert schema_errors(text) == [], f"the schema now expresses: {name}; move it"
    assert loader_problems(tmp_path, text), f"the loader accepts: {name}"


def test_decks_schema_prints_the_schema_and_the_docs_copy_is_current(cli: CliRunner) -> None:
    result = cli("decks", "schema")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == deck_schema()
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == result.stdout, (
        "docs/deck.schema.json is stale: studycli decks schema > docs/deck.schema.json"
    )
