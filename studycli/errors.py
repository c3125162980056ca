"""The errors a user is meant to read.

Every failure the learner can fix (a bad deck, an unreadable progress file) is a
:class:`StudyError`. The command line catches it in one place, prints the message and
exits with the error's status (1), so no traceback ever reaches a learner for these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class StudyError(Exception):
    """A problem the user can act on; its message is shown as it is.

    ``exit_code`` is the status the command line exits with when this reaches it.
    """

    exit_code = 1


@dataclass(frozen=True, slots=True)
class DeckProblem:
    """One thing wrong in a deck file, located as precisely as the file allows."""

    path: Path
    message: str
    entry: str | None = None  # "card 'lenin-too-rude'", "event #3", "deck"
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field {self.field!r}")  # a field name may hold anything
        return ": ".join(parts) + f": {self.message}"


class DeckError(StudyError):
    """One or more problems in deck files; the message lists every one."""

    def __init__(self, problems: list[DeckProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class StoreError(StudyError):
    """The progress file cannot be used; it is never modified when this is raised."""


class ConfigError(StudyError):
    """The configuration file holds something studycli cannot use."""
