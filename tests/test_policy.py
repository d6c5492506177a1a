"""The update rule, checked against hand arithmetic and finite differences."""

import math
import warnings

import numpy as np
import pytest

from sim import policy_gradient_step, probability_of_b
from sim.policy import choose_action, handled_reward, reward_for, sigmoid


def cross_entropy(hunger, weight, bias, ideal):
    p = 1 / (1 + math.exp(-(weight * hunger + bias)))
    return -(ideal * math.log(p) + (1 - ideal) * math.log(1 - p))


@pytest.mark.parametrize("x", [-1e308, -800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0, 1e308])
def test_sigmoid_is_stable_and_bounded(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scalar = sigmoid(x)
        array = sigmoid(np.array([x]))[0]
    assert 0.0 <= scalar <= 1.0 and 0.0 <= array <= 1.0
    assert scalar == pytest.approx(array, abs=1e-15)


def test_sigmoid_matches_the_textbook_formula():
    for x in np.linspace(-30, 30, 121):
        assert sigmoid(float(x)) == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("hunger", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("bias", [-3.0, 0.0, 2.5])
@pytest.mark.parametrize("ideal", [0.0, 1.0])
def test_derivative_is_the_cross_entropy_gradient(hunger, bias, ideal):
    weight, h = 2.0, 1e-6
    by_bias = (cross_entropy(hunger, weight, bias + h, ideal) - cross_entropy(hunger, weight, bias - h, ideal)) / (
        2 * h
    )
    by_weight = (cross_entropy(hunger, weight + h, bias, ideal) - cross_entropy(hunger, weight - h, bias, ideal)) / (
        2 * h
    )
    derivative = probability_of_b(hunger, weight, bias) - ideal
    assert derivative == pytest.approx(by_bias, abs=1e-7)
    assert derivative * hunger == pytest.approx(by_weight, abs=1e-7)


def test_the_line_gives_a_its_segment_first():
    # p(B) = 0.3: A owns [0, 0.7), B owns [0.7, 1].
    assert choose_action(0.3, 0.0) == 0
    assert choose_action(0.3, 0.69) == 0
    assert choose_action(0.3, 0.7) == 1
    assert choose_action(0.3, 0.99) == 1


def test_reward_is_good_for_small_fries_when_not_hungry_and_large_when_hungry():
    assert reward_for(0.2, 0) == 1.0 and reward_for(0.2, 1) == -1.0
    assert reward_for(0.8, 1) == 1.0 and reward_for(0.8, 0) == -1.0
    assert reward_for(0.5, 1) == 1.0  # the threshold itself counts as hungry
    assert reward_for(0.8, 1, reward_size=2.5) == 2.5


@pytest.mark.parametrize(
    "handling, expected",
    [("correct", -0.3), ("ignore_sign", 0.3), ("flip_sign", 0.3), ("ignore_reward", 0.3)],
)
def test_reward_handling_scales_the_derivative(handling, expected):
    assert 0.3 * handled_reward(-1.0, handling) == pytest.approx(expected)


def test_unknown_reward_handling_is_refused():
    with pytest.raises(ValueError, match="reward_handling='nope'"):
        handled_reward(1.0, "nope")


def test_one_step_by_hand_with_a_trained_weight():
    # hunger 0.8, weight 2, bias -1: p(B) = sigmoid(0.6) = 0.645656...
    p = 1 / (1 + math.exp(-0.6))
    step = policy_gradient_step(0.8, 0.1, 2.0, -1.0, learning_rate=0.5, train_weight=True)
    assert step.action == 0  # draw 0.1 < p(A) = 0.354
    assert step.ideal == 0.0
    assert step.derivative == pytest.approx(p)
    assert step.reward == -1.0  # hungry and took small fries
    assert step.update == pytest.approx(-p)
    assert step.step_size == pytest.approx(-0.5 * p)
    assert step.bias == pytest.approx(-1.0 + 0.5 * p)
    assert step.weight == pytest.approx(2.0 + 0.5 * p * 0.8)


def test_floats_and_arrays_give_the_same_step():
    one = policy_gradient_step(0.4, 0.7, 20.0, -3.0, 0.3, "flip_sign")
    many = policy_gradient_step(np.array([0.4]), np.array([0.7]), 20.0, np.array([-3.0]), 0.3, "flip_sign")
    for a, b in zip(one, many):
        assert a == pytest.approx(float(np.asarray(b).ravel()[0]), abs=1e-15)
