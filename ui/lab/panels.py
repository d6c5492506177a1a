"""The lab player's side panels: the policy curve and the readouts, and what each frame writes in them.

Pure functions on a figure dict (``ui.common.figure_dict``, no Streamlit); ``ui.lab.charts`` lays them out beside the
step charts.
"""

from __future__ import annotations

import numpy as np

from sim.truth.facts import facts
from ui.common.policy_panel import add_policy_panel
from ui.common.theme import BLACK, GREY, HANDLING_COLOURS
from ui.lab.playback import Playback
from ui.player import timeline

TEXT = "#31333F"


def readout_texts(playback: Playback, i: int) -> list[str]:
    """What the readout panel writes at frame ``i``: the five numbers (under fixed labels)."""
    values = [
        f"{int(playback.steps[i]):,}",
        fixed(playback.bias[i], 2),
        fixed(playback.expected_reward[i], 3),
        f"{playback.p_at_0[i]:.3f}",
        f"{playback.p_at_1[i]:.3f}",
    ]
    return [f"<b>{v}</b>" for v in values]


def readout_timeline(playback: Playback) -> dict:
    """The readouts' texts at every entry of the playback, as a timeline recipe (``ui.player.timeline``)."""
    bold = "<b>{}</b>"
    return timeline.texts(
        timeline.step_text(bold),
        timeline.fixed_text(playback.bias, 2, bold),
        timeline.fixed_text(playback.expected_reward, 3, bold),
        timeline.fixed_text(playback.p_at_0, 3, bold),
        timeline.fixed_text(playback.p_at_1, 3, bold),
    )


def fixed(value: float, decimals: int) -> str:
    """A readout: fixed decimals, a real minus sign, never "−0.00"."""
    text = f"{float(value):.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text.replace("-", "−")


READOUT_LABELS = ("Step", "Bias", "Expected reward", "p(B | hunger 0)", "p(B | hunger 1)")
READOUT_X = (0.0, 0.55, 0.0, 0.0, 0.55)
READOUT_Y = (8.9, 8.9, 6.2, 3.5, 3.5)  # labels; each value sits 1.25 below its label


def add_readouts(figure, row, col, playback, index, presentation):
    """The readout panel: fixed labels, and the numbers at frame ``index`` (the verdict is in the player's bar).

    Two traces, not one per number: every animation frame re-reads the settings of every trace it plays.
    """
    size = 17 if presentation else 13
    n = len(READOUT_LABELS)
    text = {"type": "scatter", "mode": "text", "textposition": "middle right", "cliponaxis": False}
    text["hoverinfo"] = "skip"
    text["showlegend"] = False
    figure.add_trace(
        {"x": list(READOUT_X), "y": list(READOUT_Y), "text": list(READOUT_LABELS), "name": "readout labels",
         "textfont": {"size": size - 1, "color": GREY}, **text},
        row=row, col=col,
    )  # fmt: skip
    figure.add_trace(
        {
            "x": list(READOUT_X), "y": [y - 1.25 for y in READOUT_Y], "text": readout_texts(playback, index),
            "name": "readouts",
            # On a projector the panel is short: the numbers only a little larger than their labels.
            "textfont": {"size": [size + (2 if presentation else 5)] * n, "color": TEXT}, **text,
        },
        row=row, col=col,
    )  # fmt: skip
    figure.update_xaxes(visible=False, range=[0, 1], fixedrange=True, row=row, col=col)
    # On a projector the policy's large "hunger" title reaches into this panel: start the readouts lower.
    figure.update_yaxes(visible=False, range=[0, 11.3 if presentation else 10], fixedrange=True, row=row, col=col)


def add_policy(figure, row, col, playback, index, config, width, presentation):
    """p(B | hunger) at the start and at frame ``index``, where A or B is the better place; returns its legend."""
    # The better place under these odds, on each side of the threshold.
    add_policy_panel(figure, facts(config).regions, row, col, 15 if presentation else 12)
    legend = "legend5"
    figure.add_trace(
        {"type": "scatter", "x": playback.hunger, "y": playback.curves[0], "name": "at step 0", "mode": "lines",
         "legend": legend, "line": {"color": GREY, "dash": "dash", "width": width - 1}, "opacity": 0.7},
        row=row, col=col,
    )  # fmt: skip
    figure.add_trace(
        {"type": "scatter", "x": playback.hunger, "y": playback.curves[index], "name": "now", "mode": "lines",
         "legend": legend, "line": {"color": HANDLING_COLOURS[config.reward_handling], "width": width + 1}},
        row=row, col=col,
    )  # fmt: skip
    figure.add_trace(
        {"type": "scatter", "x": marker_x(playback, index), "y": [0.5], "name": "p(B) = 0.5", "mode": "markers",
         "legend": legend, "marker": {"color": BLACK, "size": 11 if presentation else 9, "symbol": "diamond"}},
        row=row, col=col,
    )  # fmt: skip
    return legend


def marker_x(playback: Playback, i: int) -> list:
    crossing = playback.boundary[i]
    return [None if np.isnan(crossing) else round(float(crossing), 4)]
