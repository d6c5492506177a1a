"""The comparison's offset chart: the share of seeds settled near the best against the reward offset,
without and with a running-mean baseline (numbers from ``sim.experiments.offsets``, a figure dict out)."""

from __future__ import annotations

import plotly.graph_objects as go

from sim.experiments.offsets import OffsetSweep
from ui.common.compact import compact
from ui.common.fit import CHARACTER
from ui.common.theme import BLACK, BLUE, style

LINES = {  # baseline -> (legend name, colour, dash, where the percentages go)
    "none": ("no baseline", BLUE, "solid", "bottom center"),
    "running_mean": ("running-mean baseline", BLACK, "longdash", "top center"),
}


def sweep_figure(sweep: OffsetSweep, presentation: bool = False, width: int = 920) -> dict:
    """Two lines over the offsets, each point labelled with its percentage where the labels have room.

    ``width``: the chart's pixels. Where the points stand closer than a label is wide ("100%"), the labels would
    run into each other: the points go unlabelled (their hover and the alt text still say each percentage).
    """
    offsets = sorted(sweep.offsets)
    span = max(offsets[-1] - offsets[0], 1e-9)
    closest = min((b - a for a, b in zip(offsets, offsets[1:])), default=span)
    spacing = (width - 80 - 30) * closest / span  # pixels between the two closest points (the plot's margins)
    labelled = spacing >= CHARACTER * (17 if presentation else 13) * len("100%") + 6
    figure = go.Figure()
    for baseline, (name, colour, dash, where) in LINES.items():
        shares = 100 * sweep.share_settled[baseline]
        figure.add_scatter(
            x=list(sweep.offsets), y=shares, name=name, mode="lines+markers" + "+text" * labelled,
            line={"color": colour, "dash": dash, "width": 3}, marker={"size": 9, "color": colour},
            text=[f"{share:.0f}%" for share in shares], textposition=where, textfont={"color": colour, "size": 13},
            hovertemplate="offset %{x:g}: %{y:.0f}% settled<extra>" + name + "</extra>",
        )  # fmt: skip
    # Two short lines and the legend below the plot: the title stays whole on a phone (390 px) too.
    title = f"Seeds settled near the best<br>after {sweep.steps:,} steps ({len(sweep.seeds):,} seeds, sign respected)"
    style(figure, title, 420, presentation)
    figure.update_xaxes(title_text="reward offset (added to every reward)", tickvals=list(sweep.offsets))
    figure.update_yaxes(title_text="settled (%)", range=[-12, 115], tickvals=[0, 25, 50, 75, 100])
    figure.update_layout(
        hovermode="closest", margin={"t": 75, "b": 110},
        legend={"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0.0, "xanchor": "left"},
    )  # fmt: skip
    return compact(figure.to_dict())
