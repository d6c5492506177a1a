"""Per-run state that outlives one step: Adam's running averages.

The lecture steps the bias by ``learning_rate * update`` (plain gradient descent, "sgd").
Adam (Kingma and Ba, 2015; PyTorch's defaults) keeps, for each parameter, a running mean of
its gradients and of their squares, and steps by ``learning_rate * mean / sqrt(square)``
(both corrected for starting at 0). So a step is about ``learning_rate`` long whatever the
gradient's scale; its very first step is exactly ``learning_rate * sign(gradient)`` (up to eps).

Like ``sim.policy``, every function works on floats (one agent) and numpy arrays (many).
"""

from __future__ import annotations

from typing import NamedTuple

OPTIMIZERS = ("sgd", "adam")
BETA1 = 0.9  # how slowly the mean of the gradients forgets
BETA2 = 0.999  # how slowly the mean of their squares forgets
EPSILON = 1e-8  # keeps the step finite when every gradient so far was 0


class AdamState(NamedTuple):
    """Adam's memory for one parameter after ``count`` steps (all 0 before the first)."""

    mean: float  # running mean of the gradients (m)
    square: float  # running mean of the squared gradients (v)
    count: int  # steps taken (t)


ADAM_START = AdamState(0.0, 0.0, 0)


def adam_step(state: AdamState, gradient, learning_rate):
    """One Adam step: ``(change, new_state)``; the parameter becomes ``parameter - change``."""
    mean = BETA1 * state.mean + (1 - BETA1) * gradient
    square = BETA2 * state.square + (1 - BETA2) * gradient * gradient
    count = state.count + 1
    mean_corrected = mean / (1 - BETA1**count)  # the averages start at 0: undo that pull toward 0
    square_corrected = square / (1 - BETA2**count)
    change = learning_rate * mean_corrected / (square_corrected**0.5 + EPSILON)
    return change, AdamState(mean, square, count)
