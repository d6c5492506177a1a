"""The training lab through Streamlit's AppTest: controls, transport, URL, downloads, charts.

Under AppTest a fragment's timer does not tick by itself: each ``at.run()`` is one tick.
"""

import base64
import io
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from sim import QUANTITIES, TrainingConfig, train
from ui.lab import AUTO_TICKS, history_csv

SHORT = {"steps": "300", "step": "300"}  # a quick run, shown to its end


def open_lab(query=None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page("views/lab.py").run()
    assert not at.exception, at.exception
    return at


def step(at) -> int:
    return at.session_state["lab:step"]


def metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


def figure(at, name="lab_training") -> dict:
    """The figure on top of the chart's two buffers (the newest)."""
    top = at.session_state[f"{name}_top"]
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"{name}_chart_{top}"))
    return json.loads(chart.proto.spec)


def values(array) -> np.ndarray:
    if isinstance(array, dict):  # plotly 7 sends numpy arrays as base64 with their dtype
        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"])
    return np.asarray(array)


def trace(at, name, chart="lab_training") -> tuple[np.ndarray, np.ndarray]:
    data = next(t for t in figure(at, chart)["data"] if t.get("name") == name)
    return values(data["x"]), values(data["y"])


def test_the_page_shows_readouts_and_labelled_charts():
    at = open_lab()
    assert at.title[0].value == "Training lab"
    assert [m.label for m in at.metric] == [
        "Step", "Bias", "Expected reward", "p(B | hunger 0)", "p(B | hunger 1)", "Verdict",
    ]  # fmt: skip
    assert metric(at, "Step") == "0" and metric(at, "Verdict") == "not started"
    training = figure(at)
    assert "Training run" in training["layout"]["title"]["text"]
    assert training["layout"]["xaxis4"]["title"]["text"] == "step"
    for axis in ("yaxis", "yaxis2", "yaxis3", "yaxis4"):
        assert training["layout"][axis]["title"]["text"]
        assert training["layout"][axis]["range"]  # fixed, so nothing jumps while playing
    policy = figure(at, "lab_policy")
    assert policy["layout"]["xaxis"]["title"]["text"] == "hunger"
    assert "p(B" in policy["layout"]["yaxis"]["title"]["text"]


def test_at_the_end_of_a_default_run_every_trace_stays_within_2000_points():
    at = open_lab({"step": "2000"})
    training = figure(at)
    assert max(len(values(t["x"])) for t in training["data"]) <= 2000
    x, y = trace(at, "bias")
    history = train(TrainingConfig())
    assert x[-1] == 2000 and y[-1] == pytest.approx(history.bias[-1], abs=1e-4)
    assert metric(at, "Bias") == f"{history.bias[-1]:.2f}".replace("-", "−")
    assert metric(at, "Verdict") == "settling"


def test_a_long_run_is_cut_down_for_display_but_the_readouts_are_exact():
    at = open_lab({"steps": "100000", "step": "100000"})
    training = figure(at)
    assert max(len(values(t["x"])) for t in training["data"]) <= 2000
    assert metric(at, "Step") == "100,000"


CONTROLS = [
    ("number_input", "lab:steps", 200),
    ("number_input", "lab:learning_rate", 0.1),
    ("number_input", "lab:weight", 5.0),
    ("toggle", "lab:train_weight", True),
    ("number_input", "lab:initial_bias", 3.0),
    ("toggle", "lab:hunger_fixed", True),
    ("slider", "lab:reward_threshold", 0.3),
    ("number_input", "lab:reward_size", 2.0),
    ("selectbox", "lab:reward_handling", "flip_sign"),
    ("number_input", "lab:seed", 7),
    ("selectbox", "lab:preset", "slow and steady"),
]


@pytest.mark.parametrize("kind, key, value", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_each_control_changes_the_run(kind, key, value):
    at = open_lab(SHORT)
    before = trace(at, "bias")
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    after = trace(at, "bias")
    assert len(before[1]) != len(after[1]) or not np.allclose(before[1], after[1])


def test_fixed_hunger_value_changes_the_run():
    at = open_lab(SHORT | {"hunger": "0.2"})
    before = trace(at, "bias")
    at.slider(key="lab:hunger").set_value(0.8).run()
    assert not np.allclose(before[1], trace(at, "bias")[1])


def test_step_buttons_move_the_step_and_reset_goes_back_to_zero():
    at = open_lab()
    at.button(key="lab_step").click().run()
    assert step(at) == 1 and metric(at, "Step") == "1"
    at.button(key="lab_plus10").click().run()
    assert step(at) == 11
    at.button(key="lab_plus100").click().run()
    assert step(at) == 111
    assert trace(at, "bias")[0][-1] == 111  # the charts show steps 0..111
    assert at.query_params["step"] == "111"
    at.button(key="lab_reset").click().run()
    assert step(at) == 0 and "step" not in at.query_params


def test_play_moves_one_tick_per_run_and_pause_stops():
    at = open_lab()
    per_tick = 2000 // AUTO_TICKS
    at.button(key="lab_play").click().run()
    assert at.session_state["lab_playing"] and at.button(key="lab_play").label == "Pause"
    assert step(at) == per_tick
    at.run()
    at.run()
    assert step(at) == 3 * per_tick
    at.button(key="lab_play").click().run()
    assert not at.session_state["lab_playing"] and at.button(key="lab_play").label == "Play"
    at.run()
    assert step(at) == 3 * per_tick  # paused: a rerun does not move it


def test_speed_sets_the_steps_per_tick():
    at = open_lab()
    at.select_slider(key="lab:speed").set_value("5").run()
    at.button(key="lab_play").click().run()
    at.run()
    assert step(at) == 10
    assert at.query_params["speed"] == "5"


def test_play_stops_at_the_end_and_starts_over_from_there():
    at = open_lab({"steps": "50", "speed": "20"})
    at.button(key="lab_play").click().run()
    at.run()
    at.run()
    assert step(at) == 50 and not at.session_state["lab_playing"]
    at.button(key="lab_play").click().run()
    assert step(at) == 20  # started again from step 0


def test_the_step_slider_rewinds_to_any_step():
    at = open_lab({"step": "1500"})
    at.slider[next(i for i, s in enumerate(at.slider) if s.label == "Step shown")].set_value(250).run()
    assert step(at) == 250 and metric(at, "Step") == "250"
    x, y = trace(at, "bias")
    assert x[-1] == 250 and y[-1] == pytest.approx(train(TrainingConfig()).bias[249], abs=1e-4)
    assert at.query_params["step"] == "250"


def test_url_round_trip_reproduces_the_run_and_the_step_in_a_fresh_session():
    at = open_lab()
    at.number_input(key="lab:learning_rate").set_value(0.3).run()
    at.selectbox(key="lab:reward_handling").set_value("ignore_sign").run()
    at.number_input(key="lab:seed").set_value(11).run()
    at.toggle(key="lab:presentation").set_value(True).run()
    at.button(key="lab_plus100").click().run()
    query = {k: at.query_params[k] for k in at.query_params}
    assert query == {
        "learning_rate": "0.3", "reward_handling": "ignore_sign", "seed": "11", "step": "100", "presentation": "1",
    }  # fmt: skip

    fresh = open_lab(query)
    assert step(fresh) == 100 and fresh.toggle(key="lab:presentation").value is True
    assert np.array_equal(trace(fresh, "bias")[1], trace(at, "bias")[1])
    expected = train(TrainingConfig(learning_rate=0.3, reward_handling="ignore_sign", seed=11))
    assert trace(fresh, "bias")[1][-1] == pytest.approx(expected.bias[99], abs=1e-4)


BAD_URLS = [
    ({"steps": "lots"}, "steps='lots' is not a number"),
    ({"learning_rate": "-2"}, "learning_rate=-2.0 is out of range"),
    ({"reward_handling": "sideways"}, "reward_handling='sideways' is not allowed"),
    ({"colour": "red"}, "'colour' is not a setting of this page"),
    ({"step": "abc"}, "step='abc' is not a number"),
    ({"steps": "100", "step": "500"}, "step=500 is out of range; allowed: whole number 0..100"),
    ({"speed": "warp"}, "speed='warp' is not allowed"),
    ({"presentation": "yes please"}, "presentation='yes please' is not allowed"),
]


@pytest.mark.parametrize("query, message", BAD_URLS)
def test_bad_url_parameters_give_one_warning_and_defaults(query, message):
    at = open_lab(query)
    assert len(at.warning) == 1
    assert message in at.warning[0].value
    assert step(at) == 0 and metric(at, "Step") == "0"
    assert at.number_input(key="lab:learning_rate").value == 1.0
    at.button(key="lab_plus10").click().run()  # and the page keeps working
    assert not at.exception and step(at) == 10 and len(at.warning) == 0


def test_presentation_mode_keeps_only_the_essential_charts():
    at = open_lab({"step": "500"})
    full = figure(at)
    at.toggle(key="lab:presentation").set_value(True).run()
    slim = figure(at)
    assert "yaxis2" in slim["layout"] and "yaxis3" not in slim["layout"]
    assert slim["layout"]["font"]["size"] > full["layout"]["font"]["size"]
    assert at.query_params["presentation"] == "1"
    assert not [d for d in at.get("download_button")]  # the downloads stay out of the way


@pytest.fixture
def downloads(monkeypatch):
    """Catch what the download buttons would deliver, by file name (Streamlit's media store is per run)."""
    caught = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def catch(self, data, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, **kwargs)

    def catch_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name] = data_callable  # made only when someone clicks
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", catch)
    monkeypatch.setattr(MediaFileManager, "add_deferred", catch_deferred)
    return caught


def test_downloads_hold_every_step_and_the_settings(downloads):
    open_lab({"steps": "3000", "step": "10", "seed": "5", "reward_handling": "flip_sign"})
    config = TrainingConfig(steps=3000, seed=5, reward_handling="flip_sign")
    csv = downloads["lab_flip_sign_seed5_3000steps.csv"]()
    frame = pd.read_csv(io.BytesIO(csv))
    assert len(frame) == 3000  # every step, not just the 10 shown
    assert list(frame.columns) == ["step", *QUANTITIES]
    assert np.allclose(frame["bias"], train(config).bias)
    assert csv == history_csv(config)
    settings = json.loads(downloads["lab_flip_sign_seed5_3000steps.json"])
    assert TrainingConfig(**settings) == config


def test_two_visitors_do_not_share_a_run():
    first, second = open_lab(), open_lab({"seed": "3"})
    first.button(key="lab_plus100").click().run()
    second.run()
    assert step(first) == 100 and step(second) == 0
    assert metric(second, "Step") == "0"
