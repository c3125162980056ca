"""The timeline view as plain lines, for a pipe: what Rich draws there, without Rich.

Piped, the view has no colours, so the Rich layout (a rule per era, a grid per year)
comes down to padded columns; building and measuring those grids for a hundred events
took Rich longer than everything else ``timeline`` does. These lines are the same
characters Rich prints there (tests/test_timeline.py compares the two at several
widths); in a terminal Rich still draws the view, in colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

from studycli.timeline import Known, date_label, known_counts
from studycli.ui.columns import wrap_cells
from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from studycli.timeline import EraGroup

KNOWN_MARKS = {  # the known-state in words as well as colour, so it survives NO_COLOR
    "new": ("○ new", "dim"),
    "learning": ("◐ learning", "yellow"),
    "known": ("● known", "bold green"),
}
KNOWN_MARK_WIDTH = max(len(text) for text, _style in KNOWN_MARKS.values())
TOPIC_COLUMN_MIN_WIDTH = 80  # the topic is spelled out only where it fits
INDENT = 2
TOPIC_WIDTH = len("omissions")


def _rule(title: str, width: int) -> str:
    """A rule with the title on the left, as Rich's ``Rule(align="left")`` draws it."""
    room = max(0, width - 2)
    if cell_len(title) > room:
        title = set_cell_size(title, room - 1) + "…"
    return f"{title} " + "─" * max(0, width - cell_len(title) - 1)


def timeline_lines(groups: list[EraGroup], *, width: int) -> list[str] | None:
    """Legend, then per era a blank line and its rule, per year its number and events;
    None where a word of a title is wider than its column (Rich's folding of such a
    word is left to Rich)."""
    entries = [entry for era in groups for year in era.years for entry in year.entries]
    counts = known_counts(entries)
    legend = f"{len(entries)} events" + "".join(
        f" · {KNOWN_MARKS[state.value][0]} {counts[state]}"
        for state in (Known.KNOWN, Known.LEARNING, Known.NEW)
    )
    lines = wrap_cells(legend, width)
    lines += wrap_cells("~ day not known: placed at the first possible day", width)
    date_width = max((len(date_label(entry.event)) for entry in entries), default=4)
    show_topic = width >= TOPIC_COLUMN_MIN_WIDTH
    fixed = [date_width, KNOWN_MARK_WIDTH] + ([TOPIC_WIDTH] if show_topic else [])
    room = max(1, width - INDENT - sum(fixed) - len(fixed))
    titles = {id(entry): clean(entry.event.title) for entry in entries}
    if any(cell_len(word) > room for title in titles.values() for word in title.split()):
        return None
    for era in groups:
        lines += ["", _rule(clean(era.era.heading()), width)]
        for year in era.years:
            lines.append(str(year.year))
            # a grid is as wide as its widest title, up to the room there is
            title_width = min(room, max(cell_len(titles[id(e)]) for e in year.entries))
            for entry in year.entries:
                event = entry.event
                title = wrap_cells(titles[id(entry)], title_width)
                cells = [date_label(event), KNOWN_MARKS[entry.known.value][0]]
                for number, part in enumerate(title):
                    row = cells if number == 0 else ["", ""]
                    line = [set_cell_size(row[0], date_width), set_cell_size(row[1], fixed[1])]
                    line.append(set_cell_size(part, title_width))
                    if show_topic:
                        line.append(event.topic.value if number == 0 else "")
                    lines.append((" " * INDENT + " ".join(line)).rstrip())
    return [line.rstrip() for line in lines]
