"""The two halves of plain line mode's I/O, shared by study sessions and timeline drills.

A reply is one input line without its line ending; end of input is ``None`` (which ends
a session cleanly). Every output line is flushed at once, so a script driving studycli
through pipes sees each question before it has to answer.
"""

from __future__ import annotations

from typing import TextIO


def read_line(stream: TextIO) -> str | None:
    """The next input line without its line ending, or None at end of input."""
    line = stream.readline()
    return line.rstrip("\r\n") if line else None


def write_line(stream: TextIO, text: str = "") -> None:
    """Write *text* as one line and flush it."""
    stream.write(text + "\n")
    stream.flush()
