"""A JSON Schema (draft 2020-12) of the deck format, for validation and completion in editors.

Taplo (the engine of the "Even Better TOML" editor extension) reads a TOML file as the
JSON it would be and checks it against a JSON Schema while the teacher types. The schema
states the rules of :mod:`studycli.loader` that a schema can state: tables and fields,
their types, ids and tags as ``[a-z0-9-]``, topics and kinds by name, list lengths, dates
at day, month or year precision, cloze gaps. What needs to compare values (an answer
among the choices, ids unique in the deck, eras in order, a day that exists) stays the
loader's alone; ``decks check`` is the final word. The tests hold the two together: every
bundled deck validates, and each broken deck the schema can express is refused by both.

Each registered card kind (:mod:`studycli.kinds`) contributes the fields it adds, with
their types. Fields of other kinds
are refused on a card (as the loader refuses them) through ``false`` subschemas rather
than ``unevaluatedProperties``, which editors implement less widely.
"""

from __future__ import annotations

from studycli import kinds
from studycli.kinds.schema import Schema, ref
from studycli.model import Topic

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_REGEX = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A TOML date, read as JSON text, or a string at year, month or day precision.
DATE_REGEX = r"^\d{4}(?:-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?)?$"
GAP_REGEX = r"\{\{.*?\}\}"
EMPTY_GAP_REGEX = r"\{\{[| ]*\}\}"


COMMON_CARD_FIELDS: dict[str, Schema] = {
    "id": ref("id", "Unique within the deck; progress is kept under it, so keep it stable."),
    "kind": {"description": "How the card is asked and graded."},
    "prompt": ref("text", "The question (optional for cloze cards)."),
    "hint": ref("text", "Shown on request; using it lowers the proposed rating."),
    "explain": ref("text", "Shown after answering: context that teaches beyond the answer."),
    "source": ref("text", "Where the fact comes from, specifically."),
    "tags": ref("tags"),
}


def kind_fields() -> dict[str, tuple[dict[str, Schema], list[str]]]:
    """What each registered kind adds to the common fields: (properties, required)."""
    fields: dict[str, tuple[dict[str, Schema], list[str]]] = {}
    for kind in kinds.authored():
        own, required = kind.field_schema()
        fields[str(kind.name)] = (own, ["prompt", *required] if kind.prompt_required else required)
    return fields


def card_schema() -> Schema:
    """Every field any kind uses (so editors can complete them), narrowed per kind."""
    every_field = dict(COMMON_CARD_FIELDS)
    names = [str(kind.name) for kind in kinds.authored()]
    every_field["kind"] = {"enum": names, **COMMON_CARD_FIELDS["kind"]}
    per_kind = kind_fields()
    for fields, _required in per_kind.values():
        for name in fields:
            every_field.setdefault(name, {"description": "Depends on the card's kind."})
    rules = []
    for kind, (fields, required) in per_kind.items():
        unused = {name: False for name in every_field if name not in COMMON_CARD_FIELDS | fields}
        rules.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {**fields, **unused}, "required": list(required)},
            }
        )
    return {
        "type": "object",
        "required": ["id", "kind"],
        "properties": every_field,
        "additionalProperties": False,
        "allOf": rules,
    }


def _table(properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _entries(name: str, description: str) -> Schema:
    return {"type": "array", "items": ref(name), "description": description}


def deck_schema() -> Schema:
    """The whole schema, as ``studycli decks schema`` prints it."""
    topic = {"enum": [topic.value for topic in Topic]}
    defs: dict[str, Schema] = {
        "id": {"type": "string", "pattern": ID_REGEX},
        "text": {"type": "string", "pattern": r"\S"},
        "tags": {
            "type": "array",
            "items": {"type": "string", "pattern": ID_REGEX},
            "uniqueItems": True,
            "description": "People, places, themes: `quiz --tag hungary`.",
        },
        "date": {
            "type": "string",
            "pattern": DATE_REGEX,
            "description": "A TOML date (1956-02-25), or a string 1956-02-25, 1956-02 or 1956.",
        },
        "deck": _table(
            {
                "id": ref("id", "Unique across all decks; a bundled deck's id replaces it."),
                "title": ref("text"),
                "topic": topic,
                "description": ref("text"),
            },
            ["id", "title", "topic"],
        ),
        "card": card_schema(),
        "event": _table(
            {
                "id": ref("id", "Unique among the deck's events."),
                "date": ref("date", "As precise as the sources allow."),
                "end": ref("date", "The last day of an event that spans days, months or years."),
                "title": ref("text"),
                "topic": topic,
                "explain": ref("text"),
                "source": ref("text"),
                "tags": ref("tags"),
            },
            ["id", "date", "title", "topic"],
        ),
        "era": _table(
            {
                "id": ref("id", "Unique among the deck's eras."),
                "title": ref("text"),
                "from": ref("date", "The era starts on the first day this allows."),
                "to": ref("date", "Left out on the last era only, which stays open."),
            },
            ["id", "title", "from"],
        ),
        "note": _table(
            {
                "id": ref("id", "Unique among the deck's notes."),
                "title": ref("text"),
                "tags": {
                    "allOf": [ref("tags"), {"minItems": 1}],
                    "description": "The cards carrying any of these tags test this note.",
                },
                "body": ref("text", "Plain-text paragraphs separated by blank lines."),
                "source": ref("text"),
            },
            ["id", "title", "tags", "body"],
        ),
    }
    has_entries = [
        {"required": [name], "properties": {name: {"minItems": 1}}} for name in ("card", "event")
    ]
    return {
        "$schema": DRAFT,
        "title": "studycli deck",
        "description": "One deck file of studycli; see docs/deck-format.md.",
        "type": "object",
        "required": ["deck"],
        "properties": {
            "deck": ref("deck"),
            "card": _entries("card", "Questions: one [[card]] table each."),
            "event": _entries("event", "Timeline entries; each also becomes a date card."),
            "era": _entries("era", "Headings of the timeline view, in date order."),
            "note": _entries("note", "Revision notes, tested by the cards carrying their tags."),
        },
        "additionalProperties": False,
        "anyOf": has_entries,
        "$defs": defs,
    }
