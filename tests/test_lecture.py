"""The lecture's worked example, number for number, as the page computes it and as it writes it."""

import pytest

from sim.walkthrough import WalkthroughSettings, walkthrough
from tests.reference import lecture_updates

FIELDS = ("bias_before", "prob_b", "draw", "action", "ideal", "derivative", "reward", "update", "step_size", "bias",
          "prob_b_after")  # fmt: skip


def test_first_update_of_the_lecture():
    first = walkthrough(WalkthroughSettings(), 2)[0]
    assert (first.hunger, first.bias_before, first.prob_b, first.draw) == (0.0, 0.0, 0.5, 0.2)
    assert first.action == "A" and first.ideal == 0.0
    assert first.derivative == 0.5 and first.reward == 1.0
    assert first.update == 0.5 and first.step_size == 0.5 and first.bias == -0.5


def test_second_update_exact():
    second = walkthrough(WalkthroughSettings(), 2)[1]
    assert second.bias_before == -0.5
    assert second.prob_b == pytest.approx(0.3775407, abs=1e-7)
    assert second.draw == 0.9 and second.action == "B" and second.ideal == 1.0
    assert second.derivative == pytest.approx(-0.6224593, abs=1e-7)
    assert second.reward == -1.0
    assert second.update == pytest.approx(0.6224593, abs=1e-7)
    assert second.bias == pytest.approx(-1.1224593, abs=1e-7)
    assert second.prob_b_after == pytest.approx(0.2455554, abs=1e-7)


def test_every_number_equals_the_lecture_worked_by_hand():
    for update, by_hand in zip(walkthrough(WalkthroughSettings(), 2), lecture_updates(), strict=True):
        for name in FIELDS:
            assert getattr(update, name) == pytest.approx(getattr(by_hand, name), rel=1e-12), name


def test_rounded_as_the_page_and_the_lecture_write_it():
    first, second = (update.rounded() for update in walkthrough(WalkthroughSettings(), 2))
    assert (first.prob_b, first.derivative, first.update, first.bias) == (0.5, 0.5, 0.5, -0.5)
    assert first.prob_b_after == 0.4 == second.prob_b  # update 2 starts where update 1 ended
    assert (second.derivative, second.update, second.bias) == (-0.6, 0.6, -1.1)
    assert second.prob_b_after == 0.25  # the lecture's 0.25: one decimal would say 0.2, 12% off 0.2456
