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
