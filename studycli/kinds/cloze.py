"""``cloze``: ``text`` with ``{{gaps}}``; each gap a small typed answer (``{{a|b}}``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from studycli.kinds.base import AnkiFace, CardKind, Marked, Question, esc
from studycli.kinds.schema import ref
from studycli.matching import CORRECT, match_text
from studycli.model import GAP_PATTERN, Card, ClozeCard, Kind
from studycli.numbers import numeric_answer
from studycli.textforms import fold

if TYPE_CHECKING:
    from studycli.loader import Entry


def _parts(response: str, count: int) -> list[str]:
    """One reply per gap, split on ";" or new lines.

    Empty trailing parts beyond the number of gaps are dropped (a stray final newline);
    within it they stay, so "139;" or "139" plus an empty line deliberately skips gap 2.
    """
    parts = [part.strip() for part in re.split(r"[;\n]", response)]
    while len(parts) > count and not parts[-1]:
        parts.pop()
    return parts


_SCALE_WORDS = frozenset({"thousand", "million", "billion"})


def _accepted(card: ClozeCard) -> list[tuple[str, ...]]:
    """Each gap's answers; a number before a scale word outside the gap ("{{4}} million")
    is also accepted written out in full ("4,000,000") or with the scale ("4 million").
    """
    accepted = []
    for match, gap in zip(GAP_PATTERN.finditer(card.text), card.gaps, strict=True):
        after = fold(card.text[match.end() :]).split()[:1]
        scaled: tuple[str, ...] = ()
        if after and after[0] in _SCALE_WORDS:
            scaled = tuple(f"{a} {after[0]}" for a in gap if numeric_answer(a) is not None)
        accepted.append(gap + scaled)
    return accepted


def _anki_gap(number: int, gap: str) -> str:
    alternatives = [alt.strip() for alt in gap.split("|") if alt.strip()]
    # "::" inside an answer would read as Anki's hint separator; keep it literal.
    answer = esc(alternatives[0] if alternatives else gap).replace("::", ":&#58;")
    return f"{{{{c{number}::{answer}}}}}"


def anki_cloze_text(card: ClozeCard) -> str:
    """``{{a|b}}`` gaps become ``{{c1::a}}``, ``{{c2::...}}``; the text between is escaped."""
    pieces: list[str] = []
    position = 0
    for number, match in enumerate(GAP_PATTERN.finditer(card.text), start=1):
        pieces.append(esc(card.text[position : match.start()]))
        pieces.append(_anki_gap(number, match.group(1)))
        position = match.end()
    pieces.append(esc(card.text[position:]))
    return "".join(pieces)


class Cloze(CardKind):
    name = Kind.CLOZE
    fields = frozenset({"text"})
    prompt_required = False
    instructions = "Fill the gaps: one per line, or all on one line separated by ';'."
    diff_ratio = 0.5

    def build(self, entry: Entry, common: dict[str, Any]) -> Card:
        text = entry.text("text")
        if text:
            gaps = GAP_PATTERN.findall(text)
            if not gaps:
                entry.problem("text", "has no {{gap}}: mark each hidden part as {{answer}}")
            elif any(not gap.strip("| ") for gap in gaps):
                entry.problem("text", "has an empty {{}} gap")
        return ClozeCard(**common, text=text)

    def field_schema(self) -> tuple[dict[str, Any], list[str]]:
        text = {
            "allOf": [
                ref("text"),
                {"pattern": r"\{\{.*?\}\}"},
                {"not": {"pattern": r"\{\{[| ]*\}\}"}},
            ],
            "description": "Text with {{gaps}}; a gap may list alternatives: {{a|b}}.",
        }
        return {"text": text}, ["text"]

    def prompt_text(self, card: Card) -> str:
        assert isinstance(card, ClozeCard)
        return f"{card.prompt}\n{card.masked()}" if card.prompt else card.masked()

    def reply_parts(self, card: Card) -> int:
        assert isinstance(card, ClozeCard)
        return len(card.gaps)

    def hint_answers(self, card: Card) -> tuple[str, ...]:
        assert isinstance(card, ClozeCard)
        return tuple(gap[0] for gap in card.gaps if gap)

    def expected(self, question: Question) -> str:
        assert isinstance(question.card, ClozeCard)
        return question.card.filled()

    def compared(self, question: Question, expected: str) -> str:
        del expected
        return "; ".join(self.hint_answers(question.card))

    def worked(self, card: Card) -> str:
        assert isinstance(card, ClozeCard)
        return card.filled()

    def problem(self, question: Question, text: str) -> str | None:
        card = question.card
        assert isinstance(card, ClozeCard)
        count = len(card.gaps)
        if len(_parts(text, count)) == count:
            return None
        noun = "gap" if count == 1 else "gaps"
        return f"Fill {count} {noun}: one per line, or separated by ';'."

    def mark(self, question: Question, response: str, ticked: frozenset[int]) -> Marked:
        """Each gap is a small typed answer against its ``{{a|b}}`` alternatives.

        Score = share of gaps right; a gap left blank or missing counts wrong, and parts
        beyond the number of gaps are ignored (:meth:`problem` reports them).
        """
        card = question.card
        assert isinstance(card, ClozeCard)
        gaps = _accepted(card)
        parts = _parts(response, len(gaps))
        right, typos = 0, []
        context = f"{card.prompt} {card.masked()}"
        for index, alternatives in enumerate(gaps):
            part = parts[index] if index < len(parts) else ""
            match = match_text(part, alternatives, context)
            if match is not None:
                right += 1
                if match.typo:
                    typos.append(alternatives[0])
        given = "; ".join(parts[: max(len(gaps), 1)])
        if gaps and right == len(gaps):
            feedback = f"Correct — spelled {', '.join(typos)}." if typos else CORRECT
            return Marked(1.0, feedback, given, near_miss=bool(typos))
        score = right / len(gaps) if gaps else 0.0
        return Marked(score, f"{right} of {len(gaps)} gaps right.", given)

    def anki(self, card: Card) -> AnkiFace:
        """A cloze note: the text with Anki's gaps, and the other accepted answers."""
        assert isinstance(card, ClozeCard)
        text = anki_cloze_text(card)
        if card.prompt:
            text = f"<div>{esc(card.prompt)}</div>{text}"
        also = [
            f"Gap {number}: also accepted {', '.join(alts[1:])}"
            for number, alts in enumerate(card.gaps, start=1)
            if len(alts) > 1
        ]
        return AnkiFace(text, "".join(f"<div>{esc(line)}</div>" for line in also), cloze=True)
