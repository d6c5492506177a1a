"""A constant added to every reward, with and without a running-mean baseline, over many seeds.

The average update does not change with the offset: E[p(B) - ideal] = 0 over the policy's own draws,
so the constant's share of each update cancels on average (``sim.truth.push.push_factor``). Its noise does
not cancel; a baseline subtracts the constant back out. ``offset_sweep`` measures what that does to
the share of seeds that settle; ``with_baseline`` is the comparison's "offset + baseline" side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.config import TrainingConfig
from sim.experiments.comparison import EnsembleSummary, SideBySide, ensemble_seeds, ensemble_summary, side_by_side
from sim.training import random_streams
from sim.truth.push import good_and_bad, push_factor

SWEEP_OFFSETS = (0.0, 1.0, 2.0, 3.0, 5.0, 9.0)
BASELINE_SIDE = "correct_baseline"  # the comparison's side: the sign respected, the offset, a running-mean baseline
WITH_AND_WITHOUT = ("none", "running_mean")


def side_config(config: TrainingConfig, side: str) -> TrainingConfig:
    """The config of one side of a comparison: a reward handling, or BASELINE_SIDE."""
    if side == BASELINE_SIDE:
        return config.replace(reward_handling="correct", baseline="running_mean")
    return config.replace(reward_handling=side)


def sides_side_by_side(config: TrainingConfig, sides: tuple[str, ...], first_rows: int = 8) -> SideBySide:
    """``side_by_side`` for reward handlings and, if asked, BASELINE_SIDE, all with the same seed (same draws).

    The runs keep the order of ``sides``; the baseline side's run is keyed (and named) BASELINE_SIDE.
    """
    rules = tuple(s for s in sides if s != BASELINE_SIDE)
    side = side_by_side(config, rules, first_rows)
    if BASELINE_SIDE not in sides:
        return side
    other = side_config(config, BASELINE_SIDE)
    extra = side_by_side(other, ("correct",), first_rows).runs["correct"]
    runs = {s: dataclasses.replace(extra, handling=s) if s == BASELINE_SIDE else side.runs[s] for s in sides}
    same = side.same_streams and all(map(np.array_equal, random_streams(config), random_streams(other)))
    return dataclasses.replace(side, runs=runs, same_streams=same)


@dataclass(frozen=True)
class RuleWithOffset:
    """What a rule makes of the rewards after an offset: the multiplier of a good and a bad choice's derivative."""

    good: float  # handled reward of a good choice
    bad: float  # handled reward of a bad choice
    push: float  # the average step as a multiple of the sign-respected rule's without offset (push_factor)

    @property
    def common(self) -> float:
        """The part good and bad share: it averages to nothing and only adds noise (a baseline removes it)."""
        return (self.good + self.bad) / 2


def rule_with_offset(reward_handling: str, reward_size: float, reward_offset: float) -> RuleWithOffset:
    """Good and bad choices' handled rewards and the rule's average push, at this offset."""
    good, bad = good_and_bad(reward_handling, reward_size, reward_offset)
    return RuleWithOffset(good, bad, push_factor(reward_handling, reward_size, reward_offset))


@dataclass(frozen=True)
class OffsetSweep:
    """Share of seeds settled near the best, and their median final bias, per offset, without and with a baseline."""

    offsets: tuple[float, ...]
    share_settled: dict[str, np.ndarray]  # baseline ("none", "running_mean") -> one share per offset
    median_final_bias: dict[str, np.ndarray]
    seeds: tuple[int, ...]
    steps: int
    best_words: str

    def largest_settling_offset(self, baseline: str, share: float = 0.9) -> float | None:
        """The largest offset up to which at least ``share`` of the seeds settle (None if not even at the first)."""
        good = self.share_settled[baseline] >= share
        if not good[0]:
            return None
        last = len(good) if good.all() else int(np.argmin(good))
        return self.offsets[last - 1]


Summarize = Callable[[TrainingConfig, int], EnsembleSummary]


def _summary(config: TrainingConfig, n_seeds: int) -> EnsembleSummary:
    return ensemble_summary(config, ensemble_seeds(config.seed, n_seeds))


def offset_sweep(
    config: TrainingConfig, n_seeds: int, offsets=SWEEP_OFFSETS, summarize: Summarize = _summary
) -> OffsetSweep:
    """The sign-respected rule at each offset, without and with a running-mean baseline, for ``n_seeds`` seeds
    from ``config.seed``. ``summarize(config, n_seeds)`` trains one ensemble (a page passes its cached one)."""
    offsets = tuple(float(o) for o in offsets)
    shares, medians, summary = {}, {}, None
    for baseline in WITH_AND_WITHOUT:
        row = [
            summarize(config.replace(reward_handling="correct", reward_offset=o, baseline=baseline), n_seeds)
            for o in offsets
        ]
        shares[baseline] = np.array([s.share_settled for s in row])
        medians[baseline] = np.array([s.median_final_bias for s in row])
        summary = row[0]
    return OffsetSweep(offsets, shares, medians, summary.seeds, config.steps, summary.best.words)
