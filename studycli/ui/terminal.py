"""The interactive terminal session: Rich for what is shown, prompt_toolkit for what is typed.

Imported only by ``make_frontend`` when stdin and stdout are both terminals, so no other
command pays for prompt_toolkit; prompt_toolkit itself is imported at the first prompt,
once the first question is on screen. Every prompt is an inline ``PromptSession``
(never a full-screen application): questions, answers and feedback stay in the
scrollback, and only the line being edited (plus the key toolbar under it) is redrawn.

Keys while answering (also in the panel's bottom edge and the toolbar):

* ``Enter`` submits; an empty line means "I don't know" (graded wrong, like plain mode).
* ``?`` alone + ``Enter``, or ``Tab`` anywhere (keeps what is typed): a hint. Hints are
  progressive: the card's own hint first, then, for typed and cloze cards, the first
  letter of every word of the answer, then two letters, and so on up to half of it.
* ``s`` alone + ``Enter`` (or ``:s``): skip. A bare ``s`` never clashes with an answer:
  no typed answer is one letter long, and on a card with 19 or more options, where
  ``s`` is an option letter, only ``:s`` skips (the footer then says so).
* ``:u`` + ``Enter`` or ``Ctrl-Z``: undo the last answer (it is asked again).
* ``:q`` + ``Enter`` or ``Ctrl-D`` on an empty line: quit, with the summary.
* ``Ctrl-C``: stop at once. ``KeyboardInterrupt`` leaves :meth:`TerminalFrontend.ask`;
  the session saves and the CLI prints the summary and exits 130.
* Choice and true/false cards: type the number or letter, or use ``Up``/``Down`` to move
  the selection (the toolbar shows the option selected). Multi: ``1,3`` or ``a c``.
  Order: ``3 1 2 4``. A malformed reply (out-of-range key, not a permutation...) is
  re-asked with the grader's message and never graded.

After the feedback (saved already): ``Enter`` accepts the proposed rating; ``1``-``4``
(Again/Hard/Good/Easy), ``u`` (undo the answer just given) and ``q`` (quit) choose, and
Enter confirms, so the Enter most people press after a digit never lands on the next
question as an empty answer. ``Ctrl-Z`` and ``Ctrl-D`` undo and quit at once; ``e``
unfolds long feedback. Other keys are ignored, so stray typing cannot rate.

Timeline drill questions come through the same prompt, keys and marks.
"""

from __future__ import annotations

import os
import string
import time
from typing import TYPE_CHECKING

from rich.text import Text

from studycli import keys
from studycli.drills import DrillQuestion
from studycli.grading import Question, grade
from studycli.keys import lettered, single_key
from studycli.kinds import kind_of
from studycli.session import Action, Progress, Reply
from studycli.ui import render
from studycli.ui.console import make_console
from studycli.ui.drill_text import reply_problem
from studycli.ui.hints import Hints
from studycli.ui.question_text import COMMANDS, gap_count, points_list
from studycli.ui.rating_prompt import RatingPrompt
from studycli.ui.sanitize import clean

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from rich.console import RenderableType

    from studycli.recorder import Result

Asked = Question | DrillQuestion

HINT_WORDS = frozenset({"?"})
TICK_KEYS = " points e.g. 2 3 · Enter none · ^C stop"


class _KeyCommand(Exception):
    """Raised out of a prompt when a key or a typed command asks for an action.

    ``action`` None means "show a hint"; ``text`` is what was on the line, kept so a hint
    asked for with Tab does not cost the learner what they had typed.
    """

    def __init__(self, action: Action | None, text: str = "") -> None:
        super().__init__(action)
        self.action = action
        self.text = text


def _picked(question: Question, text: str) -> int | None:
    """The option the line names: a key, or a pick key such as true/false's ``t``/``f``."""
    index = single_key(text, len(question.options))
    pick_keys = kind_of(question.card).pick_keys
    if index is None and pick_keys and text.strip():
        first = text.strip().lower()[:1]
        index = pick_keys.index(first) if first in pick_keys else None
    return index


def _s_is_an_option(question: Asked) -> bool:
    letter_s = string.ascii_lowercase.index("s")
    if isinstance(question, DrillQuestion):
        return False
    count = len(question.options)
    return kind_of(question.card).lists_options and letter_s < count and lettered(count)


def footer_for(question: Asked) -> str:
    """The keys, short enough for the bottom edge of a panel 60 columns wide."""
    skip = ":s" if _s_is_an_option(question) else "s"
    return f"? hint · {skip} skip · ^Z undo · ^D quit"


class TerminalFrontend:
    """The :class:`~studycli.session.Frontend` for a real terminal."""

    def __init__(self, *, no_color: bool = False, record: bool = True, paper: bool = False) -> None:
        self.console = make_console(no_color=no_color)
        # A mock exam: no hints, and no key points of a points card before the end.
        self._paper = paper
        self._monochrome = no_color or "NO_COLOR" in os.environ
        self._rating = RatingPrompt(self.console, monochrome=self._monochrome, record=record)
        self._question: Asked | None = None
        self._deadline: float | None = None  # time.monotonic() when an exam's time is up
        self._answers: PromptSession[str] | None = None
        self._interrupted = False  # Ctrl-C while ticking points, raised once saved

    def _prompt(self) -> PromptSession[str]:
        """The answer prompt, made on first use.

        Importing prompt_toolkit takes about a tenth of a second; doing it here, after
        the first question is on screen, lets the learner start reading that much
        sooner (see benchmarks/startup_pty.py). Keys typed meanwhile are not lost: the
        terminal buffers them until the prompt reads them.
        """
        if self._answers is None:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import InMemoryHistory
            from prompt_toolkit.output import ColorDepth

            self._answers = PromptSession(
                history=InMemoryHistory(),
                key_bindings=self._answer_keys(),
                bottom_toolbar=self._answer_toolbar,
                color_depth=ColorDepth.MONOCHROME if self._monochrome else None,
                enable_suspend=False,
            )
        return self._answers

    # ----------------------------------------------------------------- key bindings

    def _picking(self) -> bool:
        question = self._question
        return isinstance(question, Question) and kind_of(question.card).picked

    def _answer_keys(self) -> KeyBindings:
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings

        keys = KeyBindings()

        @keys.add("c-z")
        def _undo(event: KeyPressEvent) -> None:
            event.app.exit(exception=_KeyCommand(Action.UNDO))

        @keys.add("tab")
        def _hint(event: KeyPressEvent) -> None:
            event.app.exit(exception=_KeyCommand(None, event.current_buffer.text))

        picking = Condition(self._picking)

        @keys.add("down", filter=picking)
        def _next(event: KeyPressEvent) -> None:
            self._move(event, 1)

        @keys.add("up", filter=picking)
        def _previous(event: KeyPressEvent) -> None:
            self._move(event, -1)

        return keys

    def _move(self, event: KeyPressEvent, step: int) -> None:
        """Move the choice selection: the line then holds that option's key."""
        question = self._question
        if not isinstance(question, Question):
            return
        count = len(question.options)
        current = _picked(question, event.current_buffer.text)
        if current is None:
            current = -1 if step > 0 else count
        index = (current + step) % count
        pick_keys = kind_of(question.card).pick_keys
        key = pick_keys[index] if index < len(pick_keys) else str(index + 1)
        event.current_buffer.text = key
        event.current_buffer.cursor_position = len(key)

    def _answer_toolbar(self) -> StyleAndTextTuples:
        """The countdown, then the keys; once time is up only Enter matters, and the
        line must fit 60 columns (prompt_toolkit cuts a longer toolbar)."""
        countdown = self._countdown()
        if self._deadline is not None and time.monotonic() >= self._deadline:
            return countdown[:1]
        return countdown + self._keys_toolbar()

    def _countdown(self) -> StyleAndTextTuples:
        """An exam's time left, redrawn every second while the answer prompt is open."""
        if self._deadline is None:
            return []
        left = max(0.0, self._deadline - time.monotonic())
        if left == 0:
            return [("bold reverse", " Time is up: Enter ends the paper "), ("", " ·")]
        style = "bold reverse" if left < 60 else "bold"
        return [(style, f" {render.elapsed(left)} left "), ("", " ·")]

    def _keys_toolbar(self) -> StyleAndTextTuples:
        question = self._question
        if question is None:
            return [("", TICK_KEYS)]
        keys = " " + footer_for(question)
        if not isinstance(question, Question) or not kind_of(question.card).picked:
            return [("", keys)]
        from prompt_toolkit.application import get_app

        index = _picked(question, get_app().current_buffer.text)
        if index is None:
            return [("", " ↑↓ pick ·" + keys)]
        chosen = clean(question.options[index])
        return [("bold", f" → {chosen}"), ("", " · Enter to answer")]

    # ----------------------------------------------------------------- reading

    def _line(self, question: Asked, message: str, default: str) -> str:
        """One line from the learner; commands come out as :class:`_KeyCommand`."""
        self._question = question
        try:
            refresh = None if self._deadline is None else 1.0
            text = self._prompt().prompt(message, default=default, refresh_interval=refresh)
        except EOFError:
            raise _KeyCommand(Action.QUIT) from None
        command = text.strip().lower()
        action = COMMANDS.get(command)
        if action is Action.HINT or command in HINT_WORDS:
            raise _KeyCommand(None)
        if action is not None:
            raise _KeyCommand(action)
        if command == "s" and not _s_is_an_option(question):
            raise _KeyCommand(Action.SKIP)
        return text

    def _hint(self, hints: Hints) -> bool:
        if self._paper:
            self.console.print(Text("No hints in a mock exam.", style="dim"))
            return False
        step = hints.next()
        if step is None:
            message = "No more hints." if hints.steps else "No hint for this card."
            self.console.print(Text(message, style="dim"))
            return False
        self.console.print(Text(step, style="yellow"))
        return True

    def _read_answer(self, question: Asked) -> tuple[str, bool] | Action:
        """The learner's reply and whether a hint was shown, or the action asked for.

        A cloze with several gaps is asked gap by gap unless the first line holds them
        all (separated by ';') or is empty ("I don't know").
        """
        gaps = gap_count(question) if isinstance(question, Question) else 1
        hints = Hints(question)
        hinted = False
        parts: list[str] = []
        default = ""
        while True:
            message = f"[{len(parts) + 1}] › " if gaps > 1 else "› "
            try:
                line = self._line(question, message, default)
            except _KeyCommand as command:
                if command.action is not None:
                    return command.action
                hinted = self._hint(hints) or hinted
                default = command.text
                continue
            default = ""
            parts.append(line)
            first = parts[0]
            if len(parts) < gaps and first.strip() and ";" not in first:
                continue
            text = "\n".join(parts)
            problem = reply_problem(question, text)
            if problem is None:
                return text, hinted
            self.notice(problem)
            default = "; ".join(part.strip() for part in parts)
            parts = []

    def _tick(self, question: Asked, text: str, hinted: bool) -> frozenset[int]:
        """For a points card: let the learner tick key points made in other words.

        Only the points the grader did not recognise are offered, and only after the
        answer is written, so the list cannot serve as a crib. A mock paper shows no key
        points (they are feedback): its points answers are marked on their text alone,
        as in plain mode.
        """
        if self._paper or not isinstance(question, Question):
            return frozenset()
        card = question.card
        if not kind_of(card).key_points(card) or not text.strip():
            return frozenset()
        preview = grade(question, text, hinted=hinted)
        points = points_list(question)
        missing = [index for index in range(len(points)) if index not in preview.covered]
        if not missing:
            return frozenset()
        self.console.print(Text("Key points (✓ found in your answer):", style="bold"))
        self.console.print(render.points_checklist(question, preview.covered, numbered=True))
        while True:
            self._question = None  # no choice keys or skip hint on this line
            try:
                reply = self._prompt().prompt("Points made in other words (e.g. 1 4) › ")
            except EOFError:
                return frozenset()
            except _KeyCommand as command:
                if command.action is None:
                    continue  # Tab: no hint here
                raise
            if not reply.strip():
                return frozenset()
            chosen, readable = keys.read_keys(reply, len(points))
            if readable:
                return frozenset(chosen)
            self.notice(f"Type point numbers 1-{len(points)}, or Enter for none.")

    def _interrupt_held(self) -> None:
        """Raise the Ctrl-C pressed while ticking points, now that the answer is saved
        (a mock paper shows no feedback, so there it comes at the next question)."""
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt

    # ----------------------------------------------------------------- Frontend

    def ask(self, question: Asked, progress: Progress) -> Reply:
        """Show the question, read a reply; Ctrl-C propagates as KeyboardInterrupt."""
        self._interrupt_held()
        self.console.print()
        self._deadline = progress.deadline
        self.console.print(render.progress_line(progress, time.monotonic()))
        if isinstance(question, DrillQuestion):
            self.console.print(render.drill_panel(question, footer_for(question)))
        else:
            self.console.print(render.question_panel(question, footer_for(question)))
        started = time.monotonic()
        try:
            read = self._read_answer(question)
            if isinstance(read, Action):
                return Reply(read)
            text, hinted = read
            try:
                ticked = self._tick(question, text, hinted)
            except KeyboardInterrupt:
                # The answer is written: it is saved with the points the grader found,
                # and the interrupt ends the session once it is (see feedback).
                ticked = frozenset()
                self._interrupted = True
        except _KeyCommand as command:
            return Reply(command.action or Action.SKIP)
        finally:
            self._question = None
        duration = int((time.monotonic() - started) * 1000)
        return Reply(Action.ANSWER, text, hinted=hinted, ticked=ticked, duration_ms=duration)

    def feedback(self, result: Result, *, rated: bool) -> int | Action | None:
        """Show the result and ask for the rating (see :mod:`studycli.ui.rating_prompt`)."""
        self._interrupt_held()
        question = result.question
        if isinstance(question, DrillQuestion):
            view: RenderableType = render.drill_feedback(result)
        else:
            assert isinstance(question, Question)
            assert result.verdict is not None
            view = render.feedback_view(question, result.verdict)
        return self._rating.ask(view, int(result.rating), rated=rated)

    def notice(self, message: str) -> None:
        self.console.print(Text(clean(message), style="yellow"))
