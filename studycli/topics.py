"""The four topics, on their own so that a command's options can name them cheaply.

``timeline --topic`` is typed as a :class:`Topic`, so building the command (which
``studycli --help`` does for every command) needs the class; :mod:`studycli.model`,
which re-exports it, costs several milliseconds more to import.
"""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """The four angles the material is studied from."""

    CONTENT = "content"
    OMISSIONS = "omissions"
    IMPACTS = "impacts"
    CONTEXT = "context"
