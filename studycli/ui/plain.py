"""Plain line mode: the session when stdin is not a terminal.

One answer per input line; an empty line means "I don't know"; end of input ends the
session cleanly. Lines ``:hint``, ``:skip``, ``:undo`` and ``:quit`` do what they say.
Nothing but plain text is written, so scripts and tests can read the output.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from studycli.grading import Outcome, Question, Verdict
from studycli.session import Action, Progress, Reply
from studycli.ui.lines import read_line, write_line
from studycli.ui.sanitize import clean
from studycli.ui.text import (
    COMMANDS,
    OUTCOME_MARKS,
    gap_count,
    instructions,
    option_lines,
    prompt_text,
)


class PlainFrontend:
    """Reads answers line by line and prints plain text."""

    def __init__(self, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.out = out or sys.stdout

    def _print(self, text: str = "") -> None:
        write_line(self.out, text)

    def _read(self) -> str | None:
        return read_line(self.stdin)

    def ask(self, question: Question, progress: Progress) -> Reply:
        card = question.card
        self._print()
        where = f"{card.deck_id} · {card.topic.value} · {card.kind}"
        self._print(f"[{progress.position}/{progress.total}] {where}")
        self._print(prompt_text(question))
        for option in option_lines(question):
            self._print(f"  {option}")
        self._print(instructions(question))
        started = time.monotonic()
        hinted = False
        while True:
            read = self._read()
            if read is None:
                return Reply(Action.QUIT)
            line = read
            command = line.strip().lower()
            if command in COMMANDS:
                return Reply(COMMANDS[command])
            if command in {":h", ":hint"}:
                hinted = True
                self._print(f"Hint: {clean(card.hint)}" if card.hint else "No hint for this card.")
                continue
            break
        parts = [line]
        if gap_count(question) > 1 and ";" not in line and line.strip():
            for _ in range(gap_count(question) - 1):
                more = self._read()
                parts.append(more or "")
        duration = int((time.monotonic() - started) * 1000)
        return Reply(Action.ANSWER, "\n".join(parts), hinted=hinted, duration_ms=duration)

    def feedback(
        self,
        question: Question,
        verdict: Verdict,
        *,
        rated: bool,  # noqa: ARG002 (plain mode never asks for a rating)
    ) -> int | None:
        self._print(f"{OUTCOME_MARKS[verdict.outcome]} {clean(verdict.feedback)}")
        if verdict.outcome is not Outcome.CORRECT:
            self._print(f"Answer: {clean(verdict.expected)}")
        card = question.card
        if card.explain:
            self._print(clean(card.explain))
        if card.source:
            self._print(f"Source: {clean(card.source)}")
        return None

    def notice(self, message: str) -> None:
        self._print(clean(message))
