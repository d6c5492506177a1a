"""Checks of the independent reference (tests/reference.py) against hand-computable facts of the specification."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reference import (
    Best,
    best,
    better_place,
    expected_reward,
    mean_update,
    median_step,
    push_ratio,
    slope,
)

# Hand value: at weight 20, threshold 0.5 the best bias is -10 and J = 2 * (ln(1 + e^10) - ln 2) / 10 - 1.
J_BEST_W20 = 2.0 * (math.log1p(math.exp(10.0)) - math.log(2.0)) / 10.0 - 1.0


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_weight_zero_is_flat():
    values = [expected_reward(0.0, b) for b in (-30.0, -5.0, 0.0, 3.0, 10.0, 45.0)]
    assert max(values) - min(values) < 1e-12
    assert best(0.0).kind == "flat"


def test_weight_20_best_is_finite_near_minus_10():
    result = best(20.0)
    assert result.kind == "finite"
    assert abs(result.bias - (-10.0)) < 0.2
    assert abs(result.bias - (-10.0)) < 1e-3  # exact by symmetry of the problem
    assert result.reward >= 0.75
    assert result.reward == pytest.approx(J_BEST_W20, abs=1e-6)
    assert result.reward == pytest.approx(expected_reward(20.0, result.bias), abs=1e-12)


def test_odds_08_02_mirror_image():
    plain = best(20.0)
    mirrored = best(-20.0, odds=(0.8, 0.2))
    assert mirrored.kind == "finite"
    assert mirrored.bias == pytest.approx(-plain.bias, abs=1e-3)  # +10 against -10
    assert mirrored.reward == pytest.approx(abs(0.2 - 0.8) * plain.reward, abs=1e-6)
    # with the same positive weight, the flipped odds leave no interior maximum: both ends are the best
    same_weight = best(20.0, odds=(0.8, 0.2))
    assert same_weight.kind == "both"
    assert same_weight.reward == pytest.approx(0.0, abs=1e-9)
    assert expected_reward(20.0, -10.0, odds=(0.8, 0.2)) < 0.0


@settings(max_examples=20, deadline=None)
@given(weight=st.floats(-30, 30), bias=st.floats(-20, 20))
def test_odds_mirror_identity(weight, bias):
    # h -> 1 - h swaps hungry and not hungry; with odds (0.8, 0.2) every expected reward is 0.6 times the plain one
    assert expected_reward(-weight, bias + weight, odds=(0.8, 0.2)) == pytest.approx(
        0.6 * expected_reward(weight, bias), abs=1e-9
    )


def test_negative_weight_both_ends():
    result = best(-20.0)
    assert result.kind == "both"
    assert math.isnan(result.bias)
    assert result.reward == pytest.approx(0.0, abs=1e-9)


def test_fixed_hunger_ends():
    hungry = best(0.0, hunger=0.8)
    assert (hungry.kind, hungry.bias, hungry.reward) == ("+inf", math.inf, pytest.approx(1.0, abs=1e-12))
    full = best(0.0, hunger=0.2)
    assert (full.kind, full.bias, full.reward) == ("-inf", -math.inf, pytest.approx(1.0, abs=1e-12))
    for b in (-2.0, 0.0, 1.5):
        assert expected_reward(0.0, b, hunger=0.8) == pytest.approx(2 * sigmoid(b) - 1, abs=1e-12)
        assert expected_reward(3.0, b, hunger=0.2, size=2.0) == pytest.approx(2 * (1 - 2 * sigmoid(0.6 + b)), abs=1e-12)


def test_threshold_off_centre_at_weight_zero():
    # t = 0.3: always B gives 0.7 - 0.3 = 0.4, always A gives -0.4
    assert best(0.0, threshold=0.3) == Best("+inf", math.inf, pytest.approx(0.4, abs=1e-9))
    assert best(0.0, threshold=0.7).kind == "-inf"


def test_better_place():
    assert better_place(0.2) == "A"
    assert better_place(0.8) == "B"
    assert better_place(0.5) == "B"  # h >= t is hungry
    assert better_place(0.8, odds=(0.8, 0.2)) == "A"
    assert better_place(0.2, odds=(0.8, 0.2)) == "B"
    assert better_place(0.3, odds=(0.5, 0.5)) is None
    assert better_place(0.6, threshold=0.7) == "A"


@pytest.mark.parametrize(
    "kw",
    [
        dict(weight=20.0),
        dict(weight=5.0, threshold=0.3, size=2.0),
        dict(weight=-7.0, odds=(0.8, 0.2)),
        dict(weight=0.0, hunger=0.8),
        dict(weight=4.0, hunger=0.1, odds=(0.3, 0.9)),
    ],
)
def test_push_ratios(kw):
    assert push_ratio(handling="flip_sign", **kw) == pytest.approx(-1.0, abs=1e-9)
    assert push_ratio(handling="ignore_sign", **kw) == pytest.approx(0.0, abs=1e-9)
    assert push_ratio(handling="ignore_reward", **kw) == pytest.approx(0.0, abs=1e-9)
    size = kw.get("size", 1.0)
    assert push_ratio(handling="ignore_sign", offset=3.0 * size, **kw) == pytest.approx(1.0, abs=1e-9)
    assert push_ratio(handling="ignore_sign", offset=-3.0 * size, **kw) == pytest.approx(-1.0, abs=1e-9)
    for offset in (-5.0, -1.0, 0.0, 0.5, 3.0):
        assert push_ratio(handling="correct", offset=offset, **kw) == pytest.approx(1.0, abs=1e-9)


def test_push_ratio_none_without_push():
    assert push_ratio(0.0, "flip_sign") is None  # p(B) constant and E over h of (r_B - r_A) is 0
    assert push_ratio(20.0, "ignore_sign", odds=(0.5, 0.5)) is None
    assert push_ratio(20.0, "correct", bias=-10.0) is None  # the top of J: no push there


def test_mean_update_by_hand_at_fixed_hunger():
    # h = 0.8, p(B) = 1/2: E[change] = lr * p (1 - p) * (E[k | B] - E[k | A]) = lr * 0.25 * 2
    assert mean_update(0.0, 0.0, hunger=0.8) == pytest.approx(0.5, abs=1e-12)
    assert mean_update(0.0, 0.0, learning_rate=0.1, hunger=0.8, offset=7.0) == pytest.approx(0.05, abs=1e-12)
    assert mean_update(0.0, 0.0, handling="flip_sign", hunger=0.8) == pytest.approx(-0.5, abs=1e-12)
    assert mean_update(0.0, 0.0, handling="ignore_sign", hunger=0.8) == pytest.approx(0.0, abs=1e-12)
    assert mean_update(0.0, 0.0, handling="ignore_reward", hunger=0.2) == pytest.approx(0.0, abs=1e-12)
    assert mean_update(0.0, 0.0, hunger=0.2, size=3.0) == pytest.approx(-1.5, abs=1e-12)


@pytest.mark.parametrize(
    "weight, bias, lr, kw",
    [
        (20.0, -10.0, 1.0, {}),
        (20.0, -3.0, 0.5, {}),
        (5.0, 2.0, 0.1, dict(threshold=0.3, size=2.0)),
        (-8.0, 1.0, 1.0, dict(odds=(0.8, 0.2))),
        (3.0, -1.0, 2.0, dict(hunger=0.6, odds=(0.3, 0.7))),
    ],
)
def test_correct_mean_update_is_gradient(weight, bias, lr, kw):
    assert mean_update(bias, weight, learning_rate=lr, **kw) == pytest.approx(lr * slope(weight, bias, **kw), abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(
    weight=st.floats(-30, 30),
    bias=st.floats(-20, 20),
    lr=st.floats(0.01, 3),
    threshold=st.floats(0.05, 0.95),
    size=st.floats(0.1, 5),
    offset=st.floats(-5, 5),
    hunger=st.none() | st.floats(0, 1),
    odds=st.none() | st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_correct_mean_update_is_gradient_everywhere(weight, bias, lr, threshold, size, offset, hunger, odds):
    kw = dict(threshold=threshold, size=size, hunger=hunger, odds=odds)
    update = mean_update(bias, weight, learning_rate=lr, offset=offset, **kw)
    assert update == pytest.approx(lr * slope(weight, bias, **kw), abs=1e-6)


def test_median_step():
    assert median_step(np.array([0.0, 1.0, 3.0, 4.0]), 2.0) == 0.5
    assert median_step([5.0, 4.0, 4.5], 0.5) == pytest.approx(1.5)


def test_return_types():
    assert type(expected_reward(1.0, 0.0)) is float
    assert type(mean_update(0.0, 1.0)) is float
    assert type(slope(1.0, 0.0)) is float
    assert type(push_ratio(20.0, "flip_sign")) is float
    assert type(median_step([0.0, 1.0], 1.0)) is float
    result = best(0.0, hunger=0.8)
    assert type(result.reward) is float and type(result.bias) is float
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kind = "flat"
