"""How command help is laid out: arguments shown by their metavar alone.

Typer prints an argument as ``FILE <path>`` or ``[PATH]... <list[Path]>``, and a required
one as ``{FILE}`` on the usage line; the braces and the type in angle brackets repeat,
in Python's terms, what the metavar and the help already say in the user's. Commands
with positional arguments use :class:`StudyCommand`, and give each argument the metavar
to print (``FILE``, ``[PATH]...``).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand


class StudyCommand(TyperCommand):
    """A Typer command whose help shows each argument as its metavar, without its type."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and param.metavar:
                pieces.append(param.metavar)
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                name = param.metavar or record[0].split(" <", 1)[0]
                arguments.append((name, record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)
