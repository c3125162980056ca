"""Plain-text pieces of a question, shared by the terminal UI and plain line mode."""

from __future__ import annotations

from datetime import datetime

from studycli.grading import Outcome, Question
from studycli.keys import letter, lettered
from studycli.kinds import kind_of
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


def instructions(question: Question) -> str:
    """How to answer, in one line under the question."""
    return kind_of(question.card).instructions


def prompt_text(question: Question) -> str:
    return clean(kind_of(question.card).prompt_text(question.card))


def option_lines(question: Question) -> list[str]:
    """Every option, numbered (and lettered for choices, up to 26); none for true/false."""
    kind = kind_of(question.card)
    if not kind.lists_options:
        return []
    letters = kind.letters_shown and lettered(len(question.options))
    return [
        f"{number}) {letter(number - 1)}. {clean(option)}"
        if letters
        else f"{number}) {clean(option)}"
        for number, option in enumerate(question.options, start=1)
    ]


def gap_count(question: Question) -> int:
    return kind_of(question.card).reply_parts(question.card)


def points_list(question: Question) -> list[str]:
    return [clean(point) for point in kind_of(question.card).key_points(question.card)]


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
