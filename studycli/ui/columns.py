"""Plain text tables: aligned columns, the last one wrapped to the terminal's width.

Listings such as ``decks list`` are a handful of short rows that scripts grep and people
glance at; drawing them with Rich would cost more start-up time than everything else the
command does. Widths are measured in terminal cells, so wide characters line up.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

GAP = "  "
MIN_LAST_WIDTH = 12


def _split_word(word: str, width: int) -> list[str]:
    """A word wider than *width* cells, cut into pieces that fit."""
    pieces = [""]
    for char in word:
        if pieces[-1] and cell_len(pieces[-1] + char) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def wrap_cells(text: str, width: int) -> list[str]:
    """*text* broken at spaces into lines of at most *width* terminal cells.

    (``textwrap`` counts characters, so a title with CJK characters would overflow.)
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        for piece in _split_word(word, width) if cell_len(word) > width else [word]:
            candidate = f"{current} {piece}" if current else piece
            if cell_len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = piece
    return [*lines, current] if current or not lines else lines


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def format_columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int,
    right_aligned: frozenset[int] = frozenset(),
) -> list[str]:
    """The header line and one line per row (more where the last column wraps).

    Every column but the last is as wide as its widest cell; the last takes what is left
    of *width* (at least :data:`MIN_LAST_WIDTH`) and wraps onto indented lines.
    """
    fixed = [
        max(cell_len(line[index]) for line in (headers, *rows)) for index in range(len(headers) - 1)
    ]
    indent = sum(fixed) + len(GAP) * len(fixed)
    last_width = max(MIN_LAST_WIDTH, width - indent)
    lines: list[str] = []
    for line in (headers, *rows):
        cells = [_pad(cell, fixed[i], i in right_aligned) for i, cell in enumerate(line[:-1])]
        wrapped = wrap_cells(line[-1], last_width)
        lines.append((GAP.join([*cells, wrapped[0]])).rstrip())
        lines.extend(" " * indent + more for more in wrapped[1:])
    return lines
