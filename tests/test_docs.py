"""Every command has help text and is documented in the README."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import typer.main

from studycli.cli.main import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, str | None]]:
    root = typer.main.get_command(app)
    root.load_all()  # type: ignore[attr-defined]  (commands are built when looked up)
    found: list[tuple[str, str | None]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.extend((f"{name} {sub}", child.help) for sub, child in subcommands.items())
        else:
            found.append((name, command.help))
    return found


def test_every_command_has_help_and_a_readme_entry() -> None:
    listed = commands()
    assert {"review", "quiz", "timeline", "stats", "decks list", "decks check"} <= {
        n for n, _ in listed
    }
    for name, help_text in listed:
        assert help_text, f"{name} has no help text"
        assert f"studycli {name}" in README, f"README does not mention `studycli {name}`"


def _reference_module() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "scripts" / "cli_reference.py"
    spec = importlib.util.spec_from_file_location("cli_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    reference = _reference_module()
    written = reference.REFERENCE.read_text(encoding="utf-8")
    assert written == reference.render(), (
        "docs/cli.md is out of date: run `python scripts/cli_reference.py`"
    )


def test_every_command_help_ends_with_examples() -> None:
    for name, help_text in commands():
        assert help_text is not None
        assert "Examples:" in help_text, f"`studycli {name} --help` shows no examples"
        examples = help_text.split("Examples:", 1)[1]
        assert f"studycli {name.split()[0]}" in examples, f"{name}: examples do not run it"


def test_help_names_values_in_the_users_terms() -> None:
    """Metavars say ID, N, PATH, FILE, TEXT, not Python's <list[str]>, <int range>, {file}."""
    text = _reference_module().render()
    leaked = re.findall(r"<(?:list\[|int|str|float|path|file|bool|datetime)[^>]*>|\{\w+\}", text)
    assert not leaked, f"help shows Python types {sorted(set(leaked))}: give those a metavar"
