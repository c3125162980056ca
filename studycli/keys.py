"""Option keys: how "3", "c", "1 3", "a c" and "3124" name the options shown.

Choice, multi, order and true/false cards and the timeline's drills all read keys
here, so a reply means the same wherever it is typed. Numbers count from 1 and name
every option, however many; letters from "a" name options too when there are at most
26 (:func:`lettered`): past that they are neither shown nor read, so every option has
exactly one label and no option goes unshown. A word of several characters ("13",
"cabd") is read as one key per character when every character is a distinct key in
range (digits only with fewer than 10 options, where "12" cannot be option twelve).
"""

from __future__ import annotations

import string
from collections.abc import Sequence

from studycli.textforms import fold

__all__ = [
    "compact",
    "key",
    "key_range",
    "label",
    "letter",
    "lettered",
    "read_keys",
    "single_key",
]

_LETTERS = string.ascii_lowercase
_MAX_KEY_DIGITS = 9
_MAX_KEY = 10**_MAX_KEY_DIGITS


def lettered(count: int) -> bool:
    """Whether ``count`` options also get letters (one each, so at most 26)."""
    return count <= len(_LETTERS)


def letter(index: int) -> str:
    """The letter shown for the option at ``index`` (its number past the alphabet)."""
    return _LETTERS[index] if index < len(_LETTERS) else str(index + 1)


def key_range(count: int) -> str:
    """The keys of ``count`` options, for messages: ``1-4 or a-d``."""
    if lettered(count):
        return f"1-{count} or a-{letter(count - 1)}"
    return f"1-{count}"


def label(options: Sequence[str], index: int) -> str:
    """An option as feedback names it: ``b) Bulganin``, or ``28) Kirov`` past 26."""
    name = letter(index) if lettered(len(options)) else str(index + 1)
    return f"{name}) {options[index]}"


def key(token: str, count: int) -> int | None:
    """A 0-based index from "3" or "c"; ``None`` for anything that is not key-shaped.

    The index may be out of range: callers decide whether that is a problem to report.
    Absurdly long digit strings stay out of range without being converted (Python
    refuses to parse integers of thousands of digits).
    """
    if token.isascii() and token.isdigit():
        return int(token) - 1 if len(token) <= _MAX_KEY_DIGITS else _MAX_KEY
    if len(token) == 1 and token in _LETTERS and 0 < count <= len(_LETTERS):
        return _LETTERS.index(token)
    return None


def compact(word: str, count: int) -> list[int] | None:
    """ "ac" or "13" as several keys, when every character is a distinct key in range."""
    if len(word) < 2 or not word.isascii():
        return None
    if word.isdigit() and count >= 10:
        return None
    keys = [key(char, count) for char in word]
    valid = [index for index in keys if index is not None and 0 <= index < count]
    if len(valid) != len(word) or len(set(valid)) != len(valid):
        return None
    return valid


def read_keys(text: str, count: int) -> tuple[list[int], bool]:
    """The positions a reply lists, in its order, and whether every token was a key in range.

    Punctuation separates like spaces ("3,1,2,4"); compact words are split (see
    :func:`compact`); other words are single, usually invalid, tokens.
    """
    tokens: list[str] = []
    for word in fold(text).split():
        if compact(word, count) is not None:
            tokens.extend(word)
        else:
            tokens.append(word)
    positions: list[int] = []
    clean = bool(tokens)
    for token in tokens:
        index = key(token, count)
        if index is None or not 0 <= index < count:
            clean = False
        else:
            positions.append(index)
    return positions, clean


def single_key(text: str, count: int) -> int | None:
    """The option a bare "3" or "c" names, if it is one key in range."""
    words = fold(text).split()
    index = key(words[0], count) if len(words) == 1 else None
    return index if index is not None and 0 <= index < count else None
