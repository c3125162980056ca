"""The root's commands, each imported and built only when it is looked up.

Typer builds the Click object of every command, with every option, before it runs one,
and the root would import every command module to register them: ~20 ms that a run of
one command does not need. :class:`LazyGroup` knows the commands by name and where they
live; a run imports and builds the one it invokes, while ``--help``, completion and an
unknown name (which is answered with suggestions) still see them all, in this order.
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click import Context
from typer._click.core import Command
from typer.core import TyperGroup

# name -> (module, attribute); a typer.Typer attribute is a group of subcommands
COMMANDS: dict[str, tuple[str, str]] = {
    "review": ("studycli.cli.review", "review"),
    "quiz": ("studycli.cli.quiz", "quiz"),
    "stats": ("studycli.cli.stats", "stats"),
    "optimize": ("studycli.cli.optimize", "optimize"),
    "timeline": ("studycli.cli.timeline", "timeline"),
    "readiness": ("studycli.cli.readiness", "readiness"),
    "notes": ("studycli.cli.notes", "notes"),
    "plan": ("studycli.cli.plan", "plan"),
    "exam": ("studycli.cli.exam", "exam"),
    "decks": ("studycli.cli.decks", "decks_app"),
    "progress": ("studycli.cli.progress", "progress_app"),
    "class": ("studycli.cli.classroom", "class_app"),
}
COMMAND_CLASSES: dict[str, str] = {"notes": "StudyCommand"}  # from studycli.cli.help


def build(name: str, *, pretty_exceptions_short: bool, suggest_commands: bool) -> Command:
    """Import command *name* and build its Click object as Typer would in the root."""
    module, attribute = COMMANDS[name]
    # __import__ (as ``from module import attribute`` does), not importlib's
    # import_module, so that ``python -X importtime`` reports it like any other
    target = getattr(__import__(module, fromlist=[attribute]), attribute)
    scratch = typer.Typer(rich_markup_mode=None)
    if isinstance(target, typer.Typer):
        scratch.add_typer(target, name=name)
        return typer.main.get_group_from_info(
            scratch.registered_groups[0],
            pretty_exceptions_short=pretty_exceptions_short,
            rich_markup_mode=None,
            suggest_commands=suggest_commands,
        )
    options: dict[str, Any] = {}
    if name in COMMAND_CLASSES:
        help_module = __import__("studycli.cli.help", fromlist=[COMMAND_CLASSES[name]])
        options["cls"] = getattr(help_module, COMMAND_CLASSES[name])
    scratch.command(name, **options)(target)
    return typer.main.get_command_from_info(
        scratch.registered_commands[0],
        pretty_exceptions_short=pretty_exceptions_short,
        rich_markup_mode=None,
    )


class LazyGroup(TyperGroup):
    """The root group: a command is imported and built when it is first looked up."""

    def list_commands(self, ctx: Context) -> list[str]:  # noqa: ARG002 (Click's signature)
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:  # noqa: ARG002
        if cmd_name not in COMMANDS:
            self.load_all()  # so that the suggestions for a typo know every name
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = build(
                cmd_name,
                pretty_exceptions_short=True,
                suggest_commands=self.suggest_commands,
            )
        return self.commands[cmd_name]

    def load_all(self) -> None:
        """Build every command (help, completion, documentation)."""
        for name in COMMANDS:
            self.get_command(Context(self), name)
