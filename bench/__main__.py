"""Speed of the simulation core, as ratios against baselines measured in the same run.

    python -m bench            # core: train vs a plain loop, train_many vs looping train
    python -m bench --quick    # fewer repeats

These machines are noisy: every figure is the median of several repeats, and
each comparison is measured back to back in the same process.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

from sim import TrainingConfig, train, train_many
from sim.experiments.statquest import statquest_notebook
from sim.training import random_streams

BEYOND_THE_LECTURE = {  # issue #11's options, each timed against the defaults in the same run
    "reward_offset=3": {"reward_offset": 3.0},
    "offset 3 + running_mean baseline": {"reward_offset": 3.0, "baseline": "running_mean"},
    "optimizer=adam": {"optimizer": "adam", "learning_rate": 0.1},
    "large_order_odds=(0.2, 0.8)": {"large_order_odds": (0.2, 0.8)},
    "StatQuest notebook (adam + odds)": statquest_notebook().to_dict() | {"steps": 2000},
}


def plain_loop(config: TrainingConfig):
    """The same arithmetic as ``train``, written as a student would: one Python loop, math module."""
    hunger, draws = random_streams(config)
    weight, bias, t, size = config.weight, config.initial_bias, config.reward_threshold, config.reward_size
    rows = []
    for h, u in zip(hunger.tolist(), draws.tolist()):
        x = weight * h + bias
        p = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        action = 1 if u >= 1 - p else 0
        ideal = float(action)
        derivative = p - ideal
        reward = size if (h >= t) == (action == 1) else -size
        update = derivative * reward
        step = config.learning_rate * update
        bias = bias - step

        # expected reward of the new policy: integral of p(B) is softplus(w h + b) / w
        def softplus(z):
            return max(z, 0.0) + math.log1p(math.exp(-abs(z)))

        integral = (softplus(weight + bias) - 2 * softplus(weight * t + bias) + softplus(bias)) / weight
        expected = size * (2 * t - 1 + 2 * integral)
        rows.append((p, action, ideal, derivative, reward, update, step, bias, weight, expected))
    return rows


def median_seconds(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7

    single = TrainingConfig(steps=10_000)
    train(single), plain_loop(single)  # warm up
    t_train = median_seconds(lambda: train(single), repeats)
    t_plain = median_seconds(lambda: plain_loop(single), repeats)
    print("train, 10,000 steps (median of", repeats, "runs)")
    print(f"  train:               {t_train * 1e3:8.2f} ms   ({t_train / 10_000 * 1e9:6.0f} ns per step)")
    print(f"  plain Python loop:   {t_plain * 1e3:8.2f} ms   ({t_plain / 10_000 * 1e9:6.0f} ns per step)")
    print(f"  train is {t_plain / t_train:.2f}x the speed of the plain loop (target: >= 1.0x)")

    many = TrainingConfig(steps=2000)
    seeds = range(1000)
    updates = len(seeds) * many.steps
    train_many(many, range(10))  # warm up
    t_many = median_seconds(lambda: train_many(many, seeds), repeats)
    t_many_er = median_seconds(lambda: train_many(many, seeds).expected_reward, repeats)
    loop_seeds = range(100) if args.quick else range(250)
    t_loop = median_seconds(lambda: [train(many.replace(seed=s)) for s in loop_seeds], 1 if args.quick else 3)
    t_loop_per_seed = t_loop / len(loop_seeds)
    print()
    print(f"train_many, {len(seeds):,} seeds x {many.steps:,} steps = {updates:,} updates")
    print(f"  train_many:                    {t_many * 1e3:8.1f} ms   {t_many / updates * 1e9:5.1f} ns per update")
    print(
        f"  ... and its expected_reward:   {t_many_er * 1e3:8.1f} ms   {t_many_er / updates * 1e9:5.1f} ns per update"
    )
    print(
        f"  looping train per seed:        {t_loop_per_seed * len(seeds) * 1e3:8.1f} ms   "
        f"(measured on {len(loop_seeds)} seeds, scaled to {len(seeds):,})"
    )
    print(f"  train_many is {t_loop_per_seed * len(seeds) / t_many:.1f}x looping train (target: >= 20x);")
    print(f"  {t_many / updates * 1e9:.1f} ns per update (target: <= 60 ns)")

    print()
    print(f"train_many beyond the lecture, same {len(seeds):,} seeds x {many.steps:,} steps (ratio: time / defaults')")
    print(f"  {'defaults (the lecture)':36s} {t_many * 1e3:8.1f} ms   1.00x")
    for label, options in BEYOND_THE_LECTURE.items():
        config = many.replace(**{k: v for k, v in options.items() if k != "seed"})
        t_option = median_seconds(lambda config=config: train_many(config, seeds), repeats)
        print(f"  {label:36s} {t_option * 1e3:8.1f} ms   {t_option / t_many:.2f}x")
    single_adam = single.replace(optimizer="adam", learning_rate=0.1, baseline="running_mean", reward_offset=3.0)
    t_single = median_seconds(lambda: train(single_adam), repeats)
    print(f"  train, 10,000 steps, adam + offset 3 + baseline: {t_single * 1e3:.2f} ms ", end="")
    print(f"({t_single / t_train:.2f}x the defaults' train)")


if __name__ == "__main__":
    main()
