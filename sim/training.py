"""Run the lecture's update for many steps: one agent (``train``) or many seeds at once (``train_many``)."""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.config import TrainingConfig
from sim.optimizer import ADAM_START
from sim.policy import Step, next_baseline, policy_gradient_step, remember_gradients
from sim.truth.best import NEAR_OPTIMUM
from sim.truth.verdicts import divergence_verdict

QUANTITIES = (
    "hunger", "draw", "prob_b", "action", "ideal", "derivative", "large_order", "portion_draw",
    "reward", "handled_reward", "baseline", "update", "step_size", "bias", "weight", "expected_reward",
)  # fmt: skip
_COLUMNS = Step._fields
MAX_SEEDS = 5000


def random_streams(config: TrainingConfig, seed: int | None = None):
    """The run's hunger values and draws, as pairs from one generator seeded by the seed.

    Step t always gets the t-th pair, so a longer run starts exactly like a shorter
    one, a fixed hunger leaves the draws unchanged, and every reward handling trained
    with the same seed sees the same hunger values and the same draws.
    """
    seed = config.seed if seed is None else seed
    pairs = np.random.default_rng(seed).random((config.steps, 2))
    hunger = pairs[:, 0].copy() if config.hunger is None else np.full(config.steps, config.hunger)
    return hunger, pairs[:, 1].copy()


def portion_stream(seed: int, steps: int) -> np.ndarray:
    """The run's portion draws (uniform on [0, 1)), from a generator of their own, ``default_rng([seed, 1])``.

    Used only with ``large_order_odds``; a stream apart from hunger and the draws, so setting
    the odds leaves those unchanged for the same seed.
    """
    return np.random.default_rng([seed, 1]).random(steps)


def _scripted(name, values, steps, fixed=None):
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) != steps:
        raise ValueError(f"{name} has {values.size} values; allowed: exactly steps={steps} values in one list")
    bad = ~np.isfinite(values) | (values < 0) | (values > 1)
    if fixed == "draws":
        bad |= values >= 1  # the line is [0, 1): a draw of exactly 1 is not possible
    if bad.any():
        where = int(np.flatnonzero(bad)[0])
        allowed = "[0, 1)" if fixed == "draws" else "[0, 1]"
        raise ValueError(f"{name}[{where}]={float(values[where])!r} is out of range; allowed: numbers in {allowed}")
    return values


@dataclass(frozen=True)
class History:
    """One array per quantity, one entry per step (values after the update where it matters)."""

    config: TrainingConfig
    hunger: np.ndarray
    draw: np.ndarray
    prob_b: np.ndarray  # before the update
    action: np.ndarray  # 0 = A, 1 = B
    ideal: np.ndarray
    derivative: np.ndarray
    reward: np.ndarray  # +-reward_size, before the offset (see handled_reward)
    update: np.ndarray  # derivative * (handled_reward - baseline)
    step_size: np.ndarray  # the change made to the bias (learning_rate * update, or Adam's step)
    bias: np.ndarray  # after the update
    weight: np.ndarray  # after the update
    expected_reward: np.ndarray  # of the policy after the update (see sim.truth.expected_reward.expected_reward)
    large_order: np.ndarray  # 1 if the place gave a large order (without odds: B large, A small)
    portion_draw: np.ndarray  # the portion draws (all 0 without odds: none is drawn)
    handled_reward: np.ndarray  # (reward + reward_offset) as the handling uses it
    baseline: np.ndarray  # the baseline used at each step, before it takes that step's reward in (0 without)

    def __len__(self):
        return len(self.bias)

    def to_frame(self):
        """A pandas DataFrame, one row per step (step counted from 1)."""
        import pandas as pd

        frame = pd.DataFrame({name: getattr(self, name) for name in QUANTITIES})
        frame.insert(0, "step", np.arange(1, len(self) + 1))
        return frame

    def verdict(self, band: float = NEAR_OPTIMUM):
        """Settling, approaching, wandering, running away, stuck or too early? See ``sim.truth.verdicts``."""
        return divergence_verdict(self.config, self.bias, self.weight, band, self.expected_reward)


def train(config: TrainingConfig, hunger=None, draws=None, portion_draws=None) -> History:
    """Train one agent. Pass ``hunger``, ``draws`` and/or ``portion_draws`` (one per step) to script the run."""
    random_hunger, random_draws = random_streams(config)
    if hunger is not None:
        random_hunger = _scripted("hunger", hunger, config.steps)
    if draws is not None:
        random_draws = _scripted("draws", draws, config.steps, fixed="draws")
    portions = np.zeros(config.steps)
    if portion_draws is not None:
        portions = _scripted("portion_draws", portion_draws, config.steps, fixed="draws")
    elif config.large_order_odds is not None:
        portions = portion_stream(config.seed, config.steps)
    weight, bias = config.weight, config.initial_bias
    steps = []
    streams = zip(random_hunger.tolist(), random_draws.tolist())
    if _is_the_lecture(config):  # the lecture's rule alone: the same step, with no extras to pass
        for h, u in streams:
            step = policy_gradient_step(
                h, u, weight, bias, config.learning_rate, config.reward_handling,
                config.reward_threshold, config.reward_size, config.train_weight,
            )  # fmt: skip
            steps.append(step)
            weight, bias = step.weight, step.bias
    else:
        extras = _Extras(config)
        for (h, u), v in zip(streams, portions.tolist()):
            step = policy_gradient_step(
                h, u, weight, bias, config.learning_rate, config.reward_handling,
                config.reward_threshold, config.reward_size, config.train_weight, **extras.keywords(v),
            )  # fmt: skip
            steps.append(step)
            weight, bias = step.weight, step.bias
            extras.after(step, h)
    width = len(_COLUMNS)
    table = np.fromiter(itertools.chain.from_iterable(steps), float, count=len(steps) * width)
    columns = dict(zip(_COLUMNS, table.reshape(len(steps), width).T))
    columns["action"] = columns["action"].astype(np.int8)
    columns["large_order"] = columns["large_order"].astype(np.int8)
    return History(
        config=config,
        hunger=random_hunger,
        draw=random_draws,
        portion_draw=portions,
        expected_reward=config.problem.expected_reward(columns["weight"], columns["bias"]),
        **columns,
    )


def _is_the_lecture(config: TrainingConfig) -> bool:
    """No offset, no baseline, no odds, plain gradient descent: nothing beyond the lecture's step."""
    return (
        config.reward_offset == 0
        and config.baseline == "none"
        and config.optimizer == "sgd"
        and config.large_order_odds is None
    )


class _Extras:
    """The per-run state beyond the lecture (baseline, Adam's memory) for one agent or many at once."""

    def __init__(self, config: TrainingConfig, n: int | None = None):
        start = 0.0 if n is None else np.zeros(n)
        self.config = config
        self.baseline = start
        self.adam = None
        if config.optimizer == "adam":
            memory = ADAM_START if n is None else ADAM_START._replace(mean=start, square=start)
            self.adam = (memory, memory)

    def keywords(self, portion_draw) -> dict:
        """The keywords for ``policy_gradient_step`` at this step."""
        config = self.config
        return {
            "reward_offset": config.reward_offset,
            "baseline": self.baseline,
            "portion_draw": portion_draw,
            "large_order_odds": config.large_order_odds,
            "adam": self.adam,
        }

    def after(self, step: Step, hunger) -> None:
        """Carry the state over to the next step: Adam's memory and the baseline take this step in."""
        if self.adam is not None:
            self.adam = remember_gradients(self.adam, step, hunger)
        if self.config.baseline == "running_mean":
            self.baseline = next_baseline(self.baseline, step.handled_reward, self.config.baseline_rate)


@dataclass(frozen=True)
class Ensemble:
    """Many seeds of one config. Arrays have shape (n_seeds, steps); row i is seed ``seeds[i]``."""

    config: TrainingConfig
    seeds: np.ndarray
    bias: np.ndarray
    weight: np.ndarray
    reward: np.ndarray  # +-reward_size, before the offset
    baseline: np.ndarray | None = None  # the baseline used at each step (only with baseline="running_mean")
    large_order: np.ndarray | None = None  # 1 if the place gave a large order (only with large_order_odds)

    @cached_property
    def expected_reward(self) -> np.ndarray:
        """Expected reward of each seed's policy after each step (computed on first use)."""
        return self.config.problem.expected_reward(self.weight, self.bias)

    def run(self, index: int) -> History:
        """The full history of one seed, by its row."""
        return train(self.config.replace(seed=int(self.seeds[index])))


def _seed_list(seeds):
    try:
        seeds = [operator.index(s) for s in seeds]
    except TypeError:
        raise ValueError("seeds must be whole numbers, e.g. range(200)") from None
    if not 1 <= len(seeds) <= MAX_SEEDS:
        raise ValueError(f"{len(seeds)} seeds is out of range; allowed: 1..{MAX_SEEDS:,} seeds")
    for s in seeds:
        TrainingConfig(seed=s)  # the same range check as a single run
    return np.array(seeds, dtype=np.int64)


def train_many(config: TrainingConfig, seeds=range(200)) -> Ensemble:
    """Train one agent per seed, all at once: every step updates every seed's bias together.

    Row i equals ``train(config.replace(seed=seeds[i]))``: same random streams, same math.
    """
    seeds = _seed_list(seeds)
    n, steps = len(seeds), config.steps
    pairs = np.empty((n, steps, 2))
    for i, seed in enumerate(seeds.tolist()):  # the same pairs as random_streams, written in place
        np.random.default_rng(seed).random(out=pairs[i])
    # Step t of every seed side by side, so each step reads one contiguous row.
    hunger = np.ascontiguousarray(pairs[:, :, 0].T) if config.hunger is None else np.full((steps, n), config.hunger)
    draws = np.ascontiguousarray(pairs[:, :, 1].T)
    del pairs

    weight = np.full(n, config.weight) if config.train_weight else config.weight
    bias = np.full(n, config.initial_bias)
    bias_out, reward_out = np.empty((steps, n)), np.empty((steps, n))
    weight_out = np.empty((steps, n)) if config.train_weight else np.broadcast_to(config.weight, (steps, n))
    if _is_the_lecture(config):  # the lecture's rule alone: the same step, with no extras to pass
        for t in range(steps):
            step = policy_gradient_step(
                hunger[t], draws[t], weight, bias, config.learning_rate, config.reward_handling,
                config.reward_threshold, config.reward_size, config.train_weight,
            )  # fmt: skip
            weight, bias = step.weight, step.bias
            bias_out[t], reward_out[t] = bias, step.reward
            if config.train_weight:
                weight_out[t] = weight
        return Ensemble(config, seeds, bias_out.T, weight_out.T, reward_out.T)

    odds = config.large_order_odds
    portions = np.zeros((steps, n))
    if odds is not None:
        portions = np.ascontiguousarray(np.array([portion_stream(seed, steps) for seed in seeds.tolist()]).T)
    baseline_out = np.empty((steps, n)) if config.baseline == "running_mean" else None
    large_out = np.empty((steps, n), dtype=np.int8) if odds is not None else None
    extras = _Extras(config, n)
    for t in range(steps):
        step = policy_gradient_step(
            hunger[t], draws[t], weight, bias, config.learning_rate, config.reward_handling,
            config.reward_threshold, config.reward_size, config.train_weight, **extras.keywords(portions[t]),
        )  # fmt: skip
        weight, bias = step.weight, step.bias
        bias_out[t], reward_out[t] = bias, step.reward
        if config.train_weight:
            weight_out[t] = weight
        if baseline_out is not None:
            baseline_out[t] = step.baseline
        if large_out is not None:
            large_out[t] = step.large_order
        extras.after(step, hunger[t])
    transposed = [None if a is None else a.T for a in (baseline_out, large_out)]
    return Ensemble(config, seeds, bias_out.T, weight_out.T, reward_out.T, *transposed)
