"""What the comparison page computes: one seed under every reward handling, ensembles and the landscape.

Common random numbers: every run of a comparison uses the same seed, so it sees the same
hunger values and the same draws, and the only difference between runs is how the update
treats the reward. Results are trimmed to what a page shows (at most ``DISPLAY_POINTS``
steps per line, quantiles instead of whole ensembles) so they are cheap to cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import MAX_SEED, Problem, TrainingConfig
from sim.policy import probability_of_b
from sim.training import train, train_many
from sim.truth.best import NEAR_OPTIMUM, Best, optimal_bias
from sim.truth.push import push_at
from sim.truth.verdicts import Verdict, last_quarter

COMPARED = ("correct", "ignore_sign", "flip_sign")  # the handlings every comparison shows
SETTLED_BAND = NEAR_OPTIMUM  # "near the best": within this distance of the best bias (when it is finite)
DISPLAY_POINTS = 1000  # at most this many steps per line on a chart (about one per pixel)
ENSEMBLE_POINTS = 400  # the ensemble's quantile bands are smooth: fewer points, a lighter page
CHUNK_SEED_STEPS = 2_000_000  # train at most this many seed-steps at once (about 16 MB per array)
QUANTILES = (0.1, 0.5, 0.9)


def handlings_to_compare(include_ignore_reward: bool = False) -> tuple[str, ...]:
    """The three handlings of the lesson, plus 'ignore_reward' if asked."""
    return (*COMPARED, "ignore_reward") if include_ignore_reward else COMPARED


def display_indices(steps: int, points: int = DISPLAY_POINTS) -> np.ndarray:
    """At most ``points`` step indices (0-based), evenly spread, always including the first and last."""
    if steps <= points:
        return np.arange(steps)
    return np.unique(np.linspace(0, steps - 1, points).round().astype(np.int64))


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
    # The best policy (``config.problem.best``): its bias (+-inf when saturated, nan when every bias is as good),
    # its expected reward, its words, and ``drawn``, where to draw it (finite even when saturated).
    best: Best
    optimum_is_best: bool  # is the lecture's -weight * threshold within SETTLED_BAND of the best bias?
    runs: dict[str, Run]
    lecture_optimum: float  # the lecture's formula, -weight * threshold


def side_by_side(config: TrainingConfig, handlings=COMPARED, first_rows: int = 8, variants=None) -> SideBySide:
    """Train ``config`` once per handling with the same seed (common random numbers).

    ``variants``: more runs on the same draws, ``{label: changes}``, e.g.
    ``{"offset + baseline": {"baseline": "running_mean"}}``; each is ``config.replace(**changes)``,
    keyed (and its ``Run.handling`` named) by its label.
    """
    histories = {h: train(config.replace(reward_handling=h)) for h in handlings}
    histories |= {label: train(config.replace(**changes)) for label, changes in (variants or {}).items()}
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
    return SideBySide(
        config=config,
        steps=shown + 1,
        first_hunger=reference.hunger[:first_rows].copy(),
        first_draws=reference.draw[:first_rows].copy(),
        same_streams=same,
        best=config.problem.best(config.weight),
        optimum_is_best=optimum_is_best(config),
        runs=runs,
        lecture_optimum=float(optimal_bias(config.weight, config.reward_threshold)),
    )


def optimum_is_best(config: TrainingConfig) -> bool:
    """Is the best bias within SETTLED_BAND of the lecture's -weight * threshold? Not if p(B) ignores hunger or
    rises the wrong way, nor for thresholds so near 0 or 1 that "always B" or "always A" wins, nor for a steady
    hunger (then the best policy is always the one place that is right at that hunger)."""
    best = config.problem.best(config.weight).bias
    return bool(np.isfinite(best) and abs(best - optimal_bias(config.weight, config.reward_threshold)) <= SETTLED_BAND)


def ensemble_seeds(seed: int, count: int) -> range:
    """``count`` consecutive seeds starting at ``seed`` (shifted down if they would pass the largest seed)."""
    start = min(seed, MAX_SEED - count + 1)
    return range(start, start + count)


# The comparison's ensembles always use seeds 0, 1, ..., n-1, whatever the single run's seed: the distribution
# over many seeds is about the rule, not about one seed, and a new seed on the page then retrains nothing.
ENSEMBLE_FIRST_SEED = 0


def fixed_ensemble_seeds(count: int) -> range:
    """The comparison's ensemble seeds: ``count`` seeds from ENSEMBLE_FIRST_SEED, the same for every run's seed."""
    return ensemble_seeds(ENSEMBLE_FIRST_SEED, count)


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
    near_best: np.ndarray  # one per seed: is its mean bias over the last quarter near the best? (see ``settled``)
    best: Best  # the best policy at the config's weight (see SideBySide.best)

    @property
    def settled(self) -> np.ndarray:
        """Per seed: near the best over the last quarter? The expected reward at its mean bias there is within
        NEAR_BEST_REWARD of the best and, when the best bias is finite, that mean bias is within SETTLED_BAND of it."""
        return self.near_best

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
    shown_bias, final_bias, final_reward, tails, near = [], [], [], [], []
    problem = config.problem
    for start in range(0, len(seeds), per_chunk):
        ensemble = train_many(config, seeds[start : start + per_chunk])
        shown_bias.append(ensemble.bias[:, shown])
        final_bias.append(ensemble.bias[:, -1])
        final_weight = ensemble.weight[:, -1]
        final_reward.append(problem.expected_reward(final_weight, ensemble.bias[:, -1]))
        tails.append(tail_mean(ensemble.bias))
        near.append(near_best(problem, final_weight, tails[-1]))
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
        near_best=np.concatenate(near),
        best=problem.best(config.weight),
    )


def near_best(problem: Problem, weight, bias, band=SETTLED_BAND) -> np.ndarray:
    """Per (weight, bias): expected reward within the margin (``problem.margin``) of the best, and the bias within
    ``band`` of the best bias when that is finite (the verdicts' "near the best")."""
    weight, bias = np.broadcast_arrays(np.asarray(weight, dtype=float), np.asarray(bias, dtype=float))
    best = problem.best_bias(weight)
    reward = problem.expected_reward(weight, bias)
    good = reward >= problem.best_expected_reward(weight) - problem.margin
    with np.errstate(invalid="ignore"):
        return good & (~np.isfinite(best) | (np.abs(bias - best) <= band))


def landscape_range(config: TrainingConfig, biases=()) -> tuple[float, float]:
    """A bias range showing the best (where it is drawn), the hill around it, the start and every given bias."""
    optimum = config.problem.best(config.weight).drawn
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
    push: dict[str, np.ndarray]  # average change of the bias in one step, at each bias
    best: Best  # the best policy at the config's weight (see SideBySide.best)
    reward_size: float  # J lies in [-reward_size, reward_size]
    look_from: float  # the bias the arrows start from
    reward_at_look_from: float
    push_at_look_from: dict[str, float]
    now: dict[str, tuple[float, float]]  # each run's final bias and its J


def landscape(config: TrainingConfig, now: dict[str, float], look_from: float, points: int = 401) -> Landscape:
    """J(bias) and each handling's average push over a range covering the optimum and the runs' biases."""
    low, high = landscape_range(config, [*now.values(), look_from])
    grid = np.linspace(low, high, points)

    def push(bias, handling):  # exact for sgd, an estimate for Adam (see sim.truth.verdicts.push_at)
        return push_at(config.replace(reward_handling=handling), config.weight, bias)

    def reward(bias):
        return config.problem.expected_reward(config.weight, bias)

    return Landscape(
        bias=grid,
        reward=reward(grid),
        push={h: push(grid, h) for h in now},
        best=config.problem.best(config.weight),
        reward_size=config.reward_size,
        look_from=float(look_from),
        reward_at_look_from=float(reward(float(look_from))),
        push_at_look_from={h: float(push(float(look_from), h)) for h in now},
        now={h: (float(b), float(reward(float(b)))) for h, b in now.items()},
    )


def policy_curves(config: TrainingConfig, biases: dict[str, float], points: int = 201):
    """p(B | hunger) for each final bias, and the best policy's curve: ``(hunger, {handling: p}, best)``.

    A saturated best is drawn as its limit (p(B) = 1 or 0 everywhere); with no single best
    (p(B) ignores hunger at threshold 0.5) the curve at bias 0."""
    hunger = np.linspace(0.0, 1.0, points)
    curves = {h: probability_of_b(hunger, config.weight, b) for h, b in biases.items()}
    best = config.problem.best(config.weight)
    best = probability_of_b(hunger, config.weight, best.bias if not np.isnan(best.bias) else best.drawn)
    return hunger, curves, best
