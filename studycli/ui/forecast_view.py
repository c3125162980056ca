"""How ``readiness`` and ``plan`` look: bar charts as plain lines or as Rich renderables.

Plain lines (a pipe, a script, ``NO_COLOR``-free text) use ``#`` and ``.`` so they read
in any font; the Rich version draws the same rows with block characters in each topic's
colour. Both fit 60 columns. Rich is imported only when drawing for a terminal.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from typing import TYPE_CHECKING

from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from rich.console import RenderableType

    from studycli.plan import Plan
    from studycli.readiness import Readiness

NARROWEST = 40


def width() -> int:
    return max(NARROWEST, shutil.get_terminal_size().columns)


def plain_bar(part: float, whole: float, size: int) -> str:
    filled = round(size * part / whole) if whole > 0 else 0
    filled = max(0, min(size, filled))
    return "#" * filled + "." * (size - filled)


def _cut(text: str, room: int) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= room else text[: max(room - 1, 0)] + "…"


def day_label(day: date, today: date) -> str:
    days = (day - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"{day.strftime('%a %d %b %Y')} ({when})"


def readiness_lines(result: Readiness, today: date, columns: int | None = None) -> list[str]:
    """The readiness report as plain text lines no wider than *columns*."""
    columns = columns or width()
    bar_size = max(10, min(30, columns - 34))
    lines = [
        f"Readiness on {day_label(result.on, today)}",
        f"Expected recall: {result.overall.share:.0%} of {result.overall.cards} cards "
        f"({result.overall.seen} studied)",
        "",
    ]
    for tally in [*result.topics, result.overall]:
        lines.append(
            f"{tally.topic:<10}{plain_bar(tally.share, 1.0, bar_size)} {tally.share:>4.0%}"
            f"  {tally.seen}/{tally.cards} studied"
        )
    lines += ["", *costliest_lines(result, columns), "", *wrap(need_line(result), columns)]
    return lines


def wrap(text: str, columns: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, columns) or [""]


def costliest_lines(result: Readiness, columns: int) -> list[str]:
    if not result.costliest:
        if result.overall.seen == 0:
            return ["No card studied yet: every card counts as not recalled."]
        return [f"Every card studied is expected above {result.target:.0%} on the day."]
    lines = ["Least likely to be recalled on the day:"]
    for risk in result.costliest:
        lead = f"  {risk.recall:>4.0%}  "
        lines.append(lead + _cut(f"{risk.key}  {risk.prompt}", columns - len(lead)))
    return lines


def need_line(result: Readiness) -> str:
    span = "today" if result.days_left <= 1 else f"over {result.days_left} days"
    return (
        f"To reach {result.target:.0%} recall of every card by then: about "
        f"{result.reviews_per_day:.0f} reviews a day ({result.reviews_needed} {span})."
    )


def readiness_view(result: Readiness, today: date) -> RenderableType:
    """The same report for a terminal: coloured bars in a table."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from studycli.ui.render import TOPIC_STYLES

    table = Table(show_edge=False, pad_edge=False, box=None)
    table.add_column("topic", no_wrap=True)
    table.add_column("expected recall", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("studied", justify="right", no_wrap=True)
    bar_size = max(10, min(30, width() - 34))
    for tally in [*result.topics, result.overall]:
        style = TOPIC_STYLES.get(tally.topic, "bold")
        filled = round(bar_size * tally.share)
        bar = Text("█" * filled, style=style) + Text("·" * (bar_size - filled), style="dim")
        table.add_row(
            Text(tally.topic, style=style), bar, f"{tally.share:.0%}", f"{tally.seen}/{tally.cards}"
        )
    head = Text(f"Readiness on {day_label(result.on, today)}", style="bold")
    tail = Text("\n".join(["", *costliest_lines(result, width()), "", need_line(result)]))
    return Group(head, Text(), table, tail)


def plan_lines(plan: Plan, today: date, columns: int | None = None) -> list[str]:
    """The exam plan as plain text lines: settings, then one bar per study day."""
    columns = columns or width()
    bar_size = max(10, min(30, columns - 30))
    last_new = plan.introduce_by - timedelta(days=1)
    header = [
        f"Exam: {day_label(plan.exam, today)}",
        f"New cards: {plan.new_per_day} a day until {last_new.strftime('%a %d %b')}"
        f" ({plan.unseen} not yet studied; margin {plan.margin_days} days)",
        f"Median answer time: {plan.seconds_per_review:.0f} s; daily limit "
        f"{plan.minutes_limit} minutes",
    ]
    lines = [part for line in header for part in wrap(line, columns)]
    lines += ["", f"{'day':<11} {'expected reviews':<{bar_size}} {'cards':>5} {'time':>5}"]
    peak = max((day.reviews + day.new for day in plan.days), default=0)
    for day in plan.days:
        total = day.reviews + day.new
        lines.append(
            f"{day.day.strftime('%a %d %b')}  {plain_bar(total, peak, bar_size)}"
            f" {total:>5} {day.minutes:>4.0f}m"
        )
    lines += ["", *(part for line in plan_warnings(plan) for part in wrap(line, columns))]
    return lines


def plan_warnings(plan: Plan) -> list[str]:
    over = [day for day in plan.days if day.minutes > plan.minutes_limit]
    if not over:
        return [f"Every day fits in {plan.minutes_limit} minutes."]
    worst = max(over, key=lambda day: day.minutes)
    return [
        f"Warning: {len(over)} day(s) need more than {plan.minutes_limit} minutes "
        f"(up to {worst.minutes:.0f} on {worst.day.strftime('%a %d %b')}).",
        "Start earlier, raise minutes_per_day, or narrow the scope.",
    ]


def exam_lines(outlook: dict[str, object]) -> list[str]:
    """The exam countdown and expected recall, for ``stats`` and session summaries."""
    exam = date.fromisoformat(str(outlook["exam_date"]))
    days = int(str(outlook["days_left"]))
    if days < 0:
        return [f"Exam date {exam.isoformat()} has passed: `studycli plan --clear` ends the plan."]
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    share = float(str(outlook["readiness"]))
    topics = outlook["topics"]
    assert isinstance(topics, dict)
    return [
        f"Exam {exam.strftime('%a %d %b %Y')}, {when}: expected recall {share:.0%}",
        "  " + ", ".join(f"{name} {float(value):.0%}" for name, value in topics.items()),
    ]
