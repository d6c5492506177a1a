"""What the training lab draws, prepared from a run: few points per line, smooth trends, policy curves.

Pure numpy, no Streamlit. A browser chart slows down with every point it draws, and a
run has up to 100,000 steps, so each series is cut down to at most ``MAX_POINTS``
points once, over the whole run; a view that shows steps 1..t then takes the prefix
(``Series.up_to``), so the points already drawn never move while a run plays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.policy import PLACE_A, PLACE_B, probability_of_b
from sim.truth.best import NEAR_OPTIMUM, Best

# Each frame of the lab's playback redraws every point of the rows it reveals, so fewer points play faster
# (measured: 800 points and 600 dots, 14-17 frames/s; 500 and 200, 18-20 frames/s, all four rows).
MAX_POINTS = 500  # per line sent to the browser: a lab chart is 450-900 pixels wide
MAX_DOTS = 200  # per cloud of single-step dots (their density is what matters; each dot is an SVG element)
PROBE_HUNGERS = (0.0, 0.5, 1.0)  # hunger values at which p(B) is followed over the run


def even_envelope(values, max_points: int = MAX_POINTS) -> tuple[float, float, np.ndarray]:
    """A line cut down to evenly spaced points ``(x0, dx, y)``: positions 0, dx, 2 dx, ... from the start.

    Short lines are kept whole (dx = 1). Longer ones are split into buckets of k steps, and each
    bucket gives its lowest and highest value in the order they happened, at its start and middle
    (dx = k / 2): the jitter of a noisy line keeps its full height, and no x array is sent.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n <= max_points:
        return 0.0, 1.0, values
    k = -(-2 * n // max_points)  # steps per bucket, rounded up
    buckets = -(-n // k)
    padded = np.concatenate([values, np.full(buckets * k - n, values[-1])]).reshape(buckets, k)
    low, high = padded.argmin(axis=1), padded.argmax(axis=1)
    first, second = np.minimum(low, high), np.maximum(low, high)
    rows = np.arange(buckets)
    y = np.stack([padded[rows, first], padded[rows, second]], axis=1).ravel()
    return 0.0, k / 2, y


def stride_indices(n: int, max_points: int = MAX_DOTS) -> np.ndarray:
    """Evenly spaced indices into n items (all of them if there are few), first and last included."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(np.int64))


def rolling_mean(values, window: int) -> np.ndarray:
    """Mean of the last ``window`` values at each position (of all values so far near the start)."""
    values = np.asarray(values, dtype=float)
    if window < 1:
        raise ValueError(f"window={window!r} is out of range; allowed: a whole number of at least 1")
    sums = np.concatenate(([0.0], np.cumsum(values)))
    end = np.arange(1, len(values) + 1)
    start = np.maximum(end - window, 0)
    return (sums[end] - sums[start]) / (end - start)


def rolling_window(steps: int) -> int:
    """A trend window for a run of ``steps``: about 1/40 of the run, between 10 and 500 steps."""
    return int(min(500, max(10, steps // 40)))


def probability_at_hungers(weight, bias, hungers=PROBE_HUNGERS) -> np.ndarray:
    """p(B) at each probe hunger (rows) for each (weight, bias) pair (columns)."""
    hungers = np.asarray(hungers, dtype=float)[:, None]
    return probability_of_b(hungers, np.asarray(weight, dtype=float), np.asarray(bias, dtype=float))


def decision_boundary(weight: float, bias: float) -> float | None:
    """The hunger at which p(B) = 0.5, or None if the policy never crosses 0.5 on [0, 1]."""
    if weight == 0:
        return None
    hunger = -bias / weight
    return float(hunger) if 0.0 <= hunger <= 1.0 else None


def padded_range(*arrays, pad: float = 0.06, min_span: float = 1.0) -> tuple[float, float]:
    """A fixed axis range holding every value given, with a margin; at least ``min_span`` wide."""
    values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
    low, high = float(values.min()), float(values.max())
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    margin = (high - low) * pad
    return low - margin, high + margin


@dataclass(frozen=True)
class Series:
    """A line or dot cloud cut down for display: steps ``x`` and values ``y``, over the whole run.

    ``dx`` is set when the points are evenly spaced (x = x[0] + i * dx), so a chart can send
    just the start and the spacing instead of an x array.
    """

    x: np.ndarray
    y: np.ndarray
    dx: float | None = None


def _line(x, y, max_points=MAX_POINTS) -> Series:
    x0, dx, values = even_envelope(y, max_points)
    start = float(np.asarray(x)[0]) + x0
    positions = start + dx * np.arange(len(values))
    return Series(positions.astype(np.float32), values.astype(np.float32), dx)


def _dots(x, y, max_points=MAX_DOTS) -> Series:
    keep = stride_indices(len(y), max_points)
    return Series(np.asarray(x)[keep].astype(np.int32), np.asarray(y)[keep].astype(np.float32))


def _even_dots(x, y, max_points=MAX_DOTS) -> Series:
    """Every k-th value (k as small as the budget allows), evenly spaced."""
    k = max(1, -(-len(y) // max_points))
    return Series(np.asarray(x)[::k].astype(np.float32), np.asarray(y)[::k].astype(np.float32), float(k))


@dataclass(frozen=True)
class LabDisplay:
    """Every series the training lab draws for one run, each at most MAX_POINTS long, and fixed axis ranges."""

    series: dict[str, Series]
    ranges: dict[str, tuple[float, float]]
    window: int  # steps in each rolling mean
    # The best policy at the run's last weight (``config.problem.best``). The series "optimum" is where the best
    # is drawn at each step: the best bias, or where always A / always B starts when it is saturated (then there
    # is no band to draw); see sim.truth.best.drawn_best.
    best: Best
    best_possible: float  # the highest expected reward these settings allow (any weight, if the weight is trained)


def lab_display(history, max_points: int = MAX_POINTS, max_dots: int = MAX_DOTS) -> LabDisplay:
    """Prepare a History for display: states from step 0 (before any update), per-step values from step 1."""
    config = history.config
    steps = len(history)
    state_steps = np.arange(steps + 1)  # step 0 is the starting policy
    event_steps = np.arange(1, steps + 1)
    bias = np.concatenate(([config.initial_bias], history.bias))
    weight = np.concatenate(([config.weight], history.weight))
    problem = config.problem
    optimum = problem.drawn_best(weight)  # the true best, finite to draw
    start = problem.expected_reward(config.weight, config.initial_bias)
    expected = np.concatenate(([start], history.expected_reward))
    window = rolling_window(steps)

    series = {
        "bias": _line(state_steps, bias, max_points),
        "weight": _line(state_steps, weight, max_points),
        "optimum": _line(state_steps, optimum, max_points),
        "expected_reward": _line(state_steps, expected, max_points),
        "derivative": _even_dots(event_steps, history.derivative, max_dots),
        "derivative_mean": _line(event_steps, rolling_mean(history.derivative, window), max_points),
        "update_mean": _line(event_steps, rolling_mean(history.update, window), max_points),
        "reward": _even_dots(event_steps, history.reward, max_dots),
        "reward_mean": _line(event_steps, rolling_mean(history.reward, window), max_points),
    }
    for place, name in ((PLACE_A, "update_A"), (PLACE_B, "update_B")):
        chosen = history.action == place
        series[name] = _dots(event_steps[chosen], history.update[chosen], max_dots // 2)
    for hunger, row in zip(PROBE_HUNGERS, probability_at_hungers(weight, bias)):
        series[f"p_at_{hunger:g}"] = _line(state_steps, row, max_points)

    size = config.reward_size
    best = problem.best(weight[-1])
    band = 0.0 if best.saturated else NEAR_OPTIMUM  # the same band the verdict calls "near the best bias"
    ranges = {
        "step": (0.0, float(steps) * 1.01 + 0.5),
        "bias": padded_range(bias, optimum - band, optimum + band, *([weight] if config.train_weight else [])),
        "probability": (-0.03, 1.03),
        "gradient": padded_range(history.derivative, history.update, [-1.0, 1.0], pad=0.08),
        "reward": (-size * 1.12, size * 1.12),
    }
    best_possible = problem.perfect_reward if config.train_weight else best.reward
    return LabDisplay(series, ranges, window, best, best_possible)
