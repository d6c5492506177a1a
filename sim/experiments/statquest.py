"""StatQuest's notebook "Adding Reinforcement Learning to a Neural Network" (PyTorch + Lightning), as a config.

Norm's Fry Hut (Place B here) gives a large order 80% of the time, 'Squatch's Fry Shack (Place A)
20%. The reward is +1 when hungry and the order is large, or not hungry and it is small, else -1,
with hungry meaning hunger > 0.5, and it is scaled by 0.99. Adam (learning rate 0.1, PyTorch's
default betas and epsilon) trains the bias from 0 with the weight fixed at 20, for 70 epochs of 4
steps. Here hungry is hunger >= 0.5 (this project's threshold convention, ``reward_for``); a hunger
of exactly 0.5 has probability 0, so the runs are the same in distribution.

``settled_share`` gives the share of seeds whose verdict is "settling" and the median final bias
(``bench.offsets`` prints a table with it; ``sim.experiments.notebook`` and ``sim.experiments.offsets``
hold the page's summaries).
"""

from __future__ import annotations

import numpy as np

from sim.config import TrainingConfig
from sim.training import train_many
from sim.truth.verdicts import divergence_verdict

STATQUEST_STEPS = 280  # 70 epochs x 4 steps

STATQUEST_REPORTED_BIAS = -10.3
"""The final bias the notebook prints: one seeded run (PyTorch's generator), not a typical value.

Over many seeds this setting is usually not that far by step 280; compare with ``train_many``."""


def statquest_notebook(**changes) -> TrainingConfig:
    """The notebook's settings as a TrainingConfig (280 steps); ``changes`` override fields, e.g. steps=2000."""
    config = TrainingConfig(
        steps=STATQUEST_STEPS,
        learning_rate=0.1,
        weight=20.0,
        initial_bias=0.0,
        reward_threshold=0.5,
        reward_size=0.99,
        optimizer="adam",
        large_order_odds=(0.2, 0.8),
    )
    return config.replace(**changes) if changes else config


def settled_share(config: TrainingConfig, seeds=range(200)) -> tuple[float, float]:
    """Over ``seeds`` (``train_many``): the share of runs whose verdict is "settling", and the median final bias."""
    ensemble = train_many(config, seeds)
    kinds = [divergence_verdict(config, b, w).kind for b, w in zip(ensemble.bias, ensemble.weight)]
    return float(np.mean([kind == "settling" for kind in kinds])), float(np.median(ensemble.bias[:, -1]))
