"""Pieces of the deck's JSON Schema that kinds describe their fields with.

References point into the ``$defs`` of the whole schema (:mod:`studycli.deck_schema`):
``text`` is a non-blank string, ``id`` and ``tags`` follow the loader's id rule.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def ref(name: str, description: str = "") -> Schema:
    """``{"$ref": "#/$defs/<name>"}``, with a description for editors."""
    schema: Schema = {"$ref": f"#/$defs/{name}"}
    if description:
        schema["description"] = description
    return schema


def texts(description: str, minimum: int = 0) -> Schema:
    """A list of distinct non-blank strings, at least ``minimum`` long."""
    schema: Schema = {
        "type": "array",
        "items": ref("text"),
        "uniqueItems": True,
        "description": description,
    }
    if minimum:
        schema["minItems"] = minimum
    return schema
