"""Settings: the URL round trip (pure), page extras, presets, and values that survive a visit to another page."""

import pytest
from streamlit.testing.v1 import AppTest

from sim import TrainingConfig
from ui.common.setting_table import PRESETS
from ui.common.url import Extra, UrlState, flag, read_url, whole_number, write_url

FIELDS = (
    "steps", "learning_rate", "weight", "train_weight", "initial_bias", "hunger",
    "reward_threshold", "reward_size", "reward_handling", "seed",
)  # fmt: skip
EXTRAS = {"step": Extra(0, whole_number(0, 100_000, "step")), "presentation": Extra(False, flag("presentation"))}

CONFIGS = [
    TrainingConfig(),
    TrainingConfig(steps=777, learning_rate=0.1, weight=-3.5, initial_bias=2.25, seed=42),
    TrainingConfig(train_weight=True, hunger=0.3, reward_threshold=0.25, reward_size=2.5, reward_handling="flip_sign"),
    TrainingConfig(hunger=0.0, reward_handling="ignore_reward", learning_rate=1e-3, seed=2**32 - 1),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_url_round_trip_gives_back_the_same_config_and_extras(config):
    values = {"step": 123, "presentation": True}
    query = write_url(config, FIELDS, EXTRAS, values)
    assert all(isinstance(v, str) for v in query.values())
    state = read_url(query, FIELDS, EXTRAS)
    assert state.problems == []
    assert state.config == config
    assert state.extras == values


def test_defaults_make_an_empty_query():
    assert write_url(TrainingConfig(), FIELDS, EXTRAS, {"step": 0, "presentation": False}) == {}


def test_extra_parsers_name_the_parameter_and_the_allowed_values():
    with pytest.raises(ValueError, match=r"step='-1' is out of range; allowed: whole number 0..100,000"):
        whole_number(0, 100_000, "step")("-1")
    with pytest.raises(ValueError, match=r"step='2.5' is not a whole number"):
        whole_number(0, 100_000, "step")("2.5")
    with pytest.raises(ValueError, match=r"presentation='maybe' is not allowed; allowed: 1 or 0"):
        flag("presentation")("maybe")
    assert flag("presentation")("TRUE") is True


def test_check_can_tie_an_extra_to_the_config():
    def step_within_run(state: UrlState):
        if state.extras["step"] > state.config.steps:
            state.problems.append("step beyond the run")
            state.extras["step"] = 0

    state = read_url({"steps": "100", "step": "500"}, FIELDS, EXTRAS, check=step_within_run)
    assert state.extras["step"] == 0 and state.problems == ["step beyond the run"]
    assert state.config.steps == 100


def _lab():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.switch_page("views/lab.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_loads_its_values(preset):
    at = _lab()
    at.number_input(key="lab:learning_rate").set_value(7.0).run()  # something the preset must overwrite
    at.selectbox(key="lab:preset").set_value(preset).run()
    for name, value in PRESETS[preset].items():
        if name == "large_order_odds":  # a toggle and two sliders
            shown = tuple(at.session_state[f"lab:odds_{place}"] for place in "ab")
            assert at.session_state["lab:odds_on"] and shown == value, name
        else:
            assert at.session_state[f"lab:{name}"] == value, name


def test_settings_survive_a_visit_to_another_page():
    at = _lab()
    at.number_input(key="lab:learning_rate").set_value(0.25).run()
    at.toggle(key="lab:hunger_fixed").set_value(True).run()
    at.switch_page("views/lecture.py").run()
    at.switch_page("views/lab.py").run()
    assert not at.exception
    assert at.number_input(key="lab:learning_rate").value == 0.25
    assert at.toggle(key="lab:hunger_fixed").value is True
    assert at.query_params["learning_rate"] == "0.25"
