"""sim.experiments.comparison: common random numbers, ensemble summaries and the landscape, checked against sim."""

import numpy as np
import pytest

from sim import TrainingConfig, train, train_many
from sim.config import MAX_SEED
from sim.experiments.comparison import (
    COMPARED,
    DISPLAY_POINTS,
    ENSEMBLE_POINTS,
    display_indices,
    ensemble_seeds,
    ensemble_summary,
    fixed_ensemble_seeds,
    handlings_to_compare,
    landscape,
    landscape_range,
    optimum_is_best,
    policy_curves,
    side_by_side,
)
from sim.training import random_streams
from sim.truth.best import best_bias, best_expected_reward
from sim.truth.expected_reward import expected_reward
from sim.truth.push import mean_push

CONFIG = TrainingConfig(steps=4000)


@pytest.fixture(scope="module")
def side():
    return side_by_side(CONFIG, handlings_to_compare(include_ignore_reward=True))


def test_every_run_sees_the_same_hunger_and_draws(side):
    hunger, draws = random_streams(CONFIG)
    assert side.same_streams
    assert np.array_equal(side.first_hunger, hunger[: len(side.first_hunger)])
    assert np.array_equal(side.first_draws, draws[: len(side.first_draws)])
    # Step 1 starts from the same bias with the same draw, so every rule takes the same action...
    assert len({int(run.first_actions[0]) for run in side.runs.values()}) == 1
    # ...and the rules then move the bias differently.
    assert side.runs["correct"].first_biases[0] == -side.runs["flip_sign"].first_biases[0] != 0


def test_each_run_is_train_with_that_handling_and_the_shared_seed(side):
    shown = side.steps - 1
    for handling, run in side.runs.items():
        history = train(CONFIG.replace(reward_handling=handling))
        assert np.array_equal(run.bias, history.bias[shown])
        assert np.array_equal(run.expected_reward, history.expected_reward[shown])
        assert run.final_bias == history.bias[-1]
        assert run.verdict == history.verdict()


def test_verdicts_for_the_lecture_settings(side):
    kinds = {handling: run.verdict.kind for handling, run in side.runs.items()}
    assert kinds == {
        "correct": "settling",
        "ignore_sign": "wandering",
        "flip_sign": "running away",
        "ignore_reward": "wandering",
    }
    flipped = side.runs["flip_sign"]
    assert flipped.verdict.text == "running away: always B"
    assert flipped.diverged_bias == train(CONFIG.replace(reward_handling="flip_sign")).bias[flipped.verdict.diverged_at]
    assert side.best.drawn == -10 and side.best.reward == pytest.approx(expected_reward(20, -10))


def test_display_indices_keep_the_ends_and_stay_small():
    assert np.array_equal(display_indices(5), np.arange(5))
    for steps in (DISPLAY_POINTS, DISPLAY_POINTS + 1, 4000, 20_000):
        shown = display_indices(steps)
        assert len(shown) <= DISPLAY_POINTS and shown[0] == 0 and shown[-1] == steps - 1
        assert np.all(np.diff(shown) > 0)


def test_ensemble_summary_matches_train_many():
    config = CONFIG.replace(reward_handling="ignore_sign", steps=3000)
    seeds = range(5, 65)
    summary = ensemble_summary(config, seeds)
    ensemble = train_many(config, seeds)
    shown = display_indices(config.steps, ENSEMBLE_POINTS)
    assert np.allclose(summary.median, np.median(ensemble.bias[:, shown], axis=0))
    assert np.allclose(summary.low, np.quantile(ensemble.bias[:, shown], 0.1, axis=0))
    assert np.allclose(summary.high, np.quantile(ensemble.bias[:, shown], 0.9, axis=0))
    assert np.array_equal(summary.final_bias, ensemble.bias[:, -1])
    assert np.allclose(summary.final_expected_reward, ensemble.expected_reward[:, -1])
    tail_mean = ensemble.bias[:, -750:].mean(axis=1)
    assert summary.share_settled == np.mean(np.abs(tail_mean + 10) <= 2)
    assert summary.median_final_bias == np.median(ensemble.bias[:, -1])
    assert summary.seeds == tuple(seeds)


def test_chunking_does_not_change_the_summary():
    config = CONFIG.replace(steps=500, reward_handling="flip_sign")
    whole = ensemble_summary(config, range(30))
    chunked = ensemble_summary(config, range(30), chunk_seed_steps=7 * 500)  # chunks of 7 seeds
    for name in ("low", "median", "high", "final_bias", "final_expected_reward", "tail_mean_bias"):
        assert np.array_equal(getattr(whole, name), getattr(chunked, name)), name


def test_the_ensemble_tells_the_lesson():
    summaries = {h: ensemble_summary(CONFIG.replace(reward_handling=h), range(100)) for h in COMPARED}
    assert summaries["correct"].share_settled >= 0.95
    assert summaries["flip_sign"].share_settled == 0 and summaries["flip_sign"].median_final_bias > 2
    assert summaries["ignore_sign"].share_settled <= 0.3
    spread = summaries["ignore_sign"].high - summaries["ignore_sign"].low
    quarter, half = len(spread) // 4, len(spread) // 2
    assert spread[quarter] < spread[half] < spread[-1]  # the random walk keeps spreading
    correct_spread = summaries["correct"].high - summaries["correct"].low
    assert correct_spread[-1] < 3


def test_ensemble_seeds_stay_in_range():
    assert ensemble_seeds(7, 200) == range(7, 207)
    near_the_end = ensemble_seeds(MAX_SEED, 10)
    assert len(near_the_end) == 10 and near_the_end[-1] == MAX_SEED


def test_landscape_peaks_at_the_optimum_and_the_rules_push_as_the_lesson_says():
    land = landscape(CONFIG, {"correct": -11.0, "ignore_sign": -24.0, "flip_sign": 6.0}, look_from=0.0)
    assert land.bias[0] <= -24 and land.bias[-1] >= 6
    assert abs(land.bias[np.argmax(land.reward)] - land.best.drawn) <= land.bias[1] - land.bias[0]
    assert land.push_at_look_from["correct"] < 0 < land.push_at_look_from["flip_sign"]  # uphill is to the left
    assert land.push_at_look_from["flip_sign"] == pytest.approx(-land.push_at_look_from["correct"])
    assert abs(land.push_at_look_from["ignore_sign"]) < 1e-12
    assert np.allclose(land.push["correct"], mean_push(land.bias, 20.0, 1.0, "correct"))
    assert land.now["flip_sign"] == (6.0, pytest.approx(expected_reward(20, 6.0)))
    # Left of the peak the correct rule pushes right, right of it left: it climbs J from both sides.
    left, right = land.bias < land.best.drawn - 1, land.bias > land.best.drawn + 1
    assert np.all(land.push["correct"][left] >= 0) and np.all(land.push["correct"][right] <= 0)


def test_landscape_range_covers_a_flat_neuron():
    low, high = landscape_range(TrainingConfig(weight=0.0))
    assert low < 0 < high and high - low >= 10


def test_policy_curves_cross_one_half_at_the_threshold_for_the_best_bias():
    hunger, curves, best = policy_curves(CONFIG, {"correct": -10.0, "flip_sign": 6.0})
    assert best[np.argmin(np.abs(hunger - 0.5))] == pytest.approx(0.5)
    assert np.all(curves["flip_sign"] > 0.99)  # always B


def test_optimum_is_best_only_when_the_hill_peaks_there():
    assert optimum_is_best(CONFIG) and optimum_is_best(CONFIG.replace(weight=100.0))
    assert not optimum_is_best(CONFIG.replace(weight=0.0))  # p(B) ignores hunger: every bias is as good
    assert not optimum_is_best(CONFIG.replace(weight=-20.0))  # p(B) falls with hunger: the wrong way round
    assert not optimum_is_best(CONFIG.replace(reward_threshold=1.0))  # never hungry: "always A" is best


def test_the_comparison_uses_the_true_best_and_the_runs_hunger():
    config = TrainingConfig(steps=1500, weight=5.0, reward_threshold=0.2)
    side = side_by_side(config)
    assert side.best.drawn == side.best.bias == pytest.approx(best_bias(5.0, 0.2))
    assert side.best.reward == pytest.approx(best_expected_reward(5.0, 0.2)) and side.lecture_optimum == -1.0
    land = landscape(config, {"correct": side.runs["correct"].final_bias}, look_from=0.0)
    assert land.best.drawn == side.best.drawn and land.best.reward == side.best.reward
    assert land.reward.max() <= land.best.reward + 1e-12
    fixed = TrainingConfig(steps=500, hunger=0.2)
    land = landscape(fixed, {"correct": -12.0}, look_from=0.0)
    assert np.allclose(land.reward, expected_reward(20.0, land.bias, hunger=0.2))  # J at hunger 0.2 only
    assert land.best.saturated and land.best.bias == -np.inf and land.best.reward == 1.0


def test_a_saturated_best_has_no_band_but_finite_numbers_to_draw():
    config = TrainingConfig(steps=1000, reward_threshold=0.0)
    side = side_by_side(config)
    assert side.best.saturated and side.best.words == "always B (bias → +∞)" and np.isfinite(side.best.drawn)
    summary = ensemble_summary(config, range(20))
    assert summary.best.saturated and np.isfinite(summary.best.drawn)
    assert summary.share_settled == 1.0  # every seed ends at always B, the best here
    assert summary.median_final_expected_reward > 0.99
    hunger, curves, best = policy_curves(config, {"correct": 5.0})
    assert np.all(best == 1.0)  # the best policy's curve: always B


def test_ensemble_settled_share_is_near_the_true_best():
    config = TrainingConfig(steps=2000, weight=-20.0)
    summary = ensemble_summary(config, range(20))
    assert summary.best.reward == 0.0 and summary.share_settled >= 0.9  # the correct sign reaches always A (or B)
    flipped = ensemble_summary(config.replace(reward_handling="flip_sign"), range(20))
    assert flipped.share_settled == 0.0  # held near the worst bias, +10, the lecture's -w*t


def test_the_comparisons_ensemble_seeds_do_not_depend_on_the_runs_seed():
    assert fixed_ensemble_seeds(200) == range(0, 200)
    assert fixed_ensemble_seeds(1) == range(0, 1)
