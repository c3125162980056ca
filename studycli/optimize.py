"""Fit FSRS parameters to the learner's own review log, and keep them only if they help.

FSRS ships with parameters fitted to millions of other people's reviews. After a few
hundred of their own, a learner's memory is better described by parameters fitted to
their log, so ``studycli optimize`` fits them with ``fsrs-rs-python``: the optimizer
the FSRS authors maintain (the one Anki uses), a small compiled wheel without torch.

One clock for memory: the ``fsrs`` scheduler that applies the parameters counts the
time since a card's last review in whole 24-hour periods
(:func:`~studycli.scheduler.elapsed_days`), so training items, their evaluation, the
schedule and the readiness forecast all count it that way too. A review less than 24
hours after the previous one is a same-day review for all of them, whatever the
calendar says.

The fitted parameters are judged the way the app will use them: every card's log is
replayed through studycli's own :class:`~studycli.scheduler.Scheduler` (the ``fsrs``
package), and before each review that ends a training item its predicted
retrievability is compared with the outcome (recall = any rating but Again). The log
loss and the RMSE over fsrs-rs's bins are the figures fsrs-rs's own ``evaluate``
reports for the same items. The fitted parameters are kept only when they do better
than the defaults on both; otherwise the defaults stay in effect and the result says so.

Saving writes ``parameters`` into ``config.toml`` (atomically, other keys preserved)
and then recomputes every card's state from its log with the parameters now in effect,
because the log is the source of truth and the stored states derive from it.

This module never imports Rich or Typer; ``fsrs_rs_python`` is imported only inside
the fit, so no other command pays for it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studycli.config import PARAMETER_COUNT, Config, load_config, update_config
from studycli.errors import StudyError
from studycli.scheduler import Scheduler, elapsed_days

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

    from studycli.store import Review, Store

MIN_REVIEWS = 512
"""Fewer reviews than this fit noise rather than memory (Anki asks for a similar amount)."""

PROBABILITY_FLOOR = 1e-4
"""Predictions are clipped to [floor, 1 - floor] for log loss, so one confident miss
cannot make the loss infinite (FSRS's retrievability a day or more after a review is
never that close to 0 or 1, so the clip does not move the figure)."""

DECIMALS = 4
"""Saved parameters are rounded like Anki shows them; the scores use the rounded values."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a set of parameters predicted the log it was scored on.

    ``log_loss`` is the mean binary cross-entropy of predicted retrievability against
    recall. ``rmse`` is the calibration RMSE of fsrs-rs's ``evaluate`` (its
    ``rmse_bins``): the reviews are binned by interval, number of earlier long-term
    reviews and lapses, and it is the square root of the count-weighted mean of
    (mean prediction - recall rate)^2 over the bins. Both match what fsrs-rs reports
    for the same training items, so the figures can be checked against it.
    """

    log_loss: float
    rmse: float
    reviews: int


@dataclass(frozen=True, slots=True)
class OptimizeResult:
    """What ``optimize`` found and did; ``needed > 0`` means it did nothing."""

    reviews: int
    needed: int = 0
    training_items: int = 0
    default: Evaluation | None = None
    fitted: Evaluation | None = None
    fitted_parameters: tuple[float, ...] | None = None
    kept_defaults: bool = False
    parameters: tuple[float, ...] | None = None
    saved_to: Path | None = None
    cards_recomputed: int = 0
    fit_seconds: float = 0.0


# -- turning the log into training items ---------------------------------------------


def card_logs(reviews: Iterable[Review]) -> dict[str, list[tuple[datetime, int]]]:
    """Each card's (time, rating) history, oldest first."""
    logs: dict[str, list[tuple[datetime, int]]] = {}
    for review in reviews:
        logs.setdefault(review.card_key, []).append((review.reviewed_at, review.rating))
    for log in logs.values():
        log.sort()
    return logs


def training_histories(
    logs: dict[str, list[tuple[datetime, int]]],
) -> list[list[tuple[int, int]]]:
    """The fsrs-rs training items as (rating, delta_t) lists, ordered by their last review.

    fsrs-rs's convention: one item per review that comes a day or more after the card's
    previous review, holding the card's whole history up to and including it;
    ``delta_t`` is the number of whole 24-hour periods since the previous review, the
    scheduler's clock (0 for the first review and for same-day reviews, which stay in
    the history so the short-term model sees them). The item's last review is what the
    model learns to predict, and a same-day review has no long-term interval to learn
    from, so it ends no item; items without any long-term review are dropped. Anki also
    cuts each history at the card's last reset ("forget"); studycli has no resets, and
    its ratings are always 1-4, so every card's log starts with its first learning
    review and is used whole.
    """
    dated: list[tuple[datetime, list[tuple[int, int]]]] = []
    for log in logs.values():
        history: list[tuple[int, int]] = []
        previous: datetime | None = None
        for when, rating in log:
            delta_t = 0 if previous is None else elapsed_days(previous, when)
            history.append((rating, delta_t))
            if delta_t > 0:
                dated.append((when, list(history)))
            previous = when
    dated.sort(key=lambda pair: pair[0])
    return [history for _when, history in dated]


def _items(histories: Sequence[Sequence[tuple[int, int]]]) -> list[FSRSItem]:
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = [
        FSRSItem([FSRSReview(rating, delta_t) for rating, delta_t in history])
        for history in histories
    ]
    return [item for item in items if item.long_term_review_cnt() > 0]


# -- fitting -------------------------------------------------------------------------


def default_parameters() -> tuple[float, ...]:
    """The ``fsrs`` package's defaults, rounded as saved parameters are."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(round(float(value), DECIMALS) for value in DEFAULT_PARAMETERS)


def clamp_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Round and clamp into the bounds the ``fsrs`` package accepts.

    fsrs-rs and the ``fsrs`` package clip parameters to slightly different ranges, and
    ``fsrs.Scheduler`` refuses any value outside its own, so this is what makes a fitted
    set usable by the scheduler.
    """
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    if len(parameters) != PARAMETER_COUNT:
        raise StudyError(
            f"the optimizer returned {len(parameters)} parameters, expected {PARAMETER_COUNT}"
        )
    return tuple(
        min(max(round(float(value), DECIMALS), low), high)
        for value, low, high in zip(
            parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def fit_parameters(histories: Sequence[Sequence[tuple[int, int]]]) -> tuple[float, ...]:
    """Fit FSRS-6 parameters (short-term model on) to the training histories."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    items = _items(histories)
    if not items:
        raise StudyError(
            "none of your reviews comes a day or more after the card's previous one, "
            "so there is nothing to fit; keep reviewing over several days"
        )
    try:
        fitted = FSRS(DEFAULT_PARAMETERS).compute_parameters(items, enable_short_term=True)
    except (ValueError, RuntimeError) as error:  # fsrs-rs reports bad data this way
        raise StudyError(f"the FSRS optimizer could not fit your reviews: {error}") from error
    return clamp_parameters(fitted)


# -- scoring -------------------------------------------------------------------------


Bin = tuple[int, int, int]
"""fsrs-rs's calibration bin of a prediction: interval, review count and lapse buckets."""

Prediction = tuple[float, int, Bin]
"""A scored review: predicted recall, whether it was recalled (0/1), its bin."""


def rmse_bin(delta_t: int, long_term_reviews: int, lapses: int) -> Bin:
    """fsrs-rs's ``r_matrix_index``: log-spaced buckets of the interval (days), of the
    item's long-term review count plus one, and of the lapses before it."""
    delta_bin = round(2.48 * 3.62 ** math.floor(math.log(delta_t, 3.62)) * 100)
    length = long_term_reviews + 1
    length_bin = round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))
    if lapses == 0:
        return delta_bin, length_bin, 0
    return delta_bin, length_bin, round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73)))


def evaluate(
    logs: dict[str, list[tuple[datetime, int]]], parameters: Sequence[float] | None
) -> Evaluation:
    """Score *parameters* (None = the defaults) on the log, as the app would predict it.

    Each card is replayed through studycli's scheduler without fuzz; before each review
    that ends a training item (a day or more after the previous review) the predicted
    retrievability is compared with the outcome, so both parameter sets are scored on
    exactly the reviews the optimizer learned from, in the bins fsrs-rs uses.
    """
    config = Config(parameters=None if parameters is None else tuple(parameters), fuzz=False)
    scheduler = Scheduler(config)
    dated: list[tuple[datetime, Prediction]] = []
    for log in logs.values():
        state = None
        previous: datetime | None = None
        long_term = lapses = 0
        for when, rating in log:
            delta_t = 0 if previous is None else elapsed_days(previous, when)
            if state is not None and delta_t > 0:
                long_term += 1
                recalled = int(rating > 1)
                where = rmse_bin(delta_t, long_term, lapses)
                dated.append((when, (scheduler.retrievability(state, when), recalled, where)))
                lapses += 1 - recalled
            state = scheduler.review(state, rating, when)
            previous = when
    dated.sort(key=lambda pair: pair[0])
    return score([prediction for _when, prediction in dated])


def recency_weights(count: int) -> list[float]:
    """fsrs-rs's weights for *count* predictions, oldest first: from 0.25 for the oldest
    to 1 for the newest, rising with the cube of the position, so the figures say most
    about how the learner remembers now."""
    span = max(count - 1, 1)
    return [0.25 + 0.75 * (index / span) ** 3 for index in range(count)]


def score(predictions: Sequence[Prediction]) -> Evaluation:
    """Log loss and binned calibration RMSE of (predicted recall, recalled 0/1, bin)
    triples, oldest first, weighted by :func:`recency_weights` as fsrs-rs weighs them."""
    if not predictions:
        return Evaluation(log_loss=math.nan, rmse=math.nan, reviews=0)
    loss = 0.0
    # bin -> [count, sum of predictions, sum of outcomes, sum of weights]
    bins: dict[Bin, list[float]] = {}
    weights = recency_weights(len(predictions))
    for (predicted, recalled, where), weight in zip(predictions, weights, strict=True):
        p = min(max(predicted, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR)
        loss -= weight * (math.log(p) if recalled else math.log(1 - p))
        totals = bins.setdefault(where, [0.0, 0.0, 0.0, 0.0])
        totals[0] += 1
        totals[1] += predicted
        totals[2] += recalled
        totals[3] += weight
    squares = sum(w * (p_sum / n - y_sum / n) ** 2 for n, p_sum, y_sum, w in bins.values())
    total = sum(weights)
    return Evaluation(
        log_loss=loss / total, rmse=math.sqrt(squares / total), reviews=len(predictions)
    )


def better(fitted: Evaluation, default: Evaluation) -> bool:
    """Whether the fitted parameters earn their place: no worse than the defaults in log
    loss (sharpness) nor in RMSE (calibration), and better in at least one. A fit that
    only trades calibration for log loss, or the reverse, is not worth a change."""
    no_worse = fitted.log_loss <= default.log_loss and fitted.rmse <= default.rmse
    return no_worse and (fitted.log_loss < default.log_loss or fitted.rmse < default.rmse)


# -- saving --------------------------------------------------------------------------


def save_parameters(path: Path, parameters: Sequence[float] | None) -> None:
    """Set (or, for None, remove) ``parameters`` in *path*, keeping every other key and
    the learner's comments (:func:`~studycli.config.update_config`)."""
    update_config(
        path, {"parameters": None if parameters is None else [float(v) for v in parameters]}
    )


# -- the whole thing -----------------------------------------------------------------


def optimize(store: Store, config_file: Path) -> OptimizeResult:
    """Fit, score, and save the better of the fitted and the default parameters.

    With fewer than :data:`MIN_REVIEWS` reviews nothing is fitted or changed and the
    result says how many more are needed. When the fitted parameters do not predict this
    log better than the defaults (:func:`better`), or are the defaults (fsrs-rs returns
    them when the log is too thin to move them), the defaults are kept: ``parameters``
    is removed from the config if it was there. Card states are recomputed whenever the parameters
    in effect change.
    """
    config = load_config(config_file)
    reviews = store.reviews()
    if len(reviews) < MIN_REVIEWS:
        return OptimizeResult(reviews=len(reviews), needed=MIN_REVIEWS - len(reviews))
    logs = card_logs(reviews)
    histories = training_histories(logs)
    started = time.perf_counter()
    fitted_parameters = fit_parameters(histories)
    fit_seconds = time.perf_counter() - started
    default = evaluate(logs, None)
    fitted = evaluate(logs, fitted_parameters)
    same_as_defaults = fitted_parameters == default_parameters()
    kept_defaults = same_as_defaults or not better(fitted, default)
    chosen = None if kept_defaults else fitted_parameters
    recomputed = 0
    saved_to: Path | None = None
    if chosen != config.parameters:
        save_parameters(config_file, chosen)
        saved_to = config_file
        from studycli.plan import replay_scheduler

        scheduler = replay_scheduler(replace(config, parameters=chosen))
        recomputed = store.replay_states(scheduler.replay)
    return OptimizeResult(
        reviews=len(reviews),
        training_items=len(histories),
        default=default,
        fitted=fitted,
        fitted_parameters=fitted_parameters,
        kept_defaults=kept_defaults,
        parameters=chosen,
        saved_to=saved_to,
        cards_recomputed=recomputed,
        fit_seconds=fit_seconds,
    )
