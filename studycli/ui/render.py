"""Rich renderables for every screen. Deck text passes through :func:`safe` first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from studycli.deckinfo import DeckSummary

TOPIC_STYLES = {
    "content": "cyan",
    "omissions": "magenta",
    "impacts": "yellow",
    "context": "green",
}


def safe(text: str, style: str = "") -> Text:
    """Deck text as a Rich Text: markup is never interpreted, controls are stripped."""
    return Text(clean(text), style=style)


def topic_text(topic: str) -> Text:
    return Text(topic, style=TOPIC_STYLES.get(topic, ""))


def deck_table(summaries: list[DeckSummary]) -> Table:
    table = Table(title="Decks", expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("topic")
    table.add_column("cards", justify="right")
    table.add_column("events", justify="right")
    for summary in summaries:
        table.add_row(
            safe(summary.id),
            safe(summary.title),
            topic_text(summary.topic),
            str(summary.cards),
            str(summary.events),
        )
    return table
