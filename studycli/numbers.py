"""Numbers as learners type them: grouped thousands, decimals, scale words.

The rule for an expected answer that *is* a number ("1,108 delegates", "70%"): the
reply must contain exactly one distinct number and it must be equal; unit words are
ignored (but not a month: "22 June" is text), scale words count ("1.5 million" =
"1,500,000" = "1.5m"), and there is no typo tolerance (1018 is not 1108). Thousands may
be grouped with ",", ".", a space, a no-break or a thin space: the same separator
throughout, groups of exactly three digits, after a leading group of 1-3 digits not
starting with 0. So the European "1.108" reads as 1108 (in this material a dot before
exactly three digits is far more often a thousands mark than a decimal), while "3.5",
"3,5", "1.10" and "0.125" are decimals; "1.234,5" and "1,234.5" both read as 1234.5.
Numbers may also be written in English words, "eighteen", "seventy-three", "one hundred
and eight", "eighteen million": :func:`words_to_digits` turns them into digits first.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from studycli.dates import month_number
from studycli.textforms import fold

__all__ = ["numbers", "numeric_answer", "words_to_digits"]

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


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {word: value for value, word in enumerate(_UNITS)} | {
    word: 10 * value for value, word in enumerate(_TENS, start=2)
}
_NUMBER_WORDS = re.compile(
    r"\b(?:{words}|hundred)(?:(?:[\s-]+|\s+and\s+)(?:{words}|hundred))*\b".format(
        words="|".join(sorted(_WORD_VALUES, key=len, reverse=True))
    ),
    re.IGNORECASE,
)


def _spelled(match: re.Match[str]) -> str:
    """ "seventy-three" → "73", "one hundred and eight" → "108"; "million" stays a word."""
    total = 0
    for word in re.split(r"[\s-]+", match.group(0).lower()):
        if word == "hundred":
            total = max(total, 1) * 100
        elif word != "and":
            total += _WORD_VALUES[word]
    return str(total)


def words_to_digits(text: str) -> str:
    """The text with number words written as digits: "one hundred and eight" → "108"."""
    return _NUMBER_WORDS.sub(_spelled, text)


def numbers(text: str) -> set[Decimal]:
    """Every number written in a reply, as values (NFKC turns full-width digits to ASCII)."""
    text = words_to_digits(unicodedata.normalize("NFKC", text))
    return {_value(match) for match in _NUMBER.finditer(text)}


def numeric_answer(text: str) -> Decimal | None:
    """The value of an expected answer that *is* a number, else ``None``.

    It is one when it starts with the number (perhaps after "about" or "over") and has no
    other digits: "1,108 delegates", "1.5 million" and "70%" are numbers, while
    "February 1956", "20th Congress" and "22 June" (a month is no unit to ignore) are
    not: those are compared as text, where digits must match exactly.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.search(text)
    if match is None or fold(text[: match.start()]) not in _LEAD_INS:
        return None
    rest = text[match.end() :]
    if any(char.isdigit() for char in rest):
        return None
    if any(month_number(word) is not None for word in fold(rest).split()):
        return None
    return _value(match)
