"""Plain-text pieces of a question, shared by the terminal UI and plain line mode."""

from __future__ import annotations

from studycli.grading import Outcome, Question
from studycli.keys import letter, lettered
from studycli.kinds import kind_of
from studycli.session import Action
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
    ":h": Action.HINT,
    ":hint": Action.HINT,
}


def instructions(question: Question) -> str:
    """How to answer, in one line under the question."""
    return kind_of(question.card).instructions


def prompt_text(question: Question) -> str:
    return clean(kind_of(question.card).prompt_text(question.card))


def option_lines(question: Question) -> list[str]:
    """Every option, numbered (and lettered for choices, up to 26); none for true/false."""
    return [f"{key} {text}" for key, text in option_parts(question)]


def option_parts(question: Question) -> list[tuple[str, str]]:
    """Every option as (its keys, its text): "1) a." and the text, so that the terminal
    can wrap a long option under its own text rather than under its number."""
    kind = kind_of(question.card)
    if not kind.lists_options:
        return []
    letters = kind.letters_shown and lettered(len(question.options))
    return [
        (f"{number}) {letter(number - 1)}." if letters else f"{number})", clean(option))
        for number, option in enumerate(question.options, start=1)
    ]


def gap_count(question: Question) -> int:
    return kind_of(question.card).reply_parts(question.card)


def points_list(question: Question) -> list[str]:
    return [clean(point) for point in kind_of(question.card).key_points(question.card)]
