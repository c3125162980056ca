"""``studycli optimize`` on a simulated learner whose memory FSRS's defaults get wrong.

The log is generated, not recorded: 300 cards studied daily for a year, scheduled by
studycli's scheduler with the default parameters (as the app would before optimizing),
while recall is sampled from a "true" FSRS model with different parameters. Fitting to
that log should recover a model that predicts it better than the defaults do.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import fsrs_rs_python
import pytest

from studycli import optimize as optimize_module
from studycli.config import Config, load_config
from studycli.optimize import (
    MIN_REVIEWS,
    Evaluation,
    better,
    card_logs,
    clamp_parameters,
    default_parameters,
    optimize,
    save_parameters,
    score,
    training_histories,
)
from studycli.scheduler import CardState, Scheduler
from studycli.store import Review, Store
from tests.conftest import CliRunner

START = datetime(2025, 1, 6, 17, 0, tzinfo=UTC)
REVIEWS = 5_000
CARDS = 300
NEW_PER_DAY = 2

# A learner who forgets faster early on and whose memories grow more slowly than
# FSRS's population defaults assume (initial stabilities and growth factor changed).
TRUE_PARAMETERS = (
    0.1, 0.5, 1.2, 4.0,
    6.4133, 0.8334, 3.0194, 0.001, 1.3, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.3,
)  # fmt: skip


def simulate(count: int, seed: int = 1956) -> list[Review]:
    """*count* reviews of a learner studying once a day, oldest first."""
    rng = random.Random(seed)
    app = Scheduler(Config(fuzz=False))
    truth = Scheduler(Config(parameters=TRUE_PARAMETERS, fuzz=False))
    app_states: dict[str, CardState] = {}
    true_states: dict[str, CardState] = {}
    reviews: list[Review] = []
    introduced = 0
    day = 0
    while len(reviews) < count:
        session = START + timedelta(days=day, minutes=rng.randrange(0, 240))
        end = session + timedelta(hours=1)
        new = [
            f"sim/card-{introduced + i:03d}" for i in range(min(NEW_PER_DAY, CARDS - introduced))
        ]
        introduced += len(new)
        queue = [key for key, state in app_states.items() if state.due <= end] + new
        moment = session
        while queue and len(reviews) < count:
            key = queue.pop(0)
            moment += timedelta(seconds=rng.randrange(10, 40))
            true_state = true_states.get(key)
            if true_state is None:
                rating = rng.choices([1, 2, 3, 4], weights=[20, 10, 60, 10])[0]
            else:
                recall = truth.retrievability(true_state, moment)
                if moment - true_state.due < timedelta(days=1) and true_state.state != 2:
                    recall = 0.9  # same-day learning steps: FSRS predicts 1; be realistic
                recalled = rng.random() < recall
                rating = rng.choices([2, 3, 4], weights=[15, 75, 10])[0] if recalled else 1
            app_states[key] = app.review(app_states.get(key), rating, moment)
            true_states[key] = truth.review(true_state, rating, moment)
            reviews.append(
                Review(
                    id=uuid.UUID(int=rng.getrandbits(128)).hex,
                    card_key=key,
                    reviewed_at=moment,
                    rating=rating,
                    outcome="correct" if rating > 1 else "wrong",
                    score=float(rating > 1),
                    answer="simulated",
                    duration_ms=5000,
                    mode="review",
                )
            )
            if app_states[key].due <= end:  # learning steps come back in the session
                queue.append(key)
        day += 1
    return reviews


@pytest.fixture(scope="module")
def year_log() -> list[Review]:
    return simulate(REVIEWS)


def write_log(home: Path, reviews: list[Review]) -> dict[str, CardState]:
    """Store the log with states as the app would have them (default parameters)."""
    with Store.open(home / "progress.sqlite3") as store:
        store.merge(reviews, Scheduler(Config(fuzz=False)).replay)
        return store.states()


def test_simulated_log_is_a_year_of_300_cards(year_log: list[Review]) -> None:
    assert len(year_log) == REVIEWS
    assert len({review.card_key for review in year_log}) == CARDS
    span = year_log[-1].reviewed_at - year_log[0].reviewed_at
    assert timedelta(days=200) < span < timedelta(days=400)
    assert 0.6 < sum(review.rating > 1 for review in year_log) / REVIEWS < 0.95


def test_optimize_fits_saves_and_reschedules(year_log: list[Review], tmp_path: Path) -> None:
    home = tmp_path / "home"
    before = write_log(home, year_log)
    config_file = home / "config.toml"
    config_file.write_text("new_per_day = 15\nfuzz = false\n", encoding="utf-8")
    with Store.open(home / "progress.sqlite3") as store:
        result = optimize(store, config_file)
        after = store.states()
        log = store.reviews("sim/card-000")

    assert result.needed == 0
    assert result.reviews == REVIEWS
    assert result.fitted_parameters is not None
    assert len(result.fitted_parameters) == 21
    fsrs.Scheduler(parameters=result.fitted_parameters)  # accepted: within fsrs's bounds
    assert result.default is not None
    assert result.fitted is not None
    assert result.fitted.log_loss <= result.default.log_loss
    assert result.fitted.rmse < result.default.rmse
    assert not result.kept_defaults
    assert result.parameters == result.fitted_parameters
    assert result.saved_to == config_file

    config = load_config(config_file)
    assert config.parameters == result.fitted_parameters
    assert config.new_per_day == 15  # other keys kept
    assert config.fuzz is False

    assert result.cards_recomputed == CARDS
    assert set(after) == set(before)
    assert any(after[key] != before[key] for key in before)
    replayed = Scheduler(config).replay([(r.reviewed_at, r.rating) for r in log])
    assert after["sim/card-000"] == replayed


def test_optimize_cli_reports_scores_and_saves(
    year_log: list[Review], studycli_home: Path, cli: CliRunner
) -> None:
    write_log(studycli_home, year_log)
    done = cli("optimize")
    assert done.returncode == 0, done.stderr
    assert f"Reviews used: {REVIEWS}" in done.stdout
    assert "default parameters" in done.stdout
    assert "fitted parameters" in done.stdout
    assert "log loss" in done.stdout
    assert "RMSE" in done.stdout
    assert f"Saved to {studycli_home / 'config.toml'}" in done.stdout
    assert load_config(studycli_home / "config.toml").parameters is not None


def test_too_few_reviews_says_how_many_more_and_changes_nothing(
    year_log: list[Review], studycli_home: Path, cli: CliRunner
) -> None:
    before = write_log(studycli_home, year_log[:100])
    config_file = studycli_home / "config.toml"
    with Store.open(studycli_home / "progress.sqlite3") as store:
        result = optimize(store, config_file)
    assert result.reviews == 100
    assert result.needed == MIN_REVIEWS - 100
    assert result.saved_to is None

    done = cli("optimize")
    assert done.returncode == 0
    assert done.stdout.strip() == (
        "Optimizing needs at least 512 reviews; you have 100 (412 more needed)."
    )
    assert not config_file.exists()
    with Store.open(studycli_home / "progress.sqlite3") as store:
        assert store.states() == before
        assert store.review_count() == 100


def test_worse_fit_keeps_the_defaults(
    year_log: list[Review], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    before = write_log(home, year_log[:1000])
    config_file = home / "config.toml"
    absurd = clamp_parameters([100.0] * 4 + [1.0] * 17)  # every memory lasts for months

    monkeypatch.setattr(optimize_module, "fit_parameters", lambda _histories: absurd)
    with Store.open(home / "progress.sqlite3") as store:
        result = optimize(store, config_file)
        assert store.states() == before

    assert result.kept_defaults
    assert result.parameters is None
    assert result.saved_to is None  # defaults were already in use
    assert not config_file.exists()


def test_worse_fit_removes_earlier_custom_parameters(
    year_log: list[Review], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    write_log(home, year_log[:1000])
    config_file = home / "config.toml"
    config_file.write_text(
        f"desired_retention = 0.85\nparameters = {list(TRUE_PARAMETERS)}\n", encoding="utf-8"
    )
    absurd = clamp_parameters([100.0] * 4 + [1.0] * 17)

    monkeypatch.setattr(optimize_module, "fit_parameters", lambda _histories: absurd)
    with Store.open(home / "progress.sqlite3") as store:
        result = optimize(store, config_file)
        states = store.states()
        log = store.reviews("sim/card-000")

    assert result.kept_defaults
    assert result.saved_to == config_file
    config = load_config(config_file)
    assert config.parameters is None
    assert config.desired_retention == 0.85
    scheduler = Scheduler(Config(desired_retention=0.85, fuzz=False))
    assert states["sim/card-000"] == scheduler.replay([(r.reviewed_at, r.rating) for r in log])


def test_training_items_follow_fsrs_rs_conventions() -> None:
    day = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    reviews = [
        Review("a1", "a", day, 1, "wrong", 0.0, "", None, "review"),
        Review("a2", "a", day + timedelta(minutes=10), 3, "correct", 1.0, "", None, "review"),
        Review(
            "a3", "a", day + timedelta(days=1, minutes=20), 3, "correct", 1.0, "", None, "review"
        ),
        Review("a4", "a", day + timedelta(days=4), 1, "wrong", 0.0, "", None, "review"),
        Review("b1", "b", day + timedelta(days=2), 3, "correct", 1.0, "", None, "review"),
    ]
    histories = training_histories(card_logs(reversed(reviews)))
    # One item per review a day or more later, holding the history up to it; same-day
    # learning steps stay in the history with delta_t 0; a lone first review is no item.
    assert histories == [
        [(1, 0), (3, 0), (3, 1)],
        [(1, 0), (3, 0), (3, 1), (1, 2)],  # 2 days 23 h 40 min: two whole days
    ]


def test_training_counts_24_hour_periods_like_the_scheduler() -> None:
    """A review at 23:00 and one at 09:00 the next morning fall on two study days, but
    the scheduler counts no whole day between them: neither does training."""
    evening = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    reviews = [
        Review("c1", "c", evening, 3, "correct", 1.0, "", None, "review"),
        Review("c2", "c", evening + timedelta(hours=10), 3, "correct", 1.0, "", None, "review"),
        Review("c3", "c", evening + timedelta(hours=58), 1, "wrong", 0.0, "", None, "review"),
    ]
    assert training_histories(card_logs(reviews)) == [[(3, 0), (3, 0), (1, 2)]]
    state = Scheduler(Config(fuzz=False)).replay([(r.reviewed_at, r.rating) for r in reviews[:2]])
    assert state is not None
    assert state.last_review == reviews[1].reviewed_at


def fsrs_rs_figures(
    reviews: list[Review], parameters: tuple[float, ...] | None
) -> tuple[float, float]:
    """fsrs-rs's own evaluation of *parameters* on the log's training items."""
    chosen = list(fsrs.scheduler.DEFAULT_PARAMETERS if parameters is None else parameters)
    items = [
        fsrs_rs_python.FSRSItem([fsrs_rs_python.FSRSReview(r, d) for r, d in history])
        for history in training_histories(card_logs(reviews))
    ]
    result = fsrs_rs_python.FSRS(chosen).evaluate(items)
    return result.log_loss, result.rmse_bins


def test_reported_figures_match_fsrs_rs_evaluate(year_log: list[Review], tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_log(home, year_log)
    with Store.open(home / "progress.sqlite3") as store:
        result = optimize(store, home / "config.toml")
    assert result.default is not None
    assert result.fitted is not None
    for reported, parameters in (
        (result.default, None),
        (result.fitted, result.fitted_parameters),
    ):
        log_loss, rmse = fsrs_rs_figures(year_log, parameters)
        assert reported.log_loss == pytest.approx(log_loss, abs=1e-5)
        assert reported.rmse == pytest.approx(rmse, abs=1e-5)
    assert result.default.reviews == len(training_histories(card_logs(year_log)))


def test_fit_equal_to_the_defaults_is_not_saved(
    year_log: list[Review], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    before = write_log(home, year_log[:1000])
    config_file = home / "config.toml"
    monkeypatch.setattr(optimize_module, "fit_parameters", lambda _h: default_parameters())
    with Store.open(home / "progress.sqlite3") as store:
        result = optimize(store, config_file)
        assert store.states() == before
    assert result.kept_defaults
    assert result.parameters is None
    assert result.saved_to is None
    assert not config_file.exists()


def test_keeping_a_fit_needs_both_log_loss_and_rmse_no_worse() -> None:
    default = Evaluation(log_loss=0.40, rmse=0.05, reviews=100)
    assert better(Evaluation(0.39, 0.04, 100), default)
    assert better(Evaluation(0.40, 0.04, 100), default)
    assert not better(Evaluation(0.39, 0.06, 100), default)  # sharper but miscalibrated
    assert not better(Evaluation(0.41, 0.03, 100), default)
    assert not better(Evaluation(0.40, 0.05, 100), default)  # no gain: no change


def test_parameters_are_clamped_into_fsrs_bounds() -> None:
    clamped = clamp_parameters([-1.0] * 21)
    assert clamped == fsrs.scheduler.LOWER_BOUNDS_PARAMETERS
    fsrs.Scheduler(parameters=clamp_parameters([1000.0] * 21))


def test_save_parameters_writes_valid_toml_atomically(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\nday_rollover_hour = 3\nfuzz = true\n", encoding="utf-8")
    parameters = tuple(float(p) for p in fsrs.scheduler.DEFAULT_PARAMETERS)
    save_parameters(path, parameters)
    config = load_config(path)
    assert config.parameters == parameters
    assert config.day_rollover_hour == 3
    assert path.read_text(encoding="utf-8").startswith("# mine\n")  # comments kept
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    save_parameters(path, None)
    assert load_config(path) == Config(day_rollover_hour=3, fuzz=True)


def test_score_log_loss_and_calibration_rmse() -> None:
    where = (248, 2, 0)
    perfect = score([(0.9, 1, where)] * 9 + [(0.9, 0, where)])
    assert perfect.rmse == pytest.approx(0.0)
    overconfident = score([(0.99, 1, where), (0.99, 0, where)])
    assert overconfident.rmse == pytest.approx(0.49)
    # recency weights 0.25 (oldest) and 1.0 (newest): the newest miss counts most
    assert overconfident.log_loss == pytest.approx(
        (0.25 * -math.log(0.99) + 1.0 * -math.log(0.01)) / 1.25
    )
