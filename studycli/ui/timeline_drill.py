"""Line I/O for the chronology drill: plain lines when piped, a prompt in a terminal.

The drill loop, the scoring and the recording live in :mod:`studycli.timeline`; this
module only turns questions and results into lines and reads replies. Both frontends
print the same lines, so what a script reads is what a learner sees, minus colour.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from studycli.grading import Outcome
from studycli.timeline import (
    DRILL_TITLES,
    DrillKind,
    DrillQuestion,
    DrillResult,
    DrillSummary,
    date_label,
)
from studycli.ui.lines import read_line, write_line
from studycli.ui.sanitize import clean
from studycli.ui.text import OUTCOME_MARKS

if TYPE_CHECKING:
    from rich.console import Console

    from studycli.model import Event

OUTCOME_STYLES = {Outcome.CORRECT: "bold green", Outcome.PARTIAL: "bold yellow"}
INSTRUCTIONS = {
    DrillKind.ORDER: "Give the numbers earliest first, e.g. 3 1 2 4 (empty line: don't know).",
    DrillKind.FIRST: "Answer 1 or 2, or a or b (empty line: don't know).",
    DrillKind.WHEN: "When? e.g. 25 Feb 1956, Feb 1956 or 1956 (empty line: don't know).",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One output line. In a terminal *text* wraps under itself, after *prefix*; plain
    mode writes ``prefix + text`` unwrapped, so scripts read one item per line.
    """

    text: str
    style: str = ""
    prefix: str = ""


def question_lines(question: DrillQuestion, position: int, total: int) -> list[Line]:
    """The question as lines: header, prompt, numbered events, how to answer."""
    lines = [Line(""), Line(f"[{position}/{total}] {DRILL_TITLES[question.kind]}", "dim")]
    titles = [clean(event.title) for event in question.events]
    if question.kind is DrillKind.ORDER:
        lines.append(Line("Put these in order, earliest first:", "bold"))
        lines.extend(Line(title, prefix=f"  {n}) ") for n, title in enumerate(titles, 1))
    elif question.kind is DrillKind.FIRST:
        lines.append(Line("Which came first?", "bold"))
        lines.extend(
            Line(title, prefix=f"  {n}) {letter}. ")
            for n, (letter, title) in enumerate(zip("ab", titles, strict=False), 1)
        )
    else:
        lines.append(Line(titles[0], "bold", prefix="When did this happen? "))
    lines.append(Line(INSTRUCTIONS[question.kind], "dim"))
    return lines


def _dated(events: list[Event], numbers: dict[str, int] | None = None) -> list[Line]:
    """Events with their dates in one aligned column, optionally with their shown number."""
    width = max(len(date_label(event)) for event in events)
    return [
        Line(
            clean(event.title),
            prefix=f"  {f'{numbers[event.key]}) ' if numbers else ''}"
            f"{date_label(event):<{width}}  ",
        )
        for event in events
    ]


def result_lines(result: DrillResult) -> list[Line]:
    """The verdict and the right answer, every event with its date."""
    outcome = result.outcome
    style = OUTCOME_STYLES.get(outcome, "bold red")
    lines = [Line(clean(result.feedback), style, prefix=f"{OUTCOME_MARKS[outcome]} ")]
    question = result.question
    if question.kind is DrillKind.WHEN:
        event = question.events[0]
        if outcome is not Outcome.CORRECT:
            lines.append(Line(date_label(event), prefix="Answer: "))
        if event.explain:
            lines.append(Line(clean(event.explain), "dim"))
        return lines
    shown = {event.key: number for number, event in enumerate(question.events, 1)}
    order = question.correct_order()
    if outcome is not Outcome.CORRECT:
        lines.append(Line(" ".join(str(shown[event.key]) for event in order), prefix="Answer: "))
    return lines + _dated(order, shown)


def summary_lines(summary: DrillSummary) -> list[Line]:
    """Score overall and per kind, and the dates to revisit."""
    minutes, seconds = divmod(int(summary.seconds), 60)
    lines = [Line("")]
    if summary.interrupted:
        lines.append(Line("Drill interrupted; everything answered is saved."))
    skipped = f", {summary.skipped} skipped" if summary.skipped else ""
    lines.append(
        Line(
            f"Answered {summary.answered}: {summary.correct} right, "
            f"{summary.partial} partly right, {summary.wrong} wrong{skipped} "
            f"in {minutes}m {seconds:02d}s.",
            "bold",
        )
    )
    if not summary.answered:
        return lines
    lines.append(Line(f"Score: {summary.percent}%", "bold"))
    for kind in DrillKind:
        tally = summary.kinds.get(kind)
        if tally and tally.asked:
            percent = round(100 * tally.score / tally.asked)
            lines.append(Line(f"  {DRILL_TITLES[kind]}: {tally.asked} asked, {percent}%"))
    revisit = summary.revisit()
    if revisit:
        lines.append(Line("Dates to revisit (`studycli review` brings them back):"))
        lines.extend(_dated(revisit))
    return lines


class LineDrillFrontend:
    """Writes lines through *write* and reads replies through *read_line*."""

    def __init__(self, write: Callable[[Line], None], read_line: Callable[[], str | None]) -> None:
        self._write = write
        self._read_line = read_line

    def _show(self, lines: list[Line]) -> None:
        for line in lines:
            self._write(line)

    def show_question(self, question: DrillQuestion, position: int, total: int) -> None:
        self._show(question_lines(question, position, total))

    def read(self) -> str | None:
        return self._read_line()

    def notice(self, message: str) -> None:
        self._write(Line(clean(message), "yellow"))

    def show_result(self, result: DrillResult) -> None:
        self._show(result_lines(result))

    def show_summary(self, summary: DrillSummary) -> None:
        self._show(summary_lines(summary))


def plain_frontend(stdin: TextIO | None = None, out: TextIO | None = None) -> LineDrillFrontend:
    """Plain line mode: one reply per input line, plain text out, end of input ends."""
    source = stdin or sys.stdin
    sink = out or sys.stdout

    def write(line: Line) -> None:
        write_line(sink, line.prefix + line.text)

    return LineDrillFrontend(write, lambda: read_line(source))


def terminal_frontend(console: Console) -> LineDrillFrontend:
    """In a terminal: coloured, wrapped lines and a prompt_toolkit prompt (line editing,
    history); Ctrl-D ends the drill, Ctrl-C interrupts it.
    """
    from prompt_toolkit import PromptSession
    from rich.table import Table
    from rich.text import Text

    session: PromptSession[str] = PromptSession()

    def write(line: Line) -> None:
        if not line.prefix:
            console.print(Text(line.text, style=line.style), soft_wrap=False)
            return
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(Text(line.prefix, style=line.style), Text(line.text, style=line.style))
        console.print(grid, soft_wrap=False)

    def prompt_line() -> str | None:
        try:
            return session.prompt("> ")
        except EOFError:
            return None

    return LineDrillFrontend(write, prompt_line)
