"""Plain-text pieces of a question, shared by the terminal UI and plain line mode."""

from __future__ import annotations

import string
from datetime import datetime

from studycli.grading import Outcome, Question
from studycli.model import ClozeCard, DateCard, Kind, PointsCard
from studycli.session import Action, SessionSummary
from studycli.ui.sanitize import clean

# How plain output marks a verdict: a word, so it reads without colour and greps well.
OUTCOME_MARKS = {Outcome.CORRECT: "RIGHT", Outcome.PARTIAL: "PARTLY", Outcome.WRONG: "WRONG"}

# Typed-line commands, the same in plain mode and the terminal.
COMMANDS = {
    ":q": Action.QUIT,
    ":quit": Action.QUIT,
    ":s": Action.SKIP,
    ":skip": Action.SKIP,
    ":u": Action.UNDO,
    ":undo": Action.UNDO,
}

INSTRUCTIONS = {
    Kind.TYPED: "Type your answer.",
    Kind.CHOICE: "Answer with a number, a letter or the text.",
    Kind.MULTI: "Select all that apply: numbers or letters, e.g. 1,3 or a c.",
    Kind.TRUEFALSE: "True or false? (t/f)",
    Kind.CLOZE: "Fill the gaps: one per line, or all on one line separated by ';'.",
    Kind.ORDER: "Give the numbers in the right order, e.g. 3 1 2 4.",
    Kind.POINTS: "Write a short answer; you get credit for each key point it covers.",
    Kind.DATE: "When? e.g. 25 Feb 1956, Feb 1956 or 1956.",
}


def prompt_text(question: Question) -> str:
    card = question.card
    if isinstance(card, ClozeCard):
        masked = card.masked()
        return f"{clean(card.prompt)}\n{clean(masked)}" if card.prompt else clean(masked)
    if isinstance(card, DateCard):
        return f"When did this happen? {clean(card.event.title)}"
    return clean(card.prompt)


def option_lines(question: Question) -> list[str]:
    """Numbered (and lettered) options for choice, multi, truefalse and order."""
    if question.card.kind is Kind.TRUEFALSE:
        return []
    return [
        f"{number}) {letter}. {clean(option)}"
        if question.card.kind is not Kind.ORDER
        else f"{number}) {clean(option)}"
        for number, (letter, option) in enumerate(
            zip(string.ascii_lowercase, question.options, strict=False), start=1
        )
    ]


def gap_count(question: Question) -> int:
    card = question.card
    return len(card.gaps) if isinstance(card, ClozeCard) else 1


def points_list(question: Question) -> list[str]:
    card = question.card
    return [clean(point) for point in card.points] if isinstance(card, PointsCard) else []


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return "nothing scheduled"
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def summary_lines(summary: SessionSummary) -> list[str]:
    """The end-of-session summary as plain lines."""
    minutes, seconds = divmod(int(summary.seconds), 60)
    lines = [
        "Session interrupted; everything answered is saved." if summary.interrupted else "",
        f"Answered {summary.answered}: {summary.correct} right, {summary.partial} partly right"
        + (f", {summary.skipped} skipped" if summary.skipped else "")
        + f" in {minutes}m {seconds:02d}s.",
    ]
    for name, tally in sorted(summary.topics.items()):
        if tally.answered:
            lines.append(f"  {name}: {tally.correct}/{tally.answered} right")
    if summary.mode == "quiz" and summary.answered:
        percent = round(100 * sum(t.score for t in summary.topics.values()) / summary.answered)
        lines.append(f"Score: {percent}%")
        revisit = summary.topics_to_revisit()
        lines.append(
            f"Topics to revisit: {', '.join(revisit)}" if revisit else "No topic to revisit."
        )
    if summary.weakest_topic:
        lines.append(f"Weakest topic: {summary.weakest_topic}")
    lines.append(f"Next card due: {local_time(summary.next_due)}")
    return [line for line in lines if line]
