"""sim.experiments.offsets and .notebook: the page's summaries over seeds, checked against single runs and by hand."""

from types import SimpleNamespace

import numpy as np
import pytest

from sim import TrainingConfig, train
from sim.experiments.comparison import ensemble_seeds, ensemble_summary
from sim.experiments.notebook import is_statquest, notebook_distribution
from sim.experiments.offsets import BASELINE_SIDE, offset_sweep, rule_with_offset, side_config
from sim.experiments.statquest import STATQUEST_REPORTED_BIAS, statquest_notebook
from sim.truth.verdicts import divergence_verdict


def test_the_notebook_setting_is_recognised_at_any_seed_and_length_and_not_otherwise():
    assert is_statquest(statquest_notebook()) and is_statquest(statquest_notebook(seed=9, steps=5000))
    assert not is_statquest(statquest_notebook(optimizer="sgd"))
    assert not is_statquest(statquest_notebook(reward_offset=1.0))
    assert not is_statquest(TrainingConfig())


def test_the_notebook_distribution_matches_single_runs():
    seeds = range(12)
    numbers = notebook_distribution(statquest_notebook(), steps=(40, 280), seeds=seeds)
    runs = [train(statquest_notebook(seed=s)) for s in seeds]
    assert numbers.seeds == tuple(seeds) and numbers.reported_bias == STATQUEST_REPORTED_BIAS
    for at in numbers.at:
        final = np.array([run.bias[at.step - 1] for run in runs])
        assert at.median == pytest.approx(np.median(final))
        assert (at.low, at.high) == pytest.approx(tuple(np.quantile(final, (0.1, 0.5, 0.9))[[0, 2]]))
        assert at.share_beyond_reported == pytest.approx(np.mean(final <= STATQUEST_REPORTED_BIAS))
        prefix = statquest_notebook(steps=at.step)
        kinds = [divergence_verdict(prefix, run.bias[: at.step], run.weight[: at.step]).kind for run in runs]
        assert at.share_settled == pytest.approx(np.mean([k == "settling" for k in kinds]))


@pytest.mark.parametrize(
    "handling, offset, good, bad, push",
    [
        ("correct", 9.0, 10.0, 8.0, 1.0),  # the same push as without the offset, 9 shared
        ("ignore_sign", 9.0, 10.0, 8.0, 1.0),  # |r + 9| = r + 9: the sign respected, exactly
        ("ignore_sign", 0.5, 1.5, 0.5, 0.5),  # half the push
        ("ignore_sign", -9.0, 8.0, 10.0, -1.0),  # |r - 9| = 9 - r: the sign flipped
        ("flip_sign", 3.0, -4.0, -2.0, -1.0),
        ("ignore_reward", 3.0, 1.0, 1.0, 0.0),
    ],
)
def test_each_rule_with_an_offset_by_hand(handling, offset, good, bad, push):
    rule = rule_with_offset(handling, 1.0, offset)
    assert (rule.good, rule.bad, rule.push) == (good, bad, push)
    assert rule.common == (good + bad) / 2


def test_the_baseline_side_is_the_sign_respected_with_a_running_mean():
    config = TrainingConfig(reward_offset=3.0, reward_handling="flip_sign")
    assert side_config(config, BASELINE_SIDE) == config.replace(reward_handling="correct", baseline="running_mean")
    assert side_config(config, "ignore_sign") == config.replace(reward_handling="ignore_sign")


def test_the_sweep_asks_for_each_offset_with_and_without_a_baseline_and_reads_the_shares():
    asked = []

    def summarize(config, n_seeds):  # a stand-in ensemble: the share falls with the offset unless a baseline
        asked.append((config.reward_offset, config.baseline, config.reward_handling, n_seeds))
        share = 1.0 if config.baseline == "running_mean" else max(0.0, 1 - config.reward_offset / 4)
        return SimpleNamespace(
            share_settled=share,
            median_final_bias=-config.reward_offset,
            seeds=(0, 1),
            best=SimpleNamespace(words="bias −10"),
        )

    sweep = offset_sweep(TrainingConfig(reward_handling="flip_sign"), 2, (0, 1, 3, 9), summarize)
    assert sorted(asked) == sorted((o, b, "correct", 2) for o in (0, 1, 3, 9) for b in ("none", "running_mean"))
    np.testing.assert_allclose(sweep.share_settled["none"], [1.0, 0.75, 0.25, 0.0])
    np.testing.assert_allclose(sweep.median_final_bias["running_mean"], [0, -1, -3, -9])
    assert sweep.largest_settling_offset("none", 0.7) == 1.0
    assert sweep.largest_settling_offset("running_mean") == 9.0
    assert sweep.largest_settling_offset("none", 1.1) is None


def test_a_real_sweep_agrees_with_the_comparisons_ensembles():
    config = TrainingConfig(steps=600, seed=5)
    sweep = offset_sweep(config, 8, offsets=(0.0, 9.0))
    for i, offset in enumerate(sweep.offsets):
        for baseline in ("none", "running_mean"):
            summary = ensemble_summary(config.replace(reward_offset=offset, baseline=baseline), ensemble_seeds(5, 8))
            assert sweep.share_settled[baseline][i] == summary.share_settled
            assert sweep.median_final_bias[baseline][i] == summary.median_final_bias
    assert sweep.seeds == tuple(range(5, 13)) and sweep.steps == 600
