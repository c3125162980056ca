"""Grading: a table of answers per card kind, the edge rules, and a never-crash property."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli.grading import (
    Outcome,
    Question,
    Rating,
    Verdict,
    grade,
    make_question,
    normalize,
    response_problem,
)
from studycli.loader import load_deck
from studycli.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Event,
    MultiCard,
    OrderCard,
    PartialDate,
    PointsCard,
    Topic,
    TrueFalseCard,
    TypedCard,
)

from .conftest import EVERY_KIND

DECKS = Path(__file__).parent.parent / "decks"
COMMON: dict[str, Any] = {"deck_id": "test", "topic": Topic.CONTENT, "prompt": "?"}

C, P, W = Outcome.CORRECT, Outcome.PARTIAL, Outcome.WRONG
AGAIN, HARD, GOOD = Rating.AGAIN, Rating.HARD, Rating.GOOD


# --------------------------------------------------------------------------- card helpers


def typed(answer: str, *accept: str) -> Question:
    return Question(TypedCard(**COMMON, id="typed", answer=answer, accept=accept))


def shown(card: Card, *options: str) -> Question:
    """A question with a fixed shown order, so keys in the table are predictable."""
    return Question(card, options)


def event(start: PartialDate, end: PartialDate | None = None) -> Question:
    return Question(
        DateCard.for_event(
            Event(deck_id="test", id="e", date=start, end=end, title="t", topic=Topic.CONTEXT)
        )
    )


CHAIR = ChoiceCard(
    **COMMON,
    id="chair",
    choices=("Bulganin", "Malenkov", "Molotov", "Voroshilov"),
    answer="Bulganin",
)
# Shown as 1/a Malenkov, 2/b Bulganin, 3/c Molotov, 4/d Voroshilov.
CHAIR_Q = shown(CHAIR, "Malenkov", "Bulganin", "Molotov", "Voroshilov")

DEPORTED = MultiCard(
    **COMMON,
    id="deported",
    choices=("Kalmyks", "Karachai", "Volga Germans", "Balkars", "Crimean Tatars"),
    answers=("Kalmyks", "Karachai", "Balkars"),
)
# Shown in deck order: right answers are 1/a, 2/b and 4/d; 3/c and 5/e are wrong.
DEPORTED_Q = shown(DEPORTED, *DEPORTED.choices)

PREMIER = TrueFalseCard(**COMMON, id="premier", answer=False)
PREMIER_Q = Question(PREMIER, ("True", "False"))

CC_SHOT = Question(
    ClozeCard(**COMMON, id="cc", text="Of the {{139}} elected in 1934, {{98}} were shot.")
)
RETURN = Question(
    ClozeCard(**COMMON, id="ret", text="{{Gomułka|Gomulka}} returned in {{October}} 1956.")
)

A, B, C_, D = "The Secret Speech", "Poznań revolt", "Gomułka returns", "Soviet assault on Budapest"
ORDER = OrderCard(**COMMON, id="order", items=(A, B, C_, D))
# Shown as 1=C 2=A 3=D 4=B; the right answer is "2 4 1 3".
ORDER_Q = shown(ORDER, C_, A, D, B)

WHY = PointsCard(
    **COMMON,
    id="why",
    points=(
        "collectivization counted as an achievement of the party",
        "the leaders themselves had carried it out",
        "it would question the party's right to rule",
    ),
)
WHY_Q = Question(WHY)

SPEECH = event(PartialDate(1956, 2, 25))
HUNGARY = event(PartialDate(1956, 10))
PUBLISHED = event(PartialDate(1989))
REVOLUTION = event(PartialDate(1956, 10, 23), PartialDate(1956, 11, 10))
THAW = event(PartialDate(1953), PartialDate(1956))


def row(
    name: str,
    question: Question,
    response: str,
    outcome: Outcome,
    rating: Rating,
    score: float | None = None,
    *,
    hinted: bool = False,
    ticked: frozenset[int] = frozenset(),
) -> object:
    return pytest.param(question, response, outcome, rating, score, hinted, ticked, id=name)


TABLE = [
    # typed: leniency that must pass
    row("typed-exact", typed("Lenin's Testament"), "Lenin's Testament", C, GOOD),
    row("typed-case-punct", typed("Lenin's Testament"), "  lenins testament!! ", C, GOOD),
    row(
        "typed-accept",
        typed("Lenin's Testament", "Letter to the Congress"),
        "letter to the congress",
        C,
        GOOD,
    ),
    row("typed-accept-article", typed("Lenin's Testament", "Testament"), "the Testament", C, GOOD),
    row("typed-article-dropped", typed("The Thaw"), "thaw", C, GOOD),
    row("typed-article-added", typed("Thaw"), "a thaw", C, GOOD),
    row("typed-gomulka", typed("Gomułka"), "Gomulka", C, GOOD),
    row("typed-poznan", typed("Poznań"), "Poznan", C, GOOD),
    row("typed-kadar", typed("Kádár"), "Kadar", C, GOOD),
    row("typed-lodz-upper", typed("Łódź"), "LODZ", C, GOOD),
    row("typed-typo-krushchev", typed("Khrushchev"), "Krushchev", C, HARD),
    row("typed-typo-khruschev", typed("Khrushchev"), "Khruschev", C, HARD),
    row("typed-typo-transposed", typed("Kaganovich"), "Kaganvoich", C, HARD),
    row("typed-typo-two-long", typed("Lenin's Testament"), "Lenin Testamnet", C, HARD),
    row("typed-qualifier", typed("Lenin's Testament"), "Lenin's Testament of 1922", C, GOOD),
    row("typed-qualifier-number", typed("Lenin's Testament"), "Lenins Testament 1922", C, GOOD),
    row("typed-hinted", typed("Molotov"), "Molotov", C, HARD, hinted=True),
    # typed: close but wrong
    row("typed-malenkov-molotov", typed("Molotov"), "Malenkov", W, AGAIN, 0.0),
    row("typed-kamenev-kaganovich", typed("Kaganovich"), "Kamenev", W, AGAIN, 0.0),
    row("typed-beria-bierut", typed("Bierut"), "Beria", W, AGAIN, 0.0),
    row("typed-nagy-kadar", typed("Kádár"), "Nagy", W, AGAIN, 0.0),
    row("typed-short-no-typo", typed("Tito"), "Tita", W, AGAIN),
    row("typed-hedge-or", typed("Molotov"), "Molotov or Malenkov", W, AGAIN),
    row("typed-hedge-not", typed("Molotov"), "not Molotov but Malenkov", W, AGAIN),
    row("typed-suffix-not", typed("Molotov"), "Malenkov not Molotov", W, AGAIN),
    row("typed-list", typed("Molotov"), "Molotov, Malenkov", W, AGAIN),
    row("typed-digit-typo", typed("20th Congress"), "22th Congress", W, AGAIN),
    row("typed-wrong", typed("Lenin's Testament"), "The Short Course", W, AGAIN),
    # typed: numbers
    row("number-plain", typed("1,108 delegates"), "1108", C, GOOD),
    row("number-comma", typed("1,108 delegates"), "1,108", C, GOOD),
    row("number-space", typed("1,108 delegates"), "1 108", C, GOOD),
    row("number-thin-space", typed("1108"), "1\u2009108", C, GOOD),
    row("number-european-dot", typed("1108"), "1.108", C, GOOD),
    row("number-with-unit", typed("1108"), "1108 delegates", C, GOOD),
    row("number-percent", typed("70%"), "70", C, GOOD),
    row("number-percent-word", typed("70%"), "70 per cent", C, GOOD),
    row("number-scale", typed("1.5 million"), "1,500,000", C, GOOD),
    row("number-decimal-comma", typed("2.5"), "2,5", C, GOOD),
    row("number-transposed", typed("1,108 delegates"), "1018", W, AGAIN, 0.0),
    row("number-off-by-one", typed("1108"), "1109", W, AGAIN),
    row("number-two-numbers", typed("1108"), "1018 or 1108", W, AGAIN),
    row("number-none", typed("1108"), "many", W, AGAIN),
    row("number-scale-wrong", typed("1.5 million"), "1.5 billion", W, AGAIN),
    row("number-date-is-text", typed("22 June"), "22 July", W, AGAIN),
    # choice: every input form
    row("choice-number", CHAIR_Q, "2", C, GOOD),
    row("choice-letter", CHAIR_Q, "b", C, GOOD),
    row("choice-letter-upper", CHAIR_Q, "B", C, GOOD),
    row("choice-letter-paren", CHAIR_Q, "b)", C, GOOD),
    row("choice-number-dot", CHAIR_Q, "2.", C, GOOD),
    row("choice-text", CHAIR_Q, "bulganin", C, GOOD),
    row("choice-key-and-text", CHAIR_Q, "b) Bulganin", C, GOOD),
    row("choice-text-typo", CHAIR_Q, "Bulgannin", C, HARD),
    row("choice-hinted", CHAIR_Q, "2", C, HARD, hinted=True),
    row("choice-wrong-number", CHAIR_Q, "1", W, AGAIN, 0.0),
    row("choice-wrong-letter", CHAIR_Q, "c", W, AGAIN, 0.0),
    row("choice-wrong-text", CHAIR_Q, "Malenkov", W, AGAIN, 0.0),
    row("choice-unknown-text", CHAIR_Q, "Khrushchev", W, AGAIN, 0.0),
    row("choice-out-of-range", CHAIR_Q, "5", W, AGAIN, 0.0),
    row("choice-key-text-disagree", CHAIR_Q, "c) Bulganin", W, AGAIN, 0.0),
    # multi: (right − wrong) / 3 answers
    row("multi-numbers-commas", DEPORTED_Q, "1,2,4", C, GOOD, 1.0),
    row("multi-numbers-spaces", DEPORTED_Q, "4 1 2", C, GOOD, 1.0),
    row("multi-letters", DEPORTED_Q, "a, b, d", C, GOOD, 1.0),
    row("multi-letters-spaces", DEPORTED_Q, "a b d", C, GOOD, 1.0),
    row("multi-compact-letters", DEPORTED_Q, "abd", C, GOOD, 1.0),
    row("multi-compact-digits", DEPORTED_Q, "124", C, GOOD, 1.0),
    row("multi-texts", DEPORTED_Q, "Kalmyks, Karachai, Balkars", C, GOOD, 1.0),
    row("multi-texts-and", DEPORTED_Q, "Kalmyks, Karachai and Balkars", C, GOOD, 1.0),
    row("multi-two-of-three", DEPORTED_Q, "1 2", P, HARD, 2 / 3),
    row("multi-all-plus-wrong", DEPORTED_Q, "1,2,4,5", P, HARD, 2 / 3),
    row("multi-one-of-three", DEPORTED_Q, "a", W, AGAIN, 1 / 3),
    row("multi-two-right-one-wrong", DEPORTED_Q, "1,2,3", W, AGAIN, 1 / 3),
    row("multi-everything", DEPORTED_Q, "1,2,3,4,5", W, AGAIN, 1 / 3),
    row("multi-only-wrong", DEPORTED_Q, "3,5", W, AGAIN, 0.0),
    row(
        "multi-unknown-text-costs", DEPORTED_Q, "Kalmyks, Karachai, Balkars, Ingush", P, HARD, 2 / 3
    ),
    # true/false (the answer is False)
    row("tf-f", PREMIER_Q, "f", C, GOOD),
    row("tf-false", PREMIER_Q, "False", C, GOOD),
    row("tf-no", PREMIER_Q, "no", C, GOOD),
    row("tf-n", PREMIER_Q, "N", C, GOOD),
    row("tf-2", PREMIER_Q, "2", C, GOOD),
    row("tf-b", PREMIER_Q, "b", C, GOOD),
    row("tf-wrong-word", PREMIER_Q, "wrong", C, GOOD),
    row("tf-hinted", PREMIER_Q, "false", C, HARD, hinted=True),
    row("tf-t", PREMIER_Q, "t", W, AGAIN, 0.0),
    row("tf-yes", PREMIER_Q, "yes", W, AGAIN, 0.0),
    row("tf-1", PREMIER_Q, "1", W, AGAIN, 0.0),
    row("tf-unreadable", PREMIER_Q, "maybe", W, AGAIN, 0.0),
    # cloze
    row("cloze-semicolon", CC_SHOT, "139; 98", C, GOOD, 1.0),
    row("cloze-lines", CC_SHOT, "139\n98", C, GOOD, 1.0),
    row("cloze-one-of-two", CC_SHOT, "139; 97", P, HARD, 0.5),
    row("cloze-missing-gap", CC_SHOT, "139", P, HARD, 0.5),
    row("cloze-first-blank", CC_SHOT, "; 98", P, HARD, 0.5),
    row("cloze-swapped", CC_SHOT, "98; 139", W, AGAIN, 0.0),
    row("cloze-alternative", RETURN, "Gomulka; October", C, GOOD, 1.0),
    row("cloze-typo", RETURN, "Gomolka; october", C, HARD, 1.0),
    row("cloze-one-wrong", RETURN, "Gomułka; Oct", P, HARD, 0.5),
    # order: shown 1=C 2=A 3=D 4=B, correct A B C D
    row("order-spaces", ORDER_Q, "2 4 1 3", C, GOOD, 1.0),
    row("order-commas", ORDER_Q, "2,4,1,3", C, GOOD, 1.0),
    row("order-compact", ORDER_Q, "2413", C, GOOD, 1.0),
    row("order-letters", ORDER_Q, "b d a c", C, GOOD, 1.0),
    row("order-arrows", ORDER_Q, "2 → 4 → 1 → 3", C, GOOD, 1.0),
    row("order-five-of-six", ORDER_Q, "2 1 4 3", P, HARD, 5 / 6),  # A C B D
    row("order-adjacent-swap-end", ORDER_Q, "2 4 3 1", P, HARD, 5 / 6),  # A B D C
    row("order-as-shown", ORDER_Q, "1 2 3 4", P, HARD, 3 / 6),  # C A D B: CD, AD, AB
    row("order-reversed", ORDER_Q, "3 1 4 2", W, AGAIN, 0.0),  # D C B A
    row("order-three-given", ORDER_Q, "2 4 1", P, HARD, 3 / 6),  # A B C, D missing
    row("order-three-mixed", ORDER_Q, "1 2 3", W, AGAIN, 2 / 6),  # C A D: CD, AD
    row("order-invalid-dropped", ORDER_Q, "2 1 4 9", W, AGAIN, 2 / 6),  # A C B: AC, AB
    row("order-repeat-first-counts", ORDER_Q, "2 2 4 1 3", C, GOOD, 1.0),
    row("order-one-item", ORDER_Q, "2", W, AGAIN, 0.0),
    row("order-unreadable", ORDER_Q, "first the speech", W, AGAIN, 0.0),
    # points
    row(
        "points-all",
        WHY_Q,
        "Collectivization was counted an achievement of the party; the leaders had carried "
        "it out themselves; it would question the party's right to rule.",
        C,
        GOOD,
        1.0,
    ),
    row(
        "points-two",
        WHY_Q,
        "The party counted collectivisation as its achievement, and its leaders carried it out.",
        P,
        HARD,
        2 / 3,
    ),
    row("points-one", WHY_Q, "The current leaders carried it out personally.", W, AGAIN, 1 / 3),
    row("points-none", WHY_Q, "Stalin was to blame for everything.", W, AGAIN, 0.0),
    row("points-ticked", WHY_Q, "It was about power.", P, HARD, 2 / 3, ticked=frozenset({0, 2})),
    row(
        "points-ticked-rest",
        WHY_Q,
        "The leaders themselves carried it out.",
        C,
        GOOD,
        1.0,
        ticked=frozenset({0, 2}),
    ),
    row(
        "points-ticked-out-of-range", WHY_Q, "No idea really", W, AGAIN, 0.0, ticked=frozenset({7})
    ),
    # dates at day precision: 25 Feb 1956
    row("day-exact", SPEECH, "25 Feb 1956", C, GOOD, 1.0),
    row("day-iso", SPEECH, "1956-02-25", C, GOOD, 1.0),
    row("day-full-month", SPEECH, "25 February 1956", C, GOOD, 1.0),
    row("day-american", SPEECH, "February 25, 1956", C, GOOD, 1.0),
    row("day-month-first", SPEECH, "Feb 25 1956", C, GOOD, 1.0),
    row("day-dots", SPEECH, "25.02.1956", C, GOOD, 1.0),
    row("day-slashes", SPEECH, "25/02/1956", C, GOOD, 1.0),
    row("day-ordinal", SPEECH, "the 25th of February 1956", C, GOOD, 1.0),
    row("day-hinted", SPEECH, "25 Feb 1956", C, HARD, 1.0, hinted=True),
    row("day-one-off", SPEECH, "24 Feb 1956", P, HARD, 0.75),
    row("day-three-off", SPEECH, "28 Feb 1956", P, HARD, 0.75),
    row("day-same-month", SPEECH, "14 Feb 1956", P, HARD, 0.5),
    row("day-month-answer", SPEECH, "Feb 1956", P, HARD, 0.5),
    row("day-next-month", SPEECH, "1 Mar 1956", W, AGAIN, 0.25),
    row("day-month-answer-off", SPEECH, "Mar 1956", W, AGAIN, 0.25),
    row("day-year-answer", SPEECH, "1956", P, HARD, 0.5),
    row("day-same-year", SPEECH, "7 Nov 1956", W, AGAIN, 0.25),
    row("day-wrong-year", SPEECH, "25 Feb 1957", W, AGAIN, 0.0),
    row("day-unparseable", SPEECH, "in the spring", W, AGAIN, 0.0),
    row("day-impossible", SPEECH, "30 Feb 1956", W, AGAIN, 0.0),
    # month precision: Oct 1956
    row("month-exact", HUNGARY, "October 1956", C, GOOD, 1.0),
    row("month-iso", HUNGARY, "1956-10", C, GOOD, 1.0),
    row("month-slash", HUNGARY, "10/1956", C, GOOD, 1.0),
    row("month-finer", HUNGARY, "23 Oct 1956", C, GOOD, 1.0),
    row("month-next", HUNGARY, "Nov 1956", P, HARD, 0.5),
    row("month-previous-day", HUNGARY, "30 September 1956", P, HARD, 0.5),
    row("month-year-only", HUNGARY, "1956", P, HARD, 0.5),
    row("month-same-year", HUNGARY, "June 1956", W, AGAIN, 0.25),
    row("month-wrong-year", HUNGARY, "Oct 1957", W, AGAIN, 0.0),
    row("month-year-only-wrong", HUNGARY, "1955", W, AGAIN, 0.0),
    # year precision: 1989
    row("year-exact", PUBLISHED, "1989", C, GOOD, 1.0),
    row("year-finer", PUBLISHED, "Dec 1989", C, GOOD, 1.0),
    row("year-before", PUBLISHED, "1988", P, HARD, 0.5),
    row("year-after", PUBLISHED, "1990", P, HARD, 0.5),
    row("year-two-off", PUBLISHED, "1987", W, AGAIN, 0.0),
    # spans: 23 Oct - 10 Nov 1956 and 1953 - 1956
    row("span-inside", REVOLUTION, "4 Nov 1956", C, GOOD, 1.0),
    row("span-first-day", REVOLUTION, "23 Oct 1956", C, GOOD, 1.0),
    row("span-last-day", REVOLUTION, "10 Nov 1956", C, GOOD, 1.0),
    row("span-month-overlap", REVOLUTION, "Nov 1956", P, HARD, 0.5),
    row("span-just-after", REVOLUTION, "12 Nov 1956", P, HARD, 0.75),
    row("span-month-after", REVOLUTION, "Dec 1956", W, AGAIN, 0.25),
    row("span-years-inside", THAW, "1955", C, GOOD, 1.0),
    row("span-years-after", THAW, "1957", P, HARD, 0.5),
]

# --------------------------------------------------------------------------- what a learner means


def asked(prompt: str, answer: str, *accept: str) -> Question:
    """A typed question whose prompt matters: a reply may repeat the prompt's words."""
    card = TypedCard(**(COMMON | {"prompt": prompt}), id="asked", answer=answer, accept=accept)
    return Question(card)


def cloze(text: str) -> Question:
    return Question(ClozeCard(**COMMON, id="gap", text=text))


TITLE_Q = asked(
    "The speech's official title is 'On the Cult of ___ and Its Consequences'. "
    "Which word fills the gap in the usual modern English translation?",
    "Personality",
)
POST_Q = asked(
    "Lenin's Testament, which Khrushchev quoted, proposed that the comrades consider "
    "moving Stalin from which post?",
    "General Secretary",
)
SHOT_Q = asked(
    "According to the Secret Speech, how many of the 139 Central Committee members "
    "and candidates elected at the 17th Congress were arrested and shot?",
    "98",
)
ARRESTED_Q = asked("Who was arrested at the Presidium meeting of 26 June 1953?", "Beria")
LISTED_Q = asked("Which of Beria, Malenkov and Molotov was arrested in June 1953?", "Beria")
DEPORTED_MILLIONS = cloze("Some {{4}} million people were deported.")

# Correct answers the grader must accept (issue reproductions first, verbatim).
MEANT_RIGHT = [
    row("repro-cult-of-personality", TITLE_Q, "cult of personality", C, GOOD),
    row("repro-eighteen", typed("18"), "eighteen", C, GOOD),
    row("repro-4-million-for-gap", DEPORTED_MILLIONS, "4 million", C, GOOD),
    row("repro-initials-kosior", typed("Kosior"), "S. V. Kosior", C, GOOD),
    row("repro-patronymic-bulganin", typed("Bulganin"), "Nikolay Aleksandrovich Bulganin", C, GOOD),
    row("repro-post-of-general-secretary", POST_Q, "the post of General Secretary", C, GOOD),
    row("repro-seventy", typed("70"), "seventy", C, GOOD),
    row("initials-for-full-name", typed("Stanislav Kosior"), "S. V. Kosior", C, GOOD),
    row("initials-no-dots", typed("Lavrentiy Beria"), "L P Beria", C, GOOD),
    row(
        "patronymic-for-full-name",
        typed("Nikolai Bulganin"),
        "Nikolay Aleksandrovich Bulganin",
        C,
        GOOD,
    ),
    row("first-name-added", typed("Krupskaya"), "Nadezhda Krupskaya", C, GOOD),
    row("surname-for-full-name", typed("Wilhelm Bloss"), "Bloss", C, GOOD),
    row("initials-khrushchev", typed("Khrushchev"), "N. S. Khrushchev", C, GOOD),
    row("translit-ezhov", typed("Yezhov"), "Ezhov", C, GOOD),
    row("translit-yezhov", typed("Ezhov"), "Yezhov", C, GOOD),
    row("translit-krupskaia", typed("Krupskaya"), "Krupskaia", C, GOOD),
    row("translit-trotskii", typed("Trotsky"), "Trotskii", C, GOOD),
    row("translit-beriya", typed("Beria"), "Beriya", C, GOOD),
    row("translit-khrushchyov", typed("Khrushchev"), "Khrushchyov", C, GOOD),
    row("translit-with-initials", typed("Nikolai Yezhov"), "N. I. Ezhov", C, GOOD),
    row("number-word-hundreds", typed("108"), "one hundred and eight", C, GOOD),
    row("number-word-hyphen", typed("73"), "seventy-three", C, GOOD),
    row("number-word-percent", typed("70%"), "seventy percent", C, GOOD),
    row("number-word-scale", typed("18 million"), "eighteen million", C, GOOD),
    row("gap-unit-with-lead-in", DEPORTED_MILLIONS, "about 4 million", C, GOOD),
    row("gap-unit-written-out", DEPORTED_MILLIONS, "4,000,000", C, GOOD),
    row("gap-unit-inside", cloze("Some {{4 million}} people were deported."), "4,000,000", C, GOOD),
    row("prompt-words-after-number", SHOT_Q, "98 were shot", C, GOOD),
]

# Replies that must stay wrong, however lenient the rules above.
MEANT_WRONG = [
    row("repro-list-of-candidates", ARRESTED_Q, "Beria Malenkov Molotov", W, AGAIN),
    row("repro-negation", ARRESTED_Q, "not Beria", W, AGAIN),
    row("repro-near-name-other-person", typed("Molotov"), "Malenkov", W, AGAIN),
    row("repro-right-number-wrong-unit", DEPORTED_MILLIONS, "4 thousand", W, AGAIN),
    row("wrong-unit-typed", typed("4 million"), "4 thousand", W, AGAIN),
    row("wrong-unit-scale-word", typed("18 million"), "eighteen thousand", W, AGAIN),
    row("candidates-with-commas", ARRESTED_Q, "Beria, Malenkov", W, AGAIN),
    row("candidates-with-or", ARRESTED_Q, "Beria or Malenkov", W, AGAIN),
    row("candidate-before-answer", ARRESTED_Q, "Malenkov Beria", W, AGAIN),
    row("candidates-from-the-prompt", LISTED_Q, "Beria Malenkov Molotov", W, AGAIN),
    row("candidate-surname-first", typed("Molotov"), "Kaganovich Molotov", W, AGAIN),
    row("initial-of-someone-else", typed("Vyacheslav Molotov"), "G. Molotov", W, AGAIN),
    row("first-name-of-someone-else", typed("Nikolai Bulganin"), "Nikolai Malenkov", W, AGAIN),
    row("same-first-name-other-surname", typed("Stanislav Kosior"), "Stanislav Kirov", W, AGAIN),
    row("given-name-alone", typed("Stanislav Kosior"), "Stanislav", W, AGAIN),
    row("near-name-zhdanov", typed("Yezhov"), "Zhdanov", W, AGAIN),
    row("number-word-other-number", typed("18"), "eighty", W, AGAIN),
    row("number-word-one-off", typed("18"), "seventeen", W, AGAIN),
    row("number-word-tenth", typed("70"), "seven", W, AGAIN),
    row("gap-ten-times", DEPORTED_MILLIONS, "40 million", W, AGAIN),
    row("gap-unit-written-out-wrong", DEPORTED_MILLIONS, "4,000", W, AGAIN),
    row("negated-with-prompt-words", POST_Q, "not the post of General Secretary", W, AGAIN),
    row("prompt-words-only", POST_Q, "the post", W, AGAIN),
    row("prompt-words-without-answer", TITLE_Q, "cult of", W, AGAIN),
    row("prompt-number-is-not-the-answer", SHOT_Q, "98 139", W, AGAIN),
    row("negated-number", typed("70"), "not seventy", W, AGAIN),
]


@pytest.mark.parametrize(
    ("question", "response", "outcome", "rating", "score", "hinted", "ticked"),
    MEANT_RIGHT + MEANT_WRONG,
)
def test_what_the_learner_meant(
    question: Question,
    response: str,
    outcome: Outcome,
    rating: Rating,
    score: float | None,
    hinted: bool,
    ticked: frozenset[int],
) -> None:
    verdict = grade(question, response, hinted=hinted, ticked=ticked)
    assert (verdict.outcome, verdict.rating) == (outcome, rating), verdict
    assert verdict.score == (1.0 if outcome is C else 0.0)


BLOSS_Q = shown(
    ChoiceCard(
        **COMMON,
        id="bloss",
        choices=("Wilhelm Bloss", "Friedrich Engels", "Joseph Weydemeyer", "Ludwig Kugelmann"),
        answer="Wilhelm Bloss",
    ),
    "Friedrich Engels",
    "Wilhelm Bloss",
    "Ludwig Kugelmann",
    "Joseph Weydemeyer",
)
TITLES = (
    "First Secretary of the CPSU Central Committee",
    "Chairman of the Council of Ministers (Premier)",
    "Chairman of the Presidium of the Supreme Soviet",
    "General Secretary of the CPSU",
)
TITLE_CHOICE_Q = shown(ChoiceCard(**COMMON, id="title", choices=TITLES, answer=TITLES[0]), *TITLES)
SHOT_CHOICE_Q = shown(
    ChoiceCard(**COMMON, id="shot", choices=("98", "89", "70", "108"), answer="98"),
    "98",
    "89",
    "70",
    "108",
)


@pytest.mark.parametrize(
    ("question", "response", "outcome", "given"),
    [
        (BLOSS_Q, "Bloss", C, "Wilhelm Bloss"),
        (TITLE_CHOICE_Q, "first secretary", C, TITLES[0]),
        (BLOSS_Q, "Engels", W, "Friedrich Engels"),
        (BLOSS_Q, "W. Bloss", C, "Wilhelm Bloss"),
        (BLOSS_Q, "Weidemeyer", W, "Joseph Weydemeyer"),
        (TITLE_CHOICE_Q, "general secretary", W, TITLES[3]),
        (SHOT_CHOICE_Q, "ninety-eight", C, "98"),
        (SHOT_CHOICE_Q, "seventy", W, "70"),
    ],
)
def test_choice_typed_as_text_selects_the_one_it_names(
    question: Question, response: str, outcome: Outcome, given: str
) -> None:
    assert response_problem(question, response) is None
    verdict = grade(question, response)
    assert (verdict.outcome, verdict.given) == (outcome, given)


NOT_A_CHOICE = "Not one of the choices: answer with 1-4 or a-d, or a choice's text."


@pytest.mark.parametrize(
    ("question", "response", "problem"),
    [
        (TITLE_CHOICE_Q, "secretary", "That could be a) First Secretary of the CPSU Central "
         "Committee or d) General Secretary of the CPSU: answer with 1-4 or a-d."),
        (TITLE_CHOICE_Q, "chairman", "That could be b) Chairman of the Council of Ministers "
         "(Premier) or c) Chairman of the Presidium of the Supreme Soviet: answer with "
         "1-4 or a-d."),
        (BLOSS_Q, "Marx", NOT_A_CHOICE),
        (BLOSS_Q, "b) Engels", "b) Wilhelm Bloss or a) Friedrich Engels? Answer with one of "
         "1-4 or a-d."),
    ],
)  # fmt: skip
def test_choice_text_naming_none_or_several_is_asked_again(
    question: Question, response: str, problem: str
) -> None:
    assert response_problem(question, response) == problem


def test_multi_text_naming_several_choices_is_asked_again() -> None:
    question = shown(MultiCard(**COMMON, id="m", choices=TITLES, answers=TITLES[:2]), *TITLES)
    assert response_problem(question, "first secretary, chairman") == (
        "'chairman' could be several choices: use 1-4 or a-d."
    )
    assert response_problem(question, "first secretary, council of ministers") is None
    assert grade(question, "first secretary, council of ministers").outcome is Outcome.CORRECT


EMPTY_ROWS = [
    row(f"empty-{name}", question, blank, W, AGAIN, 0.0)
    for name, question, blank in [
        ("typed", typed("Molotov"), ""),
        ("typed-spaces", typed("Molotov"), "   \n\t "),
        ("choice", CHAIR_Q, ""),
        ("multi", DEPORTED_Q, " "),
        ("truefalse", PREMIER_Q, ""),
        ("cloze", CC_SHOT, "\n"),
        ("order", ORDER_Q, ""),
        ("points", WHY_Q, ""),
        ("date", SPEECH, ""),
    ]
]


@pytest.mark.parametrize(
    ("question", "response", "outcome", "rating", "score", "hinted", "ticked"),
    TABLE + EMPTY_ROWS,
)
def test_grading_table(
    question: Question,
    response: str,
    outcome: Outcome,
    rating: Rating,
    score: float | None,
    hinted: bool,
    ticked: frozenset[int],
) -> None:
    verdict = grade(question, response, hinted=hinted, ticked=ticked)
    assert (verdict.outcome, verdict.rating) == (outcome, rating), verdict
    if score is not None:
        assert verdict.score == pytest.approx(score)
    elif outcome is Outcome.CORRECT:
        assert verdict.score == 1.0
    else:
        assert verdict.score < 0.5


# --------------------------------------------------------------------------- verdict text


def test_empty_answer_is_dont_know() -> None:
    verdict = grade(typed("Molotov"), "  ", hinted=True)
    assert verdict == Verdict(Outcome.WRONG, 0.0, Rating.AGAIN, "Molotov", "No answer.", "")


def test_empty_points_answer_ignores_ticks() -> None:
    verdict = grade(WHY_Q, "", ticked=frozenset({0, 1, 2}))
    assert (verdict.score, verdict.covered, verdict.feedback) == (0.0, (), "No answer.")


@pytest.mark.parametrize(
    ("answer", "response", "feedback"),
    [
        ("Gomułka", "Gomulka", "Correct — spelled Gomułka."),
        ("Khrushchev", "Krushchev", "Correct — spelled Khrushchev."),
        ("Lenin's Testament", "lenins testament", "Correct."),
        ("1,108 delegates", "1108", "Correct."),
        ("Molotov", "Malenkov", "Wrong."),
    ],
)
def test_typed_feedback(answer: str, response: str, feedback: str) -> None:
    assert grade(typed(answer), response).feedback == feedback


def test_typed_verdict_shows_answer_and_stripped_reply() -> None:
    verdict = grade(typed("Lenin's Testament", "Testament"), "  testament \n")
    assert (verdict.expected, verdict.given) == ("Lenin's Testament", "testament")


def test_hinted_correct_says_so() -> None:
    assert grade(typed("Molotov"), "Molotov", hinted=True).feedback == "Correct, with the hint."


def test_hint_does_not_change_a_partial_or_wrong_rating() -> None:
    assert grade(CC_SHOT, "139; 1", hinted=True).rating is Rating.HARD
    assert grade(CC_SHOT, "1; 1", hinted=True).rating is Rating.AGAIN


def test_choice_expected_uses_shown_letter() -> None:
    verdict = grade(CHAIR_Q, "3")
    assert verdict.expected == "b) Bulganin"
    assert verdict.given == "Molotov"
    assert verdict.feedback == "You chose c) Molotov."


def test_choice_without_shown_options_uses_deck_order() -> None:
    verdict = grade(Question(CHAIR), "1")
    assert (verdict.outcome, verdict.expected) == (Outcome.CORRECT, "a) Bulganin")


def test_choice_numeric_options_prefer_position_in_range() -> None:
    card = ChoiceCard(**COMMON, id="n", choices=("1934", "1937", "1956"), answer="1937")
    question = shown(card, "1956", "1937", "1934")
    assert grade(question, "2").outcome is Outcome.CORRECT
    assert grade(question, "1937").outcome is Outcome.CORRECT
    assert grade(question, "1934").outcome is Outcome.WRONG
    assert response_problem(question, "1937") is None


def test_multi_feedback_and_expected() -> None:
    verdict = grade(DEPORTED_Q, "1, 3")
    assert verdict.feedback == "1 of 3 right, 1 wrong."
    assert verdict.expected == "a) Kalmyks; b) Karachai; d) Balkars"
    assert verdict.given == "Kalmyks; Volga Germans"


def test_truefalse_given_is_normalised() -> None:
    assert grade(PREMIER_Q, "n").given == "False"


def test_cloze_expected_is_filled_text() -> None:
    verdict = grade(RETURN, "Gomulka; May")
    assert verdict.expected == "Gomułka returned in October 1956."
    assert (verdict.given, verdict.feedback) == ("Gomulka; May", "1 of 2 gaps right.")


def test_order_expected_and_given_use_arrows() -> None:
    verdict = grade(ORDER_Q, "2 1 4 3")
    assert verdict.expected == " → ".join((A, B, C_, D))
    assert verdict.given == " → ".join((A, C_, B, D))
    assert verdict.feedback == "5 of 6 pairs in order."


def test_order_left_out_items_are_reported() -> None:
    assert grade(ORDER_Q, "2 4").feedback == "1 of 6 pairs in order; 2 left out."


def test_points_covered_indexes_and_expected() -> None:
    verdict = grade(WHY_Q, "The leaders carried it out.", ticked=frozenset({2, 9}))
    assert verdict.covered == (1, 2)
    assert verdict.expected == "; ".join(WHY.points)
    assert verdict.feedback == "2 of 3 key points covered."


@pytest.mark.parametrize(
    ("question", "response", "outcome", "feedback"),
    [
        (SPEECH, "24 Feb 1956", P, "Partly right, close: it was 25 Feb 1956."),
        (SPEECH, "1956", P, "Partly right: the year is right; more precisely, 25 Feb 1956."),
        (SPEECH, "Feb 1956", P, "Partly right: the month is right; more precisely, 25 Feb 1956."),
        (HUNGARY, "1956", P, "Partly right: the year is right; more precisely, Oct 1956."),
        (SPEECH, "Jan 1956", W, "Wrong, though near: it was 25 Feb 1956."),
        (SPEECH, "1960", W, "Wrong: it was 25 Feb 1956."),
        (SPEECH, "soon", W, "Not a date I can read: try 25 Feb 1956 or 1956-02-25."),
        (HUNGARY, "1956-10-23", C, "Correct."),
    ],
)
def test_date_feedback_agrees_with_the_mark(
    question: Question, response: str, outcome: Outcome, feedback: str
) -> None:
    """The words never contradict the verdict: "Partly right" is partial, "Wrong" wrong."""
    verdict = grade(question, response)
    assert (verdict.outcome, verdict.feedback) == (outcome, feedback)
    assert verdict.rating == {C: GOOD, P: HARD, W: AGAIN}[outcome]


def test_date_expected_shows_precision_and_span() -> None:
    assert grade(HUNGARY, "x").expected == "Oct 1956"
    assert grade(PUBLISHED, "x").expected == "1989"
    assert grade(REVOLUTION, "x").expected == "23 Oct 1956 – 10 Nov 1956"


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gomułka", "gomulka"),
        ("ŁÓDŹ", "lodz"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Œuvre", "oeuvre"),
        ("Đilas", "dilas"),
        ("Kadın", "kadin"),
        ("The Lenin’s “Testament”", "lenins testament"),
        ("  Marxism-Leninism!  ", "marxism leninism"),
        ("an  Order No. 227", "order no 227"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


# --------------------------------------------------------------------------- response_problem


@pytest.mark.parametrize(
    ("question", "response", "problem"),
    [
        (CHAIR_Q, "", None),
        (CHAIR_Q, "2", None),
        (CHAIR_Q, "Molotov", None),
        (
            CHAIR_Q,
            "Khrushchev",
            "Not one of the choices: answer with 1-4 or a-d, or a choice's text.",
        ),
        (CHAIR_Q, "5", "Choose 1-4 or a-d."),
        (CHAIR_Q, "e", "Choose 1-4 or a-d."),
        (DEPORTED_Q, "1,3", None),
        (DEPORTED_Q, "1,7", "Choose from 1-5 or a-e, e.g. 1,3."),
        (PREMIER_Q, "yes", None),
        (PREMIER_Q, "perhaps", "Answer t or f (true or false)."),
        (CC_SHOT, "139; 98", None),
        (CC_SHOT, "139", "Fill 2 gaps: one per line, or separated by ';'."),
        (CC_SHOT, "139\n", None),
        (CC_SHOT, "139;", None),
        (CC_SHOT, "139;98\n", None),
        (CC_SHOT, "1;2;3", "Fill 2 gaps: one per line, or separated by ';'."),
        (ORDER_Q, "2413", None),
        (ORDER_Q, "b d a c", None),
        (ORDER_Q, "2 4 1", "Type numbers 1-4, each once."),
        (ORDER_Q, "2 2 4 1", "Type numbers 1-4, each once."),
        (ORDER_Q, "2 4 1 5", "Type numbers 1-4, each once."),
        (ORDER_Q, "speech first", "Type numbers 1-4, each once."),
        (SPEECH, "Feb 1956", None),
        (SPEECH, "soon", "Not a date I can read: try 25 Feb 1956 or 1956-02-25."),
        (SPEECH, "31/02/1956", "Not a date I can read: try 25 Feb 1956 or 1956-02-25."),
        (typed("Molotov"), "anything at all", None),
        (WHY_Q, "anything at all", None),
    ],
)
def test_response_problem(question: Question, response: str, problem: str | None) -> None:
    assert response_problem(question, response) == problem


# --------------------------------------------------------------------------- make_question


@pytest.mark.parametrize("seed", range(50))
def test_make_question_shuffles_a_permutation(seed: int) -> None:
    rng = random.Random(seed)
    for card in (CHAIR, DEPORTED):
        question = make_question(card, rng)
        assert sorted(question.options) == sorted(card.choices)
    question = make_question(ORDER, rng)
    assert sorted(question.options) == sorted(ORDER.items)
    assert question.options != ORDER.items


def test_make_question_never_shows_order_solved() -> None:
    pair = OrderCard(**COMMON, id="pair", items=("first", "second"))
    rng = random.Random(0)
    for _ in range(200):
        assert make_question(pair, rng).options == ("second", "first")


def test_make_question_other_kinds() -> None:
    rng = random.Random(1)
    assert make_question(PREMIER, rng).options == ("True", "False")
    assert make_question(WHY, rng).options == ()
    assert make_question(SPEECH.card, rng) == SPEECH


def test_shuffled_choice_is_graded_in_shown_order() -> None:
    question = make_question(CHAIR, random.Random(7))
    number = question.options.index("Bulganin") + 1
    assert grade(question, str(number)).outcome is Outcome.CORRECT
    assert grade(question, "abcd"[number - 1]).outcome is Outcome.CORRECT


# --------------------------------------------------------------------------- real decks


def right_answers(question: Question) -> list[str]:
    """Replies that must count as correct for a card straight from a deck."""
    card = question.card
    if isinstance(card, TypedCard):
        return [card.answer, *card.accept]
    if isinstance(card, ChoiceCard):
        return [card.answer, str(question.options.index(card.answer) + 1)]
    if isinstance(card, MultiCard):
        return [" ".join(str(question.options.index(answer) + 1) for answer in card.answers)]
    if isinstance(card, TrueFalseCard):
        return ["true" if card.answer else "false"]
    if isinstance(card, ClozeCard):
        return ["; ".join(gap[0] for gap in card.gaps), "\n".join(gap[-1] for gap in card.gaps)]
    if isinstance(card, OrderCard):
        return [" ".join(str(question.options.index(item) + 1) for item in card.items)]
    if isinstance(card, PointsCard):
        return [". ".join(card.points)]
    end = card.event.end or card.event.date
    return [card.event.date.display(), card.event.date.iso(), end.display()]


def test_every_kind_fixture_accepts_its_own_answers() -> None:
    deck = load_deck(EVERY_KIND)
    rng = random.Random(3)
    kinds = set()
    for card in deck.all_cards():
        question = make_question(card, rng)
        kinds.add(card.kind)
        for reply in right_answers(question):
            verdict = grade(question, reply)
            assert (verdict.outcome, verdict.rating) == (Outcome.CORRECT, Rating.GOOD), (
                card.key,
                reply,
            )
        assert grade(question, "").feedback == "No answer."
    assert len(kinds) == 8


@pytest.mark.parametrize("path", sorted(DECKS.glob("*.toml")), ids=lambda path: path.stem)
def test_bundled_decks_accept_their_own_answers(path: Path) -> None:
    """Every answer and alternative an author wrote is graded correct and Good."""
    rng = random.Random(11)
    failures = []
    for card in load_deck(path).all_cards():
        question = make_question(card, rng)
        for reply in right_answers(question):
            verdict = grade(question, reply)
            if (verdict.outcome, verdict.rating) != (Outcome.CORRECT, Rating.GOOD):
                failures.append((card.key, reply, verdict.feedback))
    assert failures == []


# --------------------------------------------------------------------------- property

ALL_KINDS: list[Question] = [
    typed("Lenin's Testament", "Testament"),
    typed("1,108 delegates"),
    CHAIR_Q,
    Question(CHAIR),
    DEPORTED_Q,
    PREMIER_Q,
    CC_SHOT,
    RETURN,
    ORDER_Q,
    WHY_Q,
    SPEECH,
    HUNGARY,
    PUBLISHED,
    REVOLUTION,
    THAW,
]


@settings(max_examples=300, deadline=None)
@given(
    question=st.sampled_from(ALL_KINDS),
    response=st.text(),
    hinted=st.booleans(),
    ticked=st.frozensets(st.integers(min_value=-3, max_value=5)),
)
def test_grade_never_raises_and_scores_in_range(
    question: Question, response: str, hinted: bool, ticked: frozenset[int]
) -> None:
    verdict = grade(question, response, hinted=hinted, ticked=ticked)
    assert isinstance(verdict, Verdict)
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.rating is not Rating.EASY
    assert (verdict.outcome is Outcome.CORRECT) == (verdict.score == 1.0)
    problem = response_problem(question, response)
    assert problem is None or isinstance(problem, str)


@pytest.mark.parametrize(
    "response", ["9" * 5000, "1," * 3000, "a" * 5000, "Molotov " * 2000, "25 Feb 1956 " * 500]
)
def test_grade_survives_huge_replies(response: str) -> None:
    for question in ALL_KINDS:
        assert 0.0 <= grade(question, response).score <= 1.0
        response_problem(question, response)


@settings(max_examples=200, deadline=None)
@given(response=st.text(alphabet="0123456789 ,.;-/abcdefTFtf\n", max_size=20))
def test_grade_never_raises_on_key_like_text(response: str) -> None:
    for question in ALL_KINDS:
        verdict = grade(question, response)
        assert 0.0 <= verdict.score <= 1.0
        response_problem(question, response)


NAME_WORDS = ["S.", "V.", "Nikolay", "Aleksandrovich", "Bulganin", "Beria", "not", "or"]
NAME_WORDS += ["the", "post", "of", "cult", "eighteen", "million", "4", "Yezhov", "Ezhov"]


@given(words=st.lists(st.sampled_from(NAME_WORDS), max_size=8))
def test_name_and_echo_rules_never_accept_a_hedge_or_a_missing_answer(words: list[str]) -> None:
    """Whatever the mix of names, prompt words and hedges, a negation or a reply without
    the answer's surname is never right."""
    response = " ".join(words)
    for question in (ARRESTED_Q, POST_Q, TITLE_Q, typed("Bulganin"), DEPORTED_MILLIONS):
        verdict = grade(question, response)
        if verdict.outcome is Outcome.CORRECT:
            assert not {"not", "or"} & set(words), (question.card.key, response)
    if grade(typed("Bulganin"), response).outcome is Outcome.CORRECT:
        assert "Bulganin" in words
