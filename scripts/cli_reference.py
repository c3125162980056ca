"""Write docs/cli.md from the commands' own ``--help``, so the reference cannot go stale.

Run ``python scripts/cli_reference.py`` after changing a command or its help; the test
suite fails while docs/cli.md differs from what this script writes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 80

HEADER = """\
# Command reference

Every command's `--help`, as studycli prints it at 80 columns. This page is generated
by `python scripts/cli_reference.py`; the tests fail when it is out of date.
"""


def _commands(command: Any, ctx: Any) -> Iterator[tuple[str, Any]]:
    """Every command below *command*, depth first, in the order ``--help`` lists them."""
    yield ctx.command_path, ctx
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        yield from _commands(sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True))


def render() -> str:
    """The text docs/cli.md should hold."""
    import typer.main

    from studycli.cli.main import app

    root = typer.main.get_command(app)
    ctx = root.make_context(
        "studycli", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
    )
    sections = [HEADER]
    for path, command_ctx in _commands(root, ctx):
        help_text = command_ctx.command.get_help(command_ctx).rstrip()
        sections.append(f"## `{path}`\n\n```text\n{help_text}\n```\n")
    return "\n".join(sections)


def main() -> int:
    REFERENCE.write_text(render(), encoding="utf-8")
    print(f"wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
