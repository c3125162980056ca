"""Reading a file the user names, refusing what is not a regular file.

A FIFO would block a command forever and a device could be endless, so input files
(imports, class reports) are opened without blocking and checked on the opened file,
before a byte is read: the name cannot be swapped between the check and the read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from studycli.errors import StudyError


def open_regular(source: Path) -> IO[bytes]:
    """*source* opened for binary reading, if it is a regular file."""
    try:
        descriptor = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise StudyError(f"{source}: no such file") from error
    except OSError as error:
        raise StudyError(f"{source}: cannot be read: {error.strerror or error}") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise StudyError(f"{source}: it is {what}; give a file")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


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
