"""Replacing a file all at once, so an interrupted write never leaves half a file behind.

Every file studycli writes besides the SQLite store (exports, ``config.toml``, the deck
cache) goes through :func:`replacing`: the content is written to a fresh name in the
same folder and renamed over the target only when complete. A rename within one file
system is atomic, so readers see the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside *path*; rename it over *path* if the block succeeds.

    On any exception the temporary file is removed and *path* is left as it was.
    (A fresh name rather than ``mkstemp``, whose 0600 mode would stick to the result.)
    """
    temporary = path.with_name(f".{path.name}.{os.urandom(16).hex()}.tmp")
    try:
        yield temporary
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
