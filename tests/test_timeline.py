"""The player's timeline (ui.player.timeline), checked without a browser: every step, its numbers, its pace.

``ui.player.timeline.values_at`` reads a recipe as ``ui/player/player.js`` does; the browser tests check that the page
shows the same (tests/e2e/test_lab.py).
"""

import numpy as np
import pytest

from sim import TrainingConfig, train
from ui.common.compact import as_array
from ui.lab.charts import player_figure
from ui.lab.display import lab_display
from ui.lab.panels import fixed
from ui.lab.playback import playback, state_after
from ui.player import timeline


def test_every_step_of_a_default_run_and_evenly_spread_steps_of_a_longer_one():
    assert list(timeline.entry_steps(2000)) == list(range(2001))
    long = timeline.entry_steps(100_000, also=[77_777])
    assert long[0] == 0 and long[-1] == 100_000 and 77_777 in long
    assert len(long) == timeline.MAX_ENTRIES + 1 and np.max(np.diff(long)) == 50


def test_a_long_run_plays_at_the_pace_of_a_default_one_and_a_short_one_in_less_time():
    assert timeline.seconds(2000) == {"play": 12.0, "fast": 4.0}  # the 10-15 s and 3-5 s
    assert timeline.seconds(100_000) == timeline.seconds(2000)  # more steps a frame, not 50 times slower
    assert timeline.seconds(1000) == {"play": 6.0, "fast": 2.0}
    assert timeline.seconds(10) == {"play": 3.0, "fast": 1.0}  # never a blink


@pytest.mark.parametrize("value", [0.0, -0.004, 0.004, -0.005, 1.235, -10.3449, 2.5, -0.0, 123456.789, 0.9995])
@pytest.mark.parametrize("decimals", [0, 2, 3])
def test_fixed_readouts_are_written_as_python_writes_them(value, decimals):
    recipe = timeline.fixed_text([value], decimals, "<b>{}</b>")
    (shown,) = timeline.values_at(timeline.texts(recipe), 0, 0)
    assert shown == f"<b>{fixed(value, decimals)}</b>"  # a real minus sign, never "−0.00"


def test_curtains_move_with_the_step_and_hide_from_a_step_on():
    recipe = timeline.curtain(2040.0, hidden_from=2000)
    assert timeline.values_at(recipe, 0, 0) == [2040.0, 0.0, 0.0, 2040.0]
    assert timeline.values_at(recipe, 5, 1234) == [2040.0, 1234.0, 1234.0, 2040.0]
    assert timeline.values_at(recipe, 9, 2000) == [None] * 4
    marker = timeline.shown_from([300], [-4.5])
    assert timeline.values_at(marker, 0, 299) == [None] and timeline.values_at(marker, 0, 300) == [-4.5]
    assert timeline.values_at(timeline.per_entry([[1.0, np.nan]]), 0, 0) == [1.0, None]


def test_integers_go_in_the_smallest_type_and_steps_must_increase():
    assert timeline.small_ints([0, 100])["dtype"] == "i1"
    assert timeline.small_ints([-1, 2000])["dtype"] == "i2"
    assert timeline.small_ints([0, 100_000])["dtype"] == "i4"
    assert list(as_array(timeline.small_ints([-7, 30_000]))) == [-7, 30_000]
    assert timeline.numbers([20.0, 20.0]) == 20.0  # a fixed weight: one number, not one per step
    with pytest.raises(ValueError, match="increasing"):
        timeline.timeline([0, 2, 1], {}, start=0)


@pytest.mark.parametrize("train_weight", [False, True])
def test_each_step_of_the_labs_timeline_shows_that_steps_numbers(train_weight):
    config = TrainingConfig(steps=300, train_weight=train_weight, seed=4)
    history = train(config)
    entries = playback(history, timeline.entry_steps(config.steps, also=[123]))
    figure = player_figure(lab_display(history), entries, config, start_step=123)
    assert figure["timeline"]["start"] == 123 and figure["timeline"]["count"] == 301
    names = {t.get("name"): i for i, t in enumerate(figure["data"])}
    for frame in timeline.frames_of(figure):  # every step, as the browser would draw it
        step = int(frame["name"])
        weight, bias, reward = state_after(history, step)
        drawn = dict(zip(frame["traces"], frame["data"]))
        texts = [t.replace("<b>", "").replace("</b>", "") for t in drawn[names["readouts"]]["text"]]
        p0, p1 = (1 / (1 + np.exp(-(weight * h + bias))) for h in (0.0, 1.0))
        assert texts[:5] == [f"{step:,}", fixed(bias, 2), fixed(reward, 3), f"{p0:.3f}", f"{p1:.3f}"]
        curve = np.asarray(drawn[names["now"]]["y"], dtype=float)
        np.testing.assert_allclose(curve, 1 / (1 + np.exp(-(weight * entries.hunger + bias))), atol=1e-6)
        curtains = [drawn[i]["x"] for i, t in enumerate(figure["data"]) if t.get("meta") == "curtain"]
        assert curtains and all(min(x) == step for x in curtains)  # the run revealed up to this step
