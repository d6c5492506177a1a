"""How good is a policy, where is the best bias, and did a run learn?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.policy import PLACE_A, PLACE_B, apply_reward, probability_of_b, reward_for

NEAR_OPTIMUM = 2.0  # "near the optimum": the bias within this distance of optimal_bias


def optimal_bias(weight, reward_threshold=0.5):
    """The bias that puts p(B) = 0.5 exactly at the threshold: -weight * threshold."""
    return -weight * reward_threshold


def last_quarter(steps: int) -> slice:
    """The steps a verdict judges a run by: the last quarter (at least one step)."""
    return slice(steps - max(1, steps // 4), None)


def _softplus(x):
    """log(1 + e^x), stable; the same as np.logaddexp(0, x) at twice its speed."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def expected_reward(weight, bias, reward_threshold=0.5, reward_size=1.0):
    """Mean reward of the policy's own choices, hunger uniform on [0, 1] (exact, vectorised).

    J = reward_size * integral over hunger of (2 p(B) - 1) * (+1 if hungry else -1),
    and the integral of sigmoid(w h + b) over h is softplus(w h + b) / w.
    """
    weight = np.asarray(weight, dtype=float)
    bias = np.asarray(bias, dtype=float)
    t = reward_threshold
    flat = np.abs(weight) < 1e-6  # p(B) does not depend on hunger
    safe_weight = np.where(flat, 1.0, weight)

    def integral(h):  # integral of p(B) from 0 to h, up to a constant
        return _softplus(safe_weight * h + bias) / safe_weight

    sloped = 2 * t - 1 + 2 * (integral(1.0) - 2 * integral(t) + integral(0.0))
    constant = (2 * probability_of_b(0.0, 0.0, bias) - 1) * (1 - 2 * t)
    result = reward_size * np.where(flat, constant, sloped)
    return float(result) if result.ndim == 0 else result


def mean_bias_drift(
    bias,
    weight=20.0,
    learning_rate=1.0,
    reward_handling="correct",
    reward_threshold=0.5,
    reward_size=1.0,
    grid=2000,
):
    """Average change of the bias in one step from ``bias``: hunger uniform, action drawn from the policy.

    With the reward's sign respected this is learning_rate * dJ/dbias (it climbs J);
    ignoring the sign it is zero (a random walk); flipping it descends J.
    """
    bias = np.asarray(bias, dtype=float)[..., None]
    hunger = (np.arange(grid) + 0.5) / grid  # midpoints of [0, 1]
    prob_b = probability_of_b(hunger, weight, bias)
    drift = 0.0
    for action, prob in ((PLACE_B, prob_b), (PLACE_A, 1.0 - prob_b)):
        derivative = prob_b - action
        reward = reward_for(hunger, np.full_like(hunger, action), reward_threshold, reward_size)
        drift = drift + prob * -learning_rate * apply_reward(derivative, reward, reward_handling)
    result = drift.mean(axis=-1)
    return float(result) if result.ndim == 0 else result


VERDICT_KINDS = ("settling", "approaching", "wandering", "running away", "stuck")


@dataclass(frozen=True)
class Verdict:
    """Did a run learn? ``kind`` is one of VERDICT_KINDS; ``text`` is one line for the page."""

    kind: str
    text: str
    diverged_at: int | None  # first step after which the bias stays out of reach of the optimum
    share_near_optimum: float  # share of the last quarter of steps with the bias in the band


def divergence_verdict(config, bias, weight=None, band=NEAR_OPTIMUM) -> Verdict:
    """Judge a run from its config and its bias (and weight) after each step.

    Near the optimum means within ``band`` of ``-weight * threshold``. The run *settles*
    if at least 80% of its last quarter is near the optimum and its rule pulls it back there
    from both sides (``mean_bias_drift``); without that pull it *wanders*. Otherwise the verdict
    follows the average pull on the bias where the run ended (``mean_bias_drift``):
    toward the optimum (*approaching*), away from it (*running away*), or none at all
    (*wandering*: a random walk), unless it no longer moves at all (*stuck*). The run
    *diverged* at the first step after which its bias stays farther from the optimum than
    where it started, plus the band. A run whose last quarter averages within the band of
    an optimum that its rule pulls toward from both sides also *settles*, however widely
    big steps make it jitter.
    """
    bias = np.asarray(bias, dtype=float)
    weight = np.broadcast_to(np.asarray(config.weight if weight is None else weight, dtype=float), bias.shape)
    optimum = optimal_bias(weight, config.reward_threshold)
    distance = np.abs(bias - optimum)
    tail = last_quarter(len(bias))
    share_near = float(np.mean(distance[tail] <= band))

    reach = abs(config.initial_bias - optimum[0]) + band
    inside = np.flatnonzero(distance <= reach)
    if len(inside) == 0:
        diverged_at = 0
    elif inside[-1] == len(bias) - 1:
        diverged_at = None
    else:
        diverged_at = int(inside[-1] + 1)

    def direction(at: float) -> float:
        """+1: the rule pulls toward the optimum from ``at`` as hard as the correct rule; -1: away; 0: no pull."""
        pull = dict(
            bias=at, weight=weight[-1], learning_rate=config.learning_rate,
            reward_threshold=config.reward_threshold, reward_size=config.reward_size,
        )  # fmt: skip
        drift = mean_bias_drift(reward_handling=config.reward_handling, **pull)
        # Compare with the pull of the correct rule at the same point: same size, the sign says the direction.
        scale = abs(mean_bias_drift(reward_handling="correct", **pull))
        return float(np.sign(optimum[-1] - at) * drift / scale) if scale > 0 else 0.0

    # Settling needs a pull back to the optimum from both sides; without one, being near it is luck.
    held = min(direction(optimum[-1] - band), direction(optimum[-1] + band)) > 0.5
    if share_near >= 0.8:
        if held:
            return Verdict("settling", f"settling near the optimum ({optimum[-1]:.3g})", None, share_near)
        text = "wandering: near the optimum for now, but nothing holds it there"
        return Verdict("wandering", text, diverged_at, share_near)
    # Big steps can keep a run jittering wider than the band around an optimum it keeps returning to.
    if held and abs(float(np.mean(bias[tail])) - optimum[-1]) <= band:
        text = f"settling near the optimum ({optimum[-1]:.3g}), jittering widely: big steps"
        return Verdict("settling", text, None, share_near)
    now = direction(bias[-1])
    if now > 0.5:
        return Verdict("approaching", "heading for the optimum, not settled yet", diverged_at, share_near)
    if now < -0.5:
        towards = "always B" if bias[-1] > optimum[-1] else "always A"
        return Verdict("running away", f"running away: {towards}", diverged_at, share_near)
    moves = np.abs(np.diff(bias[tail])).sum() if bias[tail].size > 1 else 0.0
    if moves < 1e-6:  # p(B) is 0 or 1 at every hunger, so the derivative, and every step, is about 0
        return Verdict("stuck", "stuck: p(B) is saturated, so the derivative is about 0", diverged_at, share_near)
    return Verdict("wandering", "wandering: never settles", diverged_at, share_near)
