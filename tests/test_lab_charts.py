"""The lab's player figure, a pure function: the whole run once, and frames that reveal it."""

import json

import numpy as np
import plotly.io as pio
import pytest

from sim import TrainingConfig, train
from sim.display import lab_display
from sim.playback import playback, state_after
from ui.animation import frame_steps
from ui.lab_charts import player_figure

ANIMATED = {"x", "y", "text"}  # what a frame may change: restyling these needs no full redraw


def build(config, start=0, presentation=False):
    history = train(config)
    frames = playback(history, frame_steps(config.steps, also=[start]))
    return history, frames, player_figure(lab_display(history), frames, config, start, presentation)


@pytest.mark.parametrize("train_weight", [False, True])
@pytest.mark.parametrize("presentation", [False, True])
def test_frames_restyle_only_small_traces_and_follow_the_run(train_weight, presentation):
    config = TrainingConfig(steps=1500, train_weight=train_weight)
    history, frames, figure = build(config, 37, presentation)
    assert [f["name"] for f in figure["frames"]] == [str(s) for s in frames.steps]
    assert 37 in frames.steps and len(frames.steps) <= 121
    policy = next(i for i, t in enumerate(figure["data"]) if t.get("name") == "now")
    for frame in figure["frames"]:
        assert all(set(update) <= ANIMATED for update in frame["data"]), frame["name"]
        assert len(frame["traces"]) <= 8  # curtains, the policy curve and marker, the readouts
        step = int(frame["name"])
        weight, bias, _ = state_after(history, step)
        curve = frame["data"][frame["traces"].index(policy)]["y"]
        expected = 1 / (1 + np.exp(-(weight * frames.hunger + bias)))
        np.testing.assert_allclose(np.asarray(curve, dtype=float), expected, atol=1e-3)
    assert figure["layout"]["sliders"][0]["active"] == frames.index_of(37)


def test_the_figure_is_light_enough_to_send_to_a_lecture_hall():
    for steps in (2000, 100_000):
        _, _, figure = build(TrainingConfig(steps=steps))
        size = len(pio.to_json(figure, validate=False))
        assert size <= 200 * 1024, (steps, size)
        assert json.loads(pio.to_json(figure, validate=False))["frames"]  # it survives JSON as it is sent


def test_steps_before_the_first_frame_and_the_url_step_get_frames():
    assert list(frame_steps(5)) == [0, 1, 2, 3, 4, 5]
    steps = frame_steps(100_000, also=[12_345, 200_000])
    assert steps[0] == 0 and steps[-1] == 100_000 and 12_345 in steps and 200_000 not in steps
    assert len(steps) <= 121


def test_the_title_names_what_goes_beyond_the_lecture():
    from sim.statquest import statquest_notebook
    from ui.lab_charts import run_title

    assert "Adam" not in run_title(TrainingConfig())
    title = run_title(statquest_notebook(reward_offset=3.0))
    assert all(words in title for words in ("Adam", "large order at A 0.2, at B 0.8", "reward offset 3"))


def test_on_a_phone_the_player_is_one_column_with_each_legend_under_its_chart():
    config = TrainingConfig(steps=500)
    history = train(config)
    frames = playback(history, frame_steps(config.steps))
    desk = player_figure(lab_display(history), frames, config)
    phone = player_figure(lab_display(history), frames, config, phone=True)
    layout = phone["layout"]
    axes = [layout[k] for k in layout if k.startswith("xaxis")]
    assert all(axis["domain"] == [0.0, 1.0] for axis in axes)  # every chart across the whole width
    assert len(axes) == 4  # bias, p(B), the policy, the readouts
    for name in ("legend", "legend2", "legend5"):  # under their charts, in rows
        assert layout[name]["orientation"] == "h" and layout[name]["yanchor"] == "top"
    assert layout["sliders"][0]["x"] == 0.0 and desk["layout"]["sliders"][0]["x"] > 0  # the scrubber below Play
    assert [f["name"] for f in phone["frames"]] == [f["name"] for f in desk["frames"]]
