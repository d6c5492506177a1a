"""Issue #11's table: does a run settle when every reward is shifted, with and without a baseline?

    python -m bench.offsets               # 200 seeds, 4,000 steps for the offsets
    python -m bench.offsets --seeds 50    # quicker

For each setting: the share of seeds whose verdict is "settling" (``divergence_verdict``, the
verdict the page shows) and the median final bias over the seeds, from ``train_many``
(``sim.settled_share``). The lecture's settings otherwise: learning rate 1, weight 20, bias from 0,
running-mean baseline at rate 0.01.
"""

from __future__ import annotations

import argparse
import time

from sim import TrainingConfig
from sim.experiments.statquest import STATQUEST_REPORTED_BIAS, settled_share, statquest_notebook

OFFSETS = (0.0, 1.0, 3.0, 9.0)


def rows(seeds, steps: int):
    """(label, settled share, median final bias) for every setting of the table."""
    lecture = TrainingConfig(steps=steps)
    for offset in OFFSETS:
        for baseline in ("none", "running_mean"):
            config = lecture.replace(reward_offset=offset, baseline=baseline)
            yield f"offset {offset:g}, baseline {baseline}, {steps:,} steps", *settled_share(config, seeds)
    for handling in ("correct", "ignore_sign"):
        for notebook_steps in (280, 2000):
            config = statquest_notebook(steps=notebook_steps, reward_handling=handling)
            label = f"StatQuest notebook, {handling}, {notebook_steps:,} steps"
            yield label, *settled_share(config, seeds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=200, help="seeds per setting (0..n-1)")
    parser.add_argument("--steps", type=int, default=4000, help="steps for the offset rows")
    args = parser.parse_args()
    seeds = range(args.seeds)
    start = time.perf_counter()
    print(f"| setting ({args.seeds} seeds) | settled share | median final bias |")
    print("|---|---|---|")
    for label, share, median in rows(seeds, args.steps):
        print(f"| {label} | {share:.0%} | {median:.2f} |")
    print(f"\nStatQuest's notebook reports a final bias of {STATQUEST_REPORTED_BIAS} from one seeded run.")
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
