"""The comparison's section beyond the sign: a constant added to every reward, with and without a baseline.

Numbers from ``sim.experiments.offsets`` (cached in ``ui.compare.data``); the words are computed from them.
"""

from __future__ import annotations

import streamlit as st

from sim import TrainingConfig
from sim.experiments.offsets import SWEEP_OFFSETS, OffsetSweep, rule_with_offset
from ui.common import device
from ui.common.beyond_text import sweep_alt
from ui.common.device import chart_config
from ui.common.theme import signed
from ui.compare import data

PAGE = "compare"
SWEEP_SEEDS = 100  # at most this many seeds per point: 12 ensembles, shared by every visitor with these settings


def headline_note(config: TrainingConfig) -> None:
    """Under the headline, with an offset: what decides the direction is the reward against the average one."""
    if not config.reward_offset:
        return
    rule = rule_with_offset("correct", config.reward_size, config.reward_offset)
    signs = "every reward is positive" if rule.bad > 0 else "every reward is negative" if rule.good < 0 else ""
    shifted = f"Every reward is shifted by {signed(config.reward_offset)} here (good {signed(rule.good, 3)}, bad "
    shifted += f"{signed(rule.bad, 3)})" + (f", so {signs}" if signs else "")
    st.info(
        f"{shifted}. What decides the direction is the reward's sign **relative to the average reward**: the "
        "expected update is unchanged, but the steps are noisier. A baseline subtracts the average back out "
        "(turn on 'Also show respected + baseline'); the section 'Beyond the sign' at the bottom measures it.",
        icon=":material/info:",
    )


def sweep_words(config: TrainingConfig, sweep: OffsetSweep) -> str:
    """Two or three sentences: the average update is unchanged, the noise grows, a baseline removes it."""
    largest = sweep.offsets[-1]
    same = [
        config.problem.push(config.initial_bias, config.weight, config.learning_rate, "correct", offset)
        for offset in (0.0, largest)
    ]  # fmt: skip
    rule = rule_with_offset("correct", config.reward_size, largest)
    up_to = sweep.largest_settling_offset("none")
    without = sweep.share_settled["none"][-1]
    with_baseline = min(sweep.share_settled["running_mean"])
    held = "" if up_to is None else f", against at least 90% up to offset {up_to:g}"
    calm = "every seed settles" if with_baseline == 1 else f"at least {with_baseline:.0%} settle"
    return (
        f"Adding the same constant to every reward leaves the **expected** update unchanged: E[p(B) − ideal] = 0 "
        f"under the policy's own draws, so the constant's share cancels on average (the average step from bias "
        f"{signed(config.initial_bias)}: {signed(same[0], 3)} with offset 0, {signed(same[1], 3)} with offset "
        f"{largest:g}). It does not cancel in a single step: at offset {largest:g} the derivative is multiplied by "
        f"{signed(rule.good, 3)} or {signed(rule.bad, 3)} instead of ±{config.reward_size:g}, and without a baseline "
        f"{without:.0%} of the seeds settle{held}; a running-mean **baseline** subtracts the constant back out, and "
        f"{calm} at every offset. Ignoring the sign is the extreme case: good and bad choices get the same reward, "
        "and only the noise is left."
    )


def section(config: TrainingConfig, n_seeds: int) -> None:
    st.header("Beyond the sign: the same constant added to every reward")
    sweep_config = config.replace(seed=0, reward_offset=0.0)  # the sweep sets the offsets; seeds 0.. for everyone
    seeds = min(n_seeds, SWEEP_SEEDS)
    with st.spinner(f"Training {seeds:,} seeds at {len(SWEEP_OFFSETS)} offsets, with and without a baseline…"):
        sweep = data.sweep(sweep_config, seeds)
        presentation = bool(st.session_state.get(f"{PAGE}:presentation"))  # a projector: larger text
        spec = data.sweep_chart(sweep_config, seeds, device.screen(presentation))
    st.markdown(sweep_words(config, sweep))
    st.plotly_chart(
        data.figure(spec),
        width="stretch",
        config=chart_config(),
        key=f"{PAGE}:offsets",
        alt=sweep_alt(sweep),
        theme=None if presentation else "streamlit",
    )
    st.caption(
        f"Seeds {sweep.seeds[0]:,}–{sweep.seeds[-1]:,}, {sweep.steps:,} steps each, the sign respected, this page's "
        "learning rate, weight and rewards; with the baseline, the update is derivative × (reward − b), b the running "
        "mean of the rewards (rate 0.01). Settled near the best: as in the ensemble table above. Set **Reward "
        "offset** in the sidebar, and turn on **Also show 'respected + baseline'**, to watch one seed of each."
    )
