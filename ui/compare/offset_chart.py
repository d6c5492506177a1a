"""The comparison's offset chart: the share of seeds settled near the best against the reward offset,
without and with a running-mean baseline (numbers from ``sim.offsets``, a figure dict out)."""

from __future__ import annotations

import plotly.graph_objects as go

from sim.offsets import OffsetSweep
from ui.common.compact import compact
from ui.common.theme import BLACK, BLUE, style

LINES = {  # baseline -> (legend name, colour, dash, where the percentages go)
    "none": ("no baseline", BLUE, "solid", "bottom center"),
    "running_mean": ("running-mean baseline", BLACK, "longdash", "top center"),
}


def sweep_figure(sweep: OffsetSweep, presentation: bool = False) -> dict:
    """Two lines over the offsets, each point labelled with its percentage."""
    figure = go.Figure()
    for baseline, (name, colour, dash, where) in LINES.items():
        shares = 100 * sweep.share_settled[baseline]
        figure.add_scatter(
            x=list(sweep.offsets), y=shares, name=name, mode="lines+markers+text",
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
