"""Shuffling that never hands the learner an order that is already the answer.

Order cards, their Anki export and timeline orderings all show items shuffled; an
order that happens to come out right would give the question away, so they share
this one rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
ATTEMPTS = 20


def shuffle_unsolved(
    items: Sequence[T],
    rng: random.Random,
    *,
    answer: Sequence[T] | None = None,
    solved: Callable[[list[T]], bool] | None = None,
) -> list[T]:
    """*items* shuffled so that the order is not *solved* (by default: equal to
    *answer*, which defaults to *items*). If every shuffle comes out solved, the answer
    rotated by one is returned instead (it differs unless all items are alike).
    """
    target = list(items if answer is None else answer)
    is_solved = solved or (lambda order: order == target)
    shown = list(items)
    for _attempt in range(ATTEMPTS):
        rng.shuffle(shown)
        if not is_solved(shown):
            return shown
    return target[1:] + target[:1]
