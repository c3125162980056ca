"""Text from files is data from strangers: strip anything a terminal would act on.

Deck text, ids, field and table names, file names and imported card keys all reach the
terminal in prompts, messages and notes. Escape sequences could clear the screen or set
the window title; bidirectional overrides and zero-width characters could make an id or
an answer read as something it is not. :func:`clean` removes all of them, and replaces
lone surrogates (which no terminal encoding can write) with U+FFFD.

Kept free of Rich so plain line mode and error messages can use it without importing Rich.
"""

from __future__ import annotations

import re

# ANSI CSI and OSC sequences and other ESC escapes, then the remaining C0/C1 controls
# except tab and newline.
_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides, isolates and marks; zero-width spaces, joiners and
# the word joiner; the byte-order mark; line and paragraph separators.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """*text* with terminal escapes, control, bidi and zero-width characters removed."""
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return _SURROGATES.sub("\ufffd", _INVISIBLE.sub("", text))
