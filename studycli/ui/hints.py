"""Progressive hints for a question in the terminal: the card's own hint first, then,
for kinds with a typed answer, the first letter of every word of the answer, then two
letters, and so on up to half of the longest word. A question with no hint has no
steps, and asking costs nothing (the frontend reports a hint only when one was shown).
"""

from __future__ import annotations

from studycli.drills import DrillQuestion
from studycli.grading import Question
from studycli.kinds import kind_of
from studycli.ui.sanitize import clean


class Hints:
    """The hints of one question, most general first; each request reveals the next."""

    def __init__(self, question: Question | DrillQuestion) -> None:
        self.steps: list[str] = []
        self.given = 0
        if isinstance(question, DrillQuestion):
            return
        card = question.card
        if card.hint:
            self.steps.append(f"Hint: {clean(card.hint)}")
        answers = [clean(answer) for answer in kind_of(card).hint_answers(card)]
        words = [word for answer in answers for word in answer.split()]
        longest = max((sum(ch.isalnum() for ch in word) for word in words), default=0)
        # Reveal at most half of the longest word: past that the hint is the answer.
        reveals = max(1, longest // 2) if longest else 0
        for shown in range(1, reveals + 1):
            masked = [reveal(answer, shown) for answer in answers]
            if len(masked) == 1:
                self.steps.append(f"Starts with: {masked[0]}")
            else:
                numbered = "  ".join(f"[{i}] {text}" for i, text in enumerate(masked, 1))
                self.steps.append(f"Starts with: {numbered}")
        self.given = 0

    def next(self) -> str | None:
        if self.given >= len(self.steps):
            return None
        self.given += 1
        return self.steps[self.given - 1]


def reveal(answer: str, shown: int) -> str:
    """``Lenin's Testament`` with 1 letter shown per word: ``L____'_ T________``."""
    words = []
    for word in answer.split():
        seen = 0
        letters = []
        for char in word:
            if char.isalnum():
                letters.append(char if seen < shown else "_")
                seen += 1
            else:
                letters.append(char)
        words.append("".join(letters))
    return " ".join(words)
