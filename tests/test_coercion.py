"""Option values converted without Pydantic give exactly what Typer's coercion gives."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from studycli.cli import main as cli_main
from tests.conftest import CliRunner, run_in_process

# Good values, and values each check must refuse: bounds, malformed numbers, unknown
# choices, missing or wrong-kind paths, and the same values spelled unusually.
CASES = [
    ["quiz", "-n", "0"],
    ["quiz", "-n", "x"],
    ["quiz", "-n", "05"],
    ["quiz", "-n", "-3"],
    ["quiz", "-n", "2", "--topic", "nowhere"],
    ["review", "--limit", "1"],
    ["timeline", "--topic", "bogus", "--json"],
    ["timeline", "--topic", "CONTENT", "--from", "1956", "--to", "1956", "--json"],
    ["timeline", "--from", "nineteen", "--json"],
    ["plan", "--new-per-day", "400"],
    ["decks", "check", "missing.toml"],
    ["--home", "", "decks", "list", "--json"],
    ["--deck", "nowhere", "decks", "list", "--json"],
    ["stats", "--json"],
    ["exam", "--minutes", "0.25", "-n", "1"],
    ["exam", "--minutes", "1e3", "-n", "1", "--seed", "7"],
    ["exam", "--minutes", "2.5", "-n", "1", "--seed", "7"],
    ["exam", "--minutes", "x"],
    ["exam", "--history", "--seed", "12", "--json"],
    ["class", "report", "missing.jsonl"],
]


def _with_typer_alone(args: list[str], monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(cli_main, "_plain_coercion", lambda _command: None)
        return _outcome(run_in_process(args))


def _outcome(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """Exit status and output; where an exam was saved (a file named by the time) is left out."""
    return result.returncode, result.stdout.split("Saved to")[0], result.stderr


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_same_result_and_message_as_typer_alone(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, studycli_home: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = _with_typer_alone(args, monkeypatch)
    shutil.rmtree(studycli_home, ignore_errors=True)  # each run starts from the same state
    assert _outcome(run_in_process(args)) == expected


def test_refused_values_name_the_option(cli: CliRunner) -> None:
    result = cli("quiz", "-n", "0")
    assert result.returncode == 2
    assert "'-n'" in result.stderr
    assert "greater than or equal to 1" in result.stderr


def test_a_counted_quiz_records_that_many_answers(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("quiz", "-n", "2", "--topic", "content", "--kind", "truefalse", input="t\nt\n")
    assert result.returncode == 0, result.stderr
    export = tmp_path / "export.jsonl"
    assert cli("progress", "export", str(export)).returncode == 0
    lines = export.read_text(encoding="utf-8").splitlines()[1:]
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 2
    assert all(row["card_key"].startswith("speech-content/") for row in rows)
    assert [(row["answer"], row["mode"]) for row in rows] == [("t", "quiz"), ("t", "quiz")]
