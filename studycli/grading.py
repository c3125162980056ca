"""Checking answers, one card kind at a time, with partial credit wherever it is fair.

Grading is the core's judgement of what the learner typed. It knows nothing about
terminals or the scheduler: a frontend shows a :class:`Question`, hands the raw reply to
:func:`grade`, and gets back a :class:`Verdict` with a score, a proposed FSRS rating and
one line of feedback. Keeping it pure (stdlib only, no I/O) makes it cheap to import,
trivial to test, and identical in the terminal UI and in plain line mode.

The leniency rules are written down here because learners argue with them:

* **Typed answers** are compared in :func:`normalize`'s form (case, accents, apostrophes,
  punctuation, a leading article), then with a typo allowance that grows with the
  length of the expected answer (0 edits up to 4 characters, 1 up to 8, 2 up to 15,
  3 beyond), measured as optimal-string-alignment distance so a swapped pair of letters
  is one typo. A typo is never forgiven when the digits differ ("22nd" is not "20th").
  An accepted typo is still correct but proposes Hard, because the recall was shaky;
  the same holds for a choice or multi option named by its text with a typo.
* **Extra words** after a correct answer are accepted only as a short qualifier: at
  most four words that start with a preposition-like word ("of", "in", "by"...) or are
  all numbers ("Lenin's Testament of 1922", "Testament 1922"), and never containing a
  hedge such as "or", "not", "but" or "and". So "Molotov or Malenkov" and
  "Malenkov not Molotov" fail, and words *before* the answer are never skipped.
* **Numbers**: when an expected answer starts with a number (optionally after "about",
  "over"... ) and has no other digits ("1,108 delegates", "70%"), the reply must contain
  exactly one distinct number and it must be equal; unit words are ignored (but not a
  month: "22 June" is text), scale words count ("1.5 million" = "1,500,000" = "1.5m"),
  and there is no typo tolerance (1018 is not 1108). Thousands may be grouped with ",",
  ".", a space, a no-break or a thin space: the same separator throughout, groups of
  exactly three digits, after a leading group of 1-3 digits not starting with 0. So the
  European "1.108" reads as 1108 (in this material a dot before exactly three digits is
  far more often a thousands mark than a decimal), while "3.5", "3,5", "1.10" and "0.125" are
  decimals; "1.234,5" and "1,234.5" both read as 1234.5.

The other kinds document their rules where they are scored: :func:`_choice_pick`,
:func:`_read_multi_part` and :func:`_mark_multi`, :func:`_truth`, :func:`_mark_cloze`,
:func:`_mark_order` (pairs in order, and how a non-permutation is read),
:func:`_covers` (points) and :func:`_near_miss` (dates).
"""

from __future__ import annotations

import calendar
import random
import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import assert_never

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
    Precision,
    TrueFalseCard,
    TypedCard,
)

__all__ = [
    "Outcome",
    "Question",
    "Rating",
    "Verdict",
    "grade",
    "make_question",
    "normalize",
    "response_problem",
]


class Outcome(StrEnum):
    """The verdict in one word, derived from the score (see :func:`_outcome`)."""

    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"


class Rating(IntEnum):
    """The FSRS rating proposed to the learner; the numbers are ``fsrs.Rating``'s.

    Kept here as plain integers so the core does not import fsrs just to grade.
    """

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, slots=True)
class Question:
    """A card as shown once: choices/items in the shuffled order the learner sees.

    Numbers and letters in a reply refer to this order, so the same object must be used
    to show the question and to grade it.
    """

    card: Card
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one answer: what to record, what to propose, what to show."""

    outcome: Outcome
    score: float
    rating: Rating
    expected: str
    feedback: str
    given: str
    covered: tuple[int, ...] = ()


# --------------------------------------------------------------------------- text forms

# Letters that Unicode does not decompose into a base letter plus a mark, so NFKD alone
# would leave "Gomułka" unequal to "Gomulka".
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
# Apostrophes vanish instead of becoming spaces, so "Lenin's" and "Lenins" agree.
_APOSTROPHES = str.maketrans("", "", "'’‘‛ʼ`´′")
_ARTICLES = frozenset({"the", "a", "an"})


def _fold(text: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces; keep every word.

    This is :func:`normalize` without dropping a leading article, for places where a
    lone "a" is a key (choice letter) rather than an article.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LETTERS).translate(_APOSTROPHES)
    return " ".join("".join(char if char.isalnum() else " " for char in text).split())


def _drop_article(folded: str) -> str:
    head, _, rest = folded.partition(" ")
    return rest if head in _ARTICLES and rest else folded


def normalize(text: str) -> str:
    """The lenient comparison form of a text.

    Casefolded, accents and apostrophes removed (also for letters such as ł, ø or æ that
    do not decompose), punctuation turned into spaces, spaces collapsed, and a leading
    "the", "a" or "an" dropped: what a learner may reasonably leave out or cannot type.
    """
    return _drop_article(_fold(text))


def _spelling(text: str) -> str:
    """Like :func:`normalize` but keeping accents: tells "Gomulka" from "Gomułka"."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    return _drop_article(" ".join("".join(c if c.isalnum() else " " for c in text).split()))


def _digits(text: str) -> list[str]:
    return re.findall(r"[0-9]+", text)


# --------------------------------------------------------------------------- typos


def _allowed_typos(expected: str) -> int:
    """Edits forgiven for an expected form of this length: short names must be exact."""
    size = len(expected)
    if size <= 4:
        return 0
    if size <= 8:
        return 1
    if size <= 15:
        return 2
    return 3


def _distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` once it must exceed ``limit``.

    The cut-offs keep grading fast on pasted essays: nothing beyond the limit matters.
    """
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(right) + 1))
    for i in range(1, len(left) + 1):
        current = [i] + [0] * len(right)
        for j in range(1, len(right) + 1):
            cost = 0 if left[i - 1] == right[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and left[i - 1] == right[j - 2] and left[i - 2] == right[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _typo_distance(given: str, wanted: str) -> int | None:
    """Edits between two normalised forms when within the allowance, else ``None``."""
    limit = _allowed_typos(wanted)
    if limit == 0 or _digits(given) != _digits(wanted):
        return 0 if given == wanted else None
    distance = _distance(given, wanted, limit)
    return distance if distance <= limit else None


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(
    r"""
    (?<![\w.,])                                   # not glued to a word or a number
    (?:
        (?P<whole>[1-9][0-9]{0,2}
            (?P<sep>[,.\x20\u00a0\u2009\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*)
        (?:(?!(?P=sep))[.,](?P<fraction>[0-9]+))?  # decimals take the other mark
      | (?P<plain>[0-9]+)(?:[.,](?P<decimal>[0-9]+))?
    )
    (?:\x20?(?P<scale>(?i:thousand|million|billion|mln|bn|k|m)))?  # "1.5 million", "2.7m"
    (?![^\W_])                                    # "20th" is not a number
    """,
    re.VERBOSE,
)
_LEAD_INS = frozenset(
    {"", "about", "around", "some", "over", "nearly", "almost", "approximately", "roughly"}
    | {"c", "ca", "circa"}
)


_SCALES = {"thousand": 3, "k": 3, "million": 6, "mln": 6, "m": 6, "billion": 9, "bn": 9}


def _value(match: re.Match[str]) -> Decimal:
    """The number a match denotes, scale words applied: "1.5 million" is 1500000."""
    if match["whole"] is not None:
        whole, fraction = re.sub(r"[^0-9]", "", match["whole"]), match["fraction"]
    else:
        whole, fraction = match["plain"], match["decimal"]
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    scale = match["scale"]
    return value.scaleb(_SCALES[scale.lower()]) if scale else value


def _numbers(text: str) -> set[Decimal]:
    """Every number written in a reply, as values (NFKC turns full-width digits to ASCII)."""
    return {_value(match) for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text))}


def _numeric_answer(text: str) -> Decimal | None:
    """The value of an expected answer that *is* a number, else ``None``.

    It is one when it starts with the number (perhaps after "about" or "over") and has no
    other digits: "1,108 delegates", "1.5 million" and "70%" are numbers, while
    "February 1956", "20th Congress" and "22 June" (a month is no unit to ignore) are
    not: those are compared as text, where digits must match exactly.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.search(text)
    if match is None or _fold(text[: match.start()]) not in _LEAD_INS:
        return None
    rest = text[match.end() :]
    if any(char.isdigit() for char in rest):
        return None
    if any(_month_number(word) is not None for word in _fold(rest).split()):
        return None
    return _value(match)


# --------------------------------------------------------------------------- typed text

_QUALIFIER_LEADS = frozenset(
    {"of", "in", "from", "by", "at", "on", "for", "during", "dated", "written", "under"}
    | {"after", "before", "since"}
)
_HEDGES = frozenset(
    {"not", "or", "but", "nor", "no", "never", "and", "either", "neither", "maybe"}
    | {"perhaps", "instead", "rather", "than", "vs", "versus", "isnt", "wasnt", "except"}
)
_MAX_QUALIFIER_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Match:
    alternative: str  # the expected text that matched, as the deck spells it
    typo: bool
    whole: bool  # the reply was that text alone (no qualifier, not a number match)


def _head_of_qualified(given: str, wanted: str) -> str | None:
    """The first words of ``given`` when the rest is an acceptable qualifier."""
    words, size = given.split(), len(wanted.split())
    tail = words[size:]
    if not tail or len(tail) > _MAX_QUALIFIER_WORDS or _HEDGES.intersection(tail):
        return None
    if tail[0] not in _QUALIFIER_LEADS and not all(word.isdigit() for word in tail):
        return None
    return " ".join(words[:size])


def _match_text(response: str, alternatives: Sequence[str]) -> _Match | None:
    """Match a free-text reply against the accepted answers, most exact rule first."""
    given = normalize(response)
    if not given:
        return None
    texts: list[tuple[str, str]] = []
    for alternative in alternatives:
        value = _numeric_answer(alternative)
        if value is None:
            if normalize(alternative):
                texts.append((alternative, normalize(alternative)))
        elif _numbers(response) == {value}:
            return _Match(alternative, typo=False, whole=False)
    for alternative, wanted in texts:
        if given == wanted:
            return _Match(alternative, typo=False, whole=True)
    for alternative, wanted in texts:
        if _head_of_qualified(given, wanted) == wanted:
            return _Match(alternative, typo=False, whole=False)
    best: tuple[int, _Match] | None = None
    for alternative, wanted in texts:
        head = _head_of_qualified(given, wanted)
        for candidate, whole in ((given, True), (head, False)):
            distance = None if candidate is None else _typo_distance(candidate, wanted)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, _Match(alternative, typo=True, whole=whole))
    return None if best is None else best[1]


def _correct_feedback(response: str, match: _Match) -> str:
    """Name the deck's spelling whenever the learner's differed, typo or accents only."""
    if match.typo or (match.whole and _spelling(response) != _spelling(match.alternative)):
        return f"Correct — spelled {match.alternative}."
    return _CORRECT


# --------------------------------------------------------------------------- results

_CORRECT = "Correct."
_NO_ANSWER = "No answer."
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class _Marked:
    """A kind-specific mark before the shared rules turn it into a :class:`Verdict`."""

    score: float
    feedback: str
    given: str
    near_miss: bool = False
    covered: tuple[int, ...] = ()


def outcome_for(score: float) -> Outcome:
    """Full marks are correct, at least half is partial, anything less is wrong.

    Kind-specific consequences: a ``multi`` answer is correct only when the picked set
    is exact (any wrong pick costs), a date a quarter right (same year) is wrong.
    """
    if score >= 1.0 - _EPSILON:
        return Outcome.CORRECT
    if score >= 0.5 - _EPSILON:
        return Outcome.PARTIAL
    return Outcome.WRONG


def _rating(outcome: Outcome, *, hinted: bool, near_miss: bool) -> Rating:
    """Propose Again/Hard/Good; Easy is the learner's call, never the grader's."""
    if outcome is Outcome.WRONG:
        return Rating.AGAIN
    if outcome is Outcome.PARTIAL or hinted or near_miss:
        return Rating.HARD
    return Rating.GOOD


def _letter(index: int) -> str:
    return string.ascii_lowercase[index] if index < len(string.ascii_lowercase) else str(index + 1)


def _key_range(count: int) -> str:
    if count <= len(string.ascii_lowercase):
        return f"1-{count} or a-{_letter(count - 1)}"
    return f"1-{count}"


_MAX_KEY_DIGITS = 9
_MAX_KEY = 10**_MAX_KEY_DIGITS


def _key(token: str, count: int) -> int | None:
    """A 0-based index from "3" or "c"; ``None`` for anything that is not key-shaped.

    The index may be out of range: callers decide whether that is a problem to report.
    Absurdly long digit strings stay out of range without being converted (Python
    refuses to parse integers of thousands of digits).
    """
    if token.isascii() and token.isdigit():
        return int(token) - 1 if len(token) <= _MAX_KEY_DIGITS else _MAX_KEY

    if len(token) == 1 and token in string.ascii_lowercase and count > 0:
        return string.ascii_lowercase.index(token)
    return None


# --------------------------------------------------------------------------- typed, cloze


def _mark_typed(card: TypedCard, text: str) -> _Marked:
    match = _match_text(text, (card.answer, *card.accept))
    if match is None:
        return _Marked(0.0, "Wrong.", text)
    return _Marked(1.0, _correct_feedback(text, match), text, near_miss=match.typo)


def _cloze_parts(response: str, count: int) -> list[str]:
    """One reply per gap, split on ";" or new lines.

    Empty trailing parts beyond the number of gaps are dropped (a stray final newline);
    within it they stay, so "139;" or "139" plus an empty line deliberately skips gap 2.
    """
    parts = [part.strip() for part in re.split(r"[;\n]", response)]
    while len(parts) > count and not parts[-1]:
        parts.pop()
    return parts


def _mark_cloze(card: ClozeCard, text: str) -> _Marked:
    """Each gap is a small typed answer against its ``{{a|b}}`` alternatives.

    Score = share of gaps right; a gap left blank or missing counts wrong, and parts
    beyond the number of gaps are ignored (``response_problem`` reports them).
    """
    gaps = card.gaps
    parts = _cloze_parts(text, len(gaps))
    right, typos = 0, []
    for index, alternatives in enumerate(gaps):
        part = parts[index] if index < len(parts) else ""
        match = _match_text(part, alternatives)
        if match is not None:
            right += 1
            if match.typo:
                typos.append(match.alternative)
    given = "; ".join(parts[: max(len(gaps), 1)])
    if gaps and right == len(gaps):
        feedback = f"Correct — spelled {', '.join(typos)}." if typos else _CORRECT
        return _Marked(1.0, feedback, given, near_miss=bool(typos))
    score = right / len(gaps) if gaps else 0.0
    return _Marked(score, f"{right} of {len(gaps)} gaps right.", given)


def _cloze_problem(card: ClozeCard, text: str) -> str | None:
    count = len(card.gaps)
    if len(_cloze_parts(text, count)) == count:
        return None
    noun = "gap" if count == 1 else "gaps"
    return f"Fill {count} {noun}: one per line, or separated by ';'."


# --------------------------------------------------------------------------- choice, multi


@dataclass(frozen=True, slots=True)
class _Pick:
    index: int
    typo: bool = False


def _text_pick(text: str, options: Sequence[str]) -> _Pick | None:
    """The one option a text names, exactly first, then within the typo allowance."""
    given = normalize(text)
    if not given:
        return None
    for index, option in enumerate(options):
        if normalize(option) == given:
            return _Pick(index)
    near = [
        index
        for index, option in enumerate(options)
        if _typo_distance(given, normalize(option)) is not None
    ]
    return _Pick(near[0], typo=True) if len(near) == 1 else None


def _choice_pick(text: str, options: Sequence[str]) -> _Pick | None:
    """Read a choice by number, letter, text, or "b) Bulganin" (key and text agreeing).

    Numbers and letters in range win over option texts, so with options "3" and "5"
    the reply "1" means the first option; an out-of-range number may still be a text.
    """
    count = len(options)
    words = _fold(text).split()
    key = _key(words[0], count) if words else None
    if key is not None and 0 <= key < count:
        if len(words) == 1:
            return _Pick(key)
        rest = _text_pick(" ".join(words[1:]), options[key : key + 1])
        if rest is not None:
            return _Pick(key, typo=rest.typo)
    return _text_pick(text, options)


def _shown(question: Question, natural: tuple[str, ...]) -> tuple[str, ...]:
    """The options as shown; a bare ``Question(card)`` falls back to the deck order."""
    options = question.options
    return options if sorted(options) == sorted(natural) else natural


def _choice_label(options: Sequence[str], index: int) -> str:
    return f"{_letter(index)}) {options[index]}"


def _mark_choice(card: ChoiceCard, options: tuple[str, ...], text: str) -> _Marked:
    pick = _choice_pick(text, options)
    if pick is None:
        return _Marked(0.0, "Not one of the choices.", text)
    chosen = options[pick.index]
    if chosen == card.answer:
        return _Marked(1.0, _CORRECT, chosen, near_miss=pick.typo)
    return _Marked(0.0, f"You chose {_choice_label(options, pick.index)}.", chosen)


def _choice_problem(options: tuple[str, ...], text: str) -> str | None:
    words = _fold(text).split()
    key = _key(words[0], len(options)) if len(words) == 1 else None
    if key is None or 0 <= key < len(options) or _text_pick(text, options) is not None:
        return None
    return f"Choose {_key_range(len(options))}."


@dataclass
class _Picks:
    """What a multi reply selected; unknown parts and bad keys count as wrong picks."""

    indexes: set[int]
    unknown: int = 0
    bad_keys: bool = False
    typo: bool = False


def _compact_keys(words: list[str], count: int) -> list[int] | None:
    """ "ac" or "13" as several keys, when every character is a distinct key in range."""
    if len(words) != 1 or len(words[0]) < 2 or not words[0].isascii():
        return None
    word = words[0]
    if word.isdigit() and count >= 10:
        return None
    keys = [_key(char, count) for char in word]
    valid = [key for key in keys if key is not None and 0 <= key < count]
    if len(valid) != len(word) or len(set(valid)) != len(valid):
        return None
    return valid


def _read_multi_part(part: str, options: Sequence[str], picks: _Picks) -> None:
    """Add one comma-separated part of a multi reply to ``picks``.

    Tried in order: keys in range ("1 3", "a c"), an option's exact text, compact keys
    ("ac", "13" when there are fewer than 10 options), out-of-range keys (reported),
    an option's text with a typo, and finally texts joined by "and".
    """
    count = len(options)
    words = _fold(part).split()
    keys = [_key(word, count) for word in words]
    if keys and all(key is not None and 0 <= key < count for key in keys):
        picks.indexes.update(key for key in keys if key is not None)
        return
    exact = _text_pick(part, options)
    if exact is not None and not exact.typo:
        picks.indexes.add(exact.index)
        return
    compact = _compact_keys(words, count)
    if compact is not None:
        picks.indexes.update(compact)
        return
    if keys and all(key is not None for key in keys):
        picks.bad_keys = True
        picks.unknown += sum(1 for key in keys if key is not None and not 0 <= key < count)
        picks.indexes.update(key for key in keys if key is not None and 0 <= key < count)
        return
    pieces = [exact] if exact is not None else [_text_pick(p, options) for p in _AND.split(part)]
    if all(piece is not None for piece in pieces):
        for piece in pieces:
            if piece is not None:
                picks.indexes.add(piece.index)
                picks.typo = picks.typo or piece.typo
        return
    picks.unknown += 1


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _multi_picks(text: str, options: Sequence[str]) -> _Picks:
    picks = _Picks(set())
    for part in re.split(r"[,;\n/+&]", text):
        if part.strip():
            _read_multi_part(part, options, picks)
    return picks


def _mark_multi(card: MultiCard, options: tuple[str, ...], text: str) -> _Marked:
    """Score = (right picks − wrong picks) / answers, floored at 0.

    A part of the reply that names no option counts as one wrong pick: guessing
    gibberish must not be free.
    """
    wanted = {index for index, option in enumerate(options) if option in card.answers}
    picks = _multi_picks(text, options)
    right = picks.indexes & wanted
    wrong = len(picks.indexes - wanted) + picks.unknown
    given = "; ".join(options[i] for i in sorted(picks.indexes)) or text
    if not wrong and right == wanted:
        return _Marked(1.0, _CORRECT, given, near_miss=picks.typo)
    score = max(0.0, (len(right) - wrong) / len(wanted)) if wanted else 0.0
    feedback = f"{len(right)} of {len(wanted)} right" + (f", {wrong} wrong." if wrong else ".")
    return _Marked(score, feedback, given)


# --------------------------------------------------------------------------- true/false

_TRUE_WORDS = frozenset({"t", "true", "y", "yes", "1", "a", "right", "correct"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no", "2", "b", "wrong", "incorrect"})


def _truth(text: str) -> bool | None:
    """Read true/false from t/f, true/false, y/n, yes/no, right/wrong, correct/incorrect,
    and the shown keys 1/2 or a/b (True is shown first). Every word must agree, so
    "a) True" is true while "not true" or "t f" is unreadable.
    """
    words = set(_fold(text).split())
    if words and words <= _TRUE_WORDS:
        return True
    if words and words <= _FALSE_WORDS:
        return False
    return None


def _mark_truefalse(card: TrueFalseCard, text: str) -> _Marked:
    value = _truth(text)
    if value is None:
        return _Marked(0.0, "Answer true or false.", text)
    given = "True" if value else "False"
    if value == card.answer:
        return _Marked(1.0, _CORRECT, given)
    return _Marked(0.0, "Wrong.", given)


# --------------------------------------------------------------------------- order


def _ranks(options: Sequence[str], items: Sequence[str]) -> list[int] | None:
    """For each shown option, its place in the correct order (duplicates in turn)."""
    places: dict[str, list[int]] = {}
    for place, item in enumerate(items):
        places.setdefault(item, []).append(place)
    ranks = []
    for option in options:
        queue = places.get(option)
        if not queue:
            return None
        ranks.append(queue.pop(0))
    return ranks if len(ranks) == len(items) else None


def _order_keys(text: str, count: int) -> tuple[list[int], bool]:
    """The shown positions a reply lists, and whether every token was a valid key.

    "3124" and "cabd" are split into characters when every character is a key in range
    (digits only with fewer than 10 items); other words are single, usually invalid, tokens.
    """
    tokens: list[str] = []
    for word in _fold(text).split():
        if _compact_keys([word], count) is not None:
            tokens.extend(word)
        else:
            tokens.append(word)
    positions: list[int] = []
    clean = bool(tokens)
    for token in tokens:
        key = _key(token, count)
        if key is None or not 0 <= key < count:
            clean = False
        else:
            positions.append(key)
    return positions, clean


def _mark_order(card: OrderCard, options: tuple[str, ...], text: str) -> _Marked:
    """Score = pairs of items in the right relative order / all pairs of items.

    A reply that is not a permutation is read as far as it goes: invalid tokens and
    repeats are dropped (the first mention counts), the listed items are compared pair by
    pair in the order given, and every pair involving a missing item counts as wrong.
    So with four items "1 2 3" earns at most 3 of 6 pairs, and it can never be correct.
    """
    ranks = _ranks(options, card.items) or list(range(len(card.items)))
    positions = _order_keys(text, len(options))[0]
    sequence = list(dict.fromkeys(positions))
    given = " → ".join(options[i] for i in sequence) or text
    if not sequence:
        return _Marked(0.0, f"Not an order I can read: type numbers 1-{len(options)}.", text)
    order = [ranks[i] for i in sequence]
    total = len(options) * (len(options) - 1) // 2
    good = sum(1 for i, first in enumerate(order) for second in order[i + 1 :] if first < second)
    if good == total and len(sequence) == len(options):
        return _Marked(1.0, _CORRECT, given)
    missing = len(options) - len(sequence)
    feedback = f"{good} of {total} pairs in order"
    feedback += f"; {missing} left out." if missing else "."
    return _Marked(good / total if total else 0.0, feedback, given)


def _order_problem(options: tuple[str, ...], text: str) -> str | None:
    positions, clean = _order_keys(text, len(options))
    if clean and sorted(positions) == list(range(len(options))):
        return None
    return f"Type numbers 1-{len(options)}, each once."


# --------------------------------------------------------------------------- points

# Words that carry no point on their own; kept as one text so the list stays readable.
_STOP_TEXT = """
    a about after all also am an and any are as at be because been before being but by
    can could did do does done for from had has have he her hers him his how i if in
    into is it its itself just may me might more most much must my no nor not of on
    one only or other our out over own same she should so some such than that the their
    them themselves then there these they this those through to too under up upon us
    very was we were what when where which while who whom why will with would you your
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_PREFIX = 5  # crude stemming: "collectivization" ~ "collectivised", "lead" ~ "leaders"
_LONG_WORD = 4


def _content_words(text: str) -> list[str]:
    words = _fold(text).split()
    return [word for word in words if word not in _STOP_WORDS] or words


def _same_word(wanted: str, given: str) -> bool:
    """Long words agree on their first five letters (or all of the shorter); short exactly."""
    if len(wanted) < _LONG_WORD or len(given) < _LONG_WORD:
        return wanted == given
    size = min(_PREFIX, len(wanted), len(given))
    return wanted[:size] == given[:size]


def _covers(point: str, words: set[str]) -> bool:
    """A point is made when at least half its content words appear in the reply."""
    wanted = _content_words(point)
    found = sum(1 for word in wanted if any(_same_word(word, given) for given in words))
    return bool(wanted) and 2 * found >= len(wanted)


def _mark_points(card: PointsCard, text: str, ticked: frozenset[int]) -> _Marked:
    words = set(_fold(text).split())
    automatic = {index for index, point in enumerate(card.points) if _covers(point, words)}
    ticks = {index for index in ticked if 0 <= index < len(card.points)}
    covered = tuple(sorted(automatic | ticks))
    total = len(card.points)
    if total and len(covered) == total:
        return _Marked(1.0, "All key points covered.", text, covered=covered)
    feedback = f"{len(covered)} of {total} key points covered."
    return _Marked(len(covered) / total if total else 0.0, feedback, text, covered=covered)


# --------------------------------------------------------------------------- dates

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DATE_FILLERS = frozenset({"in", "on", "the", "of", "around", "about", "circa", "ca", "c"})
_ORDINAL = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)\b")
_DATE_PROBLEM = "Not a date I can read: try 25 Feb 1956 or 1956-02-25."
_YEAR_DIGITS = 4
_MAX_SHORT = 2


def _month_number(word: str) -> int | None:
    """A month from its English name or any unambiguous prefix of 3+ letters ("sept")."""
    if len(word) < 3 or not word.isalpha():
        return None
    hits = [number for number, name in enumerate(_MONTHS, 1) if name.startswith(word)]
    return hits[0] if len(hits) == 1 else None


def _checked_date(year: int, month: int | None, day: int | None) -> PartialDate | None:
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day)


def _numeric_date(numbers: list[str]) -> PartialDate | None:
    """All-number dates: Y, Y-M, M/Y, Y-M-D, and D.M.Y read day first.

    An American M/D/Y is taken only when it cannot be day first (the "day" is over 12).
    """
    shape = tuple(len(number) == _YEAR_DIGITS for number in numbers)
    if any(len(number) not in {_MAX_SHORT - 1, _MAX_SHORT, _YEAR_DIGITS} for number in numbers):
        return None
    values = [int(number) for number in numbers]
    if shape == (True,):
        return _checked_date(values[0], None, None)
    if shape == (True, False):
        return _checked_date(values[0], values[1], None)
    if shape == (False, True):
        return _checked_date(values[1], values[0], None)
    if shape == (True, False, False):
        return _checked_date(values[0], values[1], values[2])
    if shape == (False, False, True):
        return _checked_date(values[2], values[1], values[0]) or (
            _checked_date(values[2], values[0], values[1]) if values[0] <= 12 else None
        )
    return None


def _named_date(month: int, numbers: list[str]) -> PartialDate | None:
    """Dates with a month name: the year has four digits, a day at most two."""
    years = [int(number) for number in numbers if len(number) == _YEAR_DIGITS]
    days = [int(number) for number in numbers if len(number) <= _MAX_SHORT]
    if len(years) != 1 or len(days) > 1 or len(years) + len(days) != len(numbers):
        return None
    return _checked_date(years[0], month, days[0] if days else None)


def _parse_date(text: str) -> PartialDate | None:
    """Read "25 Feb 1956", "February 25, 1956", "1956-02-25", "25.02.1956", "Feb 1956",
    "02/1956", "1956" and the like; anything else (or an impossible date) is ``None``.
    """
    words = _ORDINAL.sub(r"\1", _fold(text)).split()
    words = [word for word in words if word not in _DATE_FILLERS]
    numbers = [word for word in words if word.isascii() and word.isdigit()]
    months = [month for word in words if (month := _month_number(word)) is not None]
    if not words or len(numbers) + len(months) != len(words) or len(months) > 1:
        return None
    return _named_date(months[0], numbers) if months else _numeric_date(numbers)


def _month_index(when: PartialDate) -> int:
    return when.year * 12 + (when.month or 1) - 1


def _near_miss(answer: PartialDate, target: PartialDate) -> float:
    """Partial credit for an answer outside the event, judged at the event's precision.

    Year events: a year off earns 0.5. Month events: the right year given without a
    month, or a month off, earns 0.5; another month of the same year 0.25. Day events:
    1-3 days off earns 0.75; the same month (also "Feb 1956" for 25 Feb) 0.5; a month
    off or the same year 0.25. Everything else earns nothing. The outcome follows the
    score, so 0.25 is still wrong.
    """
    same_year = answer.year == target.year
    if target.precision is Precision.YEAR:
        return 0.5 if abs(answer.year - target.year) == 1 else 0.0
    months_apart = abs(_month_index(answer) - _month_index(target))
    if target.precision is Precision.MONTH:
        if answer.month is None:
            return 0.5 if same_year else 0.0
        return 0.5 if months_apart == 1 else 0.25 if same_year else 0.0
    if answer.month is None:
        return 0.25 if same_year else 0.0
    if answer.day is not None and abs((answer.first_day() - target.first_day()).days) <= 3:
        return 0.75
    if months_apart == 0:
        return 0.5
    return 0.25 if months_apart == 1 or same_year else 0.0


def _date_score(answer: PartialDate, event: Event) -> float:
    """Full marks for any answer inside the event (or its span), at least as precise.

    Otherwise the best near miss against the start or, for a span, the end.
    """
    end = event.end or event.date
    if event.date.first_day() <= answer.first_day() and answer.last_day() <= end.last_day():
        return 1.0
    return max(_near_miss(answer, event.date), _near_miss(answer, end))


def _mark_date(card: DateCard, text: str) -> _Marked:
    answer = _parse_date(text)
    if answer is None:
        return _Marked(0.0, _DATE_PROBLEM, text)
    event = card.event
    score = _date_score(answer, event)
    expected = event.display_date()
    end = event.end or event.date
    if score >= 1.0:
        feedback = _CORRECT
    elif answer.first_day() <= event.date.first_day() and end.last_day() <= answer.last_day():
        feedback = f"Right, but more precisely: {expected}."
    elif score >= 0.5:
        feedback = f"Close: {expected}."
    elif score > 0:
        feedback = f"Not quite: {expected}."
    else:
        feedback = f"It was {expected}."
    return _Marked(score, feedback, text)


# --------------------------------------------------------------------------- public API


def _shuffled_order(items: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """Shuffle until the shown order is not already the answer (when that is possible)."""
    shown = list(items)
    rng.shuffle(shown)
    if len(set(items)) < 2:
        return tuple(shown)
    for _attempt in range(20):
        if tuple(shown) != items:
            return tuple(shown)
        rng.shuffle(shown)
    return items[1:] + items[:1]  # a rotation differs unless every item is the same


def make_question(card: Card, rng: random.Random) -> Question:
    """Fix the order the learner sees, so "2" or "b" in the reply can be read back."""
    if isinstance(card, ChoiceCard | MultiCard):
        options = list(card.choices)
        rng.shuffle(options)
        return Question(card, tuple(options))
    if isinstance(card, OrderCard):
        return Question(card, _shuffled_order(card.items, rng))
    if isinstance(card, TrueFalseCard):
        return Question(card, ("True", "False"))
    return Question(card)


def _expected(question: Question) -> str:
    """The right answer as text to show, referring to the options as they were shown."""
    card = question.card
    if isinstance(card, TypedCard):
        return card.answer
    if isinstance(card, ChoiceCard):
        options = _shown(question, card.choices)
        if card.answer not in options:  # only a hand-built card; the loader forbids it
            return card.answer
        return _choice_label(options, options.index(card.answer))
    if isinstance(card, MultiCard):
        options = _shown(question, card.choices)
        labels = [_choice_label(options, i) for i, o in enumerate(options) if o in card.answers]
        return "; ".join(labels)
    if isinstance(card, TrueFalseCard):
        return "True" if card.answer else "False"
    if isinstance(card, ClozeCard):
        return card.filled()
    if isinstance(card, OrderCard):
        return " → ".join(card.items)
    if isinstance(card, PointsCard):
        return "; ".join(card.points)
    if isinstance(card, DateCard):
        return card.event.display_date()
    assert_never(card)


def _mark(question: Question, response: str, ticked: frozenset[int]) -> _Marked:
    """Dispatch by kind; cloze sees the raw reply, whose line breaks separate gaps."""
    card = question.card
    text = response.strip()
    if isinstance(card, TypedCard):
        return _mark_typed(card, text)
    if isinstance(card, ChoiceCard):
        return _mark_choice(card, _shown(question, card.choices), text)
    if isinstance(card, MultiCard):
        return _mark_multi(card, _shown(question, card.choices), text)
    if isinstance(card, TrueFalseCard):
        return _mark_truefalse(card, text)
    if isinstance(card, ClozeCard):
        return _mark_cloze(card, response)
    if isinstance(card, OrderCard):
        return _mark_order(card, _shown(question, card.items), text)
    if isinstance(card, PointsCard):
        return _mark_points(card, text, ticked)
    if isinstance(card, DateCard):
        return _mark_date(card, text)
    assert_never(card)


def grade(
    question: Question, response: str, *, hinted: bool = False, ticked: frozenset[int] = frozenset()
) -> Verdict:
    """Judge one reply to ``question``.

    An empty reply means "I don't know" for every kind: wrong, Again, no partial credit
    (ticked points included: there is nothing to have made them in). ``hinted`` caps a
    correct answer at Hard; ``ticked`` lists key points of a ``points`` card the learner
    says they made in other words.
    """
    text = response.strip()
    expected = _expected(question)
    if not text:
        return Verdict(Outcome.WRONG, 0.0, Rating.AGAIN, expected, _NO_ANSWER, "")
    marked = _mark(question, response, ticked)
    score = min(1.0, max(0.0, marked.score))
    outcome = outcome_for(score)
    feedback = marked.feedback
    if outcome is Outcome.CORRECT:
        score = 1.0
        if hinted and feedback == _CORRECT:
            feedback = "Correct, with the hint."
    rating = _rating(outcome, hinted=hinted, near_miss=marked.near_miss)
    return Verdict(outcome, score, rating, expected, feedback, marked.given, marked.covered)


def response_problem(question: Question, response: str) -> str | None:
    """Why a reply cannot be graded as meant, for an interactive frontend to re-ask.

    ``None`` means gradeable: an empty reply always is ("I don't know"), and so is any
    free text, which is simply right or wrong. Only replies that are malformed for
    their kind get a message: an out-of-range key, an order that is not a permutation,
    a wrong number of cloze parts, an unreadable date or true/false.
    """
    text = response.strip()
    if not text:
        return None
    card = question.card
    if isinstance(card, ChoiceCard):
        return _choice_problem(_shown(question, card.choices), text)
    if isinstance(card, MultiCard):
        options = _shown(question, card.choices)
        if _multi_picks(text, options).bad_keys:
            return f"Choose from {_key_range(len(options))}, e.g. 1,3."
        return None
    if isinstance(card, TrueFalseCard):
        return None if _truth(text) is not None else "Answer t or f (true or false)."
    if isinstance(card, ClozeCard):
        return _cloze_problem(card, response)
    if isinstance(card, OrderCard):
        return _order_problem(_shown(question, card.items), text)
    if isinstance(card, DateCard):
        return None if _parse_date(text) is not None else _DATE_PROBLEM
    return None
