"""Input files a command reads whole (imports, class reports), as :class:`StudyError`.

:mod:`studycli.files` does the careful part: it opens without blocking and reads only a
regular file, so a FIFO or a device never hangs a command. This module turns its
refusals into the one-line messages a user reads: the path, then what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from studycli import files
from studycli.errors import StudyError


def open_regular(source: Path) -> BinaryIO:
    """*source* opened for binary reading, if it is a regular file."""
    try:
        return files.open_regular(source)
    except FileNotFoundError as error:
        raise StudyError(f"{source}: no such file") from error
    except OSError as error:
        raise StudyError(f"{source}: cannot be read: {error.strerror or error}") from error


def read_regular_text(source: Path) -> str:
    """The whole of a UTF-8 text file (a byte-order mark is dropped)."""
    with open_regular(source) as handle:
        data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StudyError(
            f"{source}: is not UTF-8 text (invalid byte at offset {error.start})"
        ) from error
