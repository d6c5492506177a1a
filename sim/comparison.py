"""What the comparison page computes: one seed under every reward handling, ensembles and the landscape.

Common random numbers: every run of a comparison uses the same seed, so it sees the same
hunger values and the same draws, and the only difference between runs is how the update
treats the reward. Results are trimmed to what a page shows (at most ``DISPLAY_POINTS``
steps per line, quantiles instead of whole ensembles) so they are cheap to cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis import NEAR_OPTIMUM, Verdict, expected_reward, last_quarter, mean_bias_drift, optimal_bias
from sim.config import MAX_SEED, TrainingConfig
from sim.display import stride_indices
from sim.policy import probability_of_b
from sim.training import train, train_many

COMPARED = ("correct", "ignore_sign", "flip_sign")  # the handlings every comparison shows
SETTLED_BAND = NEAR_OPTIMUM  # "near the optimum": within this distance of -weight * threshold
DISPLAY_POINTS = 1000  # at most this many steps per line on a chart (about one per pixel)
ENSEMBLE_POINTS = 400  # the ensemble's quantile bands are smooth: fewer points, a lighter page
CHUNK_SEED_STEPS = 2_000_000  # train at most this many seed-steps at once (about 16 MB per array)
QUANTILES = (0.1, 0.5, 0.9)


def handlings_to_compare(include_ignore_reward: bool = False) -> tuple[str, ...]:
    """The three handlings of the lesson, plus 'ignore_reward' if asked."""
    return (*COMPARED, "ignore_reward") if include_ignore_reward else COMPARED


def display_indices(steps: int, points: int = DISPLAY_POINTS) -> np.ndarray:
    """At most ``points`` step indices (0-based), evenly spread, always including the first and last."""
    return stride_indices(steps, points)


def tail_mean(bias: np.ndarray) -> np.ndarray:
    """Mean bias over the last quarter of the steps (the last axis), as the verdicts define the tail."""
    return bias[..., last_quarter(bias.shape[-1])].mean(axis=-1)


@dataclass(frozen=True)
class Run:
    """One handling's run with the shared seed, trimmed for display."""

    handling: str
    bias: np.ndarray  # after each displayed step
    expected_reward: np.ndarray  # of the policy after each displayed step
    final_bias: float
    final_expected_reward: float
    verdict: Verdict
    diverged_bias: float | None  # the bias at the step it diverged (None if it did not)
    first_actions: np.ndarray  # actions (0 = A, 1 = B) of the first rows of the draws table
    first_biases: np.ndarray  # bias after each of those steps


@dataclass(frozen=True)
class SideBySide:
    """The same seed under several handlings: same hunger values, same draws, different updates."""

    config: TrainingConfig
    steps: np.ndarray  # 1-based step numbers of the displayed points
    first_hunger: np.ndarray  # the first few hunger values (shared by every run)
    first_draws: np.ndarray  # the first few draws (shared by every run)
    same_streams: bool  # every run saw exactly the same hunger values and draws at every step
    optimum: float
    best_reward: float  # expected reward at the optimum
    optimum_is_best: bool  # False when -weight * threshold is not really the best bias (see optimum_is_best)
    runs: dict[str, Run]


def side_by_side(config: TrainingConfig, handlings=COMPARED, first_rows: int = 8) -> SideBySide:
    """Train ``config`` once per handling with the same seed (common random numbers)."""
    histories = {h: train(config.replace(reward_handling=h)) for h in handlings}
    reference = next(iter(histories.values()))
    same = all(
        np.array_equal(h.hunger, reference.hunger) and np.array_equal(h.draw, reference.draw)
        for h in histories.values()
    )
    shown = display_indices(config.steps)
    runs = {}
    for handling, history in histories.items():
        verdict = history.verdict(SETTLED_BAND)
        diverged = None if verdict.diverged_at is None else float(history.bias[verdict.diverged_at])
        runs[handling] = Run(
            handling=handling,
            bias=history.bias[shown],
            expected_reward=history.expected_reward[shown],
            final_bias=float(history.bias[-1]),
            final_expected_reward=float(history.expected_reward[-1]),
            verdict=verdict,
            diverged_bias=diverged,
            first_actions=history.action[:first_rows].copy(),
            first_biases=history.bias[:first_rows].copy(),
        )
    optimum = float(optimal_bias(config.weight, config.reward_threshold))
    return SideBySide(
        config=config,
        steps=shown + 1,
        first_hunger=reference.hunger[:first_rows].copy(),
        first_draws=reference.draw[:first_rows].copy(),
        same_streams=same,
        optimum=optimum,
        best_reward=float(expected_reward(config.weight, optimum, config.reward_threshold, config.reward_size)),
        optimum_is_best=optimum_is_best(config),
        runs=runs,
    )


def optimum_is_best(config: TrainingConfig, reach: float = 1000.0) -> bool:
    """Is the best bias within SETTLED_BAND of -weight * threshold? Not if p(B) ignores hunger or rises the wrong way,
    nor for thresholds so near 0 or 1 that "always B" or "always A" wins."""
    optimum = float(optimal_bias(config.weight, config.reward_threshold))
    grid = np.linspace(optimum - reach, optimum + reach, 200_001)
    rewards = expected_reward(config.weight, grid, config.reward_threshold, config.reward_size)
    peak = int(np.argmax(rewards))
    has_a_peak = 0 < peak < len(grid) - 1 and rewards[peak] - rewards.min() > 1e-9 * config.reward_size
    return bool(has_a_peak and abs(grid[peak] - optimum) <= SETTLED_BAND)


def ensemble_seeds(seed: int, count: int) -> range:
    """``count`` consecutive seeds starting at ``seed`` (shifted down if they would pass the largest seed)."""
    start = min(seed, MAX_SEED - count + 1)
    return range(start, start + count)


@dataclass(frozen=True)
class EnsembleSummary:
    """Many seeds of one handling, reduced to what the page shows: quantiles per step and final numbers."""

    handling: str
    seeds: tuple[int, ...]
    steps: np.ndarray  # 1-based step numbers of the displayed points
    low: np.ndarray  # 10% quantile of the bias over seeds, per displayed step
    median: np.ndarray
    high: np.ndarray  # 90% quantile
    final_bias: np.ndarray  # one per seed
    final_expected_reward: np.ndarray  # one per seed
    tail_mean_bias: np.ndarray  # one per seed: mean bias over the last quarter of the steps
    optimum: float

    @property
    def settled(self) -> np.ndarray:
        """Per seed: is the mean bias over the last quarter within SETTLED_BAND of the optimum?"""
        return np.abs(self.tail_mean_bias - self.optimum) <= SETTLED_BAND

    @property
    def share_settled(self) -> float:
        """Share of seeds settled near the optimum."""
        return float(np.mean(self.settled))

    @property
    def median_final_bias(self) -> float:
        """Median over seeds of the bias after the last step."""
        return float(np.median(self.final_bias))

    @property
    def final_bias_range(self) -> tuple[float, float]:
        """10% and 90% quantiles over seeds of the bias after the last step."""
        low, high = np.quantile(self.final_bias, (QUANTILES[0], QUANTILES[-1]))
        return float(low), float(high)

    @property
    def median_final_expected_reward(self) -> float:
        """Median over seeds of the expected reward after the last step."""
        return float(np.median(self.final_expected_reward))


def ensemble_summary(config: TrainingConfig, seeds, chunk_seed_steps: int = CHUNK_SEED_STEPS) -> EnsembleSummary:
    """Train one agent per seed (``train_many``) and keep only the summary.

    Seeds are trained in chunks of at most ``chunk_seed_steps`` seed-steps, so memory stays
    small even for 1,000 seeds x 20,000 steps; the result does not depend on the chunking.
    """
    seeds = [int(s) for s in seeds]
    shown = display_indices(config.steps, ENSEMBLE_POINTS)
    per_chunk = max(1, chunk_seed_steps // config.steps)
    shown_bias, final_bias, final_reward, tails = [], [], [], []
    for start in range(0, len(seeds), per_chunk):
        ensemble = train_many(config, seeds[start : start + per_chunk])
        shown_bias.append(ensemble.bias[:, shown])
        final_bias.append(ensemble.bias[:, -1])
        final_reward.append(
            expected_reward(ensemble.weight[:, -1], ensemble.bias[:, -1], config.reward_threshold, config.reward_size)
        )
        tails.append(tail_mean(ensemble.bias))
        del ensemble  # free this chunk before training the next
    low, median, high = np.quantile(np.concatenate(shown_bias), QUANTILES, axis=0)
    return EnsembleSummary(
        handling=config.reward_handling,
        seeds=tuple(seeds),
        steps=shown + 1,
        low=low,
        median=median,
        high=high,
        final_bias=np.concatenate(final_bias),
        final_expected_reward=np.concatenate(final_reward),
        tail_mean_bias=np.concatenate(tails),
        optimum=float(optimal_bias(config.weight, config.reward_threshold)),
    )


def landscape_range(config: TrainingConfig, biases=()) -> tuple[float, float]:
    """A bias range showing the optimum, the hill around it, the start and every given bias."""
    optimum = float(optimal_bias(config.weight, config.reward_threshold))
    reach = max(abs(config.weight), 5.0)
    points = [optimum - reach, optimum + reach, config.initial_bias, *biases]
    low, high = min(points), max(points)
    margin = 0.05 * (high - low)
    return max(low - margin, -1000.0), min(high + margin, 1000.0)


@dataclass(frozen=True)
class Landscape:
    """Expected reward J over a range of biases, and the average push on the bias of each handling."""

    bias: np.ndarray
    reward: np.ndarray  # J(bias)
    drift: dict[str, np.ndarray]  # average change of the bias in one step, at each bias
    optimum: float
    best_reward: float
    reward_size: float  # J lies in [-reward_size, reward_size]
    look_from: float  # the bias the arrows start from
    reward_at_look_from: float
    drift_at_look_from: dict[str, float]
    now: dict[str, tuple[float, float]]  # each run's final bias and its J


def landscape(config: TrainingConfig, now: dict[str, float], look_from: float, points: int = 401) -> Landscape:
    """J(bias) and each handling's mean drift over a range covering the optimum and the runs' biases."""
    low, high = landscape_range(config, [*now.values(), look_from])
    grid = np.linspace(low, high, points)
    pull = dict(
        weight=config.weight, learning_rate=config.learning_rate,
        reward_threshold=config.reward_threshold, reward_size=config.reward_size,
    )  # fmt: skip

    def reward(bias):
        return expected_reward(config.weight, bias, config.reward_threshold, config.reward_size)

    optimum = float(optimal_bias(config.weight, config.reward_threshold))
    return Landscape(
        bias=grid,
        reward=reward(grid),
        drift={h: mean_bias_drift(grid, reward_handling=h, **pull) for h in now},
        optimum=optimum,
        best_reward=float(reward(optimum)),
        reward_size=config.reward_size,
        look_from=float(look_from),
        reward_at_look_from=float(reward(float(look_from))),
        drift_at_look_from={h: float(mean_bias_drift(float(look_from), reward_handling=h, **pull)) for h in now},
        now={h: (float(b), float(reward(float(b)))) for h, b in now.items()},
    )


def policy_curves(config: TrainingConfig, biases: dict[str, float], points: int = 201):
    """p(B | hunger) for each final bias, and the best policy's curve: ``(hunger, {handling: p}, best)``."""
    hunger = np.linspace(0.0, 1.0, points)
    curves = {h: probability_of_b(hunger, config.weight, b) for h, b in biases.items()}
    best = probability_of_b(hunger, config.weight, optimal_bias(config.weight, config.reward_threshold))
    return hunger, curves, best
