"""Timeline drill questions and results as lines, for both study frontends.

The drills are asked by the one study loop; the plain and terminal frontends show a
drill question or its result through these lines (plain mode writes the text, the
terminal wraps and colours it), so what a script reads is what a learner sees.
:func:`reply_problem` is the one check both frontends make before an answer counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studycli.drills import DrillKind, DrillQuestion, answer_problem
from studycli.grading import Outcome, Question, response_problem
from studycli.timeline import date_label
from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from studycli.model import Event
    from studycli.recorder import Result

INSTRUCTIONS = {
    DrillKind.ORDER: "Give the numbers earliest first, e.g. 3 1 2 4.",
    DrillKind.FIRST: "Answer 1 or 2, a or b, or the words.",
    DrillKind.WHEN: "When? e.g. 25 Feb 1956, Feb 1956 or 1956.",
}


def reply_problem(question: Question | DrillQuestion, text: str) -> str | None:
    """Why a reply cannot count as meant (the frontend asks again); None if it can."""
    if isinstance(question, DrillQuestion):
        return answer_problem(question, text)
    return response_problem(question, text)


@dataclass(frozen=True, slots=True)
class Line:
    """One output line. In a terminal *text* wraps under itself, after *prefix*; plain
    mode writes ``prefix + text`` unwrapped, so scripts read one item per line.
    """

    text: str
    style: str = ""
    prefix: str = ""


def question_lines(question: DrillQuestion) -> list[Line]:
    """The question as lines: prompt, numbered events, how to answer."""
    lines: list[Line] = []
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


def result_lines(result: Result) -> list[Line]:
    """The right answer, every event with its date (the verdict line is the session's)."""
    outcome = result.outcome
    lines: list[Line] = []
    question = result.question
    assert isinstance(question, DrillQuestion)
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
