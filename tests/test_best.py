"""The best bias and the expected reward, checked against brute force: dense grids, plain loops, many draws."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.policy import REWARD_HANDLINGS, handled_reward, probability_of_b, reward_for
from sim.truth.best import (
    best_bias,
    best_expected_reward,
    best_policy,
    describe_best,
    optimal_bias,
)
from sim.truth.expected_reward import expected_reward, reward_slope
from sim.truth.push import mean_push, push_factor

WEIGHTS = st.sampled_from([0.0, -20.0, 20.0, 1e-7]) | st.floats(-100, 100)
THRESHOLDS = st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0, 1)
HUNGERS = st.none() | st.sampled_from([0.0, 1.0]) | st.floats(0, 1)


def brute_force_reward(weight, bias, threshold, size=1.0, hunger=None, n=20_000):
    """Mean reward of the policy's own choices, as a plain average over a hunger grid (or the one hunger)."""
    hungers = (np.arange(n) + 0.5) / n if hunger is None else np.array([hunger])
    p = probability_of_b(hungers, weight, bias)
    good_is_b = np.where(hungers >= threshold, size, -size)
    return float(np.mean(p * good_is_b - (1 - p) * good_is_b))


@settings(max_examples=60, deadline=None)
@given(weight=WEIGHTS, threshold=THRESHOLDS, hunger=HUNGERS)
def test_best_bias_and_reward_match_a_dense_grid(weight, threshold, hunger):
    reach = abs(weight) + 60.0  # beyond this p(B) is within e^-60 of 0 or 1 at every hunger
    grid = np.linspace(-reach, reach, 200_001)
    rewards = expected_reward(weight, grid, threshold, 1.0, hunger)
    best = best_bias(weight, threshold, hunger)
    reward = best_expected_reward(weight, threshold, 1.0, hunger)
    assert rewards.max() <= reward + 1e-9  # nothing on the grid beats it
    if np.isnan(best):  # every bias is as good
        assert np.ptp(rewards) < 1e-9 and describe_best(weight, threshold, hunger).startswith("any bias")
    elif np.isfinite(best):
        assert expected_reward(weight, best, threshold, 1.0, hunger) == pytest.approx(reward, abs=1e-12)
        assert rewards.max() == pytest.approx(reward, abs=1e-6)  # the grid's best is as good, to its resolution
        assert describe_best(weight, threshold, hunger).startswith("bias ")
    else:  # saturated: the reward is the limit, reached at the grid's end on the best's side
        end = rewards[-1] if best > 0 else rewards[0]
        assert end == pytest.approx(reward, abs=1e-9)
        assert ("always B" if best > 0 else "always A") in describe_best(weight, threshold, hunger)


@settings(max_examples=40, deadline=None)
@given(weight=WEIGHTS, bias=st.floats(-60, 60), threshold=THRESHOLDS, size=st.floats(0.01, 100), hunger=HUNGERS)
def test_expected_reward_is_the_average_reward_over_the_runs_hunger(weight, bias, threshold, size, hunger):
    exact = expected_reward(weight, bias, threshold, size, hunger)
    assert exact == pytest.approx(brute_force_reward(weight, bias, threshold, size, hunger), abs=2e-3 * size)


def test_fixed_hunger_gives_the_reward_at_that_hunger():
    # Hunger always 0.2 (not hungry): A is right, so J = (1 - 2 p(B | 0.2)) at any weight.
    p = probability_of_b(0.2, 20.0, -14.7)
    assert expected_reward(20.0, -14.7, 0.5, 1.0, hunger=0.2) == pytest.approx(1 - 2 * p)
    assert expected_reward(20.0, -14.7, 0.5, 1.0) == pytest.approx(0.529, abs=1e-3)  # uniform: a different number
    assert expected_reward(20.0, 0.0, 0.5, 2.0, hunger=1.0) == pytest.approx(2.0, abs=1e-8)


def brute_force_drift(bias, weight, learning_rate, handling, threshold, size, hunger, n=20_000):
    """Mean change of the bias: every hunger on a grid, both actions weighted by their chance, the lecture's step."""
    hungers = (np.arange(n) + 0.5) / n if hunger is None else np.array([hunger])
    p = probability_of_b(hungers, weight, bias)
    drift = 0.0
    for action, chance in ((1, p), (0, 1 - p)):
        reward = reward_for(hungers, np.full_like(hungers, action), threshold, size)
        drift = drift + chance * -learning_rate * (p - action) * handled_reward(reward, handling)
    return float(np.mean(drift))


@settings(max_examples=60, deadline=None)
@given(
    bias=st.floats(-40, 40), weight=WEIGHTS, learning_rate=st.floats(1e-3, 100),
    handling=st.sampled_from(REWARD_HANDLINGS), threshold=THRESHOLDS, size=st.floats(0.01, 100), hunger=HUNGERS,
)  # fmt: skip
def test_mean_drift_is_the_average_step(bias, weight, learning_rate, handling, threshold, size, hunger):
    exact = mean_push(bias, weight, learning_rate, handling, threshold, size, hunger)
    loop = brute_force_drift(bias, weight, learning_rate, handling, threshold, size, hunger)
    assert exact == pytest.approx(loop, abs=1e-3 * learning_rate * size)
    if handling == "correct":  # the rule climbs J: learning_rate * dJ/dbias
        assert exact == pytest.approx(learning_rate * reward_slope(weight, bias, threshold, size, hunger), rel=1e-9)


@pytest.mark.parametrize("weight, bias, threshold", [(20, -10, 0.5), (5, 0.3, 0.2), (-20, 3, 0.3), (1e-3, 40, 0.4)])
def test_reward_slope_is_the_derivative_of_expected_reward(weight, bias, threshold):
    h = 1e-5
    numeric = (expected_reward(weight, bias + h, threshold) - expected_reward(weight, bias - h, threshold)) / (2 * h)
    assert reward_slope(weight, bias, threshold) == pytest.approx(numeric, abs=2e-6)


def test_the_lecture_formula_is_the_best_bias_only_at_threshold_one_half():
    assert optimal_bias(20.0, 0.5) == -10.0 == best_bias(20.0, 0.5)
    assert best_bias(5.0, 0.2) == pytest.approx(0.2754, abs=1e-3)  # not -1
    assert best_expected_reward(5.0, 0.2) == pytest.approx(0.631, abs=1e-3)  # not 0.578 (the reward at -1)
    assert expected_reward(5.0, optimal_bias(5.0, 0.2), 0.2) == pytest.approx(0.578, abs=1e-3)


@pytest.mark.parametrize(
    "weight, threshold, hunger, bias, reward, words",
    [
        (2.0, 0.2, None, math.inf, 0.6, "always B (bias → +∞)"),
        (-20.0, 0.5, None, math.inf, 0.0, "always A or always B (bias → ±∞)"),
        (20.0, 0.0, None, math.inf, 1.0, "always B (bias → +∞)"),
        (20.0, 1.0, None, -math.inf, 1.0, "always A (bias → −∞)"),
        (20.0, 0.5, 0.2, -math.inf, 1.0, "always A (bias → −∞)"),
        (20.0, 0.5, 1.0, math.inf, 1.0, "always B (bias → +∞)"),
        (20.0, 0.5, None, -10.0, 0.8614, "bias −10"),
    ],
)
def test_saturated_bests_in_numbers_and_words(weight, threshold, hunger, bias, reward, words):
    assert best_bias(weight, threshold, hunger) == pytest.approx(bias)
    assert best_expected_reward(weight, threshold, 1.0, hunger) == pytest.approx(reward, abs=1e-4)
    assert describe_best(weight, threshold, hunger) == words
    best = best_policy(weight, threshold, 1.0, hunger)
    assert best.saturated == math.isinf(bias) and math.isfinite(best.drawn)


def test_weight_minus_twenty_the_lecture_formula_is_the_worst_bias():
    assert optimal_bias(-20.0, 0.5) == 10.0
    assert expected_reward(-20.0, 10.0) == pytest.approx(-0.861, abs=1e-3)
    assert best_policy(-20.0).turn == pytest.approx(10.0)  # the bottom of J's valley
    assert np.all(expected_reward(-20.0, np.linspace(-200, 200, 4001)) >= -0.8614)


def test_vectorised_best_matches_one_at_a_time():
    weights = np.array([-30.0, 0.0, 1e-8, 2.0, 5.0, 20.0, 100.0])
    many = best_bias(weights, 0.2)
    for w, b in zip(weights, many):
        assert b == best_bias(float(w), 0.2) or (np.isnan(b) and np.isnan(best_bias(float(w), 0.2)))
    assert np.allclose(best_expected_reward(weights, 0.2), [best_expected_reward(float(w), 0.2) for w in weights])


ODDS = st.sampled_from([(0.2, 0.8), (0.8, 0.2), (0.5, 0.5), (0.0, 1.0), (1.0, 0.0)]) | st.tuples(
    st.floats(0, 1), st.floats(0, 1)
)


@settings(max_examples=60, deadline=None)
@given(weight=WEIGHTS, threshold=THRESHOLDS, hunger=HUNGERS, odds=ODDS)
def test_with_odds_the_best_bias_and_reward_match_a_dense_grid(weight, threshold, hunger, odds):
    reach = abs(weight) + 60.0
    grid = np.linspace(-reach, reach, 100_001)
    rewards = expected_reward(weight, grid, threshold, 0.99, hunger, odds)
    best = best_policy(weight, threshold, 0.99, hunger, odds)
    assert best.reward == pytest.approx(float(best_expected_reward(weight, threshold, 0.99, hunger, odds)))
    assert best.bias == best_bias(weight, threshold, hunger, odds) or (np.isnan(best.bias) and best.shape == "flat")
    assert rewards.max() <= best.reward + 1e-9  # nothing on the grid beats it
    if np.isnan(best.bias):
        assert np.ptp(rewards) < 1e-8 and best.words.startswith("any bias")
    elif np.isfinite(best.bias):
        assert expected_reward(weight, best.bias, threshold, 0.99, hunger, odds) == pytest.approx(
            best.reward, abs=1e-12
        )
        assert rewards.max() == pytest.approx(best.reward, abs=1e-5) and best.words.startswith("bias ")
    else:
        end = rewards[-1] if best.bias > 0 else rewards[0]
        assert end == pytest.approx(best.reward, abs=1e-8)
        assert ("always B" if best.bias > 0 else "always A") in best.words or "always A or always B" in best.words
        side = 1 if best.bias > 0 else -1
        assert side in best.best_sides and math.isfinite(best.drawn)


def test_odds_the_other_way_round_mirror_the_best():
    # A gives the large order more often: J = -0.6 J_lecture, so the lecture's best bias (-10) is now the bottom of
    # a valley, and the best is a saturation: always A or always B (each earns 0 at threshold 1/2).
    flipped = best_policy(20.0, 0.5, 1.0, None, (0.8, 0.2))
    lecture = best_policy(20.0)
    assert flipped.shape == "valley" and flipped.turn == pytest.approx(-10.0) == lecture.bias
    assert flipped.best_sides == (1, -1) and flipped.words == "always A or always B (bias → ±∞)"
    assert flipped.reward == pytest.approx(0.0, abs=1e-12)  # always A or always B earns 0 at threshold 1/2
    same_way = best_policy(20.0, 0.5, 1.0, None, (0.2, 0.8))
    assert same_way.bias == lecture.bias and same_way.reward == pytest.approx(0.6 * lecture.reward)
    assert expected_reward(20.0, 3.0, 0.5, 1.0, None, (0.8, 0.2)) == pytest.approx(-0.6 * expected_reward(20.0, 3.0))
    hungry_only = best_policy(20.0, 0.5, 1.0, 0.9, (0.9, 0.3))  # fixed hunger 0.9: A's portions are the large ones
    assert hungry_only.bias == -math.inf and hungry_only.words == "always A (bias → −∞)"


@pytest.mark.parametrize(
    "handling, offset, factor",
    [("correct", 5.0, 1.0), ("flip_sign", -2.0, -1.0), ("ignore_sign", 0.0, 0.0), ("ignore_sign", 0.4, 0.4),
     ("ignore_sign", 3.0, 1.0), ("ignore_sign", -3.0, -1.0), ("ignore_reward", 7.0, 0.0)],
)  # fmt: skip
def test_the_climb_factor_of_each_rule_and_offset(handling, offset, factor):
    assert push_factor(handling, 1.0, offset) == pytest.approx(factor)
    drift = mean_push(-4.0, 20.0, 0.5, handling, reward_offset=offset)
    assert drift == pytest.approx(0.5 * factor * reward_slope(20.0, -4.0), abs=1e-15)
