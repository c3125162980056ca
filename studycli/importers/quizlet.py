"""Quizlet's export text: a term and its definition per card, as typed cards.

Quizlet's "Export" offers a separator between term and definition (tab, comma or a
custom one) and between cards (new line, semicolon or a custom one). Without
``--term-separator``/``--card-separator`` the text is read the way Quizlet writes it by
default: a tab if any line has one, else the first comma; one card per line, or per
semicolon when the whole export is one line of pieces that each hold a term and its
definition. The term becomes the prompt and the
definition the answer; a problem names its line (or card, when cards share a line).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from studycli.importers import (
    IdMaker,
    Imported,
    ImportedCard,
    ImportOptions,
    read_text,
    register,
)

SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "newline": "\n", "semicolon": ";"}


def separator(value: str | None) -> str | None:
    """``tab``, ``comma``, ``newline``, ``semicolon`` or the literal text (``\\t`` too)."""
    if value is None:
        return None
    return SEPARATOR_NAMES.get(value.lower(), value.replace("\\t", "\t").replace("\\n", "\n"))


@register
class QuizletImporter:
    name: ClassVar[str] = "quizlet"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".quizlet")

    def read(self, source: Path, options: ImportOptions) -> Imported:
        text = read_text(source).replace("\r\n", "\n").replace("\r", "\n")
        term_sep = separator(options.term_separator)
        card_sep = separator(options.card_separator)
        if term_sep is None:
            term_sep = "\t" if "\t" in text else ","
        if card_sep is None:
            card_sep = "\n"
            if "\n" not in text.strip("\n"):
                # One line: semicolons separate cards only if every piece is a card.
                pieces = [piece for piece in text.strip("\n").split(";") if piece.strip()]
                if len(pieces) > 1 and all(term_sep in piece for piece in pieces):
                    card_sep = ";"
        by_line = card_sep == "\n"
        result = Imported(title=source.stem.replace("_", " ").replace("-", " ").strip())
        ids = IdMaker()
        for number, chunk in enumerate(text.split(card_sep), start=1):
            where = f"line {number}" if by_line else f"card {number}"
            if not chunk.strip():
                continue
            term, found, definition = chunk.partition(term_sep)
            if not found:
                shown = "tab" if term_sep == "\t" else repr(term_sep)
                advice = (
                    "" if options.term_separator else
                    " (if Quizlet used another separator, give it with --term-separator)"
                )  # fmt: skip
                result.problems.append(f"{where}: no {shown} between term and definition{advice}")
                continue
            term, definition = " ".join(term.split()), " ".join(definition.split())
            if not term or not definition:
                missing = "term" if not term else "definition"
                result.problems.append(f"{where}: the {missing} is empty")
                continue
            table = {
                "id": ids.make(term, f"card-{number}"),
                "kind": "typed",
                "prompt": term,
                "answer": definition,
            }
            result.cards.append(ImportedCard(table, where))
        return result
