"""What a 60-column terminal shows: the answer prompt's bottom line fits in every state
of a timed paper (prompt_toolkit cuts a longer toolbar, and the cut part is the one
saying how to stop: "^C sto"), and a long option wraps under its own text."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from prompt_toolkit.formatted_text import fragment_list_width
from rich.console import Console

from studycli.grading import make_question
from studycli.library import load_library
from studycli.ui.render import question_panel
from studycli.ui.terminal import TerminalFrontend
from tests.conftest import EVERY_KIND, write_deck

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


LONG_OPTIONS = """
[deck]
id = "long"
title = "Long options"
topic = "content"

[[card]]
id = "pick"
kind = "choice"
prompt = "What did the speech claim about the class struggle?"
choices = [
    "That it sharpens as socialism advances, as Stalin had said in 1937",
    "That Stalin's thesis of its sharpening justified the mass repressions",
    "Nothing",
]
answer = "Nothing"

[[card]]
id = "sort"
kind = "order"
prompt = "Earliest first."
items = [
    "Krupskaya writes to Kamenev about Stalin's rude outburst",
    "Lenin adds the postscript calling Stalin 'too rude' to be General Secretary",
    "Lenin dies",
]
"""


@pytest.mark.parametrize("card_id", ["pick", "sort"])
def test_a_long_option_wraps_under_its_text_not_its_number(card_id: str, tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "long.toml", LONG_OPTIONS)
    card = next(c for c in load_library([deck]).cards() if c.id == card_id)
    question = make_question(card, random.Random(0))
    console = Console(width=COLUMNS, record=True, color_system=None)
    console.print(question_panel(question))
    inner = [line[2:-2].rstrip() for line in console.export_text().splitlines()[1:-1]]
    first = next(i for i, line in enumerate(inner) if line.startswith("1) "))
    last = max(i for i, line in enumerate(inner) if line) - 2  # before the instructions
    block = inner[first : last + 1]
    keys = [line.split(" ", 2)[:2] for line in block if line[:1].isdigit()]
    assert len(keys) == len(question.options)
    for line in block:
        if not line[:1].isdigit():  # a wrapped option: it starts where the text starts
            width = len("1) a. ") if card.kind == "choice" else len("1) ")
            assert line.startswith(" " * width), block
            assert line[width] != " ", block
    texts = " ".join(" ".join(line.split()) for line in block)
    assert all(option in texts for option in question.options)
    assert any(not line[:1].isdigit() for line in block)  # some option did wrap
