"""Shared fixtures: every test gets its own studycli home and no stray deck paths."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from studycli.scheduler import Scheduler
from studycli.store import Store

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


@pytest.fixture
def cli() -> CliRunner:
    """Run ``python -m studycli`` in a subprocess, as a user would, with piped stdin."""

    def run(
        *args: str, input: str = "", cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "studycli", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=os.environ.copy(),
            timeout=60,
            check=False,
        )

    return run


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
    previous = store.state(key)
    return store.record(
        card_key=key,
        when=when,
        rating=rating,
        outcome="wrong" if rating == 1 else "correct",
        score=0.0 if rating == 1 else 1.0,
        answer=answer,
        duration_ms=duration_ms,
        mode="review",
        previous=previous,
        new_state=scheduler.review(previous, rating, when),
    )
