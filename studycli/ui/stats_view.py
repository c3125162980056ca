"""The ``stats`` screen: mastery bars, retention, forecast, heatmap, streak, leeches."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from studycli.ui.render import TOPIC_STYLES
from studycli.ui.sanitize import clean

BAR_WIDTH = 20
HEAT_LEVELS = " ░▒▓█"


def _bar(part: int, whole: int, style: str) -> Text:
    filled = round(BAR_WIDTH * part / whole) if whole else 0
    return Text("█" * filled, style=style) + Text("·" * (BAR_WIDTH - filled), style="dim")


def mastery_table(topics: dict[str, dict[str, int]]) -> Table:
    table = Table(title="Mastery by topic", show_edge=False, pad_edge=False)
    table.add_column("topic")
    table.add_column("mastered", no_wrap=True)
    table.add_column("", justify="right")
    for name, tally in topics.items():
        style = TOPIC_STYLES.get(name, "")
        label = f"{tally['mastered']}/{tally['cards']}"
        table.add_row(
            Text(name, style=style), _bar(tally["mastered"], tally["cards"], style), label
        )
    return table


def forecast_chart(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Due in the next 14 days", show_edge=False, pad_edge=False)
    table.add_column("day", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("due", justify="right")
    peak = max((row["due"] for row in rows), default=0)
    for row in rows:
        day = date.fromisoformat(row["date"])
        table.add_row(day.strftime("%a %d %b"), _bar(row["due"], peak, "cyan"), str(row["due"]))
    return table


def heatmap_grid(counts: dict[str, int], today: date, weeks: int) -> Text:
    """A calendar of the last *weeks* weeks: one column per week, one row per weekday."""
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    peak = max(counts.values(), default=0)
    lines = Text("Reviews, last 12 weeks (Mon at top)\n", style="bold")
    for weekday in range(7):
        row = Text(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday] + " ")
        for week in range(weeks):
            day = first + timedelta(days=7 * week + weekday)
            if day > today:
                row.append(" ")
                continue
            count = counts.get(day.isoformat(), 0)
            level = 0 if not count else 1 + min(3, (count * 4 - 1) // max(peak, 1))
            row.append(HEAT_LEVELS[level], style="green" if count else "dim")
        lines.append(row)
        lines.append("\n")
    return lines


def stats_view(figures: dict[str, Any], today: date) -> RenderableType:
    retention = figures["retention_30d"]
    rate = retention["rate"]
    summary = Text(
        f"Reviews: {figures['total_reviews']}   Cards seen: {figures['cards_seen']}"
        f" of {figures['cards_total']}   Due now: {figures['due_now']}\n"
        f"True retention, last 30 days: "
        + (
            f"{rate:.0%} ({retention['passed']}/{retention['reviews']})"
            if rate is not None
            else "none yet\n  (it counts reviews a day or more after a card's last one)"
        )
        + f"\nStreak: {figures['streak']} day(s)"
    )
    leeches = figures["leeches"]
    leech_text = Text("Leeches (failed 4+ times): ", style="bold")
    leech_text.append(
        ", ".join(f"{clean(row['card'])} ({row['failures']})" for row in leeches)
        if leeches
        else "none"
    )
    parts: list[RenderableType] = []
    if figures.get("exam"):
        from studycli.ui.forecast_view import exam_lines

        parts += [Text("\n".join(exam_lines(figures["exam"])), style="bold"), Text()]
    return Group(
        *parts,
        summary,
        Text(),
        mastery_table(figures["topics"]),
        Text(),
        forecast_chart(figures["forecast"]),
        Text(),
        heatmap_grid(figures["heatmap"], today, 12),
        leech_text,
    )
