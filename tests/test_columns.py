"""Plain column tables (``decks list``): every cell fits, nothing is lost, whatever the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from studycli.ui.columns import MIN_LAST_WIDTH, format_columns, wrap_cells

# Printable text of any script, wide characters included; no controls (deck text is
# stripped of them before it reaches the table) and no zero-width marks.
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Mn", "Me", "Cf", "Zl", "Zp")),
    max_size=120,
)


@given(text=TEXT, width=st.integers(min_value=2, max_value=100))
def test_wrapping_fits_the_width_and_keeps_every_character(text: str, width: int) -> None:
    lines = wrap_cells(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


DECK_ID = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True).filter(lambda s: len(s) < 30)


@given(
    rows=st.lists(st.tuples(DECK_ID, TEXT), min_size=1, max_size=6),
    width=st.integers(min_value=20, max_value=120),
)
def test_table_rows_line_up_and_fit(rows: list[tuple[str, str]], width: int) -> None:
    lines = format_columns(["id", "title"], [list(row) for row in rows], width=width)
    indent = max(len(ident) for ident, _title in [*rows, ("id", "")]) + 2
    assert all(cell_len(line) <= max(width, indent + MIN_LAST_WIDTH) for line in lines)
    # Every title starts on its id's line and continues under itself, in order.
    title_column = "".join("".join(line[indent:].split()) for line in lines[1:])
    assert title_column == "".join("".join(title.split()) for _ident, title in rows)
    starts = [line[:indent].strip() for line in lines[1:]]
    assert [ident for ident in starts if ident] == [ident for ident, _title in rows]
