"""People's names as learners write them: transliterations, initials, patronymics.

Russian names reach English in several romanizations (Yezhov and Ezhov, Krupskaya and
Krupskaia, Nikolai and Nikolay, Trotsky and Trotskii), and a learner may name a person
in full (Nikolay Aleksandrovich Bulganin), by initials (S. V. Kosior) or by surname
alone. :func:`translit` gives one spelling per romanization; :func:`name_parts` tells
the given names, initials and patronymic in front of a surname.
"""

from __future__ import annotations

import re

__all__ = ["given_part", "name_parts", "translit"]

_START = {"ye": "e", "yo": "e", "ya": "ia", "yu": "iu"}
_DOUBLE_I = re.compile(r"i{2,}")


def translit(word: str) -> str:
    """One spelling for the usual romanizations of a (folded, lowercase) Russian word.

    Initial ye/yo become e (Yezhov = Ezhov), yo and y become e and i elsewhere
    (Khrushchyov = Khrushchev, Krupskaya = Krupskaia, Nikolay = Nikolai), and runs of i
    collapse (Trotskii = Trotsky = Trotskiy, Beriya = Beria).
    """
    if not word.isalpha():
        return word
    for start, replacement in _START.items():
        if word.startswith(start):
            word = replacement + word[len(start) :]
            break
    word = word.replace("yo", "e").replace("y", "i")
    return _DOUBLE_I.sub("i", word)


# Given names of people this material mentions, and common variants; written in any
# romanization (they are compared through translit).
_GIVEN_TEXT = """
    aleksandr alexander aleksei alexei alexey anastas andrei andrey anna avel boleslaw
    boris dmitri dmitry dwight ekaterina elena enver erich evgeni fedor friedrich fyodor
    genrikh georgi georgy grigori grigory harry iakov imre ion iona iosif ivan janos
    john joseph josef josip karl kliment klement konstantin lavrenti lavrentiy lazar
    leon leonid lev ludwig maria matvei matyas mikhail nadezhda natalia nikita nikolai
    nikolay olga palmiro pavel petr peter polina pyotr robert rudolf semen semyon sergei
    sergey sergo stanislav stepan svetlana tatiana valerian vasili vasily vera viktor
    vladimir vsevolod vyacheslav walter wilhelm wladyslaw winston yakov yan yuri yury
    zinaida
"""
GIVEN_NAMES = frozenset(translit(name) for name in _GIVEN_TEXT.split())
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|inichna|ich)$")


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


def given_part(word: str) -> bool:
    """An initial or a known given name."""
    return _initial(word) or translit(word) in GIVEN_NAMES


def name_parts(words: list[str]) -> int:
    """How many leading words are given names, initials or a patronymic.

    A patronymic (…ovich, …evna) counts only after a given name or an initial, so a
    surname such as Kaganovich at the front of a list is not taken for one.
    """
    count = 0
    for word in words:
        if given_part(word) or (
            count and len(word) > 5 and _PATRONYMIC.search(word) and word.isalpha()
        ):
            count += 1
        else:
            break
    return count
