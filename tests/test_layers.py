"""A playing figure split into its lines and its player (ui.player.layers): nothing lost, everything where it was."""

import base64

import numpy as np
import pytest

from sim import TrainingConfig, train
from sim.experiments.comparison import side_by_side
from ui.common.screen import DEFAULT_WIDTH, Screen
from ui.compare.charts import side_by_side_figure
from ui.lab.charts import player_figure
from ui.lab.display import lab_display
from ui.lab.playback import playback
from ui.player.layers import layers
from ui.player.timeline import entry_steps, frames_of


def lab_figure(presentation=False, phone=False, start=300) -> dict:
    config = TrainingConfig(steps=600)
    history = train(config)
    frames = playback(history, entry_steps(config.steps, also=[start]))
    return player_figure(
        lab_display(history), frames, config, start, Screen(presentation, 360 if phone else DEFAULT_WIDTH)
    )


def compare_figure(phone=False) -> dict:
    side = side_by_side(TrainingConfig(steps=800), ("correct", "ignore_sign", "flip_sign"))
    return side_by_side_figure(side, Screen(width=360 if phone else DEFAULT_WIDTH))


FIGURES = {
    "lab": lab_figure,
    "lab, projector": lambda: lab_figure(presentation=True),
    "lab, phone": lambda: lab_figure(phone=True),
    "comparison": compare_figure,
    "comparison, phone": lambda: compare_figure(phone=True),
}


def values(array) -> np.ndarray:
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"]).astype(float)
    return np.asarray([np.nan if v is None else v for v in array], dtype=float)


def paper(layout: dict, axis: str, value, box: bool = False):
    """Where ``value`` on the figure's ``axis`` ("x3") lies on paper, by hand; a ``box`` wholly past an edge of
    its subplot is not drawn (all NaN)."""
    spec = layout[f"{axis[0]}axis{axis[1:]}"]
    (d0, d1), (r0, r1) = spec.get("domain", [0, 1]), spec["range"]
    unclipped = d0 + (np.asarray(value, dtype=float) - r0) * (d1 - d0) / (r1 - r0)
    if box and (np.all(unclipped > d1) or np.all(unclipped < d0)):
        return np.full(unclipped.shape, np.nan)
    return np.clip(unclipped, d0, d1)


@pytest.mark.parametrize("name", FIGURES)
def test_the_lines_keep_every_still_trace_and_the_player_every_moving_one(name):
    figure = FIGURES[name]()
    lines, player = layers(figure)
    moving = {int(i) for i in figure["timeline"]["traces"]}
    still = [t for i, t in enumerate(figure["data"]) if i not in moving]
    assert [t for t in lines["data"] if t.get("hoverinfo") != "skip" or t.get("x") != [None]] == still
    assert "frames" not in lines and "timeline" not in lines and "updatemenus" not in lines["layout"]
    # every legend entry of a moving trace is still listed among the lines (a stand-in that draws nothing)
    listed = {t["name"] for t in lines["data"]}
    assert {figure["data"][i]["name"] for i in moving if figure["data"][i].get("showlegend") is not False} <= listed
    assert [f["name"] for f in frames_of(player)] == [f["name"] for f in frames_of(figure)]
    assert {k: v for k, v in player["timeline"].items() if k != "traces"} == {
        k: v for k, v in figure["timeline"].items() if k != "traces"
    }  # the same steps, start, pace, reveals and bar
    for key in ("height", "margin"):  # the same size: one lies exactly over the other
        assert player["layout"][key] == lines["layout"][key] == figure["layout"][key]
    assert player["layout"]["paper_bgcolor"] == player["layout"]["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert all(v.get("fixedrange") for k, v in lines["layout"].items() if k.startswith(("xaxis", "yaxis")))
    assert len(player["data"]) < len(moving) + 1  # the curtains of the rows are one trace
    assert len(player["layout"]["annotations"]) == len(figure["layout"].get("annotations", []))  # still over all


@pytest.mark.parametrize("name", FIGURES)
def test_every_frame_of_the_player_draws_what_the_figure_draws_there_on_paper(name):
    figure = FIGURES[name]()
    lines, player = layers(figure)
    curtains = [i for i, t in enumerate(figure["data"]) if t.get("meta") == "curtain"]
    (merged,) = [k for k, t in enumerate(player["data"]) if t.get("meta") == "curtain"]
    count = figure["timeline"]["count"]
    entries = [*range(0, count, 37), count - 1]  # the last: the comparison's curtain past the end
    for whole, laid in zip(frames_of(figure, entries), frames_of(player, entries)):
        changed = dict(zip(whole["traces"], whole["data"]))
        drawn = dict(zip(laid["traces"], laid["data"]))
        boxes = np.append(values(drawn[merged]["x"]), np.nan).reshape(-1, 5)[:, :4]  # four corners, then a gap
        for row, i in enumerate(curtains):
            expected = paper(figure["layout"], figure["data"][i].get("xaxis", "x"), values(changed[i]["x"]), box=True)
            assert boxes[row] == pytest.approx(expected, abs=1e-5, nan_ok=True)
        others = [i for i in changed if i not in curtains]
        for i in others:
            trace = figure["data"][i]
            k = next(k for k, t in enumerate(player["data"]) if t.get("name") == trace.get("name"))
            for letter in ("x", "y"):
                if letter in changed[i]:
                    expected = paper(figure["layout"], trace.get(f"{letter}axis", letter), values(changed[i][letter]))
                    assert values(drawn[k][letter]) == pytest.approx(expected, abs=1e-5, nan_ok=True)
            if "text" in changed[i]:
                assert drawn[k]["text"] == changed[i]["text"]


def test_what_was_drawn_over_the_curtain_still_is():
    figure = compare_figure()  # the good region (a rectangle over the bias, layer "above") stays in sight
    lines, player = layers(figure)
    above = [s for s in figure["layout"]["shapes"] if s.get("layer", "above") == "above"]
    assert above and not [s for s in lines["layout"]["shapes"] if s in above] and not lines["layout"]["annotations"]
    band = next(s for s in above if s["type"] == "rect")
    laid = next(s for s in player["layout"]["shapes"] if s["type"] == "rect")
    assert [laid["y0"], laid["y1"]] == pytest.approx(paper(figure["layout"], "y", [band["y0"], band["y1"]]))
    assert laid["xref"] == laid["yref"] == "paper"


def test_a_moving_trace_on_an_axis_without_a_fixed_range_is_refused():
    figure = {
        "data": [{"type": "scatter", "x": [0, 1], "y": [0, 1]}],
        "layout": {"xaxis": {"range": [0, 1]}, "yaxis": {}},
        "timeline": {"traces": {0: {"y": {"per_entry": {}}}}},
    }
    with pytest.raises(ValueError, match="axis y needs a fixed, linear range"):
        layers(figure)
