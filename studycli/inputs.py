"""Reading a file the user names, refusing what is not a regular file.

A FIFO would block a command forever and a device could be endless, so input files
(imports, class reports) are opened through :func:`studycli.files.open_regular`, like
decks and progress exports; here its refusals become messages for the learner.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import IO

from studycli import files
from studycli.errors import StudyError


def open_regular(source: Path) -> IO[bytes]:
    """*source* opened for binary reading, if it is a regular file."""
    try:
        return files.open_regular(source)
    except FileNotFoundError as error:
        raise StudyError(f"{source}: no such file") from error
    except files.NotRegularFile as error:
        what = "a folder" if error.errno == errno.EISDIR else "not a regular file"
        raise StudyError(f"{source}: it is {what}; give a file") from error
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
