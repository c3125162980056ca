"""Deck text is data from strangers: strip anything a terminal would act on.

Kept free of Rich so plain line mode can use it without importing Rich.
"""

from __future__ import annotations

import re

# ANSI CSI and OSC sequences and other ESC escapes, then the remaining C0/C1 controls
# except tab and newline.
_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """*text* with terminal escape sequences and control characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
