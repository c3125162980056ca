"""Anki field HTML reduced to the plain text a deck holds, keeping its block structure.

Anki fields are HTML. A deck holds plain text, so tags are dropped and entities decoded,
while blocks (``div``, ``p``, list items, line breaks) stay apart as separate lines, and
each top-level block keeps its ``class`` so notes that studycli itself exported can be
read back field by field. Images and ``[sound:...]`` references are media, which are not
imported: their names are returned so the import can say what it left out. Scripts and
styles are dropped with their content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = frozenset({"div", "p", "li", "ul", "ol", "br", "tr", "h1", "h2", "h3", "h4", "hr"})
SKIP_TAGS = frozenset({"script", "style"})
SOUND = re.compile(r"\[sound:([^\]]*)\]")


@dataclass
class Block:
    """One top-level block of a field: its class attribute and its text lines."""

    css_class: str = ""
    lines: list[str] = field(default_factory=list)
    is_list: bool = False

    @property
    def text(self) -> str:
        """The block as one line; the items of a list are kept apart by ``; ``."""
        return ("; " if self.is_list else " ").join(self.lines)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = [Block()]
        self.media: list[str] = []
        self._depth = 0
        self._skipping = 0
        self._line: list[str] = []

    def _end_line(self) -> None:
        line = " ".join("".join(self._line).split())
        if line:
            self.blocks[-1].lines.append(line)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self._skipping += 1
        elif tag in {"img", "audio", "video", "source"}:
            source = dict(attrs).get("src")
            if source:
                self.media.append(source)
        elif tag in BLOCK_TAGS:
            self._end_line()
            if tag in {"br", "hr"}:
                return
            if self._depth == 0:
                is_list = tag in {"ul", "ol"}
                self.blocks.append(Block(dict(attrs).get("class") or "", is_list=is_list))
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS and tag not in {"br", "hr"}:
            self._end_line()
            self._depth = max(0, self._depth - 1)
            if self._depth == 0:
                self.blocks.append(Block())

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._line.append(data)

    def close(self) -> None:
        super().close()
        self._end_line()  # the text after the last tag


@dataclass(frozen=True)
class FieldText:
    """A field as text: its non-empty blocks, and the media it referred to."""

    blocks: tuple[Block, ...]
    media: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(block.text for block in self.blocks)


def field_text(html: str) -> FieldText:
    """Parse one field's HTML into text blocks, collecting the media it names."""
    sounds = SOUND.findall(html)
    reader = _Reader()
    reader.feed(SOUND.sub(" ", html))
    reader.close()
    blocks = tuple(block for block in reader.blocks if block.lines)
    return FieldText(blocks, tuple(reader.media + sounds))
