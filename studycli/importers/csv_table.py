"""A CSV table with a header row: any kind of card, one per row.

The header names the deck fields the columns hold: ``prompt``, ``answer``, ``kind``
(default ``typed``), ``choices``, ``answers``, ``items``, ``points``, ``accept``,
``text`` (cloze), ``hint``, ``explain``, ``source``, ``tags`` and, optionally, ``id``. A cell
holding a list separates its items with ``|``; a true/false answer is ``true``/``false``
(or yes/no). Spreadsheets that write ``;`` or tabs between cells are read too. Every
value is checked by the loader, and a problem is reported at the row's line.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path
from typing import Any, ClassVar

from studycli.importers import (
    IdMaker,
    Imported,
    ImportedCard,
    ImportOptions,
    read_text,
    register,
)

TEXT_COLUMNS = ("id", "kind", "prompt", "answer", "text", "hint", "explain", "source")
LIST_COLUMNS = ("accept", "choices", "answers", "items", "points", "tags")
COLUMNS = TEXT_COLUMNS + LIST_COLUMNS
TRUTH = {"true": True, "yes": True, "t": True, "y": True, "false": False, "no": False}
TRUTH |= {"f": False, "n": False}


def _delimiter(header: str) -> str:
    """The cell separator that splits the header into the most known column names."""

    def known(delimiter: str) -> int:
        return sum(name.strip().lower() in COLUMNS for name in header.split(delimiter))

    return max((",", ";", "\t"), key=known)


def _cell(column: str, value: str, kind: str) -> Any:
    if column in LIST_COLUMNS:
        return [item.strip() for item in value.split("|") if item.strip()]
    if column == "answer" and kind == "truefalse":
        return TRUTH.get(value.strip().lower(), value.strip())
    return value.strip()


@register
class CsvImporter:
    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv")

    def read(self, source: Path, options: ImportOptions) -> Imported:  # noqa: ARG002
        text = read_text(source)
        result = Imported(title=source.stem.replace("_", " ").replace("-", " ").strip())
        first_line = text.split("\n", 1)[0]
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
        header = [name.strip().lower() for name in next(reader, [])]
        for name in header:
            if name not in COLUMNS:
                close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                result.problems.append(f"line 1: unknown column {name!r}{hint}")
        if "prompt" not in header and "text" not in header:
            result.problems.append("line 1: the header needs a 'prompt' or a 'text' column")
        if result.problems:
            return result
        ids = IdMaker()
        start = reader.line_num + 1
        for row in reader:
            where, start = f"line {start}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                result.problems.append(f"{where}: {len(row)} cells but {len(header)} columns")
                continue
            values = {name: cell for name, cell in zip(header, row, strict=False) if cell.strip()}
            kind = values.get("kind", "typed").strip() or "typed"
            table: dict[str, Any] = {"id": "", "kind": kind}
            table |= {name: _cell(name, value, kind) for name, value in values.items()}
            if not table["id"]:
                words = table.get("prompt") or table.get("text") or ""
                table["id"] = ids.make(words, f"card-{where.removeprefix('line ')}")
            result.cards.append(ImportedCard(table, where))
        return result
