"""The prompt after the feedback: confirm or change the rating, undo, quit, unfold.

The answer is saved before this prompt is drawn. A key chooses and Enter confirms, so
the Enter most people press after a digit is never taken as an empty answer to the
next question: ``Enter`` alone accepts the proposed rating; ``1``-``4`` (Again, Hard,
Good, Easy), ``u`` (undo) and ``q`` (quit) show on the line until Enter; Backspace
clears; ``Ctrl-Z`` and ``Ctrl-D`` undo and quit at once. Long feedback (a points
card's can run to 35 lines at 60 columns) is folded to its first lines, which keep the
verdict and the expected answer, and ``e`` shows the rest. Other keys do nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from studycli.session import Action
from studycli.ui import render

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from rich.console import Console, RenderableType
    from rich.segment import Segment

FOLD_LINES = 10  # feedback longer than this (or half the screen) is folded


class RatingPrompt:
    """One prompt_toolkit session for every rating of a study session, made on first use."""

    def __init__(self, console: Console, *, monochrome: bool, record: bool) -> None:
        self.console = console
        self.monochrome = monochrome
        self.record = record
        self._pending = ""  # what Enter confirms
        self._folded = False
        self._proposed = 0
        self._rated = True
        self._session: PromptSession[str] | None = None

    def _prompt(self) -> PromptSession[str]:
        if self._session is None:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.output import ColorDepth

            self._session = PromptSession(
                key_bindings=self._keys(),
                bottom_toolbar=lambda: (
                    " 1 Again 2 Hard 3 Good 4 Easy · u undo · q quit · then ⏎"
                    if self._rated
                    else " ⏎ next · u undo · q quit"
                ),
                color_depth=ColorDepth.MONOCHROME if self.monochrome else None,
                enable_suspend=False,
            )
        return self._session

    def _keys(self) -> KeyBindings:
        """Keys choose (the choice shows on the line), Enter confirms; Backspace clears.

        Only the control keys act at once (Ctrl-Z undo, Ctrl-D quit): nobody presses
        them by accident after typing an answer, as they do Enter.
        """
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys

        keys = KeyBindings()

        def finish(event: KeyPressEvent, result: str, shown: str) -> None:
            event.current_buffer.text = shown
            event.app.exit(result=result)

        def choose(event: KeyPressEvent, result: str, shown: str) -> None:
            self._pending = result
            event.current_buffer.text = shown
            event.current_buffer.cursor_position = len(shown)

        rated = Condition(lambda: self._rated)
        folded = Condition(lambda: self._folded)

        @keys.add("enter")
        def _accept(event: KeyPressEvent) -> None:
            shown = event.current_buffer.text
            if not shown:
                shown = render.rating_label(self._proposed) if self._rated else "next"
            finish(event, self._pending, shown)

        for digit in "1234":

            @keys.add(digit, filter=rated)
            def _rate(event: KeyPressEvent) -> None:
                rating = int(event.data)
                choose(event, str(rating), render.rating_label(rating))

        @keys.add("u")
        def _undo(event: KeyPressEvent) -> None:
            choose(event, "u", "undo")

        @keys.add("q")
        def _quit(event: KeyPressEvent) -> None:
            choose(event, "q", "quit")

        @keys.add("c-z")
        def _undo_now(event: KeyPressEvent) -> None:
            finish(event, "u", "undo")

        @keys.add("c-d")
        def _quit_now(event: KeyPressEvent) -> None:
            finish(event, "q", "quit")

        @keys.add("e", filter=folded)
        def _expand(event: KeyPressEvent) -> None:
            finish(event, "e", "")

        @keys.add("backspace")
        def _clear(event: KeyPressEvent) -> None:
            choose(event, "", "")

        @keys.add(Keys.Any)
        def _ignore(event: KeyPressEvent) -> None:
            """Stray keys do nothing; Ctrl-C still interrupts (a specific binding wins)."""

        return keys

    def _show(self, view: RenderableType) -> list[list[Segment]]:
        """Print *view*, folded to its first lines when it is long; return the rest.

        Long feedback (a points card's can run to 35 lines at 60 columns) would push the
        question off screen: the verdict, the expected answer and the first lines of the
        explanation stay, and ``e`` at the rating prompt shows the rest.
        """
        from rich.segment import Segment, Segments

        lines = self.console.render_lines(view, self.console.options, pad=False)
        fold_at = max(FOLD_LINES, self.console.height // 2)
        shown, rest = (
            (lines, []) if len(lines) <= fold_at else (lines[:FOLD_LINES], lines[FOLD_LINES:])
        )
        for line in shown:
            self.console.print(Segments([*line, Segment.line()]), end="")
        if rest:
            self.console.print(Text(f"… {len(rest)} more lines · e shows them", style="dim"))
        return rest

    def ask(self, view: RenderableType, proposed: int, *, rated: bool) -> int | Action | None:
        """Show *view* (folded if long); return a rating overriding *proposed*, None to
        accept it, or Action.UNDO / Action.QUIT.

        Unrated (``--cram``, or an answer covering several cards), the prompt only moves
        on: digits do nothing, since there is no single rating to change.
        """
        from rich.segment import Segment, Segments

        rest = self._show(view)
        self._proposed = proposed
        self._rated = rated
        message: StyleAndTextTuples = (
            [
                ("", "Rating "),
                ("bold", render.rating_label(proposed)),
                ("", " · Enter ok · 1-4 Enter change › "),
            ]
            if rated
            else [("", "Enter next › " if self.record else "Not scheduled (cram) · Enter next › ")]
        )
        while True:
            self._folded = bool(rest)
            self._pending = ""
            try:
                choice = self._prompt().prompt(message)
            except EOFError:
                choice = "q"
            if choice != "e":
                break
            for line in rest:
                self.console.print(Segments([*line, Segment.line()]), end="")
            rest = []
        self._folded = False
        if choice == "u":
            return Action.UNDO
        if choice == "q":
            return Action.QUIT
        return int(choice) if choice and rated else None
