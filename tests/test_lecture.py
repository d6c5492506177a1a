"""The lecture's worked example, number for number."""

import pytest

from sim import lecture_example


def test_first_update_of_the_lecture():
    first = lecture_example()[0]
    assert (first.hunger, first.bias_before, first.prob_b, first.draw) == (0.0, 0.0, 0.5, 0.2)
    assert first.action == "A" and first.ideal == 0.0
    assert first.derivative == 0.5 and first.reward == 1.0
    assert first.update == 0.5 and first.step_size == 0.5 and first.bias == -0.5


def test_second_update_exact():
    second = lecture_example()[1]
    assert second.bias_before == -0.5
    assert second.prob_b == pytest.approx(0.3775407, abs=1e-7)
    assert second.draw == 0.9 and second.action == "B" and second.ideal == 1.0
    assert second.derivative == pytest.approx(-0.6224593, abs=1e-7)
    assert second.reward == -1.0
    assert second.update == pytest.approx(0.6224593, abs=1e-7)
    assert second.bias == pytest.approx(-1.1224593, abs=1e-7)
    assert second.prob_b_after == pytest.approx(0.2455554, abs=1e-7)


def test_rounded_like_the_lecture():
    first, second = lecture_example(rounded=True)
    assert first.prob_b_after == 0.4
    assert (second.prob_b, second.derivative, second.update, second.bias) == (0.4, -0.6, 0.6, -1.1)
    assert second.prob_b_after == 0.2
