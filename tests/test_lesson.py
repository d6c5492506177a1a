"""The lesson, as a statistical test over 200 seeds: the reward's sign decides the direction."""

import numpy as np
import pytest

from sim import TrainingConfig, train_many
from sim.truth.push import mean_push
from sim.truth.verdicts import divergence_verdict

SEEDS = range(200)
CONFIG = TrainingConfig(steps=4000)


@pytest.fixture(scope="module")
def final_quarter_bias():
    def run(handling):
        return train_many(CONFIG.replace(reward_handling=handling), SEEDS).bias[:, -1000:].mean(axis=1)

    return run


def test_respecting_the_sign_settles_near_minus_ten(final_quarter_bias):
    assert np.mean(np.abs(final_quarter_bias("correct") + 10) <= 2) >= 0.95


def test_flipping_the_sign_runs_away_toward_always_b(final_quarter_bias):
    assert np.mean(final_quarter_bias("flip_sign") > 0) >= 0.99


def test_ignoring_the_sign_does_not_settle(final_quarter_bias):
    assert np.mean(np.abs(final_quarter_bias("ignore_sign") + 10) <= 2) <= 0.30


def test_ignoring_the_sign_spreads_out_over_time():
    bias = train_many(CONFIG.replace(reward_handling="ignore_sign"), SEEDS).bias
    spread = [bias[:, t].std() for t in (499, 1999, 3999)]
    assert spread[0] < spread[1] < spread[2]
    correct = train_many(CONFIG, SEEDS).bias
    assert correct[:, 3999].std() < 1.5


def test_verdicts_follow_the_handling():
    for handling, kind in [("correct", "settling"), ("ignore_sign", "wandering"), ("flip_sign", "running away")]:
        ensemble = train_many(CONFIG.replace(reward_handling=handling), range(20))
        kinds = {divergence_verdict(ensemble.config, row).kind for row in ensemble.bias}
        assert kinds == {kind}, handling
    flipped = train_many(CONFIG.replace(reward_handling="flip_sign"), range(5))
    for row in flipped.bias:
        verdict = divergence_verdict(flipped.config, row)
        assert verdict.text == "running away: always B"
        assert 0 < verdict.diverged_at < 1000 and np.all(row[verdict.diverged_at :] > 2)


def test_mean_drift_climbs_with_the_sign_and_vanishes_without_it():
    for bias in (-15.0, -4.0, 0.0):
        correct = mean_push(bias, reward_handling="correct")
        assert np.sign(correct) == np.sign(-10 - bias)
        assert mean_push(bias, reward_handling="flip_sign") == pytest.approx(-correct)
        assert abs(mean_push(bias, reward_handling="ignore_sign")) < 1e-12


def test_big_steps_jitter_widely_but_still_settle_when_the_sign_is_respected():
    ensemble = train_many(CONFIG.replace(learning_rate=3.0), range(20))
    verdicts = [divergence_verdict(ensemble.config, row) for row in ensemble.bias]
    assert {v.kind for v in verdicts} == {"settling"}
    assert any("jittering widely" in v.text for v in verdicts)  # wider than the ±2 band, centred on −10


def test_near_the_optimum_by_luck_is_not_settling():
    # Started on the optimum with the sign ignored: nothing holds it there, however close it stays.
    config = TrainingConfig(steps=100, initial_bias=-10.0, reward_handling="ignore_sign")
    ensemble = train_many(config, range(30))
    verdicts = [divergence_verdict(config, row) for row in ensemble.bias]
    assert {v.kind for v in verdicts} <= {"wandering", "running away"}
    assert any("nothing holds it there" in v.text for v in verdicts)


def test_a_saturated_policy_is_stuck_not_wandering():
    config = TrainingConfig(steps=500, initial_bias=1000.0)  # p(B) = 1 at every hunger: the derivative is 0
    verdict = divergence_verdict(config, train_many(config, [0]).bias[0])
    assert verdict.kind == "stuck" and "saturated" in verdict.text
