"""``studycli plan``: an exam date, new cards paced to it, nothing scheduled past it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer

from studycli.cli.options import JsonOption
from studycli.cli.state import get_state


def plan(
    ctx: typer.Context,
    exam: Annotated[
        str | None,
        typer.Option(
            "--exam", metavar="DATE", help="Set the exam date, YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    margin: Annotated[
        int | None,
        typer.Option(
            "--margin",
            min=0,
            max=365,
            metavar="DAYS",
            help="Introduce every card this many days before the exam (default 14).",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the exam date.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Study for an exam date: pace new cards, keep every review before the exam.

    Examples:

    \b
      studycli plan --exam 2027-05-14
      studycli plan
      studycli plan --clear
    """
    from studycli.cli.readiness import parse_day
    from studycli.config import update_config
    from studycli.errors import StudyError
    from studycli.paths import config_path
    from studycli.plan import check_exam, forecast_plan, median_seconds, study_day
    from studycli.scheduler import day_bounds
    from studycli.store import open_store

    state = get_state(ctx)
    path = config_path(state.home)
    config = state.config()
    now = datetime.now(UTC)
    today = study_day(now, config.day_rollover_hour)
    if clear:
        if exam or margin is not None:
            raise StudyError("--clear cannot be combined with --exam or --margin")
        update_config(path, {"exam_date": None, "exam_margin_days": None})
        message = (
            f"Exam date cleared; review introduces up to {config.new_per_day} new cards a day."
        )
        typer.echo(json.dumps({"exam_date": None}) if as_json else message)
        return
    changes: dict[str, object | None] = {}
    if margin is not None:
        if not exam and config.exam_date is None:
            raise StudyError("--margin needs an exam date: add --exam YYYY-MM-DD")
        changes["exam_margin_days"] = margin
    if exam or margin is not None:
        day = parse_day(exam, "--exam") if exam else config.exam_date
        assert day is not None
        check_exam(day, today, config.exam_margin_days if margin is None else margin)
        if exam:
            changes["exam_date"] = day
    if changes:
        update_config(path, changes)
        config = state.config()
    if config.exam_date is None:
        message = "No exam date set. `studycli plan --exam YYYY-MM-DD` sets one."
        typer.echo(json.dumps({"exam_date": None}) if as_json else message)
        return
    cards = state.library().cards()
    with open_store(state.home) as store:
        day_begins, _end = day_bounds(now, config.day_rollover_hour)
        result = forecast_plan(
            cards,
            store.states({card.key for card in cards}),
            config,
            now=now,
            introduced_today=store.introduced_since(day_begins),
            seconds_per_review=median_seconds(r.duration_ms for r in store.reviews()),
        )
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2))
        return
    from studycli.ui.forecast_view import plan_lines

    typer.echo("\n".join(plan_lines(result, today)))
