"""The answer prompt's bottom line fits a 60-column terminal in every state of a timed
paper: prompt_toolkit cuts a longer toolbar, and the cut part is the one saying how to
stop ("^C sto")."""

from __future__ import annotations

import random
import time

import pytest
from prompt_toolkit.formatted_text import fragment_list_width

from studycli.grading import make_question
from studycli.library import load_library
from studycli.ui.terminal import TerminalFrontend
from tests.conftest import EVERY_KIND

COLUMNS = 60


@pytest.mark.parametrize("seconds_left", [173.0, 42.0, -1.0])
@pytest.mark.parametrize("asking", ["points ticks", "typed answer"])
def test_timed_toolbar_fits_sixty_columns(seconds_left: float, asking: str) -> None:
    frontend = TerminalFrontend(no_color=True)
    frontend._deadline = time.monotonic() + seconds_left
    if asking == "typed answer":
        card = next(c for c in load_library([EVERY_KIND]).cards() if c.kind == "typed")
        frontend._question = make_question(card, random.Random(0))
    toolbar = frontend._answer_toolbar()
    text = "".join(fragment[1] for fragment in toolbar)
    assert fragment_list_width(toolbar) <= COLUMNS, text
    if seconds_left < 0:
        assert text.strip() == "Time is up: Enter ends the paper"
    else:
        assert "left" in text
        assert text.rstrip().endswith("stop" if asking == "points ticks" else "^D quit")
