"""Where studycli keeps things.

Progress and configuration live in one directory: ``--home`` or ``STUDYCLI_HOME`` when
given (tests always set it), otherwise the platform's user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "STUDYCLI_HOME"
DECKS_ENV = "STUDYCLI_DECKS"
PROGRESS_FILE = "progress.sqlite3"
CONFIG_FILE = "config.toml"
DECK_CACHE_FILE = "cache/decks.pickle"


def home_dir(override: Path | None = None) -> Path:
    """The directory holding progress and config (not created here)."""
    if override is not None:
        return override.expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("studycli", appauthor=False)


def progress_path(home: Path) -> Path:
    """The SQLite progress store inside *home*."""
    return home / PROGRESS_FILE


def config_path(home: Path) -> Path:
    """The user's ``config.toml`` inside *home*."""
    return home / CONFIG_FILE


def deck_cache_path(home: Path) -> Path:
    """Parsed decks kept between runs inside *home* (safe to delete at any time)."""
    return home / DECK_CACHE_FILE


def bundled_decks_dir() -> Path:
    """The decks shipped with studycli.

    In a wheel they sit inside the package; in a source checkout (editable install)
    they are the repository's top-level ``decks/`` folder.
    """
    package = Path(__file__).resolve().parent
    inside = package / "decks"
    if inside.is_dir():
        return inside
    return package.parent / "decks"


def env_deck_paths() -> list[Path]:
    """Deck files or folders named in ``STUDYCLI_DECKS`` (os.pathsep-separated)."""
    raw = os.environ.get(DECKS_ENV, "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]
