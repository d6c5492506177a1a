"""The lab's display preparation: few points per line, shapes kept, prefixes stable, numbers from sim."""

import numpy as np
import pytest

from sim import TrainingConfig, probability_of_b, train
from sim.truth.best import best_bias
from sim.truth.expected_reward import expected_reward
from ui.lab.display import (
    MAX_DOTS,
    MAX_POINTS,
    PROBE_HUNGERS,
    decision_boundary,
    even_envelope,
    lab_display,
    padded_range,
    probability_at_hungers,
    rolling_mean,
    rolling_window,
    stride_indices,
)


def test_stride_spreads_evenly_and_keeps_both_ends():
    keep = stride_indices(100_000, 1000)
    assert len(keep) == 1000 and keep[0] == 0 and keep[-1] == 99_999
    assert np.ptp(np.diff(keep)) <= 1
    assert np.array_equal(stride_indices(10, 1000), np.arange(10))


def test_rolling_mean_matches_a_plain_loop():
    values = np.random.default_rng(1).normal(size=300)
    window = 17
    expected = [values[max(0, i - window + 1) : i + 1].mean() for i in range(len(values))]
    assert np.allclose(rolling_mean(values, window), expected)
    with pytest.raises(ValueError, match="window=0"):
        rolling_mean(values, 0)


@pytest.mark.parametrize("steps, window", [(100, 10), (2000, 50), (100_000, 500)])
def test_rolling_window_scales_with_the_run(steps, window):
    assert rolling_window(steps) == window


def test_probabilities_and_the_boundary_come_from_the_forward_pass():
    weight, bias = np.array([20.0, 5.0]), np.array([-10.0, 1.0])
    table = probability_at_hungers(weight, bias)
    for row, hunger in zip(table, PROBE_HUNGERS):
        assert np.allclose(row, probability_of_b(hunger, weight, bias))
    assert decision_boundary(20.0, -10.0) == pytest.approx(0.5)
    assert decision_boundary(0.0, -10.0) is None
    assert decision_boundary(20.0, 5.0) is None  # p(B) > 0.5 everywhere on [0, 1]


def test_padded_range_holds_everything_and_is_never_empty():
    low, high = padded_range([3.0, 3.0])
    assert low < 3.0 < high and high - low >= 1.0
    low, high = padded_range([-12.0, 0.5], [4.0])
    assert low < -12.0 and high > 4.0


def test_lab_display_short_run_keeps_every_step_exactly():
    history = train(TrainingConfig(steps=400, seed=3))
    display = lab_display(history, max_points=500, max_dots=1000)  # budgets above the run's length
    bias = display.series["bias"]
    assert bias.x[0] == 0 and bias.y[0] == 0.0  # step 0: the starting bias
    assert np.array_equal(bias.x, np.arange(401))
    assert np.allclose(bias.y[1:], history.bias, atol=1e-5)
    p_at_1 = display.series["p_at_1"].y[1:]
    assert np.allclose(p_at_1, probability_of_b(1.0, 20.0, history.bias), atol=1e-6)
    update_a = display.series["update_A"]
    assert np.allclose(update_a.y, history.update[history.action == 0], atol=1e-6)


def test_lab_display_long_run_stays_within_the_point_budget_and_ranges():
    history = train(TrainingConfig(steps=60_000, reward_handling="flip_sign"))
    display = lab_display(history)
    for name, series in display.series.items():
        limit = MAX_DOTS if name in ("derivative", "reward", "update_A", "update_B") else MAX_POINTS
        assert len(series.x) <= limit, name
        assert series.y.dtype == np.float32
        if series.dx is not None:  # evenly spaced: a chart sends only x0 and dx
            assert np.allclose(np.diff(series.x), series.dx)
    low, high = display.ranges["bias"]
    assert low <= history.bias.min() and history.bias.max() <= high
    assert display.ranges["step"][1] > 60_000


@pytest.mark.parametrize("n", [1, 2, 799, 800, 801, 10_007, 100_001])
def test_even_envelope_keeps_the_height_of_every_bucket_on_an_even_grid(n):
    values = np.random.default_rng(n).normal(size=n).cumsum()
    x0, dx, y = even_envelope(values, 800)
    assert len(y) <= 800 and x0 == 0.0
    if n <= 800:
        assert dx == 1.0 and np.array_equal(y, values)
        return
    assert y.min() == values.min() and y.max() == values.max()  # the jitter keeps its full height
    k = int(2 * dx)  # steps per bucket; its lowest and highest value, in the order they happened
    for bucket in (0, len(y) // 4, len(y) // 2 - 1):
        chunk = values[bucket * k : (bucket + 1) * k]
        first, second = y[2 * bucket], y[2 * bucket + 1]
        assert {first, second} == {chunk.min(), chunk.max()}
        assert (first == chunk.min()) == (chunk.argmin() <= chunk.argmax())
    assert x0 + dx * (len(y) - 1) <= n - 1 + dx  # the line ends within half a bucket of the last step


def test_even_envelope_keeps_a_lone_spike():
    values = np.zeros(50_000)
    values[12_345] = 7.0
    assert 7.0 in even_envelope(values, 500)[2]


def test_lab_display_draws_the_true_best():
    display = lab_display(train(TrainingConfig(steps=300, weight=5.0, reward_threshold=0.2)))
    assert np.allclose(display.series["optimum"].y, best_bias(5.0, 0.2), atol=1e-5)  # not -w*t = -1
    assert not display.best.saturated and display.best.words == "bias 0.275"
    saturated = lab_display(train(TrainingConfig(steps=300, reward_threshold=0.0)))
    assert saturated.best.saturated and saturated.best.words == "always B (bias → +∞)"
    assert np.all(np.isfinite(saturated.series["optimum"].y)) and all(np.isfinite(saturated.ranges["bias"]))
    fixed = train(TrainingConfig(steps=300, hunger=0.2))
    start = lab_display(fixed).series["expected_reward"].y[0]
    assert start == pytest.approx(expected_reward(20.0, 0.0, hunger=0.2), abs=1e-6)  # J at the run's hunger
