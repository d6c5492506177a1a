"""StatQuest's notebook over many seeds: its one reported run beside this project's distribution.

The notebook prints one final bias (``STATQUEST_REPORTED_BIAS``) from one seeded run. Here the same
setting is trained for many seeds at once (``train_many``) and summarised at the notebook's step
(280) and later, with the verdict the lab gives a single run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import TrainingConfig
from sim.experiments.statquest import STATQUEST_REPORTED_BIAS, STATQUEST_STEPS, statquest_notebook
from sim.training import train_many
from sim.truth.verdicts import divergence_verdict

LATER_STEPS = 2000  # "later": the setting has settled for every seed by then (tests/test_offset_baseline.py)
NOTEBOOK_SEEDS = 200


def is_statquest(config: TrainingConfig) -> bool:
    """Is this the notebook's setting (any seed, any number of steps)?"""
    return config.replace(seed=0, steps=STATQUEST_STEPS) == statquest_notebook()


@dataclass(frozen=True)
class BiasAtStep:
    """The final bias of many seeds after ``step`` steps, in a few numbers."""

    step: int
    median: float
    low: float  # 10% quantile over the seeds
    high: float  # 90% quantile
    share_settled: float  # share of seeds whose verdict after ``step`` steps is "settling"
    share_beyond_reported: float  # share of seeds whose bias is at or below the notebook's reported bias


@dataclass(frozen=True)
class NotebookDistribution:
    """The notebook's setting over ``seeds``: the bias at its own step and later, and the reported value."""

    seeds: tuple[int, ...]
    reported_bias: float
    at: tuple[BiasAtStep, ...]  # one per step asked for, in order


def notebook_distribution(
    config: TrainingConfig | None = None, steps=(STATQUEST_STEPS, LATER_STEPS), seeds=range(NOTEBOOK_SEEDS)
) -> NotebookDistribution:
    """Train ``config`` (the notebook's by default) for ``seeds`` and summarise the bias after each of ``steps``.

    One ensemble as long as the longest step; a shorter step reads its prefix (row i equals ``train`` with
    seed i, and a longer run starts exactly like a shorter one).
    """
    config = config or statquest_notebook()
    steps = tuple(sorted(int(s) for s in steps))
    ensemble = train_many(config.replace(steps=steps[-1]), seeds)
    reported = STATQUEST_REPORTED_BIAS
    at = []
    for step in steps:
        bias, weight = ensemble.bias[:, :step], ensemble.weight[:, :step]
        prefix = config.replace(steps=step)
        kinds = [divergence_verdict(prefix, b, w).kind for b, w in zip(bias, weight)]
        final = bias[:, -1]
        low, median, high = np.quantile(final, (0.1, 0.5, 0.9))
        at.append(
            BiasAtStep(
                step=step,
                median=float(median),
                low=float(low),
                high=float(high),
                share_settled=float(np.mean([kind == "settling" for kind in kinds])),
                share_beyond_reported=float(np.mean(final <= reported)),
            )
        )
    return NotebookDistribution(tuple(int(s) for s in ensemble.seeds), reported, tuple(at))
