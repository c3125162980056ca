"""Replacing a file all at once, so an interrupted write never leaves half a file behind.

Every file studycli writes besides the SQLite store (exports, ``config.toml``, the deck
cache) goes through :func:`replacing`: the content is written to a fresh name in the
same folder and renamed over the target only when complete. A rename within one file
system is atomic, so readers see the old file or the new one, never a mixture.

A rename replaces whatever has the name, so the target is checked first: a device, a
pipe or a folder is refused (renaming over ``/dev/null`` as root would turn it into a
regular file), a symlink is written through to the file it points to (the link stays a
link), and an existing file keeps its permissions (a private 0600 file stays private).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from studycli.errors import StudyError


def _target(path: Path) -> tuple[Path, int | None]:
    """The regular file a write to *path* replaces, and its permission bits if it exists."""
    try:
        status = path.stat()  # follows symlinks: what the name really is
    except FileNotFoundError:
        status = None
    except OSError as error:  # a symlink loop, a folder we may not search
        raise StudyError(f"cannot write {path}: {error.strerror or error}") from error
    target = Path(os.path.realpath(path))
    if status is None:
        if not target.parent.is_dir():
            raise StudyError(f"cannot write {path}: the folder {target.parent} does not exist")
        return target, None
    if not stat.S_ISREG(status.st_mode):
        what = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
        raise StudyError(f"cannot write {path}: it is {what}; refusing to replace it")
    return target, stat.S_IMODE(status.st_mode)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside *path*'s target; rename it over the target if the
    block succeeds.

    On any exception the temporary file is removed and the target is left as it was; an
    :class:`OSError` (full disk, read-only folder) becomes a :class:`StudyError` naming
    *path*. (A fresh name rather than ``mkstemp``, whose 0600 mode would stick to a new
    file.)
    """
    target, mode = _target(path)
    temporary = target.with_name(f".{target.name}.{os.urandom(16).hex()}.tmp")
    try:
        yield temporary
        if mode is not None:
            temporary.chmod(mode)
        temporary.replace(target)
    except OSError as error:
        raise StudyError(
            f"cannot write {path}: {error.strerror or error}; it was left as it was"
        ) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
