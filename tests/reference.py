"""Independent reference for the fries bandit, written from the problem statement only (direct enumeration)."""

import math
from dataclasses import dataclass

import numpy as np

N_SIDE = 4000  # midpoint nodes on each side of the threshold


@dataclass(frozen=True)
class Best:
    """Where J(weight, bias) is highest over the bias: kind, maximising bias and the supremum of J."""

    kind: str
    bias: float
    reward: float


def _sigmoid(x):
    """Logistic function without overflow warnings."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def _hunger_nodes(threshold, hunger):
    """Quadrature nodes and weights over h: the fixed hunger, or midpoints on [0, t) and [t, 1]."""
    if hunger is not None:
        return np.array([float(hunger)]), np.array([1.0])
    mid = (np.arange(N_SIDE) + 0.5) / N_SIDE
    nodes = np.concatenate([mid * threshold, threshold + mid * (1.0 - threshold)])
    weights = np.concatenate([np.full(N_SIDE, threshold / N_SIDE), np.full(N_SIDE, (1.0 - threshold) / N_SIDE)])
    return nodes, weights


def _outcomes(h, threshold, size, odds):
    """For each place (A, B): list of (probability of portion, reward) pairs at hunger array h."""
    at_a, at_b = (0.0, 1.0) if odds is None else odds
    hungry = h >= threshold
    large = np.where(hungry, size, -size)  # reward of a large order
    small = -large  # reward of a small order
    return {"A": [(at_a, large), (1.0 - at_a, small)], "B": [(at_b, large), (1.0 - at_b, small)]}


def _multiplier(r, handling, offset):
    """The rule's multiplier k from reward r and offset o."""
    x = r + offset
    return {"correct": x, "ignore_sign": np.abs(x), "flip_sign": -x, "ignore_reward": np.ones_like(x)}[handling]


def _rewards_ab(weight, biases, threshold, size, hunger, odds):
    """J for each bias in an array (vectorised over bias and hunger nodes)."""
    h, w = _hunger_nodes(threshold, hunger)
    out = _outcomes(h, threshold, size, odds)
    r_a = sum(q * r for q, r in out["A"])
    r_b = sum(q * r for q, r in out["B"])
    p_b = _sigmoid(weight * h[None, :] + np.asarray(biases, dtype=float)[:, None])
    return p_b @ (w * (r_b - r_a)) + w @ r_a  # = sum over h of w * ((1 - p_b) * r_a + p_b * r_b)


def expected_reward(weight, bias, threshold=0.5, size=1.0, hunger=None, odds=None):
    """Expected reward J(weight, bias) by enumeration over hunger nodes, action and portion."""
    return float(_rewards_ab(weight, [bias], threshold, size, hunger, odds)[0])


def mean_update(
    bias, weight, learning_rate=1.0, handling="correct", size=1.0, offset=0.0, threshold=0.5, hunger=None, odds=None
):
    """Exact expected change of the bias in one step, by enumeration over hunger, action and portion."""
    h, w = _hunger_nodes(threshold, hunger)
    p_b = _sigmoid(weight * h + bias)
    out = _outcomes(h, threshold, size, odds)
    total = np.zeros_like(h)
    for action, p_action, ideal in (("A", 1.0 - p_b, 0.0), ("B", p_b, 1.0)):
        for q, r in out[action]:
            total += p_action * q * (-learning_rate * (p_b - ideal) * _multiplier(r, handling, offset))
    return float(total @ w)


def push_ratio(weight, handling, size=1.0, offset=0.0, threshold=0.5, hunger=None, odds=None, bias=None):
    """mean_update of `handling` over that of "correct" at the first bias where the latter is non-zero, else None."""
    candidates = [bias] if bias is not None else [0.0, -weight * threshold + 1.0, 1.0, -1.0, 3.0, -3.0]
    kw = dict(size=size, offset=offset, threshold=threshold, hunger=hunger, odds=odds)
    for b in candidates:
        ref = mean_update(b, weight, 1.0, "correct", **kw)
        if abs(ref) > 1e-9:
            return mean_update(b, weight, 1.0, handling, **kw) / ref
    return None


def slope(weight, bias, threshold=0.5, size=1.0, hunger=None, odds=None, eps=1e-5):
    """dJ/dbias by a central finite difference of expected_reward."""
    up = expected_reward(weight, bias + eps, threshold, size, hunger, odds)
    down = expected_reward(weight, bias - eps, threshold, size, hunger, odds)
    return (up - down) / (2.0 * eps)


def best(weight, threshold=0.5, size=1.0, hunger=None, odds=None):
    """Classify and locate the supremum of J over the bias in [-60, 60] (grid 0.2, grid 0.01, golden section)."""
    args = (threshold, size, hunger, odds)
    grid = np.linspace(-60.0, 60.0, 601)  # step 0.2: J is smooth on a bias scale of ~1 (|J''| <= 0.2 * size)
    values = np.concatenate([_rewards_ab(weight, chunk, *args) for chunk in np.array_split(grid, 3)])
    if values.max() - values.min() < 1e-9:
        return Best("flat", math.nan, float(values.mean()))
    low_end, high_end = float(values[0]), float(values[-1])
    centre = grid[int(np.argmax(values))]
    fine = np.clip(centre + np.linspace(-0.5, 0.5, 101), -60.0, 60.0)  # step 0.01 around the coarse maximum
    fine_values = _rewards_ab(weight, fine, *args)
    i = int(np.argmax(fine_values))
    a, b = fine[max(i - 1, 0)], fine[min(i + 1, len(fine) - 1)]
    g = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):  # golden-section search on [a, b]
        c, d = b - g * (b - a), a + g * (b - a)
        if expected_reward(weight, c, *args) >= expected_reward(weight, d, *args):
            b = d
        else:
            a = c
    top_bias, top = (a + b) / 2.0, expected_reward(weight, (a + b) / 2.0, *args)
    if top < fine_values[i]:
        top_bias, top = float(fine[i]), float(fine_values[i])
    if top > max(low_end, high_end) + 1e-9:
        return Best("finite", float(top_bias), top)
    if high_end > low_end + 1e-9:
        return Best("+inf", math.inf, high_end)
    if low_end > high_end + 1e-9:
        return Best("-inf", -math.inf, low_end)
    return Best("both", math.nan, max(low_end, high_end))


def better_place(h, threshold=0.5, odds=None):
    """The place (A or B) with the higher expected reward at hunger h, None if equal within 1e-12."""
    out = _outcomes(np.array([float(h)]), threshold, 1.0, odds)
    r_a, r_b = (float(sum(q * r for q, r in out[k])[0]) for k in ("A", "B"))
    if abs(r_a - r_b) <= 1e-12:
        return None
    return "B" if r_b > r_a else "A"


def median_step(bias_path, learning_rate):
    """Median absolute step of a bias path, divided by the learning rate."""
    return float(np.median(np.abs(np.diff(np.asarray(bias_path, dtype=float))))) / learning_rate


@dataclass(frozen=True)
class LectureUpdate:
    """One update of the lecture's worked example, by hand."""

    bias_before: float
    prob_b: float
    draw: float
    action: str
    ideal: float
    derivative: float
    reward: float
    update: float
    step_size: float
    bias: float
    prob_b_after: float


def lecture_updates(draws=(0.2, 0.9), bias=0.0, learning_rate=1.0) -> list[LectureUpdate]:
    """The lecture's updates at hunger 0 (so the weight plays no part and Place A is the good choice), by hand."""
    updates = []
    for draw in draws:
        prob_b = 1.0 / (1.0 + math.exp(-bias))
        action = "B" if draw >= 1.0 - prob_b else "A"  # A owns [0, p(A)), B owns [p(A), 1]
        ideal = 1.0 if action == "B" else 0.0
        derivative = prob_b - ideal
        reward = 1.0 if action == "A" else -1.0  # not hungry: small fries are the good choice
        update = derivative * reward
        new_bias = bias - learning_rate * update
        after = 1.0 / (1.0 + math.exp(-new_bias))
        updates.append(
            LectureUpdate(
                bias, prob_b, draw, action, ideal, derivative, reward, update, learning_rate * update, new_bias, after
            )  # fmt: skip
        )
        bias = new_bias
    return updates
