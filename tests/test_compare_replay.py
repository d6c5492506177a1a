"""The comparison's replay (a timeline played by the browser), its offline copy, and the page's weight in bytes."""

import json

import numpy as np
import plotly.io as pio
import pytest
from plotly.io.json import to_json_plotly

from sim import TrainingConfig, train
from sim.experiments.comparison import side_by_side
from tests.test_compare_view import DEFAULT, chart_elements, open_page
from ui.common.theme import HANDLING_LABELS
from ui.compare.charts import side_by_side_figure
from ui.compare.data import side_by_side_chart
from ui.player.animation import offline_html
from ui.player.layers import layers
from ui.player.timeline import frames_of, revealed_at, timeline_steps

KIB = 1024
# Measured at the default settings (4,000 steps, 200 seeds, three rules): side by side 79 KiB, policies 13,
# ensemble 25, landscape 14; 131 KiB in all (it was 497 KiB before the replay, as lists of float64).
BUDGET = {  # bytes of JSON per chart, by words of its title
    "bias over the steps": 95 * KIB,
    "Final policies": 18 * KIB,
    "seeds per rule": 32 * KIB,
    "average push": 20 * KIB,
}
TOTAL_BUDGET = 160 * KIB
TOTAL_BUDGET_FOUR_RULES_LONG = 200 * KIB  # 20,000 steps with 'reward ignored' too: about 160 KiB


@pytest.fixture(scope="module")
def default_page():
    return open_page()


@pytest.fixture(scope="module")
def replay() -> dict:
    """The side-by-side chart with its replay, as the page builds it at the default settings (before
    ``ui.player.layers`` splits it in two for the page: see test_the_page_sends_the_replay_as_its_two_layers)."""
    return side_by_side_chart(DEFAULT, ("correct", "ignore_sign", "flip_sign"))


def test_the_page_sends_the_replay_as_its_two_layers(default_page, replay):
    lines, player = (json.loads(e.proto.spec) for e in chart_elements(default_page, "bias over the steps"))
    expected = [json.loads(pio.to_json(layer, validate=False)) for layer in layers(replay)]
    for sent, built in zip((lines, player), expected):
        assert sent["data"] == built["data"] and "frames" not in sent
    (bar,) = [e for e in default_page.get("bidi_component") if e.proto.id.endswith("side_by_side_bar")]
    sent = json.loads(bar.proto.json)["timeline"]
    built = json.loads(to_json_plotly(layers(replay)[1]["timeline"]))
    assert {k: v for k, v in sent.items() if k != "version"} == built


def traces(spec: dict, meta: str) -> list[int]:
    return [i for i, trace in enumerate(spec["data"]) if trace.get("meta") == meta]


def frame_value(frame: dict, trace: int, attribute: str = "x"):
    """What a frame sets for one trace (every frame sets every trace it moves)."""
    return frame["data"][frame["traces"].index(trace)][attribute]


def curtain_left(x) -> float:
    return min(x)  # the curtain covers steps from here to the end


def test_the_chart_replays_from_step_0_with_a_curtain_per_row(replay):
    frames = frames_of(replay)
    curtains = traces(replay, "curtain")
    assert [replay["data"][i]["yaxis"] for i in curtains] == ["y", "y2"]  # bias and expected reward grow together
    assert len(frames) == 2002  # 2,001 steps spread over 4,000, and the step where a run diverged
    assert frames[0]["name"] == "0" and frames[-1]["name"] == str(DEFAULT.steps)
    assert np.max(np.diff(timeline_steps(replay["timeline"]))) <= 2  # more than a pixel's worth
    for curtain in curtains:
        lefts = [curtain_left(frame_value(frame, curtain)) for frame in frames[:-1]]
        assert lefts[0] == 0 and np.all(np.diff(lefts) > 0)  # the curtain only moves right
        assert frame_value(frames[-1], curtain) == [None] * 4  # the last frame hides nothing
        # The figure opens on the last frame: the whole run, as the page looked before it could replay.
        assert curtain_left(replay["data"][curtain]["x"]) > DEFAULT.steps
    assert replay["timeline"]["start"] == len(frames) - 1
    readout = traces(replay, "readout")[0]
    assert frame_value(frames[0], readout, "text") == ["step 0 of 4,000"]
    assert frame_value(frames[1234], readout, "text") == [f"step {int(frames[1234]['name']):,} of 4,000"]


def test_the_verdict_badges_show_only_once_the_replay_reaches_the_end(replay):
    """The replay does not give its answer away: the badges judge the whole run, so they wait for its end."""
    annotations = replay["layout"]["annotations"]
    badges = [i for i, a in enumerate(annotations) if a.get("bordercolor")]
    assert len(badges) == 3 and [i for i, _ in replay["timeline"]["reveal"]] == badges
    assert any("runs away" in annotations[i]["text"] for i in badges)
    steps = timeline_steps(replay["timeline"])
    for step in steps[:-1:97]:
        assert revealed_at(replay["timeline"], int(step)) == []
    assert revealed_at(replay["timeline"], DEFAULT.steps) == badges


def test_frames_move_only_small_traces_and_never_the_layout(replay):
    lines = {i for i, trace in enumerate(replay["data"]) if trace["name"] in HANDLING_LABELS.values()}
    assert len(lines) == 6  # bias and expected reward of three rules
    for frame in frames_of(replay)[::50]:
        assert set(frame) == {"name", "data", "traces"}  # no layout: annotations stay, no full redraw
        assert not lines & set(frame["traces"])
        assert len(json.dumps(frame)) < 300


def test_a_diverged_marker_appears_once_the_replay_passes_its_step(replay):
    flipped = train(DEFAULT.replace(reward_handling="flip_sign")).verdict().diverged_at + 1
    markers = {replay["data"][i]["name"]: i for i in traces(replay, "diverged")}
    marker = markers[f"{HANDLING_LABELS['flip_sign']}: diverged"]
    assert replay["data"][marker]["x"] == [flipped]  # shown when the page opens (the whole run)
    assert replay["data"][marker]["text"] == [f"runs away: left for good at step {flipped:,}"]
    seen = {int(frame["name"]): frame_value(frame, marker) for frame in frames_of(replay)}
    assert flipped in seen  # a frame lands exactly on it
    assert all(x == [None] for step, x in seen.items() if step < flipped)
    assert all(x == [flipped] for step, x in seen.items() if step >= flipped)


def chart_bytes(at, title: str) -> int:
    """Bytes of JSON the page sends for the chart whose title contains ``title`` (both layers of a layered one)."""
    return sum(len(element.proto.spec) for element in chart_elements(at, title))


def test_the_page_stays_light(default_page):
    total = 0
    for title, budget in BUDGET.items():
        size = chart_bytes(default_page, title)
        assert size <= budget, (title, size)
        total += size
    assert total <= TOTAL_BUDGET
    long = open_page(steps=20_000, ignore_reward=1, seeds=20)
    assert sum(len(element.proto.spec) for element in long.get("plotly_chart")) <= TOTAL_BUDGET_FOUR_RULES_LONG


def test_four_rules_replay_together():
    config = TrainingConfig(steps=1500, seed=3)
    spec = side_by_side_figure(side_by_side(config, ("correct", "ignore_sign", "flip_sign", "ignore_reward")))
    moved = {int(i) for i in spec["timeline"]["traces"]}
    assert set(traces(spec, "curtain")) <= moved and len(spec["data"]) >= 8 + 3


def test_the_offline_copy_plays_with_no_server_and_no_internet():
    spec = side_by_side_figure(side_by_side(DEFAULT, ("correct", "ignore_sign", "flip_sign")))
    html = offline_html(spec, "Same draws", "The runs in words.").decode()
    assert '<script src="http' not in html and len(html) < 6_000_000
    assert "Plotly.newPlot" in html and "timelinePlayer" in html and "The runs in words." in html
