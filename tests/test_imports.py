"""Quick commands must not pay for heavy libraries they do not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import env_without_coverage

pytestmark = pytest.mark.slow  # each test starts a fresh interpreter


def imported_modules(*args: str) -> set[str]:
    """The modules a fresh ``studycli ARGS`` process imports (coverage left out)."""
    env = env_without_coverage()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "studycli", *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_version_imports_neither_prompt_toolkit_nor_fsrs_nor_sqlite() -> None:
    modules = imported_modules("--version")
    assert "prompt_toolkit" not in modules
    assert "fsrs" not in modules
    assert "sqlite3" not in modules
    assert "tomli" not in modules


def test_decks_list_json_does_not_import_the_scheduler_or_ui() -> None:
    modules = imported_modules("decks", "list", "--json")
    assert "prompt_toolkit" not in modules
    assert "fsrs" not in modules


def test_other_commands_do_not_import_genanki() -> None:
    assert "genanki" not in imported_modules("decks", "list", "--json")


def test_timeline_json_does_not_import_prompt_toolkit() -> None:
    assert "prompt_toolkit" not in imported_modules("timeline", "--json")


def test_plain_notes_import_neither_rich_nor_the_scheduler_nor_sqlite() -> None:
    modules = imported_modules("notes")
    for heavy in ("rich", "prompt_toolkit", "fsrs", "sqlite3"):
        assert heavy not in modules, heavy


@pytest.mark.parametrize(
    "args", [("stats",), ("timeline",), ("decks", "list"), ("quiz", "-n", "1")]
)
def test_plain_option_values_are_converted_without_pydantic(args: tuple[str, ...]) -> None:
    """Typer would import Pydantic (~45 ms) to convert option values; studycli's plain
    ones are converted without it (studycli.cli.coercion)."""
    assert "pydantic" not in imported_modules(*args)


def test_a_command_imports_no_other_command_module() -> None:
    """Each command is imported and built only when it runs (studycli.cli.commands)."""
    modules = imported_modules("stats", "--json")
    assert "studycli.cli.stats" in modules
    for other in ("quiz", "review", "timeline", "exam", "decks", "classroom", "notes"):
        assert f"studycli.cli.{other}" not in modules, other


@pytest.mark.parametrize("args", [("stats",), ("timeline",), ("plan",)])
def test_reading_progress_does_not_import_the_graders(args: tuple[str, ...]) -> None:
    """Outcomes and ratings live in studycli.outcomes: reading the review log does not
    need the graders (nor, once the decks are cached, the card kinds behind them)."""
    assert "studycli.grading" not in imported_modules(*args)


def test_help_builds_every_command_without_the_model() -> None:
    """--help builds every command; their options name topics from studycli.topics."""
    assert "studycli.model" not in imported_modules("--help")


def test_piped_timeline_draws_no_rich_grid() -> None:
    """Piped, the timeline is written as plain lines (studycli.ui.timeline_text)."""
    modules = imported_modules("timeline")
    assert "rich.table" not in modules
    assert "studycli.ui.render" not in modules
