"""Which bias is the best, and what is the best policy in words?

The *best bias* maximises the expected reward J (``sim.truth.expected_reward``). The lecture's formula,
``optimal_bias = -weight * threshold``, puts p(B) = 1/2 exactly at the threshold; it is the best bias
only at threshold 1/2 (or nearly, for a steep neuron). Everything that judges a run (verdicts, bands,
"best possible") uses the true best.

With uniform hunger and weight w, dJ/dbias = (2 size / w) [p(B|1) - 2 p(B|t) + p(B|0)], so
J has at most one turning point: a hill top when w > 0, a valley bottom when w < 0. Without a
hill the best policy is saturated (always A or always B: the bias runs off to -inf or +inf).

With ``large_order_odds = (at_A, at_B)``, J is an affine function of the lecture's J (see
``sim.truth.expected_reward``): the best bias is the lecture's when gap = at_B - at_A > 0; when gap < 0 it is
the mirror image (J(w, b) = |gap| J_lecture(-w, -b) + const); when gap = 0 every bias earns the same.
An offset changes neither J nor the best bias.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.truth.expected_reward import FLAT, constant_reward, expected_reward, portion_gap
from sim.truth.numerics import as_scalar, log_sinh

NEAR_OPTIMUM = 2.0  # "near the best bias": within this distance of it (when it is finite)
NEAR_BEST_REWARD = 0.1  # "near the best": expected reward within this share of reward_size of the best
ALWAYS = 0.99  # the drawn "always B" starts where p(B) >= 0.99 at every hunger the run sees


def optimal_bias(weight, reward_threshold=0.5):
    """The lecture's formula: the bias that puts p(B) = 0.5 exactly at the threshold, -weight * threshold.

    The best bias only at threshold 0.5 (or nearly, for a steep neuron); see ``best_bias``.
    """
    return -weight * reward_threshold


def reward_margin(reward_size=1.0, large_order_odds=None) -> float:
    """How far below the best expected reward still counts as near it: NEAR_BEST_REWARD of the reward the bias
    controls, reward_size * |at_B - at_A| (reward_size without odds)."""
    return NEAR_BEST_REWARD * reward_size * abs(portion_gap(large_order_odds))


def _turning_bias(weight, reward_threshold):
    """The bias where dJ/dbias = 0 (uniform hunger): the hill top for w > 0, the valley bottom for w < 0; nan if none.

    p(B|1) + p(B|0) = 2 p(B|t) becomes cosh((w+b)/2) / cosh(b/2) = K = sinh(|w|(1-t)/2) / sinh(|w|t/2),
    so e^b = (K - e^(-|w|/2)) / (e^(|w|/2) - K) for w > 0, and b changes sign with w.
    """
    weight = np.asarray(weight, dtype=float)
    u = np.abs(weight) / 2
    t = reward_threshold
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        log_k = log_sinh(u * (1 - t)) - log_sinh(u * t)  # log K
        inside = (np.abs(log_k) < u) & (np.abs(weight) >= FLAT)
        k = np.where(inside, log_k, 0.0)
        top = k + np.log(-np.expm1(-(u + k))) - u - np.log(-np.expm1(k - u))
    return as_scalar(np.where(inside & np.isfinite(top), np.sign(weight) * top, np.nan))


def best_bias(weight, reward_threshold=0.5, hunger=None, large_order_odds=None):
    """The bias that maximises the expected reward for this weight (vectorised over weights).

    +inf (always B) or -inf (always A) when the best policy is saturated; +inf too when both
    saturations are equally best (weight < 0 at threshold 0.5); nan when every bias earns the
    same (p(B) ignores hunger at threshold 0.5, or both places give large orders equally often).
    ``best_policy`` says which, in words.
    """
    gap = portion_gap(large_order_odds)
    if gap < 0:  # J is the lecture's J mirrored: J(w, b) = |gap| J_lecture(-w, -b) + const
        return as_scalar(-np.asarray(best_bias(-np.asarray(weight, dtype=float), reward_threshold, hunger)))
    if gap == 0:
        return as_scalar(np.full(np.shape(weight), np.nan))
    weight = np.asarray(weight, dtype=float)
    t = reward_threshold
    if hunger is not None:
        return as_scalar(np.full(weight.shape, np.inf if hunger >= t else -np.inf))
    top = _turning_bias(weight, t)
    side = np.inf if t <= 0.5 else -np.inf
    saturated = np.where((np.abs(weight) < FLAT) & (t == 0.5), np.nan, side)
    return as_scalar(np.where((weight > 0) & np.isfinite(top), top, saturated))


def best_expected_reward(weight, reward_threshold=0.5, reward_size=1.0, hunger=None, large_order_odds=None):
    """The expected reward at the best bias (the limit, when the best policy is saturated). Vectorised over weights."""
    if large_order_odds is not None:
        gap = portion_gap(large_order_odds)
        mirror = -1.0 if gap < 0 else 1.0  # see best_bias
        lecture = best_expected_reward(mirror * np.asarray(weight, dtype=float), reward_threshold, reward_size, hunger)
        return as_scalar(
            abs(gap) * np.asarray(lecture) + constant_reward(reward_threshold, reward_size, hunger, large_order_odds)
        )
    weight = np.asarray(weight, dtype=float)
    if hunger is not None:
        return as_scalar(np.full(weight.shape, float(reward_size)))
    best = best_bias(weight, reward_threshold)
    finite = np.isfinite(best)
    at_top = expected_reward(weight, np.where(finite, best, 0.0), reward_threshold, reward_size)
    return as_scalar(np.where(finite, at_top, reward_size * abs(1 - 2 * reward_threshold)))


def _signed(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")


def drawn_best(weight, reward_threshold=0.5, hunger=None, large_order_odds=None):
    """A finite bias to draw the best at (vectorised over weights): the best bias where it is finite;
    where the best policy is saturated, the bias from which it is that policy to 1%: p(B) >= 0.99 at every
    hunger seen (always B) or <= 0.01 (always A); 0 where every bias is as good."""
    gap = portion_gap(large_order_odds)
    if gap < 0:  # the mirror image, as in best_bias
        return as_scalar(-np.asarray(drawn_best(-np.asarray(weight, dtype=float), reward_threshold, hunger)))
    if gap == 0:
        return as_scalar(np.zeros(np.shape(weight)))
    weight = np.asarray(weight, dtype=float)
    best = np.asarray(best_bias(weight, reward_threshold, hunger))
    logit = math.log(ALWAYS / (1 - ALWAYS))
    low, high = (weight * hunger,) * 2 if hunger is not None else (np.minimum(0.0, weight), np.maximum(0.0, weight))
    saturated = np.where(best > 0, logit - low, -logit - high)
    return as_scalar(np.where(np.isnan(best), 0.0, np.where(np.isfinite(best), best, saturated)))


@dataclass(frozen=True)
class Best:
    """The best policy for one weight, and the shape of J(bias) around it."""

    bias: float  # the best bias; +-inf when saturated, nan when every bias is as good
    reward: float  # the best expected reward (a limit when saturated)
    words: str  # "bias −10", "always B (bias → +∞)", ...
    shape: str  # "hill" (finite best), "valley" (w < 0), "rising" (best +inf), "falling" (best -inf), "flat"
    turn: float  # the hill top or valley bottom (nan for other shapes)
    drawn: float  # a finite bias for charts: the best bias, or where "always A/B" starts (p >= 0.99); 0 if flat
    best_sides: tuple  # which saturations are best: (+1,), (-1,), (+1, -1) or () (none: a hill, or flat)

    @property
    def saturated(self) -> bool:
        """True when the best policy is always A or always B (the bias runs off to infinity)."""
        return bool(self.best_sides)

    def is_best(self, where: float) -> bool:
        """Is ``where`` (a turning bias or +-inf, as a rule's destination) the best?"""
        if math.isinf(where):
            return (1 if where > 0 else -1) in self.best_sides
        return self.shape == "hill" and where == self.turn


@lru_cache(maxsize=4096)
def best_policy(
    weight: float, reward_threshold: float = 0.5, reward_size: float = 1.0, hunger=None, large_order_odds=None
) -> Best:
    """The best bias, its expected reward, its words and the shape of J, for one weight (cached).

    ``large_order_odds`` (a tuple or None; see the module's docstring): the same geometry scaled
    when at_B > at_A, mirrored (bias -> -bias) when at_B < at_A, flat when they are equal.
    """
    if large_order_odds is not None:
        return _best_with_odds(float(weight), float(reward_threshold), reward_size, hunger, tuple(large_order_odds))
    weight, t = float(weight), float(reward_threshold)
    bias = float(best_bias(weight, t, hunger))
    reward = float(best_expected_reward(weight, t, reward_size, hunger))
    turn = float(_turning_bias(weight, t)) if hunger is None else math.nan
    if math.isnan(bias):
        shape, sides = "flat", ()
    elif math.isfinite(bias):
        shape, sides = "hill", ()
    elif math.isfinite(turn):  # a valley: both saturations are local bests; the better one (or both) is best
        shape, sides = "valley", (1, -1) if t == 0.5 else ((1,) if bias > 0 else (-1,))
    else:
        shape, sides = ("rising", (1,)) if bias > 0 else ("falling", (-1,))
    drawn = float(drawn_best(weight, t, hunger))
    return Best(bias, reward, describe_best(weight, t, hunger), shape, turn, drawn, sides)


def _best_with_odds(weight, t, reward_size, hunger, large_order_odds) -> Best:
    gap = portion_gap(large_order_odds)
    reward = float(best_expected_reward(weight, t, reward_size, hunger, large_order_odds))
    if gap == 0:
        return Best(math.nan, reward, describe_best(weight, t, hunger, large_order_odds), "flat", math.nan, 0.0, ())
    lecture = best_policy(weight if gap > 0 else -weight, t, reward_size, hunger)
    if gap > 0:
        return dataclasses.replace(lecture, reward=reward)
    shape = {"rising": "falling", "falling": "rising"}.get(lecture.shape, lecture.shape)
    sides = tuple(sorted((-side for side in lecture.best_sides), reverse=True))
    words = describe_best(weight, t, hunger, large_order_odds)
    return Best(-lecture.bias, reward, words, shape, -lecture.turn, -lecture.drawn, sides)


def describe_best(weight, reward_threshold=0.5, hunger=None, large_order_odds=None) -> str:
    """The best policy in words: "bias −10", "always B (bias → +∞)", "always A (bias → −∞)", ..."""
    gap = portion_gap(large_order_odds)
    if gap == 0:
        return "any bias (both places give a large order equally often, so every bias earns the same)"
    if gap < 0:  # the mirror image (see best_bias): A and B swap, and the bias changes sign
        words = describe_best(-float(weight), reward_threshold, hunger)
        if words.startswith("bias "):
            return f"bias {_signed(-float(best_bias(-float(weight), reward_threshold, hunger)))}"
        swap = {"always B (bias → +∞)": "always A (bias → −∞)", "always A (bias → −∞)": "always B (bias → +∞)"}
        return swap.get(words, words)
    bias = float(best_bias(float(weight), reward_threshold, hunger))
    if math.isnan(bias):
        return "any bias (p(B) ignores hunger, so every bias earns the same)"
    if math.isfinite(bias):
        return f"bias {_signed(bias)}"
    if hunger is None and weight < 0 and reward_threshold == 0.5 and not abs(weight) < FLAT:
        return "always A or always B (bias → ±∞)"
    return "always B (bias → +∞)" if bias > 0 else "always A (bias → −∞)"
