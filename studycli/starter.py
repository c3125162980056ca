"""The starter deck ``decks new`` writes: one commented example of everything a deck holds.

A teacher learns the format fastest by editing a deck that already works, so the
starter has one card of every kind, one event and one revision note, each with the
comments that say which fields it takes. It passes ``decks check`` exactly as written,
and its facts come from the speech itself, cited as the bundled decks cite it.

The text is a template (``starter.toml`` beside this module) rather than a TOML writer's
output because the comments are the point, and no TOML writer keeps them. Only a few
values are filled in: the deck id and the title (limited to ``[a-z0-9-]`` and words made
from them, so they never need escaping), the topic (one of
:class:`~studycli.model.Topic`) and the file name, in comments only.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from string import Template

from studycli.errors import StudyError
from studycli.model import ID_PATTERN, Topic

SPEECH = "Speech of 25 Feb 1956 (US State Department text, released 4 Jun 1956)"

TEMPLATE = Path(__file__).with_name("starter.toml")


def default_id(path: Path) -> str:
    """A deck id made from the file name: ``Class 5B.toml`` gives ``class-5b``."""
    return "-".join(re.findall(r"[a-z0-9]+", path.stem.lower()))


def deck_id_and_topic(path: Path, ident: str | None, topic: str) -> tuple[str, str]:
    """The id (given, or made from *path*'s name) and topic of a deck to write, checked."""
    ident = ident if ident is not None else default_id(path)
    if not ident:
        raise StudyError(f"{path}: cannot make a deck id from this file name; give --id")
    if not ID_PATTERN.match(ident):
        raise StudyError(f"deck id {ident!r} may only use a-z, 0-9 and single '-' between them")
    if topic not in {item.value for item in Topic}:
        choices = ", ".join(item.value for item in Topic)
        raise StudyError(f"unknown topic {topic!r} (expected one of: {choices})")
    return ident, topic


def starter_text(path: Path, ident: str | None = None, topic: str = Topic.CONTENT.value) -> str:
    """The starter deck for *path*; a bad id or topic is a :class:`StudyError`."""
    ident, topic = deck_id_and_topic(path, ident, topic)
    title = " ".join(ident.split("-")).capitalize()
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        id=ident, title=title, topic=topic, file=shlex.quote(path.name), speech=SPEECH
    )


def write_starter(path: Path, text: str) -> None:
    """Create *path* with *text*; an existing file is never overwritten."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as error:
        raise StudyError(f"{path}: already exists; not overwriting it") from error
    except OSError as error:
        raise StudyError(f"{path}: cannot write: {error.strerror or error}") from error
