"""Whether a typed text names an expected answer: the one rule for every kind.

Typed answers, cloze gaps and option texts typed for a choice all come here, so they
forgive the same things:

* Texts are compared in :func:`~studycli.textforms.normalize`'s form (case, accents,
  apostrophes, punctuation, a leading article), then with a typo allowance that grows
  with the length of the expected answer (0 edits up to 4 characters, 1 up to 8, 2 up to
  15, 3 beyond), measured as optimal-string-alignment distance so a swapped pair of
  letters is one typo. A typo is never forgiven when the digits differ ("22nd" is not
  "20th"). An accepted typo is still correct but proposes Hard, because the recall was
  shaky; the same holds for a choice or multi option named by its text with a typo.
* **Extra words** after a correct answer are accepted only as a short qualifier: at
  most four words that start with a preposition-like word ("of", "in", "by"...) or are
  all numbers ("Lenin's Testament of 1922", "Testament 1922"), and never containing a
  hedge such as "or", "not", "but" or "and". So "Molotov or Malenkov" and
  "Malenkov not Molotov" fail, and words *before* the answer are never skipped.
* **Numbers** follow :mod:`studycli.numbers`: an expected number needs exactly one
  equal number in the reply, and no hedge ("not 4" is not 4).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studycli.names import name_parts, translit
from studycli.numbers import numbers, numeric_answer, words_to_digits
from studycli.textforms import fold, normalize, spelling

__all__ = ["CORRECT", "Match", "Pick", "correct_feedback", "match_text", "text_pick"]

CORRECT = "Correct."


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


def typo_distance(given: str, wanted: str) -> int | None:
    """Edits between two normalised forms when within the allowance, else ``None``."""
    limit = _allowed_typos(wanted)
    if limit == 0 or _digits(given) != _digits(wanted):
        return 0 if given == wanted else None
    distance = _distance(given, wanted, limit)
    return distance if distance <= limit else None


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
class Match:
    """Which accepted answer a reply matched, and how."""

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


def _same(given: str, wanted: str) -> bool:
    """Equal normalised forms, or equal once romanizations agree (Ezhov = Yezhov)."""
    return given == wanted or _translit(given) == _translit(wanted)


def _translit(text: str) -> str:
    return " ".join(translit(word) for word in text.split())


def _as_name(given: str, wanted: str) -> bool | None:
    """The same person, written with more or fewer given names, initials, a patronymic.

    "S V Kosior" and "Nikolay Aleksandrovich Bulganin" name "Kosior" and "Bulganin";
    "Bloss" names "Wilhelm Bloss". The surnames must agree (a typo allowed: the result
    says whether one was needed) and so must any given names or initials that both
    write, one against the other: "N Bulganin" is not "Vasily Bulganin".
    ``None`` when the two are not the same name.
    """
    words, names = given.split(), wanted.split()
    mine, theirs = name_parts(words), name_parts(names)
    if not (mine or theirs) or mine == len(words) or theirs == len(names):
        return None
    for word, name in zip(words[:mine], names[:theirs], strict=False):
        if len(word) == 1 or len(name) == 1:
            if word[0] != name[0]:
                return None
        elif translit(word) != translit(name):
            return None
    core, surname = _translit(" ".join(words[mine:])), _translit(" ".join(names[theirs:]))
    if core == surname:
        return False
    return None if typo_distance(core, surname) is None else True


def _match_one(response: str, alternatives: Sequence[str]) -> Match | None:
    """Match one reading of a reply against the accepted answers, most exact rule first."""
    given = normalize(response)
    if not given:
        return None
    texts: list[tuple[str, str]] = []
    for alternative in alternatives:
        value = numeric_answer(alternative)
        if value is None:
            if normalize(alternative):
                texts.append((alternative, normalize(alternative)))
        elif numbers(response) == {value} and not _hedged(response):
            return Match(alternative, typo=False, whole=False)
    return _match_words(given, texts)


def _hedged(response: str) -> bool:
    """A hedge among the words of a reply ("and" inside a spelled-out number is none)."""
    return bool(_HEDGES.intersection(fold(words_to_digits(response)).split()))


def _match_words(given: str, texts: list[tuple[str, str]]) -> Match | None:
    """Match a normalised reply against (deck text, normalised text) pairs."""
    for alternative, wanted in texts:
        if _same(given, wanted):
            return Match(alternative, typo=False, whole=True)
    for alternative, wanted in texts:
        head = _head_of_qualified(given, wanted)
        if head is not None and _same(head, wanted):
            return Match(alternative, typo=False, whole=False)
    for alternative, wanted in texts:
        typo = _as_name(given, wanted)
        if typo is not None:
            return Match(alternative, typo=typo, whole=False)
    best: tuple[int, Match] | None = None
    for alternative, wanted in texts:
        head = _head_of_qualified(given, wanted)
        for candidate, whole in ((given, True), (head, False)):
            distance = None if candidate is None else typo_distance(candidate, wanted)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, Match(alternative, typo=True, whole=whole))
    return None if best is None else best[1]


# Words a reply may carry around its answer when the question itself has them.
_FILLERS = frozenset({"the", "a", "an", "of", "to", "in", "on", "as", "at", "for", "from", "by"})
_MAX_ECHO = 5


def _echo(token: str, context: set[str]) -> bool:
    words = fold(token).split()
    return bool(words) and all(
        (word in context or word in _FILLERS) and not word.isdigit() for word in words
    )


def _readings(response: str, alternatives: Sequence[str], context: str) -> list[str]:
    """The reply, then the reply without words it repeats from the question around it.

    "cult of personality" for "On the Cult of ___", "the post of General Secretary" for
    "...from which post?", "4 million" for "{{4}} million". Nothing is taken away
    from a reply with a hedge ("not", "or"...) in it, digits are never taken away, and
    when the question itself holds an accepted answer (a question listing candidates)
    nothing is either: there, repeating its words is no sign of knowing.
    """
    readings = [response]
    words = set(fold(context).split())
    if not words or _HEDGES.intersection(fold(response).split()):
        return readings
    for alternative in alternatives:
        wanted = normalize(alternative).split()
        if wanted and all(word in words for word in wanted):
            return readings
    tokens = response.split()
    lead = 0
    while lead < min(len(tokens) - 1, _MAX_ECHO) and _echo(tokens[lead], words):
        lead += 1
    trail = 0
    while trail < min(len(tokens) - 1 - lead, _MAX_ECHO) and _echo(tokens[-1 - trail], words):
        trail += 1
    for front in range(lead, -1, -1):
        for back in range(trail, -1, -1):
            if front or back:
                readings.append(" ".join(tokens[front : len(tokens) - back]))
    return readings


def match_text(response: str, alternatives: Sequence[str], context: str = "") -> Match | None:
    """Match a free-text reply against the accepted answers.

    ``context`` is the question's text: words the reply repeats from it are forgiven
    (see :func:`_readings`).
    """
    for number, reading in enumerate(_readings(response, alternatives, context)):
        match = _match_one(reading, alternatives)
        if match is not None:
            return match if number == 0 else Match(match.alternative, match.typo, whole=False)
    return None


def correct_feedback(response: str, match: Match) -> str:
    """Name the deck's spelling whenever the learner's differed, typo or accents only."""
    if match.typo or (match.whole and spelling(response) != spelling(match.alternative)):
        return f"Correct — spelled {match.alternative}."
    return CORRECT


# --------------------------------------------------------------------------- options


@dataclass(frozen=True, slots=True)
class Pick:
    """The option a reply named, and whether it took a typo to read it."""

    index: int
    typo: bool = False


def _run_in(words: list[str], option: list[str]) -> bool:
    size = len(words)
    return any(option[start : start + size] == words for start in range(len(option) - size + 1))


def option_matches(text: str, options: Sequence[str]) -> list[Pick]:
    """Every option a text could name, most exact rule first.

    An option spelled exactly wins alone; otherwise the options the text matches by
    the typed-answer rules (typos, names, numbers, qualifiers: :func:`match_text`);
    otherwise the options that hold the text's words in a row ("Bloss" in "Wilhelm
    Bloss", "first secretary" in "First Secretary of the CPSU Central Committee").
    One pick names an option; several are ambiguous and none is no option at all.
    """
    given = normalize(text)
    if not given:
        return []
    forms = [normalize(option) for option in options]
    exact = [Pick(index) for index, form in enumerate(forms) if _same(given, form)]
    if exact:
        return exact
    lenient = [
        Pick(index, typo=match.typo)
        for index, option in enumerate(options)
        if (match := match_text(text, (option,))) is not None
    ]
    if lenient:
        return lenient
    words = given.split()
    if all(word in _FILLERS for word in words):
        return []
    return [Pick(index) for index, form in enumerate(forms) if _run_in(words, form.split())]


def text_pick(text: str, options: Sequence[str]) -> Pick | None:
    """The one option a text names (see :func:`option_matches`), or ``None``."""
    picks = option_matches(text, options)
    return picks[0] if len(picks) == 1 else None
