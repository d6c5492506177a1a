"""Verdicts say only what is true: their definitions over the whole allowed box, and the cases that were wrong."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import TrainingConfig, probability_of_b, train
from sim.experiments.comparison import side_by_side
from sim.policy import REWARD_HANDLINGS
from sim.truth.best import best_policy, reward_margin
from sim.truth.expected_reward import expected_reward
from sim.truth.push import mean_push, push_direction
from sim.truth.verdicts import MIN_STEPS, VERDICT_KINDS, divergence_verdict, last_quarter, verdicts_at
from ui.common.outcomes import WORDS, marker_text
from ui.compare.charts import verdict_badge

CONFIGS = st.builds(
    TrainingConfig,
    steps=st.sampled_from([1, 9, 20, 50]) | st.integers(1, 3000),
    learning_rate=st.sampled_from([1e-6, 1.0, 20.0, 100.0]) | st.floats(1e-6, 100),
    weight=st.sampled_from([0.0, -20.0, 20.0, 100.0]) | st.floats(-100, 100),
    initial_bias=st.sampled_from([0.0, -60.0, 40.0, 1000.0, -1000.0]) | st.floats(-1000, 1000),
    train_weight=st.booleans(),
    reward_handling=st.sampled_from(REWARD_HANDLINGS),
    reward_threshold=st.sampled_from([0.0, 0.2, 0.5, 1.0]) | st.floats(0, 1),
    reward_size=st.sampled_from([1.0]) | st.floats(1e-3, 100),
    hunger=st.none() | st.sampled_from([0.0, 0.2, 1.0]) | st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
    reward_offset=st.sampled_from([0.0, 0.0, 1.0, 9.0, -3.0]) | st.floats(-100, 100),
    baseline=st.sampled_from(["none", "running_mean"]),
    baseline_rate=st.sampled_from([0.01, 1.0]) | st.floats(1e-6, 1),
    optimizer=st.sampled_from(["sgd", "adam"]),
    large_order_odds=st.none()
    | st.sampled_from([(0.2, 0.8), (0.5, 0.5), (0.8, 0.2)])
    | st.tuples(*[st.floats(0, 1)] * 2),
)


def saturated_everywhere(config, weight, bias) -> bool:
    """p(B) within about 1% of 0 or 1 at every hunger the run sees."""
    hungers = np.linspace(0, 1, 1001) if config.hunger is None else np.array([config.hunger])
    p = probability_of_b(hungers, weight, bias)
    return bool(np.all(np.minimum(p, 1 - p) <= 0.0102))


def uphill(config, weight, bias) -> float:
    """How J changes when the bias takes a small step the way the average push goes (> 0: J rises)."""
    push = mean_push(
        bias, weight, config.learning_rate, config.reward_handling, config.reward_threshold,
        config.reward_size, config.hunger, config.reward_offset, config.large_order_odds,
    )  # fmt: skip

    def reward(b):
        return expected_reward(
            weight, b, config.reward_threshold, config.reward_size, config.hunger, config.large_order_odds
        )

    return float(reward(bias + 1e-4 * np.sign(push)) - reward(bias))


@settings(max_examples=120, deadline=None)
@given(config=CONFIGS, data=st.data())
def test_every_verdict_keeps_its_definition(config, data):
    history = train(config)
    verdict = history.verdict()
    weight, bias, steps = float(history.weight[-1]), float(history.bias[-1]), len(history)
    best = best_policy(weight, config.reward_threshold, config.reward_size, config.hunger, config.large_order_odds)
    size = config.reward_size
    assert verdict.kind in VERDICT_KINDS
    assert verdict.best_reward == best.reward and verdict.expected_reward == history.expected_reward[-1]
    if steps < MIN_STEPS:
        assert verdict.kind == "too early"
    if verdict.kind == "settling":  # near the best: the last quarter's reward within the margin
        tail_reward = history.expected_reward[last_quarter(steps)].mean()
        assert tail_reward >= best.reward - reward_margin(size, config.large_order_odds) - 1e-9 * size
    if verdict.kind == "stuck":  # p(B)(1 - p(B)) negligible wherever the run looks
        assert saturated_everywhere(config, weight, bias)
    if verdict.kind == "running away":  # the expected reward falls, or stays below the best
        assert uphill(config, weight, bias) < 0 or history.expected_reward[-1] < best.reward - 1e-12 * size
    if verdict.kind == "approaching":  # the average push raises the expected reward
        assert uphill(config, weight, bias) >= -1e-12 * size
    if push_direction(config.reward_handling, size, config.reward_offset) == 0:  # no average push, never said
        assert verdict.kind not in ("settling", "running away", "approaching")
    # The page's words (ui.common.outcomes): the badge and the marker start with the one word of this kind.
    comparison = SimpleNamespace(best=SimpleNamespace(saturated=best.saturated, bias=best.bias))  # what a badge reads
    assert verdict_badge(verdict, comparison)[1].startswith(WORDS[verdict.kind].split()[0])
    if verdict.diverged_at is not None:
        assert marker_text(verdict.kind, verdict.diverged_at + 1).startswith(f"{WORDS[verdict.kind]}: left for good")
        assert verdict.kind not in ("settling", "approaching", "too early") and 0 <= verdict.diverged_at < steps
        if best.shape == "hill" and not config.train_weight:  # from then on farther than the start, plus the band
            reach = abs(config.initial_bias - best.bias) + 2.0
            assert np.all(np.abs(history.bias[verdict.diverged_at :] - best.bias) > reach)
    prefixes = data.draw(st.lists(st.integers(0, steps), max_size=4))
    for prefix, fast in zip(prefixes, verdicts_at(history, prefixes)):
        slow = divergence_verdict(config, history.bias[:prefix], history.weight[:prefix])
        assert (fast.kind, fast.text, fast.diverged_at) == (slow.kind, slow.text, slow.diverged_at)


# The cases an independent review found, each with what was said before.


@pytest.mark.parametrize("initial_bias", [-60.0, 40.0])
def test_a_frozen_run_is_stuck(initial_bias):
    # Before: -60 was "heading for the optimum, not settled yet" though the bias never moved.
    history = train(TrainingConfig(initial_bias=initial_bias))
    assert np.all(history.bias == initial_bias)
    verdict = history.verdict()
    assert verdict.kind == "stuck" and "saturated" in verdict.text


@pytest.mark.parametrize("learning_rate", [20.0, 100.0])
def test_big_steps_that_freeze_far_from_the_best_are_stuck_not_approaching(learning_rate):
    # Before: most of these seeds were "approaching" (or "settling ... jittering widely") while frozen.
    for seed in range(8):
        history = train(TrainingConfig(learning_rate=learning_rate, seed=seed))
        verdict = history.verdict()
        tail = history.bias[last_quarter(len(history))]
        frozen = np.ptp(tail) < 1e-3 and saturated_everywhere(history.config, 20.0, history.bias[-1])
        if frozen:
            assert verdict.kind == "stuck", (seed, verdict)
        assert verdict.kind != "settling", (seed, verdict)  # none ends near -10


def test_the_sign_ignored_preset_is_too_early_at_first_not_stuck():
    # Before: "stuck: p(B) is saturated" at steps 1-9, with p(B | hunger 0) = 0.33.
    history = train(TrainingConfig(reward_handling="ignore_sign"))
    for verdict in verdicts_at(history, range(1, 10)):
        assert verdict.kind == "too early" and "too early to tell" in verdict.text
    assert probability_of_b(0.0, 20.0, history.bias[5]) == pytest.approx(1 / 3, abs=0.01)


def test_weight_five_threshold_one_fifth_uses_the_true_best():
    # Before: best reward 0.578 at -w*t = -1; the best is 0.631 at bias +0.275.
    side = side_by_side(TrainingConfig(weight=5.0, reward_threshold=0.2))
    assert side.best.reward == pytest.approx(0.631, abs=1e-3) and side.best.drawn == pytest.approx(0.275, abs=1e-3)
    assert side.lecture_optimum == -1.0 and not side.best.saturated
    # Before: "running away: always B". Its last quarter's mean bias, 3.3, is more than 2 from the best on this flat
    # hill top, so by the page's definition of "settles" it heads for the best, not settled yet (#29).
    correct = side.runs["correct"].verdict
    assert correct.kind == "approaching" and "0.275" in correct.text
    assert side.runs["flip_sign"].verdict.kind == "running away"


def test_weight_two_threshold_one_fifth_is_best_always_b():
    side = side_by_side(TrainingConfig(weight=2.0, reward_threshold=0.2))
    assert side.best.saturated and side.best.bias == np.inf and side.best.reward == pytest.approx(0.6)
    assert side.best.words == "always B (bias → +∞)" and np.isfinite(side.best.drawn)
    correct = side.runs["correct"].verdict
    assert correct.kind == "settling" and "always B" in correct.text  # before: "running away: always B"


def test_weight_minus_twenty_the_correct_sign_is_best_and_the_flipped_one_is_not():
    side = side_by_side(TrainingConfig(weight=-20.0))
    assert side.best.reward == pytest.approx(0.0) and side.best.saturated
    # Before: correct "running away: always A", flipped "settling near the optimum (10)" (the worst bias).
    assert side.runs["correct"].verdict.kind == "settling"
    flipped = side.runs["flip_sign"].verdict
    assert flipped.kind == "running away" and "worst bias (10)" in flipped.text


def test_threshold_zero_always_b_is_optimal():
    # Before: "running away: always B" for a run with expected reward 1.000.
    history = train(TrainingConfig(reward_threshold=0.0))
    assert history.expected_reward[-1] > 0.99
    verdict = history.verdict()
    assert verdict.kind == "settling" and verdict.text == "settling at the best policy: always B (bias → +∞)"


def test_fixed_hunger_is_judged_at_that_hunger():
    # Before: both "heading for the optimum, not settled yet", with J computed for uniform hunger.
    low = train(TrainingConfig(hunger=0.2, steps=20_000))
    assert low.bias[-1] < -14 and low.expected_reward[-1] > 0.9999  # A is right at hunger 0.2, and p(B) is ~0
    assert low.verdict().text == "settling at the best policy: always A (bias → −∞)"
    full = {h: train(TrainingConfig(hunger=1.0, reward_handling=h)) for h in ("correct", "flip_sign")}
    assert full["correct"].verdict().kind == "settling"  # p(B | 1) = sigmoid(20): already the best, held there
    assert full["flip_sign"].verdict().kind == "stuck"  # pushed away, but the derivative is ~2e-9
    assert np.all(np.abs(full["flip_sign"].bias) < 1e-5)


def test_tiny_steps_are_too_early_to_tell():
    verdict = train(TrainingConfig(steps=200, learning_rate=1e-6)).verdict()
    assert verdict.kind == "too early" and "learning rate" in verdict.text


def test_the_lecture_run_settles_and_its_flipped_twin_runs_away():
    config = TrainingConfig(steps=4000)
    assert train(config).verdict().text == "settling near the best bias (−10)"
    flipped = train(config.replace(reward_handling="flip_sign")).verdict()
    assert flipped.text == "running away: always B" and flipped.diverged_at is not None


@settings(max_examples=60, deadline=None)
@given(config=CONFIGS)
def test_the_outlooks_of_a_whole_run_at_once_are_each_steps_outlook(config):
    """``verdicts_at`` asks ``outlooks`` for every step judged at once: the same values, bit for bit, as asking
    ``outlook`` (``divergence_verdict``'s way) one step at a time, so no step's row is mixed up with another's."""
    from sim.truth.outlook import outlook, outlooks

    history = train(config)
    best = config.problem.best(config.weight)
    steps = list(range(MIN_STEPS, min(config.steps, 400) + 1))
    biases = history.bias[np.array(steps, int) - 1] if steps else []
    at_once = outlooks(config, steps, config.weight, biases, best, 2.0)
    assert at_once == [outlook(config, s, config.weight, float(b), best, 2.0) for s, b in zip(steps, biases)]


def test_the_badge_says_a_weak_push_from_the_verdicts_fact_not_from_its_words():
    # A large offset: the sign respected still pushes uphill, too weakly against the offset's noise to settle.
    side = side_by_side(TrainingConfig(reward_offset=9.0))
    run = side.runs["correct"].verdict
    assert run.kind == "wandering" and run.weak_push and verdict_badge(run, side)[1] == "wanders: push too weak"
    plain = side_by_side(TrainingConfig())
    ignored = plain.runs["ignore_sign"].verdict  # no offset: no push at all
    assert ignored.kind == "wandering" and not ignored.weak_push
    assert verdict_badge(ignored, plain)[1] == "wanders: no push"
    # The words do not decide it (#30): the same verdict with other words gets the same badge.
    reworded = dataclasses.replace(run, text="wandering: it drifts a little either way")
    assert verdict_badge(reworded, side)[1] == "wanders: push too weak"
