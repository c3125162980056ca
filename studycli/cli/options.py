"""The options several commands share, defined once so they read alike everywhere.

A command declares ``deck: DeckOption = None`` and gets the same flag, metavar and help
as every other command that narrows by deck.
"""

from __future__ import annotations

from typing import Annotated

import typer

DeckOption = Annotated[
    list[str] | None,
    typer.Option(
        "--deck",
        "-d",
        metavar="ID|PATH",
        help="Only this deck: its id, or a deck file or folder (loaded too); repeatable.",
        show_default=False,
    ),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        help="content, omissions, impacts or context; repeatable.",
        show_default=False,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", metavar="TAG", help="Cards with this tag; repeatable.", show_default=False
    ),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Cards of this kind (typed, choice, multi, truefalse, cloze, order, points, "
        "date); repeatable.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
