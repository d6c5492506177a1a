"""The walk-through's numbers: the lecture's example, train with scripted draws, rounding and positions."""

import math

import numpy as np
import pytest

from sim import TrainingConfig, train
from sim.policy import sigmoid
from sim.rounding import lecture_round, number_text
from sim.training import random_streams
from sim.walkthrough import (
    LECTURE_CONFIG,
    LECTURE_DRAWS,
    NO_CHANGE,
    WalkthroughSettings,
    draws_for,
    parse_draws,
    reward_reason,
    walkthrough,
)
from sim.walkthrough_position import (
    LAST_SUBSTEP,
    MAX_UPDATES,
    SUBSTEPS,
    Position,
    can_start_update,
    end_of_update,
    next_position,
    previous_position,
)
from ui.lecture.page import sign_summary


def test_default_settings_replay_the_lecture_exactly():
    updates = walkthrough(WalkthroughSettings(), 2)
    history = train(LECTURE_CONFIG, draws=LECTURE_DRAWS)
    for i, update in enumerate(updates):
        assert update.action == "AB"[history.action[i]]
        for name in ("hunger", "prob_b", "draw", "ideal", "derivative", "reward", "update", "step_size", "bias"):
            assert getattr(update, name) == getattr(history, name)[i], name
    assert [u.scripted for u in updates] == [True, True]
    assert updates[1].bias == pytest.approx(-1.1224593, abs=1e-7)
    assert updates[1].prob_b_after == pytest.approx(0.2455554, abs=1e-7)


def test_rounded_like_the_lecture_one_decimal_and_the_final_p_b_as_the_lecture_wrote_it():
    first, second = (u.rounded() for u in walkthrough(WalkthroughSettings(), 2))
    assert (first.prob_b, first.draw, first.derivative, first.update, first.bias) == (0.5, 0.2, 0.5, 0.5, -0.5)
    assert (second.prob_b, second.derivative, second.bias) == (0.4, -0.6, -1.1)
    # The lecture wrote 0.25: two decimals of 0.2456 (one decimal, 0.2, would be 19% off).
    assert second.prob_b_after == 0.25 and first.prob_b_after == 0.4 == second.prob_b  # as the next update starts
    assert (second.prob_a, second.prob_a_after) == (0.6, 0.75)


def test_every_update_equals_train_with_the_same_scripted_draws():
    settings = WalkthroughSettings(hunger=0.7, weight=12.0, initial_bias=1.5, learning_rate=0.3, reward_size=2.0,
                                   draws=(0.1, 0.95, 0.5), seed=7)  # fmt: skip
    updates = walkthrough(settings, 40)
    config = TrainingConfig(steps=40, learning_rate=0.3, weight=12.0, initial_bias=1.5, reward_size=2.0, hunger=0.7,
                            seed=7)  # fmt: skip
    history = train(config, draws=[u.draw for u in updates])
    for name in ("prob_b", "ideal", "derivative", "reward", "update", "step_size", "bias"):
        np.testing.assert_array_equal([getattr(u, name) for u in updates], getattr(history, name), err_msg=name)
    assert [u.draw for u in updates[:3]] == [0.1, 0.95, 0.5]
    # After the scripted draws: the seeded stream, cut to two decimals so a class can read it aloud.
    expected = np.floor(random_streams(config)[1] * 100) / 100
    np.testing.assert_array_equal([u.draw for u in updates[3:]], expected[3:])
    assert [u.scripted for u in updates[:4]] == [True, True, True, False]


def test_each_update_holds_together_by_hand_arithmetic():
    for u in walkthrough(WalkthroughSettings(hunger=0.9, draws=(0.3,), seed=3), 25):
        assert u.prob_b == pytest.approx(1 / (1 + math.exp(-(u.weight * u.hunger + u.bias_before))))
        assert u.prob_a == pytest.approx(1 - u.prob_b)
        assert u.action == ("B" if u.draw >= u.prob_a else "A")
        assert u.ideal == (1.0 if u.action == "B" else 0.0)
        assert u.derivative == pytest.approx(u.prob_b - u.ideal)
        assert u.reward == (1.0 if u.action == "B" else -1.0)  # hunger 0.9: B is the good place
        assert u.update == pytest.approx(u.derivative * u.reward)
        assert u.bias == pytest.approx(u.bias_before - u.learning_rate * u.update)
        assert u.prob_b_after == pytest.approx(float(sigmoid(u.weight * u.hunger + u.bias)))
        change = u.prob_b_after - u.prob_b  # hunger 0.9: B is good, so p(B) should rise
        assert u.moves == (0 if abs(change) <= NO_CHANGE else (1 if change > 0 else -1))
        assert u.towards_good == (u.moves == 1)


def test_a_saturated_policy_moves_nowhere_and_the_panel_says_so_instead_of_wrong_way():
    # Hunger 1: p(B) = 0.99999999794; the update changes p(B) by far less than anything shown.
    for u in walkthrough(WalkthroughSettings(hunger=1.0), 2):
        assert (u.moves, u.ignored.moves, u.flipped.moves) == (0, 0, 0)
        assert "nothing visibly changes" in sign_summary(u)
    # Not saturated: the correct rule goes the right way, the flipped one the wrong way.
    first = walkthrough(WalkthroughSettings(), 1)[0]
    assert (first.moves, first.flipped.moves) == (1, -1)


def test_asking_for_more_updates_never_changes_an_earlier_one():
    settings = WalkthroughSettings(seed=11)
    assert walkthrough(settings, 30)[:12] == walkthrough(settings, 12)
    np.testing.assert_array_equal(draws_for(settings, 30)[:12], draws_for(settings, 12))


def test_ignoring_or_flipping_the_sign_moves_the_bias_the_wrong_way():
    first, second = walkthrough(WalkthroughSettings(), 2)
    # Update 1: reward +1, so ignoring its sign changes nothing; flipping it pushes p(B) up.
    assert first.ignored.bias == first.bias and first.ignored.towards_good
    assert first.flipped.bias == 0.5 and not first.flipped.towards_good
    # Update 2: reward -1; ignored (or flipped) the bad choice B is reinforced: bias up, p(B) above 0.5.
    assert second.ignored.bias == pytest.approx(-0.5 + 0.6224593, abs=1e-7)
    assert second.ignored.prob_b_after == pytest.approx(float(sigmoid(second.ignored.bias)))
    assert second.ignored.prob_b_after > second.prob_b and not second.ignored.towards_good
    assert second.flipped.bias == second.ignored.bias
    assert second.towards_good


@pytest.mark.parametrize(
    "value, digits, expected",
    [(0.2455, 1, 0.2), (0.2455, 2, 0.25), (0.3775, 1, 0.4), (-1.1225, 1, -1.1), (0.004, 1, 0.004),
     (-0.0371, 1, -0.04), (-0.04, 1, -0.04), (0.0, 1, 0.0), (-0.01, 1, -0.01), (-1e-20, 1, -1e-20)],
)  # fmt: skip
def test_lecture_rounding_keeps_a_small_value_from_reading_as_zero(value, digits, expected):
    result = lecture_round(value, digits)
    assert result == expected and math.copysign(1, result) == math.copysign(1, expected or 1.0)


def test_rounded_p_a_keeps_the_draw_on_the_right_side_of_the_boundary():
    # p(A) = 0.6225 with a draw of 0.61 goes to A; one decimal (0.6) would read "0.61 < 0.6".
    update = walkthrough(WalkthroughSettings(initial_bias=-0.5, draws=(0.61,)), 1)[0].rounded()
    assert update.action == "A" and update.prob_a == 0.62 and update.draw < update.prob_a


def test_number_text_exact_and_rounded():
    assert number_text(-1.1224593312018545, exact=True) == "−1.1225"
    assert number_text(0.5, exact=True) == "0.5" and number_text(20.0, exact=False) == "20"
    assert number_text(-0.0, exact=True) == "0" and number_text(-0.5, exact=False, minus="-") == "-0.5"
    assert number_text(3.2e-5, exact=True) == "0.000032"


def test_reward_reason_in_words():
    first, second = walkthrough(WalkthroughSettings(), 2)
    assert reward_reason(first) == "not hungry and got small fries: good, +1"
    assert reward_reason(second) == "not hungry and got large fries: bad, −1"
    assert reward_reason(second, short=True) == "not hungry, large fries: bad"
    hungry = walkthrough(WalkthroughSettings(hunger=1.0, reward_size=2.5, draws=(0.99,)), 1)[0]
    assert reward_reason(hungry) == "hungry and got large fries: good, +2.5"


def test_parse_draws():
    assert parse_draws("0.2, 0.9") == (0.2, 0.9)
    assert parse_draws(" 0.5 ; 0 ") == (0.5, 0.0)
    assert parse_draws("random") == () and parse_draws("  ") == ()


@pytest.mark.parametrize(
    "text, words",
    [("0.2, banana", "draw 2 = 'banana' is not a number"), ("1", "draw 1 = 1 is out of range"),
     ("0.2,,0.3", "draw 2 = '' is not a number"), ("nan", "out of range"), (", ".join(["0.1"] * 21), "too many")],
)  # fmt: skip
def test_parse_draws_refuses_bad_text_with_a_clear_message(text, words):
    with pytest.raises(ValueError, match=words):
        parse_draws(text)


@pytest.mark.parametrize(
    "changes, words",
    [({"learning_rate": 0.0}, "learning_rate=0.0 is out of range"), ({"hunger": 1.5}, "hunger=1.5"),
     ({"draws": (0.2, 1.0)}, "draw 2 = 1.0 is out of range"), ({"weight": math.nan}, "weight=nan")],
)  # fmt: skip
def test_settings_refuse_bad_values(changes, words):
    with pytest.raises(ValueError, match=words):
        WalkthroughSettings(**changes)


def test_walkthrough_refuses_a_bad_count():
    with pytest.raises(ValueError, match="count=0"):
        walkthrough(WalkthroughSettings(), 0)
    with pytest.raises(ValueError, match=f"1..{MAX_UPDATES}"):
        walkthrough(WalkthroughSettings(), MAX_UPDATES + 1)


def test_next_visits_every_sub_step_of_the_scripted_updates_once_then_stops():
    position, seen = Position(), [Position()]
    while (following := next_position(position, scripted=2, random_on=False)) != position:
        position = following
        seen.append(position)
    assert seen == [Position(u, s) for u in range(2) for s in range(len(SUBSTEPS))]
    assert next_position(position, 2, random_on=True) == Position(2, 0)


def test_back_retraces_next_exactly():
    forward = [Position()]
    for _ in range(25):
        forward.append(next_position(forward[-1], scripted=2, random_on=True))
    backward = [forward[-1]]
    for _ in range(25):
        backward.append(previous_position(backward[-1]))
    assert backward == forward[::-1]
    assert previous_position(Position()) == Position()


def test_end_of_update_and_limits():
    assert end_of_update(Position(0, 2), 2, False) == Position(0, LAST_SUBSTEP)
    assert end_of_update(Position(0, LAST_SUBSTEP), 2, False) == Position(1, LAST_SUBSTEP)
    assert end_of_update(Position(1, LAST_SUBSTEP), 2, False) == Position(1, LAST_SUBSTEP)
    assert can_start_update(5, 0, True) and not can_start_update(MAX_UPDATES, 0, True)
    assert Position(3, 4).updates_needed == 4
