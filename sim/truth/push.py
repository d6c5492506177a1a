"""Where does a rule push the bias on average? The push of one step, over hunger, draws and portions.

Averaged over the draw (and the portion), a step changes the bias by
learning_rate * p(1 - p) * (E[k | B] - E[k | A]), where k is the handled reward (``handled_reward``:
offset first, then the handling) minus the baseline. The baseline is the same for A and B, so it
cancels: it changes the noise of a step, never its average. With rewards +-size that difference is
(k(+size) - k(-size)) / (2 size) times dJ/dbias, so every rule's push is a multiple of J's slope: the
*climb factor* (1 for the lecture's rule with any offset, -1 flipped, 0 with the sign or the reward
ignored; with the sign ignored after an offset o it is min(|o|, size) / size * sign(o)).
"""

from __future__ import annotations

import numpy as np

from sim.optimizer import EPSILON
from sim.policy import handled_reward, sigmoid
from sim.truth.expected_reward import FLAT, reward_slope
from sim.truth.numerics import as_scalar, sigmoid_gap, spread

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)


def good_and_bad(reward_handling="correct", reward_size=1.0, reward_offset=0.0) -> tuple[float, float]:
    """The reward as the rule uses it after a good choice and after a bad one: the handled +size and -size."""
    good = handled_reward(reward_size, reward_handling, reward_offset)
    bad = handled_reward(-reward_size, reward_handling, reward_offset)
    return float(good), float(bad)


def push_factor(reward_handling="correct", reward_size=1.0, reward_offset=0.0) -> float:
    """The rule's average step as a multiple of learning_rate * dJ/dbias: > 0 climbs J, < 0 descends, 0 no push."""
    good, bad = good_and_bad(reward_handling, reward_size, reward_offset)
    return (good - bad) / (2 * reward_size)


def push_direction(reward_handling="correct", reward_size=1.0, reward_offset=0.0) -> int:
    """+1 if the rule's average step climbs J, -1 if it descends it, 0 if it has no average push.

    Averaged over the draw, a step of bias is p(1 - p) (k(-r) - k(r)), where k is how the
    handling scales the reward r of a B choice (``apply_reward``): -2 r p(1-p) when the sign is
    kept, +2 r p(1-p) when flipped, 0 when it is ignored (|r| or 1 are the same for A and B).
    """
    return int(np.sign(push_factor(reward_handling, reward_size, reward_offset)))


def mean_push(
    bias, weight=20.0, learning_rate=1.0, reward_handling="correct", reward_threshold=0.5, reward_size=1.0,
    hunger=None, reward_offset=0.0, large_order_odds=None,
):  # fmt: skip
    """Average change of the bias in one step from ``bias``, over the run's hunger and the policy's draws (exact).

    With the reward's sign respected this is learning_rate * dJ/dbias (it climbs J), whatever the
    offset or baseline; ignoring the sign, or the reward, it is zero (a random walk) unless an offset
    makes |r| differ for good and bad; flipping it descends J. For plain gradient descent (sgd);
    Adam's average step is not a multiple of J's slope: see ``adam_mean_step``.
    """
    factor = push_factor(reward_handling, reward_size, reward_offset)
    slope = reward_slope(weight, bias, reward_threshold, reward_size, hunger, large_order_odds)
    return as_scalar(learning_rate * factor * np.asarray(slope) + 0.0)  # + 0.0: no -0.0 when there is no push


def _hunger_points(reward_threshold, hunger):
    """Hunger values and their weights for averaging over the run's hunger (Gauss-Legendre on each side of t)."""
    if hunger is not None:
        return np.array([float(hunger)]), np.array([1.0])
    t = reward_threshold
    points = np.concatenate([low + (high - low) * (_NODES + 1) / 2 for low, high in ((0.0, t), (t, 1.0))])
    weights = np.concatenate([(high - low) * _WEIGHTS / 2 for low, high in ((0.0, t), (t, 1.0))])
    return points, weights


def gradient_mean_square(
    bias, weight, reward_handling="correct", reward_threshold=0.5, reward_size=1.0, hunger=None,
    reward_offset=0.0, large_order_odds=None, baseline="none",
):  # fmt: skip
    """E[update^2] at ``bias``: the mean square of the bias's gradient over hunger, draws and portions.

    Numerical (16-point Gauss-Legendre on each side of the threshold), so an estimate. With a
    running-mean baseline, the baseline is taken to have settled at the policy's mean handled reward.
    """
    bias = np.asarray(bias, dtype=float)
    h, mass = _hunger_points(reward_threshold, hunger)
    h, mass = h.reshape(-1, *([1] * bias.ndim)), mass.reshape(-1, *([1] * bias.ndim))
    p = sigmoid(weight * h + bias)
    hungry = h >= reward_threshold
    at_a, at_b = (0.0, 1.0) if large_order_odds is None else large_order_odds
    good_b = np.where(hungry, at_b, 1 - at_b)  # chance that B's portion is the good one
    good_a = np.where(hungry, at_a, 1 - at_a)
    k_good, k_bad = good_and_bad(reward_handling, reward_size, reward_offset)
    level = 0.0
    if baseline == "running_mean":
        mean_b, mean_a = good_b * k_good + (1 - good_b) * k_bad, good_a * k_good + (1 - good_a) * k_bad
        level = np.sum(mass * (p * mean_b + (1 - p) * mean_a), axis=0)

    def square(good):
        return good * (k_good - level) ** 2 + (1 - good) * (k_bad - level) ** 2

    return as_scalar(np.sum(mass * (p * (1 - p) ** 2 * square(good_b) + (1 - p) * p**2 * square(good_a)), axis=0))


def adam_mean_step(
    bias, weight, learning_rate=1.0, reward_handling="correct", reward_threshold=0.5, reward_size=1.0,
    hunger=None, reward_offset=0.0, large_order_odds=None, baseline="none",
):  # fmt: skip
    """An estimate of Adam's average change of the bias per step from ``bias``: learning_rate * E[g] / sqrt(E[g^2]).

    That is Adam's step once its running means have settled while the bias moves slowly: the
    direction of the mean push (``mean_push``), at most about learning_rate long. Not exact:
    Adam's step depends on the recent gradients, which no function of the bias alone can give.
    """
    push = mean_push(
        bias, weight, 1.0, reward_handling, reward_threshold, reward_size, hunger, reward_offset, large_order_odds
    )
    rms = np.sqrt(
        gradient_mean_square(
            bias,
            weight,
            reward_handling,
            reward_threshold,
            reward_size,
            hunger,
            reward_offset,
            large_order_odds,
            baseline,
        )  # fmt: skip
    )
    return as_scalar(learning_rate * np.clip(np.asarray(push) / (rms + EPSILON), -1.0, 1.0))


def mean_spread(weight, bias, hunger=None):
    """Mean over the run's hunger of p(B)(1 - p(B)): how far, on average, a draw can still move the bias."""
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    if hunger is not None:
        return as_scalar(spread(weight * hunger + bias))
    flat = np.abs(weight) < FLAT
    safe_weight = np.where(flat, 1.0, weight)
    with np.errstate(invalid="ignore"):
        sloped = sigmoid_gap(safe_weight + bias, bias) / safe_weight  # integral of p(1 - p) over [0, 1]
    return as_scalar(np.where(flat, spread(bias), sloped))


def max_spread(weight, bias, hunger=None):
    """Largest p(B)(1 - p(B)) at any hunger the run sees (at the logit nearest 0). Small: p(B) is saturated."""
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    if hunger is not None:
        return as_scalar(spread(weight * hunger + bias))
    nearest = np.clip(0.0, np.minimum(bias, weight + bias), np.maximum(bias, weight + bias))
    return as_scalar(spread(nearest))


def largest_multiplier(reward_handling="correct", reward_size=1.0, reward_offset=0.0, baseline="none") -> float:
    """The largest |handled reward - baseline| a step can be scaled by (a running mean lies between the handled
    rewards seen and its start, 0)."""
    good, bad = good_and_bad(reward_handling, reward_size, reward_offset)
    largest = max(abs(good), abs(bad))
    return max(largest, abs(good - bad)) if baseline == "running_mean" else largest


def push_at(config, weight, bias):
    """The average change of the bias in one step from ``bias``: exact for sgd, an estimate for Adam."""
    rule = (
        config.reward_handling, config.reward_threshold, config.reward_size, config.hunger,
        config.reward_offset, config.large_order_odds,
    )  # fmt: skip
    if config.optimizer == "adam":
        return adam_mean_step(bias, weight, config.learning_rate, *rule, config.baseline)
    return mean_push(bias, weight, config.learning_rate, *rule)


def typical_step(config, spreads):
    """A typical step of the bias, per unit of learning rate, where the mean p(1 - p) is ``spreads`` (an array): the
    likely choice's small steps, whose gradients are about the largest |multiplier| times the spread. For sgd that
    is the step; Adam divides consistent gradients by their own size, so its steps are about 1, less where the
    gradients are not far above Adam's epsilon (an estimate, as for ``adam_mean_step``)."""
    multiplier = largest_multiplier(config.reward_handling, config.reward_size, config.reward_offset, config.baseline)
    small = multiplier * spreads
    return small / (small + EPSILON) if config.optimizer == "adam" else small
