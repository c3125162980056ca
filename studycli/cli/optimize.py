"""``studycli optimize``: fit FSRS parameters to your own reviews."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from studycli.cli.options import JsonOption
from studycli.cli.state import get_state

if TYPE_CHECKING:
    from studycli.optimize import OptimizeResult


def optimize(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """Fit FSRS parameters to your review log; keep them if they predict it better.

    Examples:

    \b
      studycli optimize
      studycli optimize --json
    """
    from studycli.optimize import MIN_REVIEWS, optimize
    from studycli.paths import config_path
    from studycli.store import open_store

    state = get_state(ctx)
    with open_store(state.home) as store:
        result = optimize(store, config_path(state.home))
    if as_json:
        typer.echo(json.dumps(_as_json(result), indent=2))
        return
    if result.needed:
        typer.echo(
            f"Optimizing needs at least {MIN_REVIEWS} reviews; "
            f"you have {result.reviews} ({result.needed} more needed)."
        )
        return
    for line in _report(result):
        typer.echo(line)


def _report(result: OptimizeResult) -> list[str]:
    lines = [
        f"Reviews used: {result.reviews} ({result.training_items} predictions to fit; "
        f"fitted in {result.fit_seconds:.1f} s)",
    ]
    if result.default is not None and result.fitted is not None:
        lines += [
            f"Predictions scored: {result.default.reviews} (reviews a day or more after the last)",
            f"{'':21}{'log loss':>14} {'RMSE':>7}",
            f"  default parameters {result.default.log_loss:>14.4f} {result.default.rmse:>7.4f}",
            f"  fitted parameters  {result.fitted.log_loss:>14.4f} {result.fitted.rmse:>7.4f}",
        ]
    if result.kept_defaults:
        lines.append(
            "The fitted parameters do not predict your reviews better than the defaults "
            "(log loss and RMSE); keeping the defaults."
        )
    if result.saved_to is None:
        lines.append("Nothing changed: these parameters were already in use.")
    else:
        what = "Removed custom parameters from" if result.parameters is None else "Saved to"
        lines.append(f"{what} {result.saved_to}; {result.cards_recomputed} cards rescheduled.")
    return lines


def _as_json(result: OptimizeResult) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(result)
    data["saved_to"] = None if result.saved_to is None else str(result.saved_to)
    return data
