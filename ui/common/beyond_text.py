"""Words for the settings beyond the lecture's rule (issue #11): a reward offset, a running-mean baseline,
Adam, portions drawn by chance, and StatQuest's notebook over many seeds.

Pure functions of the config and of ``sim``'s numbers (no Streamlit), so tests can check that the
words follow the settings; the lab and the comparison draw them.
"""

from __future__ import annotations

from sim import TrainingConfig
from sim.experiments.notebook import NotebookDistribution
from sim.experiments.offsets import OffsetSweep, rule_with_offset
from sim.truth.facts import Facts, facts
from sim.truth.push import largest_multiplier
from ui.common.theme import signed


def beyond_lecture(config: TrainingConfig) -> bool:
    """Does the run use anything beyond the lecture's step (offset, baseline, Adam, portions by chance)?"""
    return bool(
        config.reward_offset
        or config.baseline != "none"
        or config.optimizer != "sgd"
        or config.large_order_odds is not None
    )


def extras_label(config: TrainingConfig) -> str:
    """The settings beyond the lecture in a few words, e.g. "offset 9, running-mean baseline, Adam" ("" if none)."""
    parts = []
    if config.reward_offset:
        parts.append(f"reward offset {signed(config.reward_offset, 3)}")
    if config.baseline == "running_mean":
        parts.append(f"running-mean baseline (rate {config.baseline_rate:g})")
    if config.optimizer == "adam":
        parts.append("Adam")
    if config.large_order_odds is not None:
        parts.append("large order at A {:g}, at B {:g}".format(*config.large_order_odds))
    return ", ".join(parts)


def offset_words(config: TrainingConfig) -> str:
    """What the offset does to this rule: the two multipliers, the average push and the added noise."""
    size, offset, handling = config.reward_size, config.reward_offset, config.reward_handling
    rule = rule_with_offset(handling, size, offset)
    said = (
        f"Every reward is shifted by {signed(offset, 3)}: the derivative is multiplied by {signed(rule.good, 3)} "
        f"after a good choice and by {signed(rule.bad, 3)} after a bad one."
    )
    if rule.push == 0:
        return said + " Both are the same, so there is no average push at all: the bias only random-walks."
    if not facts(config).has_best:
        return said + " Here every bias earns the same expected reward, so no rule has an average push either way."
    direction = "uphill, toward the best policy" if rule.push > 0 else "downhill, away from the best policy"
    if handling == "correct":
        said += (
            " The average update is the same as without the offset, because p(B) − ideal averages to 0 over the "
            f"agent's own choices; the {signed(rule.common, 3)} that good and bad share only adds noise."
        )
    else:
        hard = "as hard as" if abs(rule.push) == 1 else f"{abs(rule.push):.2g}× as hard as"
        said += f" On average that pushes {direction}, {hard} the sign respected."
    if config.baseline == "none":
        said += (
            f" Single steps are up to {largest_multiplier(handling, size, offset) / size:.3g}× as big as without it."
        )
    return said


def extras_sentences(config: TrainingConfig, known: Facts) -> list[str]:
    """Sentences on every setting beyond the lecture, true at these settings and of the run ``known`` (its facts,
    ``sim.truth.facts``) was computed from."""
    said = []
    if config.reward_offset:
        said.append(offset_words(config))
    if config.baseline == "running_mean":
        said.append(
            f"A **baseline** b, the running mean of the rewards (rate {config.baseline_rate:g}), is subtracted: the "
            "update is derivative × (reward − b). It takes out what every reward shares, such as an offset, so "
            "the noise goes; the average update stays the same."
        )
    if config.optimizer == "adam" and known.median_step is not None:
        said.append(
            "**Adam** divides each update by running means of the updates and of their squares, so its steps are "
            f"not the learning rate × the update: in this run the bias's median step is {known.median_step:.2g}× "
            f"the learning rate ({config.learning_rate:g})."
        )
    if config.large_order_odds is not None:
        at_a, at_b = config.large_order_odds
        best = config.problem.best(config.weight)
        chance = any(0 < odds < 1 for odds in config.large_order_odds)
        said.append(
            f"**Portions by chance:** A gives a large order {at_a:.0%} of the time, B {at_b:.0%}, and the reward "
            "follows the portion received"
            + (", so the same choice is sometimes rewarded, sometimes punished" * chance)
            + f". The best here is {best.words}, expected reward {best.reward:.3f}."
        )
    return said


def _percent(share: float) -> str:
    """0.5% stays visible; whole percents otherwise."""
    return f"{share:.1%}" if 0 < share < 0.01 else f"{share:.0%}"


def notebook_words(distribution: NotebookDistribution, seed: int, bias_at: dict[int, float]) -> list[str]:
    """StatQuest's reported bias beside the distribution over seeds, in plain words, one sentence per step.

    ``bias_at`` maps a step to this run's bias after it (for the steps this run has).
    """
    seeds = distribution.seeds
    reported = signed(distribution.reported_bias, 3)
    said = [
        f"StatQuest's notebook prints a final bias of **{reported}** after 280 steps: one run, with one seed of "
        f"PyTorch's generator. Here the same setting was trained with {len(seeds):,} seeds "
        f"({seeds[0]:,}–{seeds[-1]:,}); settled means the verdict this page gives a run is settling:"
    ]
    for at in distribution.at:
        line = (
            f"- **after {at.step:,} steps**: median bias {signed(at.median, 3)}, the middle 80% of seeds between "
            f"{signed(at.low, 3)} and {signed(at.high, 3)}; {_percent(at.share_settled)} of the seeds settled near "
            f"the best; {_percent(at.share_beyond_reported)} got as far as {reported} or beyond."
        )
        if at.step in bias_at:
            line += f" This run (seed {seed:,}): {signed(bias_at[at.step], 3)}."
        said.append(line)
    return said


def notebook_summary(distribution: NotebookDistribution) -> str:
    """One sentence on the spread: how many seeds have settled at the first step shown and at the last."""
    first, last = distribution.at[0], distribution.at[-1]

    def settled(at) -> str:
        if at.share_settled >= 0.5:
            return f"by step {at.step:,} most seeds have settled ({_percent(at.share_settled)})"
        return f"by step {at.step:,} most seeds are still on their way ({_percent(at.share_settled)} settled)"

    return f"One seeded run is one draw from this spread: {settled(first)}; {settled(last)}."


def sweep_alt(sweep: OffsetSweep) -> str:
    """The settled-share-against-offset chart in words: the shares at the smallest and largest offsets."""
    first, last = sweep.offsets[0], sweep.offsets[-1]
    parts = []
    for baseline, words in (("none", "without a baseline"), ("running_mean", "with a running-mean baseline")):
        shares = sweep.share_settled[baseline]
        parts.append(f"{words} {shares[0]:.0%} at offset {first:g} and {shares[-1]:.0%} at offset {last:g}")
    return (
        f"Share of {len(sweep.seeds):,} seeds settled near the best after {sweep.steps:,} steps, against the reward "
        f"offset ({', '.join(f'{o:g}' for o in sweep.offsets)}), sign respected: " + "; ".join(parts) + "."
    )
