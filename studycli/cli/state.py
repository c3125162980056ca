"""Options shared by every command, and the objects built from them on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from studycli import paths

if TYPE_CHECKING:
    from studycli.config import Config
    from studycli.library import Library


@dataclass
class AppState:
    """What the global options said; commands read it from the Typer context."""

    home_override: Path | None = None
    deck_paths: list[Path] = field(default_factory=list)
    no_color: bool = False
    _noticed: set[str] = field(default_factory=set, repr=False)

    @property
    def home(self) -> Path:
        return paths.home_dir(self.home_override)

    def library_paths(self) -> list[Path]:
        """Bundled decks first, then ``STUDYCLI_DECKS``, then ``--deck`` paths."""
        return [paths.bundled_decks_dir(), *paths.env_deck_paths(), *self.deck_paths]

    def config(self) -> Config:
        """The learner's settings from ``config.toml`` in the home (defaults if absent)."""
        from studycli.config import load_config

        return load_config(paths.config_path(self.home))

    def library(self, *, strict: bool = True) -> Library:
        """The decks in play, reusing decks parsed on earlier runs when unchanged.

        A user deck that replaces a bundled one is named on stderr, once per command, so
        a teacher sees which copy is in use without it mixing into ``--json`` output.
        Study commands load strictly: a broken deck file stops them with every problem.
        Commands that only show things pass ``strict=False``: each problem becomes a
        warning on stderr and they go on with the decks that load.
        """
        from studycli.deck_cache import DeckCache
        from studycli.library import load_library
        from studycli.ui.sanitize import clean

        cache = DeckCache.open(paths.deck_cache_path(self.home))
        library = load_library(self.library_paths(), cache, strict=strict)
        cache.save()
        for problem in library.problems:
            typer.echo(clean(f"warning: {problem}"), err=True)
        if library.problems:
            typer.echo(
                "warning: going on without the deck files above; "
                "`studycli decks check` lists every problem",
                err=True,
            )
        for replacement in library.replacements:
            if replacement.deck_id not in self._noticed:
                self._noticed.add(replacement.deck_id)
                typer.echo(clean(replacement.notice()), err=True)
        return library


def get_state(ctx: typer.Context) -> AppState:
    """The shared state, created by the root callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
