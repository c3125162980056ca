"""Reading a file named by a user without hanging, exhausting memory or crashing.

Deck files, ``config.toml`` and progress exports come from paths anyone can point at
anything: a FIFO (opening it blocks until some writer appears, which may be never),
``/dev/zero`` (endless), a folder, a symlink loop. :func:`read_regular` opens without
blocking, reads only a regular file and only up to a size limit, and reports every
refusal as an :class:`OSError` with a readable ``strerror``, which the callers already
turn into their own clear messages.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

MiB = 1 << 20


def resolved(path: Path) -> Path:
    """*path* with symlinks resolved as far as they go; a symlink loop is not an error.

    (``Path.resolve`` raises ``RuntimeError`` on a loop in Python 3.11; the loop is
    reported when the file is read instead.)
    """
    return Path(os.path.realpath(path))


class NotRegularFile(OSError):
    """The path names a folder, pipe, device or socket, not a file to read."""


def open_regular(path: Path) -> BinaryIO:
    """*path* opened for binary reading, if it is a regular file.

    Opened without blocking and checked on the open file, so the name cannot be swapped
    between the check and the read; a FIFO is refused without waiting for a writer.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise NotRegularFile(errno.EISDIR, "it is a folder, not a file", str(path))
        raise NotRegularFile(
            errno.EINVAL, "not a regular file (a pipe, device or socket)", str(path)
        )
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of *path*, which must be a regular file of at most *limit* bytes."""
    with open_regular(path) as handle:
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // MiB} MiB", str(path))
    return data


class TomlProblem(Exception):
    """Why some bytes are not a TOML document, with the line and column when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_toml(data: bytes) -> dict[str, Any]:
    """The TOML document in *data*: UTF-8, with or without a byte-order mark.

    Editors on Windows often save UTF-8 with a BOM; TOML does not allow one, and tomli
    would report it only as "invalid statement" at 1:1, so it is skipped. Deeply nested
    arrays or tables exhaust Python's recursion limit inside tomli; that is a problem
    with the file like any other.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TomlProblem(f"is not UTF-8 text (invalid byte at offset {error.start})") from error
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        raise TomlProblem(f"TOML syntax error: {message}", line, column) from error
    except RecursionError as error:
        raise TomlProblem("TOML nested too deeply (arrays or tables within each other)") from error
