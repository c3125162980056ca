"""Anki packages (``.apkg``): Basic, Basic-and-reversed and Cloze notes become cards.

A note of a basic type gives a typed card from its first two fields (front as the
prompt, back as the answer), and a second, reversed card when the package has the
note's second card (``Basic (and reversed card)``). A cloze note gives one cloze card:
``{{c1::answer::hint}}`` becomes ``{{answer}}`` and the hints become the card's hint;
its second field ("Back Extra") becomes the explanation. Field HTML is reduced to text
and media are left out, with a note for each note that had some.

Card ids come from the note's GUID, which Anki keeps for the life of a note, so
importing an updated package again gives every card the id it had and progress
carries on. Notes that studycli itself exported (note types "studycli basic" and
"studycli cloze") are read back field by field and kind by kind: choices, answers,
items, key points, accepted answers, explanation and source return to their own fields.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from studycli.importers import (
    Imported,
    ImportedCard,
    ImportOptions,
    register,
    slug,
    stable_id,
)
from studycli.importers.anki_collection import AnkiNote, read_package
from studycli.importers.html_text import FieldText, field_text
from studycli.inputs import open_regular
from studycli.model import Topic

ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
ALSO_ACCEPTED = "Also accepted: "
GAP_ALSO = re.compile(r"^Gap (\d+): also accepted (.*)$")
OWN_TOPIC_TAGS = frozenset(f"studycli-{topic.value}" for topic in Topic)


def _tags(note: AnkiNote) -> list[str]:
    tags: list[str] = []
    for tag in note.tags:
        cleaned = slug(tag.replace("::", "-").replace("_", "-"), words=8)
        if cleaned and cleaned not in OWN_TOPIC_TAGS and cleaned not in tags:
            tags.append(cleaned)
    return tags


def _own_extras(blocks: FieldText) -> dict[str, Any]:
    """explain, source and accepted answers from the back of a studycli-exported note."""
    extras: dict[str, Any] = {}
    for block in blocks.blocks:
        if block.css_class == "explain":
            extras["explain"] = block.text
        elif block.css_class == "source":
            extras["source"] = block.text.removeprefix("Source: ")
        elif block.text.startswith(ALSO_ACCEPTED):
            extras["accept"] = block.text.removeprefix(ALSO_ACCEPTED).split(", ")
    return extras


def _cloze_text(text: str, also: dict[int, list[str]]) -> tuple[str, list[str]]:
    """Anki's ``{{cN::answer::hint}}`` as studycli's ``{{answer|alternative}}``, and hints."""
    hints: list[str] = []
    counter = iter(range(1, 10_000))

    def gap(match: re.Match[str]) -> str:
        position = next(counter)
        if match[3]:
            hints.append(match[3].strip())
        alternatives = [match[2].strip(), *also.get(position, [])]
        return "{{" + "|".join(alternatives) + "}}"

    return ANKI_CLOZE.sub(gap, text), hints


def _cloze(note: AnkiNote, ident: str, own: bool) -> dict[str, Any] | None:
    front = field_text(note.fields[0])
    extra = field_text(note.fields[1]) if len(note.fields) > 1 else FieldText((), ())
    table: dict[str, Any] = {"id": ident, "kind": "cloze"}
    also: dict[int, list[str]] = {}
    if own:
        table |= _own_extras(extra)
        for block in extra.blocks:
            match = GAP_ALSO.match(block.text)
            if match:
                also[int(match[1])] = match[2].split(", ")
    elif extra.text:
        table["explain"] = extra.text
    with_gaps = [block.text for block in front.blocks if ANKI_CLOZE.search(block.text)]
    before = [block.text for block in front.blocks if not ANKI_CLOZE.search(block.text)]
    if not with_gaps:
        return None
    text, hints = _cloze_text(" ".join(with_gaps), also)
    table["text"] = text
    if before:
        table["prompt"] = " ".join(before)
    if hints:
        table["hint"] = "; ".join(hints)
    return table


def _own_kind(front: FieldText, back: FieldText) -> dict[str, Any]:
    """The kind and answer fields of a card studycli exported, read from its layout.

    ``decks export --anki`` writes each kind in its own shape (studycli.kinds): a
    true/false card says "True or false?", a multi card "Select all that apply.", a
    choice or order card lists its options on the front, and a points card lists its
    key points on the back. Anything else is read as a typed card.
    """
    notes = {block.text for block in front.blocks[1:] if not block.is_list}
    options = [block for block in front.blocks[1:] if block.is_list]
    first = back.blocks[0]
    if "True or false?" in notes and first.text in {"True", "False"}:
        return {"kind": "truefalse", "answer": first.text == "True"}
    if options and first.is_list:
        if "Select all that apply." in notes:
            return {"kind": "multi", "choices": options[0].lines, "answers": first.lines}
        return {"kind": "order", "items": first.lines}
    if options:
        return {"kind": "choice", "choices": options[0].lines, "answer": first.text}
    texts = [block.text for block in back.blocks]
    if "Key points:" in texts:
        at = texts.index("Key points:")
        points = back.blocks[at + 1].lines if at + 1 < len(back.blocks) else []
        return {"kind": "points", "points": points} | ({"answer": texts[0]} if at else {})
    return {"kind": "typed", "answer": first.text}


def _basic(note: AnkiNote, ident: str, own: bool) -> list[dict[str, Any]]:
    front, back = field_text(note.fields[0]), field_text(note.fields[1])
    if own and front.blocks and back.blocks:
        table = {"id": ident, "prompt": front.blocks[0].text} | _own_kind(front, back)
        return [table | _own_extras(back)]
    tables = [{"id": ident, "kind": "typed", "prompt": front.text, "answer": back.text}]
    if 1 in note.card_ords:
        reverse = {"prompt": back.text, "answer": front.text}
        tables.append({"id": f"{ident}-reverse", "kind": "typed"} | reverse)
    return tables


def _media_note(where: str, note: AnkiNote) -> str | None:
    media = [name for html in note.fields for name in field_text(html).media]
    if not media:
        return None
    listed = ", ".join(media[:3]) + (", ..." if len(media) > 3 else "")
    return f"{where}: media skipped ({listed}); studycli decks hold text only"


@register
class ApkgImporter:
    name: ClassVar[str] = "apkg"
    suffixes: ClassVar[tuple[str, ...]] = (".apkg", ".colpkg")

    def read(self, source: Path, options: ImportOptions) -> Imported:  # noqa: ARG002
        with open_regular(source) as handle:
            package = read_package(source, handle)
        result = Imported(title=package.deck_name or source.stem)
        for note in package.notes:
            where = f"note {note.position} (guid {note.guid})"
            ident = stable_id("anki", note.guid)
            own = note.notetype.name in {"studycli basic", "studycli cloze"}
            tags = _tags(note)
            if note.notetype.cloze:
                table = _cloze(note, ident, own)
                tables = [table] if table else []
                if table is None:
                    result.notes.append(f"{where}: a cloze note without a cloze; skipped")
            elif len(note.fields) < 2:
                kind = note.notetype.name
                result.notes.append(f"{where}: note type {kind!r} has one field; skipped")
                tables = []
            else:
                tables = _basic(note, ident, own)
            media = _media_note(where, note)
            if media:
                result.notes.append(media)
            empty = [name for name in ("prompt", "answer") if tables and tables[0].get(name) == ""]
            if empty:
                result.notes.append(f"{where}: the {empty[0]} has no text (only media?); skipped")
                tables = []
            for table in tables:
                if tags:
                    table["tags"] = tags
                result.cards.append(ImportedCard(table, where))
        return result
