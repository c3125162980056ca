"""The one protocol every card kind implements, and the values it trades in.

A kind is everything the program knows about one sort of card: how it is read from a
deck file and checked, how it is shown (instructions, options, hints), how a reply is
read and marked, what the right answer looks like, how it becomes an Anki note and
what a deck author may write for it (its JSON Schema). The rest of the program asks
:func:`studycli.kinds.kind_of` instead of testing card classes, so a new kind is one
new module here.

Kinds are core code: they carry plain data (strings, tuples, flags) that the terminal
and plain frontends read, never UI objects.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from studycli.model import Card
from studycli.shuffle import shuffle_unsolved

if TYPE_CHECKING:
    from studycli.loader import Entry

__all__ = ["AnkiFace", "CardKind", "Marked", "Question", "esc", "html_list", "shuffled"]


@dataclass(frozen=True, slots=True)
class Question:
    """A card as shown once: choices/items in the shuffled order the learner sees.

    Numbers and letters in a reply refer to this order, so the same object must be used
    to show the question and to grade it.
    """

    card: Card
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Marked:
    """A kind's mark of one reply, before the shared rating rules make it a verdict."""

    score: float
    feedback: str
    given: str
    near_miss: bool = False
    covered: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class AnkiFace:
    """A card as an Anki note: a basic front and back, or (``cloze``) text and extra.

    Both are HTML, every piece of deck text escaped; the exporter adds the explanation
    and source under the back.
    """

    front: str
    back: str
    cloze: bool = False


COMMON_FIELDS = frozenset({"id", "kind", "prompt", "hint", "explain", "source", "tags"})


class CardKind:
    """One kind of card. Subclasses set the class attributes and override what differs.

    The defaults describe a card with no options whose reply is one line of free text.
    """

    name: ClassVar[str]
    #: Fields of a ``[[card]]`` of this kind besides :data:`COMMON_FIELDS`.
    fields: ClassVar[frozenset[str]] = frozenset()
    #: False for kinds made from other tables (``date`` cards come from events).
    authored: ClassVar[bool] = True
    prompt_required: ClassVar[bool] = True
    #: One line under the question saying how to answer.
    instructions: ClassVar[str] = "Type your answer."
    #: Options are listed under the question and may be named by number or letter.
    lists_options: ClassVar[bool] = False
    #: Options are listed with a letter as well as a number ("1) a. Beria").
    letters_shown: ClassVar[bool] = False
    #: The terminal lets the learner move a selection over the options with ↑↓ ...
    picked: ClassVar[bool] = False
    #: ... and puts these keys on the line for each option (numbers when empty).
    pick_keys: ClassVar[tuple[str, ...]] = ()
    #: Similarity below which a character diff against the expected answer is noise;
    #: ``None``: never show one.
    diff_ratio: ClassVar[float | None] = None
    #: Feedback repeats the learner's reply (a choice's feedback already names it).
    show_given: ClassVar[bool] = True

    # ----------------------------------------------------------------- deck files

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        """The card from its TOML table, every problem recorded on ``entry``."""
        raise NotImplementedError

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        """JSON Schema of this kind's own fields (see :mod:`studycli.kinds.schema`), and
        which of them are required (``prompt`` is added when :attr:`prompt_required`).
        """
        return {}, []

    # ----------------------------------------------------------------- asking

    def question(self, card: Card, rng: random.Random) -> Question:
        """Fix the order the learner sees, so "2" or "b" in the reply can be read back."""
        del rng
        return Question(card)

    def prompt_text(self, card: Card) -> str:
        """The question as plain text (deck text, not yet made safe for a terminal)."""
        return card.prompt

    def reply_parts(self, card: Card) -> int:
        """How many answers one reply holds (a cloze: one per gap)."""
        del card
        return 1

    def hint_answers(self, card: Card) -> tuple[str, ...]:
        """Answers whose first letters may be revealed, one at a time, as hints."""
        del card
        return ()

    def key_points(self, card: Card) -> tuple[str, ...]:
        """Points the learner may tick as made in other words (a ``points`` card)."""
        del card
        return ()

    def model_answer(self, card: Card) -> str:
        """A model answer shown after the key points, if the deck gives one."""
        del card
        return ""

    # ----------------------------------------------------------------- marking

    def problem(self, question: Question, text: str) -> str | None:
        """Why a non-empty, raw reply cannot be marked as meant (it is asked again), or None."""
        del question, text
        return None

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        """Mark a non-empty reply; ``response`` is raw (a cloze splits it on new lines)."""
        raise NotImplementedError

    def expected(self, question: Question) -> str:
        """The right answer as text, referring to the options as they were shown."""
        raise NotImplementedError

    def compared(self, question: Question, expected: str) -> str:
        """What a wrong reply is set against in the feedback (the expected answer)."""
        del question
        return expected

    def worked(self, card: Card) -> str:
        """The whole answer in context, shown under a wrong reply (a filled cloze)."""
        del card
        return ""

    # ----------------------------------------------------------------- Anki

    def anki(self, card: Card) -> AnkiFace:
        """Front and back as HTML; by default the prompt and the expected answer."""
        answer = self.expected(Question(card))
        return AnkiFace(f"<div>{esc(card.prompt)}</div>", f"<div><b>{esc(answer)}</b></div>")


def shown(question: Question, natural: tuple[str, ...]) -> tuple[str, ...]:
    """The options as shown; a bare ``Question(card)`` falls back to the deck order."""
    options = question.options
    return options if sorted(options) == sorted(natural) else natural


def shuffled_question(card: Card, options: Sequence[str], rng: random.Random) -> Question:
    """The card with its options in a fresh random order."""
    order = list(options)
    rng.shuffle(order)
    return Question(card, tuple(order))


def esc(text: str) -> str:
    """Deck text as HTML text: never read as markup."""
    return html.escape(text, quote=True)


def html_list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{esc(item)}</li>" for item in items) + f"</{tag}>"


def shuffled(items: Sequence[str], seed: str) -> list[str]:
    """The same order on every export (seeded by the card key), never the authored one."""
    return shuffle_unsolved(items, random.Random(seed))
