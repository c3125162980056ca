"""The comparison forms of a text: what a learner may leave out or cannot type.

Every rule that compares words (typed answers, option texts, dates, key points, the
timeline search) starts from one of these forms, so "Gomułka", "GOMULKA" and "gomulka"
agree everywhere or nowhere.
"""

from __future__ import annotations

import unicodedata

__all__ = ["drop_article", "fold", "normalize", "spelling"]

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


def fold(text: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces; keep every word.

    This is :func:`normalize` without dropping a leading article, for places where a
    lone "a" is a key (choice letter) rather than an article.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LETTERS).translate(_APOSTROPHES)
    return " ".join("".join(char if char.isalnum() else " " for char in text).split())


def drop_article(folded: str) -> str:
    head, _, rest = folded.partition(" ")
    return rest if head in _ARTICLES and rest else folded


def normalize(text: str) -> str:
    """The lenient comparison form of a text.

    Casefolded, accents and apostrophes removed (also for letters such as ł, ø or æ that
    do not decompose), punctuation turned into spaces, spaces collapsed, and a leading
    "the", "a" or "an" dropped: what a learner may reasonably leave out or cannot type.
    """
    return drop_article(fold(text))


def spelling(text: str) -> str:
    """Like :func:`normalize` but keeping accents: tells "Gomulka" from "Gomułka"."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    return drop_article(" ".join("".join(c if c.isalnum() else " " for c in text).split()))
