"""The lab's player figure, a pure function: the whole run once, and a timeline of frames that reveal it."""

import json

import numpy as np
import plotly.io as pio
import pytest

from sim import TrainingConfig, train
from ui.common.screen import Screen
from ui.lab.charts import player_figure
from ui.lab.display import lab_display
from ui.lab.playback import playback, state_after
from ui.player.timeline import MAX_ENTRIES, entry_steps, frames_of

ANIMATED = {"x", "y", "text"}  # what a frame may change: restyling these needs no full redraw


def build(config, start=0, presentation=False):
    history = train(config)
    frames = playback(history, entry_steps(config.steps, also=[start]))
    return history, frames, player_figure(lab_display(history), frames, config, start, Screen(presentation))


@pytest.mark.parametrize("train_weight", [False, True])
@pytest.mark.parametrize("presentation", [False, True])
def test_frames_restyle_only_small_traces_and_follow_the_run(train_weight, presentation):
    config = TrainingConfig(steps=1500, train_weight=train_weight)
    history, frames, figure = build(config, 37, presentation)
    played = frames_of(figure)
    assert [f["name"] for f in played] == [str(s) for s in frames.steps] == [str(s) for s in range(1501)]
    policy = next(i for i, t in enumerate(figure["data"]) if t.get("name") == "now")
    for frame in played[::7]:
        assert all(set(update) <= ANIMATED for update in frame["data"]), frame["name"]
        assert len(frame["traces"]) <= 8  # curtains, the policy curve and marker, the readouts
        step = int(frame["name"])
        weight, bias, _ = state_after(history, step)
        curve = frame["data"][frame["traces"].index(policy)]["y"]
        expected = 1 / (1 + np.exp(-(weight * frames.hunger + bias)))
        np.testing.assert_allclose(np.asarray(curve, dtype=float), expected, atol=1e-3)
    assert figure["timeline"]["start"] == frames.index_of(37) == 37
    assert "frames" not in figure and "sliders" not in figure["layout"]  # the player's bar plays the timeline


def test_the_figure_is_light_enough_to_send_to_a_lecture_hall():
    for steps in (2000, 100_000):
        _, _, figure = build(TrainingConfig(steps=steps))
        size = len(pio.to_json(figure, validate=False))
        assert size <= 200 * 1024, (steps, size)
        assert json.loads(pio.to_json(figure, validate=False))["timeline"]  # it survives JSON as it is sent


def test_every_step_up_to_the_default_length_and_the_url_step_get_an_entry():
    assert list(entry_steps(5)) == [0, 1, 2, 3, 4, 5]
    assert list(entry_steps(2000)) == list(range(2001))
    steps = entry_steps(100_000, also=[12_345, 200_000])
    assert steps[0] == 0 and steps[-1] == 100_000 and 12_345 in steps and 200_000 not in steps
    assert len(steps) <= MAX_ENTRIES + 1 and np.max(np.diff(steps)) <= 50


def test_the_title_names_what_goes_beyond_the_lecture():
    from sim.experiments.statquest import statquest_notebook
    from ui.lab.charts import run_title

    assert "Adam" not in run_title(TrainingConfig())
    title = run_title(statquest_notebook(reward_offset=3.0))
    assert all(words in title for words in ("Adam", "large order at A 0.2, at B 0.8", "reward offset 3"))


def test_on_a_phone_the_player_is_one_column_with_each_legend_under_its_chart():
    config = TrainingConfig(steps=500)
    history = train(config)
    frames = playback(history, entry_steps(config.steps))
    desk = player_figure(lab_display(history), frames, config)
    phone = player_figure(lab_display(history), frames, config, screen=Screen(width=360))
    layout = phone["layout"]
    axes = [layout[k] for k in layout if k.startswith("xaxis")]
    assert all(axis["domain"] == [0.0, 1.0] for axis in axes)  # every chart across the whole width
    assert len(axes) == 4  # bias, p(B), the policy, the readouts
    for name in ("legend", "legend2", "legend5"):  # under their charts, in rows
        assert layout[name]["orientation"] == "h" and layout[name]["yanchor"] == "top"
    # The bar is above the figure, in the page: no room is kept for it under the plot, on any screen.
    assert desk["layout"]["margin"]["b"] <= 60 and "bar_top" not in desk["timeline"]
    assert [f["name"] for f in frames_of(phone)] == [f["name"] for f in frames_of(desk)]


def test_the_width_not_the_device_decides_the_columns_and_the_legends_get_pixels_of_their_own():
    from ui.lab.layout import LEGEND, TWO_COLUMNS

    config = TrainingConfig(steps=300)
    history = train(config)
    frames = playback(history, entry_steps(config.steps))
    for width in (320, 700, TWO_COLUMNS - 1):  # a phone, a tablet beside the sidebar (a desktop User-Agent)
        layout = player_figure(lab_display(history), frames, config, screen=Screen(width=width))["layout"]
        assert layout["xaxis"]["domain"] == [0.0, 1.0], width  # one column
    for width in (TWO_COLUMNS, 1200, 2400):
        layout = player_figure(lab_display(history), frames, config, screen=Screen(width=width))["layout"]
        plot = width - layout["margin"]["l"] - layout["margin"]["r"]
        steps_end, policy_start = layout["xaxis"]["domain"][1], layout["xaxis2"]["domain"][0]
        assert (policy_start - steps_end) * plot >= LEGEND[False], width  # the legends' column, in pixels
        assert layout["legend"]["x"] * plot >= steps_end * plot, width  # each legend right of its chart


def layout_bottom(figure) -> int:
    return figure["layout"]["height"] - figure["layout"]["margin"]["b"]
