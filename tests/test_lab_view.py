"""The training lab through Streamlit's AppTest: one player chart with its timeline, controls, URL, downloads.

Playing happens in the browser (tests/e2e/test_lab.py); here we check what the server sends:
the chart as two layers (``ui.player.layers``: the still lines, and the player over them), the player's bar with
the timeline it plays (``ui.player.timeline``, read back here as frames), from the step in the URL, with numbers
from ``sim``.
"""

import base64
import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from sim import TrainingConfig, train
from sim.training import QUANTITIES
from sim.truth.best import best_policy
from tests.test_layers import paper
from ui.lab.playback import state_after
from ui.lab.text import history_csv
from ui.player.timeline import MAX_ENTRIES, frames_of, timeline_steps, values_at

SHORT = {"steps": "300", "step": "300"}  # a quick run, shown at its end
BUDGET = 200 * 1024  # bytes of chart JSON the lab may send on load


def open_lab(query=None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page("views/lab.py").run()
    assert not at.exception, at.exception
    return at


def bar(at) -> dict:
    """What the player's bar (``ui.player.sync``) is given: the timeline, the step Python knows, the keys."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.id.endswith("lab_player_bar")]
    return json.loads(element.proto.json)


def spec(at) -> dict:
    """The player layer, with the timeline its bar plays: the moving traces and what they show at each step."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("lab_player")]
    return {**json.loads(chart.proto.spec), "timeline": bar(at)["timeline"]}


def lines(at) -> dict:
    """The lines layer under the player: every trace no frame moves, titles, axes and legends."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("lab_player_lines")]
    return json.loads(chart.proto.spec)


def chart_bytes(at) -> int:
    """The charts and the player's timeline, as sent."""
    return sum(len(c.proto.spec) for c in at.get("plotly_chart")) + len(json.dumps(bar(at)["timeline"]))


def values(array) -> np.ndarray:
    if isinstance(array, dict):  # plotly 7 sends numpy arrays as base64 with their dtype
        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"])
    return np.asarray(array)


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t.get("name") == name)


def opening_step(figure: dict) -> int:
    return int(timeline_steps(figure["timeline"])[figure["timeline"]["start"]])


def readouts(figure: dict, frame: dict | None = None) -> list[str]:
    """Step, bias, expected reward, p(B|0), p(B|1) as shown (at the opening step, or in a frame)."""
    if frame is None:
        texts = trace(figure, "readouts")["text"]
    else:
        index = next(i for i, t in enumerate(figure["data"]) if t.get("name") == "readouts")
        texts = frame["data"][frame["traces"].index(index)]["text"]
    return [t.replace("<b>", "").replace("</b>", "") for t in texts[:5]]


def verdict_text(figure: dict) -> str:
    """The verdict the player's bar writes at the opening step (its timeline's caption)."""
    timeline = figure["timeline"]
    return values_at(timeline["caption"], timeline["start"], opening_step(figure))[0]


def reference(figure: dict, name: str) -> dict | None:
    """A level drawn as a layout shape (a best bias, the best possible reward), by its legend name."""
    return next((s for s in figure["layout"].get("shapes", []) if s.get("name", "").startswith(name)), None)


def expected_readouts(config: TrainingConfig, step: int) -> list[str]:
    weight, bias, reward = state_after(train(config), step)
    p0 = 1 / (1 + np.exp(-bias))
    p1 = 1 / (1 + np.exp(-(weight + bias)))
    return [f"{step:,}", f"{bias:.2f}", f"{reward:.3f}", f"{p0:.3f}", f"{p1:.3f}"]


def number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def assert_readouts(shown: list[str], expected: list[str]) -> None:
    assert shown[0] == expected[0]
    assert [number(s) for s in shown[1:]] == pytest.approx([number(e) for e in expected[1:]], abs=1e-9)


def test_one_player_chart_opens_at_the_step_in_the_url_with_exact_readouts():
    at = open_lab({"step": "137"})
    figure = spec(at)
    assert at.title[0].value == "Training lab"
    assert opening_step(figure) == 137
    assert_readouts(readouts(figure), expected_readouts(TrainingConfig(), 137))
    below = lines(at)
    assert "Training run" in below["layout"]["title"]["text"] and "title" not in figure["layout"]
    for axis in ("yaxis", "yaxis3", "yaxis4", "yaxis6"):  # the four step rows have fixed ranges
        assert below["layout"][axis]["range"] and below["layout"][axis]["title"]["text"]
    assert figure["layout"]["height"] == below["layout"]["height"]  # the player lies exactly over the lines
    assert figure["layout"]["margin"] == below["layout"]["margin"]
    assert "updatemenus" not in figure["layout"] and "sliders" not in figure["layout"]  # the bar plays it
    assert bar(at)["timeline"]["version"] == figure["layout"]["meta"]


def test_every_frame_reveals_the_run_up_to_its_step_with_the_numbers_of_that_step():
    at = open_lab()
    figure = spec(at)
    frames = frames_of(figure)
    steps = [int(f["name"]) for f in frames]
    assert steps == list(range(2001))  # every step of the default run
    (curtain,) = [i for i, t in enumerate(figure["data"]) if t.get("meta") == "curtain"]  # one, over all rows
    below = lines(at)["layout"]
    rows = ["x", "x3", "x4", "x6"]  # the step rows' axes, top to bottom
    config = TrainingConfig()
    for frame in frames[::97] + frames[-1:]:
        step = int(frame["name"])
        assert_readouts(readouts(figure, frame), expected_readouts(config, step))
        x = frame["data"][frame["traces"].index(curtain)]["x"]
        boxes = [x[k : k + 4] for k in range(0, len(x), 5)]  # four corners each, then a gap
        assert len(boxes) == 4  # one per step row, each starting at the frame's step on that row's axis
        for box, axis in zip(boxes, rows):
            assert min(box) == pytest.approx(float(paper(below, axis, step)), abs=1e-5)
        assert set(frame) == {"name", "data", "traces"}  # frames never touch the layout (no full redraw)
    verdict = verdict_text(figure)
    assert "Verdict" in verdict and "nothing has been learned" in verdict.replace("<br>", " ")  # step 0


def test_a_long_run_is_cut_down_for_display_and_stays_within_the_byte_budget():
    at = open_lab({"steps": "100000", "step": "100000"})
    figure = spec(at)
    assert max(len(values(t["y"])) for t in lines(at)["data"] if "y" in t) <= 2000
    assert opening_step(figure) == 100_000
    assert readouts(figure)[0] == "100,000"
    steps = timeline_steps(figure["timeline"])
    assert len(steps) == MAX_ENTRIES and np.max(np.diff(steps)) <= 50  # every 50 steps: more than a pixel's worth
    assert chart_bytes(at) <= BUDGET
    assert chart_bytes(open_lab()) <= BUDGET


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
    before = values(trace(lines(at), "bias")["y"])
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    after = values(trace(lines(at), "bias")["y"])
    assert len(before) != len(after) or not np.allclose(before, after)


def test_the_step_the_browser_reports_goes_to_the_url_without_rebuilding_the_chart():
    at = open_lab()
    before = spec(at), lines(at)
    at.session_state["lab:step"] = 850  # what the browser's report sets (see ui.lab.page._reported)
    at.run()
    assert at.query_params["step"] == "850"
    assert (spec(at), lines(at)) == before  # the same chart stays on screen, still where the browser left it


def test_a_setting_change_opens_the_new_run_at_the_same_step_or_at_its_end():
    at = open_lab()
    at.session_state["lab:step"] = 850
    at.run()
    at.number_input(key="lab:seed").set_value(4).run()
    assert opening_step(spec(at)) == 850
    assert_readouts(readouts(spec(at)), expected_readouts(TrainingConfig(seed=4), 850))
    at.number_input(key="lab:steps").set_value(500).run()  # shorter than the step shown
    assert opening_step(spec(at)) == 500 and at.query_params["step"] == "500"


def test_url_round_trip_reproduces_the_run_and_the_step_in_a_fresh_session():
    at = open_lab()
    at.number_input(key="lab:learning_rate").set_value(0.3).run()
    at.selectbox(key="lab:reward_handling").set_value("ignore_sign").run()
    at.number_input(key="lab:seed").set_value(11).run()
    at.toggle(key="lab:presentation").set_value(True).run()
    at.session_state["lab:step"] = 100
    at.run()
    query = {k: at.query_params[k] for k in at.query_params}
    assert query == {
        "learning_rate": "0.3", "reward_handling": "ignore_sign", "seed": "11", "step": "100", "presentation": "1",
    }  # fmt: skip

    fresh = open_lab(query)
    assert opening_step(spec(fresh)) == 100 and fresh.toggle(key="lab:presentation").value is True
    config = TrainingConfig(learning_rate=0.3, reward_handling="ignore_sign", seed=11)
    assert_readouts(readouts(spec(fresh)), expected_readouts(config, 100))


BAD_URLS = [
    ({"steps": "lots"}, "steps='lots' is not a number"),
    ({"learning_rate": "-2"}, "learning_rate=-2.0 is out of range"),
    ({"reward_handling": "sideways"}, "reward_handling='sideways' is not allowed"),
    ({"colour": "red"}, "'colour' is not a setting of this page"),
    ({"step": "abc"}, "step='abc' is not a number"),
    ({"steps": "100", "step": "500"}, "step=500 is out of range; allowed: whole number 0..100"),
    ({"step": "-3"}, "step='-3' is out of range"),
    ({"presentation": "yes please"}, "presentation='yes please' is not allowed"),
]


@pytest.mark.parametrize("query, message", BAD_URLS)
def test_bad_url_parameters_give_one_warning_and_defaults(query, message):
    at = open_lab(query)
    assert len(at.warning) == 1
    assert message in at.warning[0].value
    assert opening_step(spec(at)) == 0
    assert at.number_input(key="lab:learning_rate").value == 1.0
    at.number_input(key="lab:seed").set_value(2).run()  # and the page keeps working
    assert not at.exception and len(at.warning) == 0


def test_a_run_of_one_step_plays_two_frames():
    figure = spec(open_lab({"steps": "1", "step": "1"}))
    assert [f["name"] for f in frames_of(figure)] == ["0", "1"]
    assert_readouts(readouts(figure), expected_readouts(TrainingConfig(steps=1), 1))


def test_presentation_mode_keeps_only_the_essential_charts():
    at = open_lab({"step": "500"})
    full = lines(at)
    at.toggle(key="lab:presentation").set_value(True).run()
    slim = lines(at)
    step_rows = [a for a in slim["layout"] if a.startswith("yaxis") and slim["layout"][a].get("title")]
    assert len(step_rows) == 3  # bias, p(B) and the policy curve
    assert slim["layout"]["font"]["size"] > full["layout"]["font"]["size"]
    assert opening_step(spec(at)) == 500
    assert at.query_params["presentation"] == "1"
    # Of the downloads only the offline chart stays, projector-sized: for slides or a hall without a network.
    (download,) = at.get("download_button")
    assert download.proto.label == "Download as offline HTML (projector size)"


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


def test_downloads_hold_every_step_the_settings_and_an_offline_player(downloads):
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
    html = downloads["lab_flip_sign_seed5_3000steps.html"]().decode()
    assert len(html) < 6 * 1024 * 1024
    assert '<script src="http' not in html and "timelinePlayer" in html and "sign flipped" in html


def test_two_visitors_do_not_share_a_run():
    first, second = open_lab(), open_lab({"seed": "3"})
    first.session_state["lab:step"] = 100
    first.run()
    second.run()
    assert first.query_params["step"] == "100" and "step" not in second.query_params
    assert opening_step(spec(second)) == 0


# The settings where the old page said false things (issue "Verdicts and explanations that are true").
TRICKY = [
    {"weight": "-20"},
    {"weight": "2", "reward_threshold": "0.2"},
    {"reward_threshold": "0"},
    {"hunger": "0.2"},
    {"hunger": "1"},
    {"initial_bias": "-60"},
]


@pytest.mark.parametrize("query", TRICKY, ids=["&".join(f"{k}={v}" for k, v in q.items()) for q in TRICKY])
def test_the_page_states_the_true_best_at_settings_one_click_away(query):
    at = open_lab({**query, "step": "2000"})
    config, _ = TrainingConfig.from_strings(query)
    best = best_policy(config.weight, config.reward_threshold, config.reward_size, config.hunger)
    figure = lines(at)
    best_line = reference(figure, "best possible")
    # not +reward size, which a fixed weight cannot reach
    assert [best_line["y0"], best_line["y1"]] == pytest.approx([best.reward] * 2, abs=1e-6)
    words = " ".join(m.value for m in at.markdown)
    assert "−weight × threshold" not in words
    if math.isfinite(best.bias):
        assert reference(figure, "best bias (")["y0"] == pytest.approx(best.bias, abs=1e-9)
    else:  # the best is always A or always B: no best-bias line to reach, and the title says what is best
        assert reference(figure, "best bias") is None
        assert any(best.words in a["text"] for a in spec(at)["layout"]["annotations"])  # over the curtain
    verdict = verdict_text(spec(at)).replace("<br>", " ")
    assert train(config).verdict().text.replace("-", "−") in verdict.replace("Verdict: ", "")


def test_a_weight_that_cannot_represent_the_good_policy_is_said_plainly():
    at = open_lab({"weight": "-20"})
    words = " ".join(m.value for m in at.markdown)
    assert "cannot pick Place B (large fries) only when hungry" in words
