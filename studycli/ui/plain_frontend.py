"""Plain line mode: the session when stdin is not a terminal.

One answer per input line; an empty line means "I don't know"; end of input ends the
session cleanly. Lines ``:hint``, ``:skip``, ``:undo`` and ``:quit`` do what they say;
a hint the question does not have costs nothing. A reply that cannot be read as meant
(an unknown option key, a date that is not a date) is asked again, never graded.
Nothing but plain text is written, so scripts and tests can read the output; every
line is flushed at once, so a script driving studycli through pipes sees each question
before it has to answer. Card questions and timeline drill questions go through the
same reading and the same marks.
"""

from __future__ import annotations

import re
import sys
import time
from typing import TextIO

from studycli.drills import DRILL_TITLES, DrillQuestion
from studycli.grading import Outcome, Question
from studycli.recorder import Result
from studycli.session import Action, Progress, Reply
from studycli.ui.drill_text import question_lines, reply_problem, result_lines
from studycli.ui.question_text import (
    COMMANDS,
    OUTCOME_MARKS,
    gap_count,
    instructions,
    option_lines,
    prompt_text,
)
from studycli.ui.sanitize import clean

_UNDECODED = re.compile("[\udc80-\udcff]")


def read_line(stream: TextIO) -> str | None:
    """The next input line without its line ending, or None at end of input.

    A line that is not UTF-8 text (``main`` reads stdin with ``surrogateescape``, so its
    stray bytes arrive as lone surrogates) is unreadable, not wrong: it is refused on
    stderr and the next line is read instead, so it is never graded or saved.
    """
    while True:
        line = stream.readline()
        if not line:
            return None
        if not _UNDECODED.search(line):
            return line.rstrip("\r\n")
        sys.stderr.write("studycli: that line is not UTF-8 text; type it again\n")
        sys.stderr.flush()


def write_line(stream: TextIO, text: str = "") -> None:
    """Write *text* as one line and flush it."""
    stream.write(text + "\n")
    stream.flush()


NO_HINTS = "No hints in a mock exam."


class PlainFrontend:
    """Reads answers line by line and prints plain text."""

    def __init__(
        self, stdin: TextIO | None = None, out: TextIO | None = None, *, paper: bool = False
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.out = out or sys.stdout
        self.paper = paper  # a mock exam: no hint is given

    def _print(self, text: str = "") -> None:
        write_line(self.out, text)

    def _read(self) -> str | None:
        return read_line(self.stdin)

    def _show(self, question: Question | DrillQuestion, progress: Progress) -> None:
        self._print()
        if isinstance(question, DrillQuestion):
            self._print(f"[{progress.position}/{progress.total}] {DRILL_TITLES[question.kind]}")
            for line in question_lines(question):
                self._print(line.prefix + line.text)
            return
        card = question.card
        where = f"{card.deck_id} · {card.topic.value} · {card.kind}"
        self._print(f"[{progress.position}/{progress.total}] {where}")
        self._print(prompt_text(question))
        for option in option_lines(question):
            self._print(f"  {option}")
        self._print(instructions(question))

    def ask(self, question: Question | DrillQuestion, progress: Progress) -> Reply:
        self._show(question, progress)
        started = time.monotonic()
        hinted = False
        hint = "" if isinstance(question, DrillQuestion) else question.card.hint
        gaps = 1 if isinstance(question, DrillQuestion) else gap_count(question)
        while True:
            line = self._read()
            if line is None:
                return Reply(Action.QUIT)
            action = COMMANDS.get(line.strip().lower())
            if action is Action.HINT:
                if self.paper:
                    self._print(NO_HINTS)
                elif hint:
                    hinted = True
                    self._print(f"Hint: {clean(hint)}")
                else:
                    self._print("No hint for this question (nothing is taken off).")
                continue
            if action is not None:
                return Reply(action)
            parts = [line]
            if gaps > 1 and ";" not in line and line.strip():
                parts.extend(self._read() or "" for _ in range(gaps - 1))
            text = "\n".join(parts)
            problem = reply_problem(question, text)
            if problem is None:
                break
            self._print(clean(problem))
        duration = int((time.monotonic() - started) * 1000)
        return Reply(Action.ANSWER, text, hinted=hinted, duration_ms=duration)

    def feedback(
        self,
        result: Result,
        *,
        rated: bool,  # noqa: ARG002 (plain mode never asks for a rating)
    ) -> int | None:
        self._print(f"{OUTCOME_MARKS[result.outcome]} {clean(result.feedback)}")
        question = result.question
        if isinstance(question, DrillQuestion):
            for line in result_lines(result):
                self._print(line.prefix + line.text)
            return None
        assert isinstance(question, Question)
        assert result.verdict is not None
        if result.outcome is not Outcome.CORRECT:
            self._print(f"Answer: {clean(result.verdict.expected)}")
        card = question.card
        if card.explain:
            self._print(clean(card.explain))
        if card.source:
            self._print(f"Source: {clean(card.source)}")
        return None

    def notice(self, message: str) -> None:
        self._print(clean(message))
