"""``studycli class``: a teacher's view over the learners' progress exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studycli.cli.help import StudyCommand
from studycli.cli.options import JsonOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from studycli.classreport import ClassReport

class_app = typer.Typer(help="A teacher's view of a class.", no_args_is_help=True)

CSV_COLUMNS = (
    "learner",
    "topic",
    "cards",
    "seen",
    "mastered",
    "mastery",
    "retention_reviews",
    "retention",
    "last_review",
    "inactive",
)


@class_app.command("report", cls=StudyCommand)
def report(
    ctx: typer.Context,
    exports: Annotated[
        list[Path],
        typer.Argument(
            metavar="EXPORT...",
            help="The learners' `progress export` files, or folders of them (*.jsonl).",
            show_default=False,
        ),
    ],
    as_json: JsonOption = False,
    csv_out: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Also write one row per learner and topic to FILE, for a spreadsheet.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Mastery and retention per topic and learner, hardest cards, common wrong answers.

    Each learner is named by the `learner` field of the export's header, or else by the
    file name. Also lists who has not studied in the last 7 days.

    Examples:

    \b
      studycli class report handed-in/
      studycli class report exports/*.jsonl
      studycli class report exports/*.jsonl --csv class.csv
      studycli class report anna.jsonl ben.jsonl --json
    """
    from datetime import UTC, datetime

    from studycli.classreport import class_report

    library = get_state(ctx).library()
    topic_of = {card.key: card.topic.value for card in library.cards()}
    result = class_report(exports, topic_of, datetime.now(UTC))
    if csv_out is not None:
        _write_csv(csv_out, result)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    from studycli.ui.class_view import class_view
    from studycli.ui.console import make_console

    prompts = {card.key: card.prompt for card in library.cards()}
    make_console(no_color=get_state(ctx).no_color).print(class_view(result, prompts))
    if csv_out is not None:
        typer.echo(f"Wrote {csv_out}")


def _write_csv(path: Path, result: ClassReport) -> None:
    """One row per learner and topic, written atomically."""
    import csv

    from studycli.atomic import replacing

    inactive = {id(learner) for learner in result.inactive}
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for learner in result.learners:
            last = learner.last_review.isoformat(timespec="seconds") if learner.last_review else ""
            for topic, figures in learner.topics.items():
                retention = figures.retention
                writer.writerow(
                    [
                        learner.name,
                        topic,
                        figures.cards,
                        figures.seen,
                        figures.mastered,
                        round(figures.mastery, 4),
                        figures.retention_reviews,
                        "" if retention is None else round(retention, 4),
                        last,
                        "yes" if id(learner) in inactive else "no",
                    ]
                )
