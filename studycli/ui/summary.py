"""The end-of-session summary as lines: one renderer for every kind of session.

Plain mode prints the text of each line; the terminal prints the same lines with their
style, so a script and a learner read the same numbers. The counts are the review
log's: right, partly right and wrong are the outcomes it stores.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from studycli.summary import Summary

Line = tuple[str, str]  # (text, Rich style)


def local_time(moment: datetime | None, now: datetime | None = None) -> str:
    """A due time as the learner reads it: "now" once it has passed, and how long to
    wait when that is less than a day."""
    if moment is None:
        return "nothing scheduled"
    now = now or datetime.now(UTC)
    if moment <= now:
        return "now"
    text = moment.astimezone().strftime("%a %d %b %Y, %H:%M")
    minutes = math.ceil((moment - now).total_seconds() / 60)
    if minutes < 60:
        return f"{text} (in {minutes} minute{'s' if minutes != 1 else ''})"
    if minutes < 24 * 60:
        hours = round(minutes / 60)
        return f"{text} (in about {hours} hour{'s' if hours != 1 else ''})"
    return text


def summary_lines(summary: Summary, now: datetime | None = None) -> list[Line]:
    """Counts, the score where there is one, groups, what to revisit, next due."""
    from studycli.summary import Breakdown

    minutes, seconds = divmod(int(summary.seconds), 60)
    lines: list[Line] = []
    if summary.interrupted:
        lines.append(("Session interrupted; everything answered is saved.", "yellow"))
    if summary.timed_out:
        lines.append(("Time is up; everything answered is saved.", "yellow"))
    skipped = f", {summary.skipped} skipped" if summary.skipped else ""
    lines.append(
        (
            f"Answered {summary.answered}: {summary.correct} right, "
            f"{summary.partial} partly right, {summary.wrong} wrong{skipped} "
            f"in {minutes}m {seconds:02d}s.",
            "bold",
        )
    )
    if summary.answered:
        for name, tally in sorted(summary.groups.items()):
            lines.append(
                (f"  {name}: {tally.correct}/{tally.answered} right, {tally.percent}%", "")
            )
        if summary.scored:
            lines.append((f"Score: {summary.percent}%", "bold"))
        if summary.breakdown is Breakdown.TOPIC:
            revisit = summary.to_revisit()
            if summary.scored:
                lines.append(
                    (f"Topics to revisit: {', '.join(revisit)}", "")
                    if revisit
                    else ("No topic to revisit.", "")
                )
            if summary.weakest:
                lines.append((f"Weakest topic: {summary.weakest}", ""))
    if summary.revisit:
        lines.append(("To revisit (`studycli review` brings them back):", ""))
        lines.extend((f"  {clean(label)}", "") for label in summary.revisit.values())
    lines.append((f"Next card due: {local_time(summary.next_due, now)}", ""))
    return lines
