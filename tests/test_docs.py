"""Every command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main

from studycli.cli.main import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, str | None]]:
    root = typer.main.get_command(app)
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
