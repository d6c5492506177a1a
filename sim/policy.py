"""The lecture's policy-gradient step, line by line.

A forward pass gives p(B); a random draw on the 0..1 line picks a place; we
pretend that place was right (the *ideal*); the derivative of the
cross-entropy says how to move the bias to make that choice more likely; the
reward scales it (and its sign decides the direction); the bias takes a step.

Every function here works on plain floats (one agent, ``train``) and on numpy
arrays (many agents at once, ``train_many``), so there is one copy of the math.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

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


def reward_for(hunger, action, reward_threshold=0.5, reward_size=1.0):
    """+reward_size for a good choice (B when hungry, A when not), -reward_size for a bad one."""
    good = (hunger >= reward_threshold) == (action == PLACE_B)
    return (good - 0.5) * (2.0 * reward_size)  # good: +reward_size, bad: -reward_size


def apply_reward(derivative, reward, reward_handling="correct"):
    """Scale the derivative by the reward. The reward's sign sets the direction of the step."""
    if reward_handling == "correct":
        return derivative * reward
    if reward_handling == "ignore_sign":
        return derivative * abs(reward)
    if reward_handling == "flip_sign":
        return derivative * -reward
    if reward_handling == "ignore_reward":
        return derivative * 1.0
    raise ValueError(f"reward_handling={reward_handling!r} is not allowed; use one of {', '.join(REWARD_HANDLINGS)}")


class Step(NamedTuple):
    """Every intermediate value of one update, named as in the lecture."""

    prob_b: float  # p(B) before the update
    action: int  # 0 = A (small fries), 1 = B (large fries)
    ideal: float  # the guess: ideal p(B) if the action taken was right
    derivative: float  # d(cross-entropy)/d(bias) = p(B) - ideal
    reward: float  # +reward_size if the choice was good, else -reward_size
    update: float  # derivative scaled by the reward (as the handling says)
    step_size: float  # learning_rate * update
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
) -> Step:
    """One update of the lecture, from the forward pass to the new bias."""
    prob_b = probability_of_b(hunger, weight, bias)
    action = choose_action(prob_b, draw)
    ideal = action * 1.0  # pretend the action we took was the correct one
    derivative = prob_b - ideal  # d(cross-entropy)/d(bias); times hunger for the weight
    reward = reward_for(hunger, action, reward_threshold, reward_size)
    update = apply_reward(derivative, reward, reward_handling)
    step_size = learning_rate * update
    new_bias = bias - step_size
    new_weight = weight - learning_rate * update * hunger if train_weight else weight
    # tuple.__new__ builds the same Step as Step(...), without its slow Python-level constructor.
    return _make_step(Step, (prob_b, action, ideal, derivative, reward, update, step_size, new_bias, new_weight))


_make_step = tuple.__new__
