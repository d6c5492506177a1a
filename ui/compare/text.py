"""The comparison's words: what each rule does, which seeds the ensemble uses, the shape of J, a text
alternative for each chart (``st.plotly_chart(alt=...)``) and the side-by-side chart's data as a table.

Pure functions of ``sim.experiments.comparison``'s results, the same numbers the charts draw: no Streamlit, so tests
can check that the words follow the run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import TrainingConfig, probability_of_b
from sim.experiments.comparison import EnsembleSummary, Landscape, SideBySide, fixed_ensemble_seeds
from sim.experiments.offsets import BASELINE_SIDE
from sim.truth.facts import facts
from ui.common.beyond_text import offset_words
from ui.common.problem_words import flat_reason, good_regions
from ui.common.theme import HANDLING_LABELS, HANDLINGS, signed
from ui.compare.charts import verdict_badge

TABLE_ROWS = 21  # rows of a chart's data table: the start, every 5% of the run, the end


def best_note(side) -> str | None:
    """Where the lecture's bias −weight × threshold is not the best policy: what is (or that no bias is best)."""
    if side.optimum_is_best:
        return None
    lecture = f"the lecture's bias −weight × threshold = {signed(side.lecture_optimum, 3)}"
    known = facts(side.config)
    if not known.has_best:  # every bias earns the same: the lecture's is as good as any, and none is best
        return (
            f"With these settings no bias is best: {flat_reason(known)}, so every bias earns the same expected reward, "
            f"{side.best.reward:.3f}, {lecture} included. No verdict below measures a run against a best."
        )
    return (
        f"With these settings the best policy is {side.best.words}, expected reward {side.best.reward:.3f}; not "
        f"{lecture}. The verdicts, bands and numbers below are measured against the true best."
    )


def mechanism_words(handling: str, config: TrainingConfig) -> str:
    """What the rule does, beside its run: its sentence, or, with an offset, what the offset makes of it."""
    words = HANDLINGS[handling].mechanism
    if not facts(config).has_best:  # a flat J: no rule pushes either way
        return (
            f"{HANDLINGS[handling].reinforces}. But here every bias earns the same expected reward, so "
            "no rule has an average push: the bias random-walks."
        )
    if config.reward_offset and handling != BASELINE_SIDE:  # the offset changes what the rule does
        words = offset_words(config.replace(reward_handling=handling))
    elif handling == "ignore_reward" and config.reward_size == 1:
        words += " With rewards of ±1 it is exactly 'sign ignored': its line hides that one."
    return words


def ensemble_seed_words(seed: int, n_seeds: int) -> str:
    """Which seeds the ensemble uses (the same for everyone), and what that means for the run above."""
    seeds = fixed_ensemble_seeds(n_seeds)
    which = f"seed {seeds.start:,}" if len(seeds) == 1 else f"seeds {seeds.start:,}–{seeds[-1]:,}"
    fixed = f"The ensemble always uses {which}, whatever the seed in the sidebar, so everyone sees the same bands."
    if seed in seeds:
        return f"{fixed} The run above, seed {seed:,}, is one of them: its lines are among those the bands summarise."
    words = f"{fixed} The run above, seed {seed:,}, is not one of them: a fresh draw, a check on the bands."
    if n_seeds >= 50:  # enough seeds for the bands' ends to be near the distribution's 10% and 90%
        words += " About 8 fresh runs in 10 end inside a rule's 10–90% band."
    return words


def shape_words(side) -> str:
    """What the J curve looks like at these settings, from sim's best policy."""
    best = side.best
    return {
        "hill": f"Its peak is the best bias, {signed(side.best.bias, 3)}.",
        "valley": f"It has a valley at bias {signed(best.turn, 3)}, the worst bias; the best is {side.best.words}.",
        "rising": f"It keeps rising to the right: the best is {side.best.words}.",
        "falling": f"It keeps rising to the left: the best is {side.best.words}.",
        "flat": f"It is flat: {flat_reason(facts(side.config))}, so every bias earns the same.",
    }[best.shape]


def push_words(side) -> str:
    """Each rule's average push on J's slope, as ``sim.truth.facts`` gives it: uphill, downhill (to where), or none."""
    config, best = side.config, side.best
    if not facts(config).has_best:
        return "J is flat here, so no rule has an average push: only the luck of the draws moves the bias."
    where = (
        f"into the valley at bias {signed(best.turn, 3)}, the worst bias"
        if best.shape == "valley"
        else "until the ground is flat (p(B) saturated: always one place)"
    )
    said = f"**Sign respected** pushes uphill on J, **sign flipped** exactly the other way, downhill, {where}. "
    factor = facts(config.replace(reward_handling="ignore_sign")).push
    if factor == 0:
        return said + "**Sign ignored** has no average push at all: only the luck of the draws moves the bias."
    way = "uphill" if factor > 0 else "downhill"
    return said + (
        f"**Sign ignored** pushes {way} here, {abs(factor):.2g}× as hard as the sign respected: the offset makes "
        "|reward + offset| differ for good and bad choices."
    )


def _joined(parts: list[str]) -> str:
    return "; ".join(parts) + "."


def side_by_side_lines_alt(side: SideBySide) -> str:
    """The still lines under the replay, in words (the replay's own text alternative says what they show)."""
    return f"The lines of all {int(side.steps[-1]):,} steps of each rule's run, under the replay described next."


def side_by_side_alt(side: SideBySide) -> str:
    """The bias chart and its replay: each rule's verdict and final bias, the best for comparison."""
    steps = int(side.steps[-1])
    runs = [
        f"{HANDLING_LABELS[h]} {verdict_badge(run.verdict, side)[1]} (final bias {signed(run.final_bias, 3)}, "
        f"expected reward {run.final_expected_reward:.2f})"
        for h, run in side.runs.items()
    ]
    return (
        f"Bias over {steps:,} steps, seed {side.config.seed}, the same draws for every rule: "
        + _joined(runs)
        + f" The best is {side.best.words}, expected reward {side.best.reward:.2f}. Play replays the runs from step 0."
    )


def side_by_side_table(side: SideBySide) -> pd.DataFrame:
    """The side-by-side chart's lines at about TABLE_ROWS steps: bias and expected reward of each rule."""
    rows = np.unique(np.linspace(0, len(side.steps) - 1, TABLE_ROWS).round().astype(int))
    table = {"step": side.steps[rows]}
    for handling, run in side.runs.items():
        table[f"bias, {HANDLING_LABELS[handling]}"] = run.bias[rows].round(3) + 0.0  # + 0.0: no −0.000
    for handling, run in side.runs.items():
        table[f"expected reward, {HANDLING_LABELS[handling]}"] = run.expected_reward[rows].round(3)
    return pd.DataFrame(table)


def policies_alt(side: SideBySide) -> str:
    """The final policies: p(B) at hunger 0 and 1 for each rule's final bias."""
    config = side.config
    parts = []
    for handling, run in side.runs.items():
        low, high = (float(probability_of_b(h, config.weight, run.final_bias)) for h in (0.0, 1.0))
        parts.append(f"{HANDLING_LABELS[handling]} (bias {signed(run.final_bias, 3)}) {low:.2f} to {high:.2f}")
    return (
        "The policy each run ended with, p(B) from hunger 0 to hunger 1: "
        + _joined(parts)
        + " "
        + good_regions(config.reward_threshold, facts(config))
    )


def ensemble_alt(summaries: dict[str, EnsembleSummary]) -> str:
    """The ensemble: each rule's median final bias, its 10–90% range and the share that settled near the best."""
    first = next(iter(summaries.values()))
    parts = []
    for handling, summary in summaries.items():
        low, high = summary.final_bias_range
        parts.append(
            f"{HANDLING_LABELS[handling]} median {signed(summary.median_final_bias, 3)} (10–90% {signed(low, 3)} to "
            f"{signed(high, 3)}), {summary.share_settled:.0%} settled near the best"
        )
    return (
        f"Bias of {len(first.seeds):,} seeds per rule over {int(first.steps[-1]):,} steps, median and 10–90% band; "
        "final bias: " + _joined(parts) + f" The best is {first.best.words}."
    )


def landscape_alt(land: Landscape) -> str:
    """The landscape: where J peaks, where each run is, and each rule's average push from the chosen bias."""
    peak = int(np.argmax(land.reward))
    runs = [f"{HANDLING_LABELS[h]} at bias {signed(b, 3)} (J {j:.2f})" for h, (b, j) in land.now.items()]
    pushes = [f"{HANDLING_LABELS[h]} {signed(d, 2)}" for h, d in land.push_at_look_from.items()]
    return (
        f"Expected reward J over bias {signed(land.bias[0], 3)} to {signed(land.bias[-1], 3)}: highest here at bias "
        f"{signed(land.bias[peak], 3)} (J {land.reward[peak]:.2f}); the best is {land.best.words}. Runs now: "
        + "; ".join(runs)
        + f". Average push per step from bias {signed(land.look_from, 3)}: "
        + _joined(pushes)
    )


def ensemble_words(side, summaries: dict) -> str:
    """What the ensemble should show at these settings (each rule's average push, from ``sim.truth.facts``, and the
    best); for the sign ignored, its mean beside its median."""
    config = side.config
    if not facts(config).has_best:
        return (
            f"{flat_reason(facts(config))}, so every bias earns the same expected reward: no rule has an average "
            "push, and every band spreads out around where it started."
        )
    if config.reward_offset:
        return (
            f"every reward is shifted by {signed(config.reward_offset, 3)}, so each rule pushes as the words beside "
            "its run say, and every band is wider: the offset's noise. The section below measures it."
        )
    if side.best.saturated:
        toward = f"moves toward the best policy, {side.best.words}"
    else:
        toward = f"**narrows** around the best bias, {signed(side.best.bias, 3)}"
    ignored = summaries.get("ignore_sign")
    numbers = ""
    if ignored is not None:
        numbers = (
            f": the mean final bias over the seeds is {signed(float(ignored.final_bias.mean()), 3)} (the start: "
            f"{signed(config.initial_bias, 3)}), while the median, {signed(ignored.median_final_bias, 3)}, can "
            "drift, because runs whose p(B) saturates stop wherever they are"
        )
    return (
        f"with the sign respected the band {toward}; with the sign ignored it **wanders**: no average push, so "
        f"the band spreads out while the expected bias stays where it started{numbers}; with the sign flipped it "
        "**runs away** from the best."
    )
