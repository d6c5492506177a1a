"""What the settings and a run make true: the facts that choose every sentence a page says about them.

A page explains a rule, the problem and a run in words ("the bias random-walks", "B is right there", "the weight
grows"). Each such sentence is said only when one of these facts, computed from the numbers it describes, makes it
true; where none does, the page says less. The facts, in the lecture's words:

- ``push``: the rule's average push on the bias, as a signed multiple of the respected rule's (``push_factor``):
  1 for the lecture's rule (whatever the offset), -1 flipped, 0 with the sign or the reward ignored, and with the
  sign ignored after an offset of at least the reward's size, 1 (every handled reward is positive: nothing is left
  to ignore). A baseline never changes it; the odds scale J, so every rule's push alike.
- ``better``: which place earns more below the threshold and from it, under these odds (None: both the same).
- ``has_best``: whether some bias earns more than another at all (J is not flat).
- ``weight_change``, ``median_step``: from a run, whether the trained weight rose or fell, and the bias's median
  step as a multiple of the learning rate (Adam's step is not the learning rate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.truth.expected_reward import portion_gap
from sim.truth.push import push_factor


def better_place(hungry: bool, large_order_odds=None) -> str | None:
    """The place that earns more below the threshold (``hungry`` False) or from it (True); None if both earn the same.

    A large order is good when hungry, a small one when not; B gives a large order more often than A when
    ``portion_gap`` > 0 (always, without odds)."""
    gap = portion_gap(large_order_odds) * (1 if hungry else -1)
    return "B" if gap > 0 else "A" if gap < 0 else None


@dataclass(frozen=True)
class Facts:
    """What these settings (and, where given, this run) make true; see the module's docstring."""

    push: float
    better: tuple[str | None, str | None]  # below the threshold, from it
    regions: tuple[tuple[str | None, float, float], ...]  # (better place, from hunger, to hunger) over [0, 1]
    has_best: bool
    same_odds: bool  # both places give a large order equally often: neither place is better anywhere
    weight_change: int = 0  # +1 the trained weight rose in the run, -1 it fell, 0 not trained or unchanged
    median_step: float | None = None  # median |change of the bias| per step / learning rate (None: no run)

    def right_at(self, hunger: float, threshold: float) -> str | None:
        """The better place at one hunger value."""
        return self.better[hunger >= threshold]

    @property
    def good_policy_rises(self) -> bool | None:
        """Whether a good policy's p(B) rises with hunger (True), falls (False), or either will do (None: one place is
        best everywhere, or none)."""
        below, above = self.better
        if below == above or None in self.better:
            return None
        return above == "B"


def facts(config, history=None) -> Facts:
    """The facts of ``config`` (a ``TrainingConfig``) and, if given, of its run ``history``."""
    t, odds = config.reward_threshold, config.large_order_odds
    better = (better_place(False, odds), better_place(True, odds))
    regions = tuple((place, x0, x1) for place, x0, x1 in ((better[0], 0.0, t), (better[1], t, 1.0)) if x1 > x0)
    best = config.problem.best(config.weight)
    weight_change, median_step = 0, None
    if history is not None and len(history):
        if config.train_weight:
            weight_change = int(np.sign(round(float(history.weight[-1]) - config.weight, 12)))
        path = np.concatenate(([config.initial_bias], np.asarray(history.bias, dtype=float)))
        median_step = float(np.median(np.abs(np.diff(path)))) / config.learning_rate
    return Facts(
        push=push_factor(config.reward_handling, config.reward_size, config.reward_offset),
        better=better,
        regions=regions,
        has_best=not math.isnan(best.bias),
        same_odds=portion_gap(odds) == 0,
        weight_change=weight_change,
        median_step=median_step,
    )
