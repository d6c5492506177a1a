"""Validation: every bad value gets a message naming the field, the value and the allowed range."""

import math

import pytest

from sim import TrainingConfig, train, train_many

BAD = [
    ("steps", 0, "1..200,000"),
    ("steps", 200_001, "1..200,000"),
    ("steps", 2.5, "whole number"),
    ("learning_rate", 0.0, "(0, 100]"),
    ("learning_rate", 101.0, "(0, 100]"),
    ("learning_rate", math.nan, "not finite"),
    ("weight", 100.5, "[-100, 100]"),
    ("weight", math.inf, "not finite"),
    ("initial_bias", -1000.1, "[-1000, 1000]"),
    ("reward_threshold", 1.5, "[0, 1]"),
    ("reward_size", 0, "(0, 100]"),
    ("reward_size", -1, "(0, 100]"),
    ("hunger", -0.1, "[0, 1]"),
    ("hunger", math.nan, "not finite"),
    ("reward_handling", "sometimes", "correct, ignore_sign, flip_sign, ignore_reward"),
    ("train_weight", "yes", "True or False"),
    ("seed", -1, "0..4294967295"),
    ("steps", "100", "not a number"),
    ("reward_offset", 100.5, "[-100, 100]"),
    ("reward_offset", math.nan, "not finite"),
    ("baseline", "average", "none, running_mean"),
    ("baseline_rate", -0.1, "(0, 1]"),
    ("baseline_rate", 0.0, "(0, 1]"),
    ("baseline_rate", 1.5, "(0, 1]"),
    ("optimizer", "rmsprop", "sgd, adam"),
    ("optimizer", "Adam", "sgd, adam"),
    ("large_order_odds", (0.2, 1.5), "the chance at B (1.5) is not a number in [0, 1]"),
    ("large_order_odds", (-0.1, 0.8), "the chance at A (-0.1) is not a number in [0, 1]"),
    ("large_order_odds", (0.2, math.nan), "the chance at B (nan)"),
    ("large_order_odds", (0.2, 0.5, 0.8), "is not two numbers"),
    ("large_order_odds", 0.8, "is not two numbers"),
    ("large_order_odds", "0.2,0.8", "is not two numbers"),
]


@pytest.mark.parametrize("field, value, allowed", BAD)
def test_bad_values_are_refused_with_a_clear_message(field, value, allowed):
    with pytest.raises(ValueError) as error:
        TrainingConfig(**{field: value})
    message = str(error.value)
    assert message.startswith(f"{field}=")
    assert repr(value) in message or str(value) in message
    assert allowed in message


def test_config_is_frozen():
    with pytest.raises(AttributeError):
        TrainingConfig().steps = 5


def test_strings_round_trip_and_bad_strings_fall_back():
    config = TrainingConfig(steps=500, learning_rate=0.1, hunger=0.25, train_weight=True, reward_handling="flip_sign")
    assert TrainingConfig.from_strings(config.to_strings()) == (config, [])
    parsed, problems = TrainingConfig.from_strings({"steps": "many", "learning_rate": "1e9", "seed": "7"})
    assert parsed == TrainingConfig(seed=7)
    assert len(problems) == 2
    assert problems[0].startswith("steps='many'") and problems[1].startswith("learning_rate=")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"draws": [0.2]}, "draws has 1 values"),
        ({"draws": [0.2, 1.0]}, "draws[1]=1.0 is out of range"),
        ({"draws": [0.2, math.nan]}, "draws[1]=nan"),
        ({"hunger": [0.2, -0.5]}, "hunger[1]=-0.5 is out of range"),
        ({"hunger": [[0.2, 0.3]]}, "hunger has 2 values"),
    ],
)
def test_scripted_values_are_checked(kwargs, message):
    with pytest.raises(ValueError) as error:
        train(TrainingConfig(steps=2), **kwargs)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "seeds, message", [([], "0 seeds"), (range(5001), "5001 seeds"), ([1.5], "whole numbers"), ([-2], "seed=-2")]
)
def test_bad_seed_lists_are_refused(seeds, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        train_many(TrainingConfig(steps=3), seeds)


def test_the_new_fields_round_trip_through_strings():
    config = TrainingConfig(
        reward_offset=-2.5, baseline="running_mean", baseline_rate=0.05, optimizer="adam", large_order_odds=(0.2, 0.8)
    )
    strings = config.to_strings()
    assert strings == {
        "reward_offset": "-2.5", "baseline": "running_mean", "baseline_rate": "0.05", "optimizer": "adam",
        "large_order_odds": "0.2,0.8",
    }  # fmt: skip
    assert TrainingConfig.from_strings(strings) == (config, [])
    assert TrainingConfig.from_strings({"large_order_odds": "none"}, config)[0].large_order_odds is None
    assert TrainingConfig.from_strings({"large_order_odds": " 0 , 1 "})[0].large_order_odds == (0.0, 1.0)
    assert TrainingConfig(large_order_odds=[0.3, 0.6]).large_order_odds == (0.3, 0.6)  # a list becomes a tuple
    assert config.to_strings(config) == {} and TrainingConfig(large_order_odds=None).to_strings() == {}


@pytest.mark.parametrize(
    "strings, start",
    [
        ({"baseline_rate": "-0.5"}, "baseline_rate=-0.5 is out of range; allowed: (0, 1]"),
        ({"large_order_odds": "0.2,1.3"}, "large_order_odds=(0.2, 1.3): the chance at B (1.3)"),
        ({"large_order_odds": "0.2"}, "large_order_odds=(0.2,) is not two numbers"),
        ({"large_order_odds": "a,b"}, "large_order_odds='a,b' is not two numbers"),
        ({"optimizer": "momentum"}, "optimizer='momentum' is not allowed; allowed: sgd, adam"),
        ({"baseline": "yes"}, "baseline='yes' is not allowed; allowed: none, running_mean"),
        ({"reward_offset": "1e3"}, "reward_offset=1000.0 is out of range; allowed: [-100, 100]"),
        ({"reward_offset": "lots"}, "reward_offset='lots' is not a number"),
    ],
)
def test_bad_url_strings_for_the_new_fields_name_field_value_and_range(strings, start):
    config, problems = TrainingConfig.from_strings({**strings, "seed": "4"})
    assert config == TrainingConfig(seed=4)  # the bad field keeps its default, the rest applies
    assert len(problems) == 1 and problems[0].startswith(start), problems
