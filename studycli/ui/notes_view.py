"""``studycli notes`` on screen: Rich at a terminal, wrapped plain text in a pipe.

The plain form needs no Rich at all, so ``studycli notes | less`` starts as fast as the
notes can be read; both forms show the same things in the same order: a heading per
topic, then per note its title, paragraphs, sources and the cards that test it.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import RenderableType

    from studycli.revision import NoteView


def tested_by(view: NoteView) -> str:
    noun = "card tests" if view.cards == 1 else "cards test"
    return f"{view.cards} {noun} this note: {view.quiz_command}"


def plain_notes(views: Sequence[NoteView], width: int) -> str:
    """The notes as text wrapped at *width*, topics underlined with '=' and notes with '-'."""
    width = max(width, 20)
    lines: list[str] = []
    topic = None
    for view in views:
        note = view.note
        if note.topic != topic:
            topic = note.topic
            heading = topic.value.capitalize()
            lines += [*([""] if lines else []), heading, "=" * len(heading)]
        title = clean(note.title)
        lines += ["", *textwrap.wrap(title, width), "-" * min(len(title), width)]
        for paragraph in note.paragraphs():
            lines += ["", *textwrap.wrap(clean(paragraph), width)]
        if note.source:
            lines += ["", *textwrap.wrap(f"Sources: {clean(note.source)}", width)]
        lines += ["", *textwrap.wrap(tested_by(view), width, break_on_hyphens=False)]
    return "\n".join(lines)


def rich_notes(views: Sequence[NoteView]) -> RenderableType:
    """The notes for a terminal: a rule per topic, the title in bold, sources dimmed."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    from studycli.ui.render import TOPIC_STYLES

    parts: list[RenderableType] = []
    topic = None
    for view in views:
        note = view.note
        if note.topic != topic:
            topic = note.topic
            style = f"bold {TOPIC_STYLES.get(topic.value, '')}".strip()
            parts += [Text(), Rule(Text(topic.value.capitalize(), style=style), align="left")]
        parts += [Text(), Text(clean(note.title), style="bold")]
        parts += [Padding(Text(clean(p)), (1, 0, 0, 2)) for p in note.paragraphs()]
        if note.source:
            source = Text(f"Sources: {clean(note.source)}", style="dim")
            parts.append(Padding(source, (1, 0, 0, 2)))
        count = Text(tested_by(view), style="green" if view.cards else "yellow")
        parts.append(Padding(count, (1, 0, 0, 2)))
    return Group(*parts)
