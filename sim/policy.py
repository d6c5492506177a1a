"""The lecture's policy-gradient step, line by line.

A forward pass gives p(B); a random draw on the 0..1 line picks a place; we
pretend that place was right (the *ideal*); the derivative of the
cross-entropy says how to move the bias to make that choice more likely; the
reward scales it (and its sign decides the direction); the bias takes a step.

Every function here works on plain floats (one agent, ``train``) and on numpy
arrays (many agents at once, ``train_many``), so there is one copy of the math.

Beyond the lecture (all off by default, so the lecture's numbers are unchanged): the chosen place
may give a large or small order by chance (``large_order``), and the reward follows the portion; a
constant ``reward_offset`` is added to every reward before the handling (``handled_reward``); a
``baseline`` (a running mean of the handled rewards, ``next_baseline``) is subtracted from it; and
the step may be Adam's instead of ``learning_rate * update`` (``sim.optimizer``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from sim.optimizer import adam_step

PLACE_A = 0  # small fries
PLACE_B = 1  # large fries

REWARD_HANDLINGS = ("correct", "ignore_sign", "flip_sign", "ignore_reward")


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), stable for any finite input (never overflows, stays in [0, 1])."""
    # Capping -x at 700 keeps e^-x finite; below x = -700 the true value is under 1e-304 anyway.
    # This form keeps tiny probabilities accurate to the last digit (unlike (1 + tanh(x/2)) / 2).
    if isinstance(x, float):
        return 1.0 / (1.0 + math.exp(min(-x, 700.0)))
    return 1.0 / (1.0 + np.exp(np.minimum(-np.asarray(x, dtype=float), 700.0)))


def probability_of_b(hunger, weight, bias):
    """Forward pass: p(B) = sigmoid(weight * hunger + bias). p(A) is 1 - p(B)."""
    return sigmoid(weight * hunger + bias)


def choose_action(prob_b, draw):
    """The 0..1 line: A owns [0, p(A)), B owns [p(A), 1]. Returns 1 for B, 0 for A."""
    return (draw >= 1.0 - prob_b) * 1


def large_order(action, portion_draw, large_order_odds=None):
    """1 if the place gives a large order, 0 for a small one.

    Without odds Place B always gives large fries and Place A small ones (the lecture). With
    ``large_order_odds = (at_A, at_B)`` the chosen place gives a large order when the portion
    draw (uniform on [0, 1)) falls below its odds, as in StatQuest's notebook.
    """
    if large_order_odds is None:
        return action
    at_a, at_b = large_order_odds
    return (portion_draw < at_a + (at_b - at_a) * action) * 1


def reward_for(hunger, large, reward_threshold=0.5, reward_size=1.0):
    """+reward_size for a good portion (large when hungry, small when not), -reward_size for a bad one.

    ``large`` is 1 for a large order, 0 for a small one; without odds that is the action (B: large).
    """
    good = (hunger >= reward_threshold) == (large == 1)
    return (good - 0.5) * (2.0 * reward_size)  # good: +reward_size, bad: -reward_size


def handled_reward(reward, reward_handling="correct", reward_offset=0.0):
    """The reward as the rule uses it: the offset is added first, then the handling applies to the sum.

    correct: r, ignore_sign: |r|, flip_sign: -r, ignore_reward: 1 (r = reward + reward_offset).
    """
    if reward_offset:
        reward = reward + reward_offset
    if reward_handling == "correct":
        return reward
    if reward_handling == "ignore_sign":
        return abs(reward)
    if reward_handling == "flip_sign":
        return -reward
    if reward_handling == "ignore_reward":
        return reward * 0.0 + 1.0  # a float, or an array of ones
    raise ValueError(f"reward_handling={reward_handling!r} is not allowed; use one of {', '.join(REWARD_HANDLINGS)}")


def next_baseline(baseline, handled, baseline_rate):
    """The running mean of the handled rewards after one more: b + rate * (handled - b)."""
    return baseline + baseline_rate * (handled - baseline)


class Step(NamedTuple):
    """Every intermediate value of one update, named as in the lecture."""

    prob_b: float  # p(B) before the update
    action: int  # 0 = A (small fries), 1 = B (large fries)
    ideal: float  # the guess: ideal p(B) if the action taken was right
    derivative: float  # d(cross-entropy)/d(bias) = p(B) - ideal
    large_order: int  # 1 if the place gave a large order (without odds: the action)
    reward: float  # +reward_size if the portion was good, else -reward_size (before the offset)
    handled_reward: float  # the reward plus the offset, as the handling uses it
    baseline: float  # the baseline used in this step (0 without one)
    update: float  # derivative * (handled reward - baseline): the gradient for the bias
    step_size: float  # the change made to the bias: learning_rate * update, or Adam's step
    bias: float  # bias after the update
    weight: float  # weight after the update (unchanged unless trained)


def policy_gradient_step(
    hunger,
    draw,
    weight,
    bias,
    learning_rate=1.0,
    reward_handling="correct",
    reward_threshold=0.5,
    reward_size=1.0,
    train_weight=False,
    *,
    reward_offset=0.0,
    baseline=None,
    portion_draw=0.0,
    large_order_odds=None,
    adam=None,
) -> Step:
    """One update of the lecture, from the forward pass to the new bias.

    The keywords go beyond the lecture: a reward offset, a baseline (None: none, the same as 0),
    portions drawn with odds, and ``adam``: Adam's memory (an AdamState for the bias, one for the weight) to step
    with Adam instead of the lecture's ``learning_rate * update``; ``remember_gradients`` gives the next memory.
    """
    prob_b = probability_of_b(hunger, weight, bias)
    action = choose_action(prob_b, draw)
    ideal = action * 1.0  # pretend the action we took was the correct one
    derivative = prob_b - ideal  # d(cross-entropy)/d(bias); times hunger for the weight
    large = action if large_order_odds is None else large_order(action, portion_draw, large_order_odds)
    reward = reward_for(hunger, large, reward_threshold, reward_size)
    handled = handled_reward(reward, reward_handling, reward_offset)
    update = derivative * handled if baseline is None else derivative * (handled - baseline)
    if adam is None:  # the lecture: plain gradient descent
        step_size = learning_rate * update
        new_weight = weight - learning_rate * update * hunger if train_weight else weight
    else:  # Adam: the caller keeps its memory (remember_gradients) from one step to the next
        step_size = adam_step(adam[0], update, learning_rate)[0]
        new_weight = weight - adam_step(adam[1], update * hunger, learning_rate)[0] if train_weight else weight
    new_bias = bias - step_size
    used = 0.0 if baseline is None else baseline
    # tuple.__new__ builds the same Step as Step(...), without its slow Python-level constructor.
    values = (prob_b, action, ideal, derivative, large, reward, handled, used, update, step_size, new_bias, new_weight)
    return _make_step(Step, values)


def remember_gradients(adam, step: Step, hunger):
    """Adam's memory after ``step``: (for the bias, for the weight) with the step's gradients taken in."""
    return adam_step(adam[0], step.update, 0.0)[1], adam_step(adam[1], step.update * hunger, 0.0)[1]


_make_step = tuple.__new__
