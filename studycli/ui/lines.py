"""The two halves of plain line mode's I/O, shared by study sessions and timeline drills.

A reply is one input line without its line ending; end of input is ``None`` (which ends
a session cleanly). Every output line is flushed at once, so a script driving studycli
through pipes sees each question before it has to answer.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

_UNDECODED = re.compile("[\udc80-\udcff]")


def read_line(stream: TextIO) -> str | None:
    """The next input line without its line ending, or None at end of input.

    A line that is not UTF-8 text (``main`` reads stdin with ``surrogateescape``, so its
    stray bytes arrive as lone surrogates) is unreadable, not wrong: it is refused on
    stderr and the next line is read instead, so it is never graded or saved.
    """
    while True:
        line = stream.readline()
        if not line:
            return None
        if not _UNDECODED.search(line):
            return line.rstrip("\r\n")
        sys.stderr.write("studycli: that line is not UTF-8 text; type it again\n")
        sys.stderr.flush()


def write_line(stream: TextIO, text: str = "") -> None:
    """Write *text* as one line and flush it."""
    stream.write(text + "\n")
    stream.flush()
