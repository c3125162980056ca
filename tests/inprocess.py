"""Run studycli inside the test process, as ``main()`` would, without starting Python again.

A user-facing :class:`~studycli.errors.StudyError` becomes exit status 1 and its message
on stderr, exactly as :func:`studycli.cli.main.main` turns it; any other exception is
re-raised so the test shows its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from studycli.cli.main import app
from studycli.errors import StudyError


@dataclass(frozen=True)
class Outcome:
    """What a user would have seen: exit status, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, input: str | None = None) -> Outcome:
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=True)
    stderr = result.stderr
    if isinstance(result.exception, StudyError):
        return Outcome(1, result.stdout, stderr + f"studycli: {result.exception}\n")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, stderr)
