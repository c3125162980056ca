"""Shared fixtures: every test gets its own studycli home and no stray deck paths."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest

from studycli.grading import Outcome
from studycli.model import Mode
from studycli.scheduler import Scheduler
from studycli.store import NewReview, Store

FIXTURES = Path(__file__).parent / "fixtures"
EVERY_KIND = FIXTURES / "every-kind.toml"

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def studycli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("STUDYCLI_HOME", str(home))
    monkeypatch.delenv("STUDYCLI_DECKS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "60")
    return home


class _Stream(io.StringIO):
    """A text stream that, like a pipe, is not a terminal."""

    def isatty(self) -> bool:
        return False


def run_in_process(
    args: Sequence[str], input: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``studycli ARGS`` inside this process with piped stdin, stdout and stderr, the
    way ``python -m studycli`` runs it, and return what a subprocess run would return.

    The exit status comes from ``main()`` as in a real process; an exception that escapes
    ``main()`` is written to stderr as a traceback with status 1, so tests that assert
    "no traceback" still see one."""
    from studycli.cli.main import main

    stdin, stdout, stderr = _Stream(input), _Stream(), _Stream()
    saved = (sys.stdin, sys.stdout, sys.stderr, Path.cwd())
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            stderr.write(exit_.code + "\n")
    except BaseException:
        traceback.print_exc(file=stderr)
        code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.chdir(saved[3])
    return subprocess.CompletedProcess(
        ["studycli", *args], code, stdout.getvalue(), stderr.getvalue()
    )


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test, so study days and rollovers are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def cli() -> CliRunner:
    """Run studycli with piped stdin, as a script would, in this process (fast). Tests of
    what only a real process shows (signals, terminals, concurrency) start one instead."""

    def run(
        *args: str, input: str = "", cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_in_process(args, input=input, cwd=cwd)

    return run


def env_without_coverage() -> dict[str, str]:
    """This environment minus coverage's subprocess measurement, for a child whose own
    behaviour the test inspects: what it imports (coverage imports sqlite3 and more), or
    how it fails when it may not write files (coverage writes one at exit)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS")}


def write_deck(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def small_deck(ident: str, title: str | None = None) -> str:
    """The text of a valid one-card deck with id *ident* (title "Small deck <ident>")."""
    return f"""
[deck]
id = "{ident}"
title = "{title or f"Small deck {ident}"}"
topic = "impacts"

[[card]]
id = "one"
kind = "truefalse"
prompt = "The speech was published in the USSR in 1956."
answer = false
"""


def record_answer(
    store: Store,
    scheduler: Scheduler,
    key: str,
    rating: int,
    when: datetime,
    *,
    answer: str = "",
    duration_ms: int | None = None,
) -> str:
    """Record one review of *key* as a session would, scheduled from the card's current
    state by the real scheduler; return the review id. Again counts as wrong."""
    review = NewReview(
        card_key=key,
        rating=rating,
        outcome=Outcome.WRONG if rating == 1 else Outcome.CORRECT,
        score=0.0 if rating == 1 else 1.0,
        answer=answer,
        duration_ms=duration_ms,
        mode=Mode.REVIEW,
    )
    [review_id] = store.record_many([review], when, scheduler.review)
    return review_id


@pytest.fixture
def immutable(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make paths read-only even for root (chattr +i); undone afterwards."""
    made: list[Path] = []

    def freeze(path: Path) -> None:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not available")
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode:
            pytest.skip("this filesystem cannot make files immutable")
        made.append(path)

    yield freeze
    for path in reversed(made):
        subprocess.run(["chattr", "-i", str(path)], check=False)
