"""How a marked paper and the history of papers read: plain lines that fit 60 columns.

Used in a terminal and in a pipe alike (a report is read, not watched); deck text is
cleaned of terminal controls before it is shown.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from studycli.ui.forecast_view import width
from studycli.ui.sanitize import clean

SHORT_TOPICS = {"content": "cont", "omissions": "omit", "impacts": "imp", "context": "ctx"}


def _wrap(text: str, columns: int, indent: str = "", first: str = "") -> list[str]:
    text = " ".join(clean(text).split())
    return textwrap.wrap(
        text, columns, initial_indent=first or indent, subsequent_indent=indent
    ) or [first.rstrip()]


def _marks(tally: Mapping[str, Any]) -> str:
    return (
        f"{tally['score']:g}/{tally['questions']} marks, {tally['percent']}%"
        f" ({tally['answered']} answered)"
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s"


def report_lines(
    report: Mapping[str, Any], saved_to: Path | None = None, columns: int | None = None
) -> list[str]:
    """The marked paper: totals, per topic, per kind, then every answer that fell short."""
    columns = columns or width()
    total = report["total"]
    head = f"Mock exam: {_marks(total)} in {_duration(report['seconds'])}"
    lines = _wrap(head, columns)
    if report["timed_out"]:
        lines += _wrap(
            f"Time ran out after {report['minutes_allowed']:g} minutes: only the "
            "answers given before then are marked.",
            columns,
        )
    if not report["recorded"]:
        lines.append("Not recorded in your review log (--no-record).")
    for title, key in (("By topic", "topics"), ("By kind", "kinds")):
        lines += ["", f"{title}:"]
        for name, tally in report[key].items():
            lines.append(
                f"  {name:<10} {tally['score']:>5g}/{tally['questions']:<3} {tally['percent']:>4}%"
            )
    short = [item for item in report["questions"] if item["outcome"] != "correct"]
    if short:
        lines += ["", "To go over (wrong, partly right or not answered):"]
    for item in short:
        verdict = {"wrong": "wrong", "partial": "partly right"}.get(item["outcome"], "not answered")
        lines += ["", f"{item['number']}. {verdict}: {clean(item['card'])}"]
        lines += _wrap(item["prompt"], columns, indent="   ")
        if item["outcome"] != "unanswered":
            lines += _wrap(item["given"] or "(no answer)", columns, "   ", "   You: ")
        lines += _wrap(item["expected"], columns, "   ", "   Expected: ")
        if item["explain"]:
            lines += _wrap(item["explain"], columns, "   ", "   Why: ")
        if item["source"]:
            lines += _wrap(item["source"], columns, "   ", "   Source: ")
    if saved_to is not None:
        lines += ["", *_wrap(f"Saved to {saved_to}", columns)]
    return lines


def history_lines(rows: Sequence[Mapping[str, Any]], columns: int | None = None) -> list[str]:
    """Past papers, oldest first: the score, its change, and each topic's score."""
    columns = columns or width()
    if not rows:
        return ["No mock exam taken yet: `studycli exam` sets one."]
    topics = [name for name in SHORT_TOPICS if any(name in row["topics"] for row in rows)]
    header = f"{'taken':<13}{'score':>6}{'+/-':>5}" + "".join(
        f"{SHORT_TOPICS[name]:>6}" for name in topics
    )
    lines = ["Mock exams, oldest first (score and per topic, in %):", "", header]
    for row in rows:
        taken = datetime.fromisoformat(str(row["taken_at"])).astimezone()
        change = "" if row["change"] is None else f"{row['change']:+d}"
        cells = "".join(
            f"{row['topics'][name]:>6}" if name in row["topics"] else f"{'-':>6}" for name in topics
        )
        lines.append(f"{taken.strftime('%d %b %H:%M'):<13}{row['percent']:>5}%{change:>5}{cells}")
    if len(rows) > 1:
        first, last = rows[0]["percent"], rows[-1]["percent"]
        lines += ["", f"Trend: {first}% to {last}% over {len(rows)} papers ({last - first:+d})."]
    return [line[:columns] for line in lines]
