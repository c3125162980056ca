"""The one place a Rich console is made, so colour rules are applied everywhere alike.

Colour is off with ``NO_COLOR``, ``--no-color``, or when output is not a terminal (then
no ANSI escape is written at all, which is what scripts and tests read).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def interactive() -> bool:
    """Whether a session can talk to a person at a terminal: stdin *and* stdout must be
    terminals, since a piped stdin cannot feed prompt_toolkit and a redirected stdout
    must not receive escape codes. Otherwise sessions run in plain line mode."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def use_color(*, no_color: bool = False, stderr: bool = False) -> bool:
    """Whether output to stdout (or stderr) may carry colour and other ANSI styles."""
    stream = sys.stderr if stderr else sys.stdout
    return not (no_color or "NO_COLOR" in os.environ or not stream.isatty())


def make_console(*, no_color: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    interactive = stream.isatty()
    plain = not use_color(no_color=no_color, stderr=stderr)
    return Console(
        file=stream,
        no_color=plain,
        color_system=None if plain else "auto",
        force_terminal=interactive and not plain,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=not interactive,
    )
