"""Dates as learners type them, and how near a typed date is to an event's.

One reader for every place a date is typed (date cards, the timeline's "when"
questions), so "25 Feb 1956", "1956-02-25" and "25.02.1956" mean the same everywhere,
and one rule for partial credit (:func:`near_miss`), judged at the event's precision.
"""

from __future__ import annotations

import calendar
import re

from studycli.model import Event, PartialDate, Precision
from studycli.textforms import fold

__all__ = ["DATE_PROBLEM", "date_score", "month_number", "near_miss", "parse_date"]

# Spelled out, not calendar.month_name: that one follows the locale.
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
DATE_PROBLEM = "Not a date I can read: try 25 Feb 1956 or 1956-02-25."
_YEAR_DIGITS = 4
_MAX_SHORT = 2


def month_number(word: str) -> int | None:
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


def parse_date(text: str) -> PartialDate | None:
    """Read "25 Feb 1956", "February 25, 1956", "1956-02-25", "25.02.1956", "Feb 1956",
    "02/1956", "1956" and the like; anything else (or an impossible date) is ``None``.
    """
    words = _ORDINAL.sub(r"\1", fold(text)).split()
    words = [word for word in words if word not in _DATE_FILLERS]
    numbers = [word for word in words if word.isascii() and word.isdigit()]
    months = [month for word in words if (month := month_number(word)) is not None]
    if not words or len(numbers) + len(months) != len(words) or len(months) > 1:
        return None
    return _named_date(months[0], numbers) if months else _numeric_date(numbers)


def _month_index(when: PartialDate) -> int:
    return when.year * 12 + (when.month or 1) - 1


def near_miss(answer: PartialDate, target: PartialDate) -> float:
    """Partial credit for an answer outside the event, judged at the event's precision.

    Year events: a year off earns 0.5. Month events: the right year given without a
    month, or a month off, earns 0.5; another month of the same year 0.25. Day events:
    1-3 days off earns 0.75; the right month or the right year given without a day
    ("Feb 1956" or "1956" for 25 Feb 1956) 0.5: partly right, as far as it goes;
    another day of the same year, or a month off, 0.25. Everything else earns nothing.
    The outcome follows the score, so 0.25 is still wrong.
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
        return 0.5 if same_year else 0.0
    if answer.day is not None and abs((answer.first_day() - target.first_day()).days) <= 3:
        return 0.75
    if months_apart == 0:
        return 0.5
    return 0.25 if months_apart == 1 or same_year else 0.0


def date_score(answer: PartialDate, event: Event) -> float:
    """Full marks for any answer inside the event (or its span), at least as precise.

    Otherwise the best near miss against the start or, for a span, the end.
    """
    end = event.end or event.date
    if event.date.first_day() <= answer.first_day() and answer.last_day() <= end.last_day():
        return 1.0
    return max(near_miss(answer, event.date), near_miss(answer, end))


def contains(answer: PartialDate, event: Event) -> bool:
    """The answer is a wider period holding the whole event ("1956" for 25 Feb 1956)."""
    end = event.end or event.date
    return answer.first_day() <= event.date.first_day() and end.last_day() <= answer.last_day()
