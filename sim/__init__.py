"""The lecture's policy-gradient agent: hunger in, p(B) out, learning from rewards.

from sim import TrainingConfig, train, train_many
history = train(TrainingConfig(steps=2000))
history.bias[-1], history.verdict().text
ensemble = train_many(TrainingConfig(steps=4000, reward_handling="ignore_sign"), seeds=range(200))
best = history.config.problem.best(20.0)  # the best policy at weight 20: best.bias, best.reward, best.words

Where things are:

- ``sim.policy``: the lecture's step, line by line (``policy_gradient_step``); ``sim.optimizer``: Adam.
- ``sim.config``: one frozen, validated ``TrainingConfig`` and its ``Problem``; ``sim.training``: many steps.
- ``sim.walkthrough``: the lecture's updates split into the sub-steps of the board, rounded as the lecture.
- ``sim.truth``: what is true of a problem and a run: the expected reward J, the best policy, a rule's
  average push, the verdicts.
- ``sim.experiments``: beyond the lecture: the sign comparison, reward offsets, StatQuest's notebook.

The names below are imported on first use (PEP 562), so ``import sim.policy`` loads the step and Adam only.
None is named like a module of ``sim``: importing that module would hide the name.
"""

from __future__ import annotations

import importlib

_HOME = {
    "TrainingConfig": "sim.config",
    "Problem": "sim.config",
    "train": "sim.training",
    "train_many": "sim.training",
    "History": "sim.training",
    "policy_gradient_step": "sim.policy",
    "probability_of_b": "sim.policy",
}
__all__ = list(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
