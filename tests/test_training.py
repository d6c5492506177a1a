"""Runs: scripted by hand, reproducible, vectorised seeds equal single runs, no NaN anywhere."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import TrainingConfig, train, train_many
from sim.policy import REWARD_HANDLINGS
from sim.training import QUANTITIES
from sim.truth.best import optimal_bias
from sim.truth.expected_reward import expected_reward


def by_hand(hunger, draws, handling, learning_rate=1.0, weight=20.0, bias=0.0, threshold=0.5, size=1.0):
    """The lecture's arithmetic, written out again with nothing from sim."""
    biases = []
    for h, u in zip(hunger, draws):
        p = 1 / (1 + math.exp(-(weight * h + bias)))
        chose_b = u >= 1 - p
        derivative = p - (1.0 if chose_b else 0.0)
        good = chose_b if h >= threshold else not chose_b
        reward = size if good else -size
        factor = {"correct": reward, "ignore_sign": abs(reward), "flip_sign": -reward, "ignore_reward": 1.0}[handling]
        bias -= learning_rate * derivative * factor
        biases.append(bias)
    return biases


@pytest.mark.parametrize("handling", REWARD_HANDLINGS)
def test_every_handling_on_scripted_draws_matches_hand_arithmetic(handling):
    hunger = [0.0, 0.0, 0.9, 0.2, 0.6, 0.45]
    draws = [0.2, 0.9, 0.1, 0.95, 0.5, 0.3]
    config = TrainingConfig(steps=6, weight=3.0, learning_rate=0.7, reward_size=2.0, reward_handling=handling)
    history = train(config, hunger=hunger, draws=draws)
    expected = by_hand(hunger, draws, handling, learning_rate=0.7, weight=3.0, size=2.0)
    np.testing.assert_allclose(history.bias, expected, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(history.hunger, hunger)
    np.testing.assert_array_equal(history.draw, draws)


def test_signs_on_the_lecture_second_step():
    # Chose B at hunger 0 (bad): derivative -0.622, reward -1.
    config = TrainingConfig(steps=2, hunger=0.0)
    results = {h: train(config.replace(reward_handling=h), draws=[0.2, 0.9]) for h in REWARD_HANDLINGS}
    assert results["correct"].update[1] == pytest.approx(0.6224593, abs=1e-7)  # pushes B down
    assert results["ignore_sign"].update[1] == pytest.approx(-0.6224593, abs=1e-7)  # reinforces the bad choice
    assert results["flip_sign"].update[0] == pytest.approx(-0.5)  # punishes the good first choice: bias +0.5
    assert results["flip_sign"].prob_b[1] == pytest.approx(0.6224593, abs=1e-7)
    assert results["flip_sign"].update[1] == pytest.approx(-0.3775407, abs=1e-7)  # and rewards the bad one


def test_history_has_one_entry_per_step_for_every_quantity():
    history = train(TrainingConfig(steps=37, train_weight=True))
    for name in QUANTITIES:
        assert getattr(history, name).shape == (37,), name
    frame = history.to_frame()
    assert list(frame.columns) == ["step", *QUANTITIES]
    assert len(frame) == 37 and frame["step"].iloc[-1] == 37
    np.testing.assert_array_equal(frame["bias"], history.bias)


def test_weight_is_trained_only_when_asked():
    assert np.all(train(TrainingConfig(steps=50)).weight == 20.0)
    trained = train(TrainingConfig(steps=50, train_weight=True, hunger=0.7))
    assert not np.all(trained.weight == 20.0)


def test_fixed_hunger_keeps_the_same_draws():
    uniform = train(TrainingConfig(steps=100, seed=4))
    fixed = train(TrainingConfig(steps=100, seed=4, hunger=0.3))
    np.testing.assert_array_equal(uniform.draw, fixed.draw)
    assert np.all(fixed.hunger == 0.3)


@pytest.mark.parametrize("train_weight", [False, True])
@pytest.mark.parametrize("handling", REWARD_HANDLINGS)
def test_train_many_rows_equal_single_runs(handling, train_weight):
    config = TrainingConfig(steps=300, learning_rate=0.8, reward_handling=handling, train_weight=train_weight)
    seeds = [0, 5, 17, 123456]
    ensemble = train_many(config, seeds)
    assert ensemble.bias.shape == (4, 300)
    assert_rows_equal_single_runs(ensemble, config, seeds)
    np.testing.assert_array_equal(ensemble.run(2).bias, train(config.replace(seed=17)).bias)


def assert_rows_equal_single_runs(ensemble, config, seeds):
    """Row i of ``ensemble`` is ``train`` with ``seeds[i]``: every quantity both record."""
    for row, seed in enumerate(seeds):
        single = train(config.replace(seed=seed))
        np.testing.assert_allclose(ensemble.bias[row], single.bias, rtol=0, atol=1e-9)
        np.testing.assert_allclose(ensemble.weight[row], single.weight, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(ensemble.reward[row], single.reward)
        np.testing.assert_allclose(ensemble.expected_reward[row], single.expected_reward, rtol=0, atol=1e-9)
        if config.baseline == "running_mean":
            np.testing.assert_allclose(ensemble.baseline[row], single.baseline, rtol=0, atol=1e-9)
        if config.large_order_odds is not None:
            np.testing.assert_array_equal(ensemble.large_order[row], single.large_order)


BEYOND_THE_LECTURE = [
    {"reward_offset": 3.0},
    {"reward_offset": -2.0, "reward_handling": "ignore_sign", "baseline": "running_mean", "baseline_rate": 0.2},
    {"optimizer": "adam", "learning_rate": 0.1},
    {"optimizer": "adam", "learning_rate": 0.3, "train_weight": True, "baseline": "running_mean"},
    {"large_order_odds": (0.2, 0.8), "reward_handling": "flip_sign"},
    {"large_order_odds": (0.7, 0.1), "optimizer": "adam", "reward_offset": 1.5, "train_weight": True, "hunger": 0.6},
]


@pytest.mark.parametrize("options", BEYOND_THE_LECTURE)
def test_train_many_rows_equal_single_runs_beyond_the_lecture(options):
    config = TrainingConfig(steps=300, **options)
    seeds = [0, 5, 123456]
    ensemble = train_many(config, seeds)
    assert_rows_equal_single_runs(ensemble, config, seeds)
    assert (ensemble.baseline is None) == (config.baseline == "none")
    assert (ensemble.large_order is None) == (config.large_order_odds is None)


def test_the_lecture_defaults_are_unchanged_by_the_new_fields():
    # Offset 0, no baseline, sgd, no odds: the same floats as the lecture's rule written out by hand.
    history = train(TrainingConfig(steps=400, seed=8))
    biases = by_hand(history.hunger, history.draw, "correct")
    np.testing.assert_allclose(history.bias, biases, rtol=0, atol=1e-12)
    assert np.all(history.baseline == 0) and np.array_equal(history.large_order, history.action)
    np.testing.assert_array_equal(history.handled_reward, history.reward)


def test_same_config_gives_a_bit_identical_history_in_another_process():
    code = (
        "from sim import TrainingConfig, train; "
        "h = train(TrainingConfig(steps=500, seed=9, train_weight=True)); "
        "print(h.bias.tobytes().hex()[:4000], h.weight.sum().hex(), h.bias.sum().hex())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    here = train(TrainingConfig(steps=500, seed=9, train_weight=True))
    assert other == [here.bias.tobytes().hex()[:4000], here.weight.sum().hex(), here.bias.sum().hex()]


def monte_carlo_expected_reward(weight, bias, threshold, size, n=400_000):
    hunger = (np.arange(n) + 0.5) / n
    p = 1 / (1 + np.exp(-np.clip(weight * hunger + bias, -700, 700)))
    reward_b = np.where(hunger >= threshold, size, -size)
    return float(np.mean(p * reward_b + (1 - p) * -reward_b))


@pytest.mark.parametrize(
    "weight, bias, threshold, size",
    [(20, -10, 0.5, 1), (20, 0, 0.5, 1), (20, 35, 0.5, 1), (-7, 2, 0.3, 2.5), (1e-8, 0.4, 0.8, 1), (0, -1, 0.2, 1)],
)
def test_expected_reward_matches_a_numerical_integral(weight, bias, threshold, size):
    exact = expected_reward(weight, bias, threshold, size)
    assert exact == pytest.approx(monte_carlo_expected_reward(weight, bias, threshold, size), abs=1e-3)


def test_optimal_bias_is_where_expected_reward_peaks():
    assert optimal_bias(20.0, 0.5) == -10.0
    biases = np.linspace(-20, 0, 2001)
    best = biases[np.argmax(expected_reward(20.0, biases, 0.5))]
    assert best == pytest.approx(-10.0, abs=0.02)


@settings(max_examples=60, deadline=None)
@given(
    steps=st.integers(1, 60),
    learning_rate=st.floats(1e-6, 100, allow_nan=False),
    weight=st.floats(-100, 100, allow_nan=False),
    initial_bias=st.floats(-1000, 1000, allow_nan=False),
    train_weight=st.booleans(),
    handling=st.sampled_from(REWARD_HANDLINGS),
    threshold=st.floats(0, 1),
    size=st.floats(1e-6, 100),
    hunger=st.none() | st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
    extras=st.fixed_dictionaries(
        {},
        optional={
            "reward_offset": st.floats(-100, 100),
            "baseline": st.sampled_from(["none", "running_mean"]),
            "baseline_rate": st.floats(1e-6, 1),
            "optimizer": st.sampled_from(["sgd", "adam"]),
            "large_order_odds": st.tuples(st.floats(0, 1), st.floats(0, 1)),
        },
    ),
)
def test_any_allowed_config_gives_finite_values(
    steps, learning_rate, weight, initial_bias, train_weight, handling, threshold, size, hunger, seed, extras
):
    config = TrainingConfig(
        steps=steps, learning_rate=learning_rate, weight=weight, initial_bias=initial_bias,
        train_weight=train_weight, reward_handling=handling, reward_threshold=threshold,
        reward_size=size, hunger=hunger, seed=seed, **extras,
    )  # fmt: skip
    history = train(config)
    for name in QUANTITIES:
        assert np.all(np.isfinite(getattr(history, name))), name
    assert np.all((history.prob_b >= 0) & (history.prob_b <= 1))
    assert np.all(np.abs(history.expected_reward) <= size * (1 + 1e-9))
    ensemble = train_many(config, [seed, 1])
    np.testing.assert_allclose(ensemble.bias[0], history.bias, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(ensemble.weight[0], history.weight, rtol=1e-12, atol=1e-9)
