"""How good is a policy: its expected reward J, and J's slope along the bias.

The *expected reward* J is the average reward of the policy's own choices over the hunger
values the run sees: uniform on [0, 1] (``hunger=None``) or one fixed value. ``sim.truth.best`` finds
the bias that maximises it.

With ``large_order_odds = (at_A, at_B)`` the reward follows the portion received, so
E[reward | action, hunger] = size * (+1 if hungry else -1) * (2 at_action - 1), and
J = gap * J_lecture + size * (at_A + at_B - 1) * mean(+1 if hungry else -1), with gap = at_B - at_A:
an affine function of the lecture's J.
J is the reward the policy earns, before any ``reward_offset`` (the offset is how the rule
perceives rewards, not what the policy earns): an offset changes neither J nor the best bias.
"""

from __future__ import annotations

import numpy as np

from sim.policy import sigmoid
from sim.truth.numerics import as_scalar, sigmoid_gap, spread

FLAT = 1e-6  # |weight| below this: p(B) does not depend on hunger (as expected_reward treats it)
EQUAL_ODDS = 1e-9  # large-order odds closer than this count as equal (see portion_gap)


def _good_sign(hunger, reward_threshold):
    """+1 where B is the good choice (hungry), -1 where A is."""
    return np.where(np.asarray(hunger) >= reward_threshold, 1.0, -1.0)


def portion_gap(large_order_odds=None) -> float:
    """How much more often B gives a large order than A: at_B - at_A (1 without odds: B always, A never).

    0 when the odds differ by less than EQUAL_ODDS: then what the bias changes in J is below rounding.
    """
    if large_order_odds is None:
        return 1.0
    gap = float(large_order_odds[1] - large_order_odds[0])
    return gap if abs(gap) >= EQUAL_ODDS else 0.0


def constant_reward(reward_threshold, reward_size, hunger, large_order_odds):
    """The part of J that no bias changes: size * (at_A + at_B - 1) * mean over hunger of (+1 hungry, -1 not)."""
    if large_order_odds is None:
        return 0.0
    good_side = float(_good_sign(hunger, reward_threshold)) if hunger is not None else 1 - 2 * reward_threshold
    return reward_size * (large_order_odds[0] + large_order_odds[1] - 1) * good_side


def expected_reward(weight, bias, reward_threshold=0.5, reward_size=1.0, hunger=None, large_order_odds=None):
    """Mean reward of the policy's own choices over the run's hunger (exact, vectorised).

    With ``large_order_odds``: gap * (the J below) + the constant part (see the module's docstring).

    J = reward_size * mean over hunger of (2 p(B) - 1) * (+1 if hungry else -1). Uniform hunger
    (``hunger=None``): the integral of sigmoid(w h + b) over h is softplus(w h + b) / w.
    Fixed hunger h: J = reward_size * (2 p(B | h) - 1) * (+1 if h >= threshold else -1).
    """
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    t = reward_threshold
    if large_order_odds is not None:
        lecture = expected_reward(weight, bias, t, reward_size, hunger)
        constant = constant_reward(t, reward_size, hunger, large_order_odds)
        return as_scalar(portion_gap(large_order_odds) * np.asarray(lecture) + constant)
    if hunger is not None:
        return as_scalar(reward_size * _good_sign(hunger, t) * np.tanh((weight * hunger + bias) / 2))
    flat = np.abs(weight) < FLAT  # p(B) does not depend on hunger
    safe_weight = np.where(flat, 1.0, weight)

    def integral(low, high):  # integral of p(B) over hunger from low to high
        # (softplus(x + d) - softplus(x)) / w with x = w low + b, d = w (high - low), written so that nothing
        # cancels, for a small weight or a saturated p(B): softplus(x + d) - softplus(x) is
        # log1p(expm1(d) sigmoid(x)), or, where x >= 0, d + log1p(expm1(-d) sigmoid(-x)).
        x, d = safe_weight * low + bias, safe_weight * (high - low)
        # Past |d| of about 709 expm1 overflows (a weight of hundreds): there the two softplus terms differ by
        # at least 1, so their plain difference loses nothing.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            rising = np.log1p(np.expm1(d) * sigmoid(x))
            falling = d + np.log1p(np.expm1(-d) * sigmoid(-x))
            careful = np.where(x >= 0, falling, rising)
        plain = np.logaddexp(0.0, x + d) - np.logaddexp(0.0, x)
        return np.where(np.isfinite(careful), careful, plain) / safe_weight

    sloped = 2 * t - 1 + 2 * (integral(t, 1.0) - integral(0.0, t))
    constant = (2 * sigmoid(bias) - 1) * (1 - 2 * t)
    return as_scalar(reward_size * np.where(flat, constant, sloped))


def reward_slope(weight, bias, reward_threshold=0.5, reward_size=1.0, hunger=None, large_order_odds=None):
    """dJ/dbias: 2 reward_size * gap * mean over hunger of p(B)(1 - p(B)) * (+1 if hungry else -1) (exact,
    vectorised); gap = at_B - at_A, 1 without odds."""
    if large_order_odds is not None:
        lecture = reward_slope(weight, bias, reward_threshold, reward_size, hunger)
        return as_scalar(portion_gap(large_order_odds) * np.asarray(lecture))
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    t = reward_threshold
    if hunger is not None:
        return as_scalar(2 * reward_size * _good_sign(hunger, t) * spread(weight * hunger + bias))
    flat = np.abs(weight) < FLAT
    safe_weight = np.where(flat, 1.0, weight)
    with np.errstate(invalid="ignore"):
        # integral of p(1 - p) over [t, 1] minus over [0, t], each a difference of sigmoids divided by w
        hungry = sigmoid_gap(safe_weight + bias, safe_weight * t + bias)
        not_hungry = sigmoid_gap(safe_weight * t + bias, bias)
        sloped = 2 * reward_size * (hungry - not_hungry) / safe_weight
    constant = 2 * reward_size * spread(bias) * (1 - 2 * t)
    return as_scalar(np.where(flat, constant, sloped))
