"""The training lab's charts: pure functions, prepared data in, Plotly figure out (no Streamlit).

Axis ranges come from the whole run, not from the steps shown so far, so nothing
moves while a run plays: the lines just grow to the right.
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim import NEAR_OPTIMUM, TrainingConfig, optimal_bias
from sim.display import PROBE_HUNGERS, LabDisplay, Series
from ui.theme import (
    GREY,
    HANDLING_COLOURS,
    HANDLING_LABELS,
    HUNGER_COLOURS,
    LIGHT_GREY,
    OPTIMUM_COLOUR,
    PLACE_COLOURS,
    signed,
    style,
)

BLACK = "#000000"  # Okabe-Ito's eighth colour: the weight, when it is trained
BAND = NEAR_OPTIMUM  # half-width of the "near the optimum" band, as the verdict uses it

# Which rows the step chart has: all four normally, only the two that carry the lesson on a projector.
ROWS = {
    "bias": "Bias, and the optimum it should reach",
    "probability": "p(B) at hunger 0, 0.5 and 1",
    "gradient": "Gradient: derivative p(B) − ideal, and the update (derivative × reward)",
    "reward": "Reward per step, and the policy's expected reward",
}
ESSENTIAL_ROWS = ("bias", "probability")
ROW_HEIGHT = 215


def run_title(config: TrainingConfig) -> str:
    """Two lines naming the run, so an exported PNG says what it shows."""
    parts = [
        f"learning rate {signed(config.learning_rate)}",
        f"weight {signed(config.weight)}" + (" (trained)" if config.train_weight else ""),
        f"seed {config.seed}",
    ]
    return f"Training run: {HANDLING_LABELS[config.reward_handling]}<br>" + ", ".join(parts)


def _scatter(series: Series, name: str, colour: str, legend: str, **style_args) -> go.Scatter:
    mode = style_args.pop("mode", "lines")
    return go.Scatter(
        x=series.x, y=series.y, name=name, mode=mode, legend=legend, legendgroup=name,
        line={"color": colour, **style_args.pop("line", {})},
        marker={"color": colour, **style_args.pop("marker", {})},
        **style_args,
    )  # fmt: skip


def training_figure(
    shown: dict[str, Series],
    display: LabDisplay,
    config: TrainingConfig,
    step: int,
    presentation: bool = False,
) -> go.Figure:
    """Bias, p(B), gradient and reward over steps 0..step, stacked on one shared step axis."""
    rows = ESSENTIAL_ROWS if presentation else tuple(ROWS)
    figure = make_subplots(rows=len(rows), cols=1, shared_xaxes=True, vertical_spacing=0.1 if presentation else 0.075)
    handling_colour = HANDLING_COLOURS[config.reward_handling]
    steps = config.steps
    width = 3.5 if presentation else 2.0

    legends = {}
    for row, name in enumerate(rows, start=1):
        legend = "legend" if row == 1 else f"legend{row}"
        if name == "bias":
            _bias_row(figure, row, legend, shown, config, handling_colour, width)
        elif name == "probability":
            for hunger in PROBE_HUNGERS:
                figure.add_trace(
                    _scatter(shown[f"p_at_{hunger:g}"], f"hunger {hunger:g}", HUNGER_COLOURS[hunger], legend,
                             line={"width": width}),
                    row=row, col=1,
                )  # fmt: skip
            figure.add_hline(y=0.5, line={"color": LIGHT_GREY, "width": 1}, row=row, col=1)
        elif name == "gradient":
            _gradient_row(figure, row, legend, shown, handling_colour, width)
        elif name == "reward":
            _reward_row(figure, row, legend, shown, config, handling_colour, width)
        legends.update(_row_frame(figure, row, name, display, presentation))

    # Where the run is now: a thin line through every row, so a scrubbed step is easy to find.
    if 0 < step < steps:
        figure.add_vline(x=step, line={"color": GREY, "width": 1, "dash": "dot"})
    figure.update_xaxes(range=list(display.ranges["step"]))
    figure.update_xaxes(title_text="step", row=len(rows), col=1)
    height = ROW_HEIGHT * len(rows) + 90
    style(figure, run_title(config), height=height, presentation=presentation)
    figure.update_layout(
        legends,
        margin={"t": 120 if presentation else 105, "r": 230 if presentation else 185},
        hovermode="x",
        uirevision=str(config),
    )
    for band in ("band", "moving band"):  # style() thickens every line
        figure.update_traces(selector={"meta": band}, line={"width": 0})
    return figure


def _bias_row(figure, row, legend, shown, config, colour, width):
    if config.train_weight:  # the optimum moves with the weight
        optimum, meta, band_meta = shown["optimum"], None, "moving band"
    else:  # a known target: draw it across the whole run from the start
        target = optimal_bias(config.weight, config.reward_threshold)
        optimum = Series(np.array([0, config.steps]), np.array([target, target]))
        meta, band_meta = "fixed", "band"
    figure.add_trace(
        go.Scatter(x=optimum.x, y=optimum.y + BAND, mode="lines", line={"width": 0}, hoverinfo="skip",
                   showlegend=False, legend=legend, meta=band_meta),
        row=row, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=optimum.x, y=optimum.y - BAND, mode="lines", line={"width": 0}, fill="tonexty", meta=band_meta,
                   fillcolor="rgba(0, 158, 115, 0.15)", name=f"optimum ± {BAND:g}", legend=legend, hoverinfo="skip"),
        row=row, col=1,
    )  # fmt: skip
    figure.add_trace(
        _scatter(optimum, "optimum", OPTIMUM_COLOUR, legend, line={"dash": "dash", "width": width}, meta=meta),
        row=row, col=1,
    )  # fmt: skip
    if config.train_weight:
        figure.add_trace(
            _scatter(shown["weight"], "weight", BLACK, legend, line={"dash": "dashdot", "width": width}), row=row, col=1
        )
    figure.add_trace(_scatter(shown["bias"], "bias", colour, legend, line={"width": width}), row=row, col=1)


def _gradient_row(figure, row, legend, shown, colour, width):
    figure.add_hline(y=0, line={"color": GREY, "width": 1}, row=row, col=1)
    dot = {"size": 4}
    figure.add_trace(
        _scatter(shown["derivative"], "derivative", LIGHT_GREY, legend, mode="markers", marker=dot), row=row, col=1
    )
    for place in ("A", "B"):
        figure.add_trace(
            _scatter(shown[f"update_{place}"], f"update, chose {place}", PLACE_COLOURS[place], legend,
                     mode="markers", marker={**dot, "opacity": 0.6}),
            row=row, col=1,
        )  # fmt: skip
    figure.add_trace(
        _scatter(shown["derivative_mean"], "mean derivative", GREY, legend, line={"dash": "dash", "width": width}),
        row=row,
        col=1,
    )
    figure.add_trace(
        _scatter(shown["update_mean"], "mean update", colour, legend, line={"width": width + 1}), row=row, col=1
    )


def _reward_row(figure, row, legend, shown, config, colour, width):
    size = config.reward_size
    figure.add_trace(
        _scatter(Series(np.array([0, config.steps]), np.array([size, size])), "best possible", OPTIMUM_COLOUR, legend,
                 line={"dash": "dot", "width": 1.5}, hoverinfo="skip", meta="fixed"),
        row=row, col=1,
    )  # fmt: skip
    figure.add_trace(
        _scatter(shown["reward"], "reward", LIGHT_GREY, legend, mode="markers", marker={"size": 4}), row=row, col=1
    )
    figure.add_trace(
        _scatter(shown["reward_mean"], "mean reward", GREY, legend, line={"dash": "dash", "width": width}),
        row=row,
        col=1,
    )
    figure.add_trace(
        _scatter(shown["expected_reward"], "expected reward", colour, legend, line={"width": width + 1}),
        row=row,
        col=1,
    )


AXIS_TITLES = {"bias": "bias", "probability": "p(B)", "gradient": "derivative, update", "reward": "reward"}


def _row_frame(figure, row, name, display, presentation) -> dict:
    """Row title on the left, a fixed y range and an axis label; returns where the row's legend goes."""
    axis = figure.layout[f"yaxis{row if row > 1 else ''}"]
    top = axis.domain[1]
    figure.add_annotation(
        text=f"<b>{ROWS[name]}</b>", x=0, y=top, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
        showarrow=False, font={"size": 17 if presentation else 13},
    )  # fmt: skip
    legend = "legend" if row == 1 else f"legend{row}"
    # Each row's legend sits to its right, level with its top, so it never covers a line or a title.
    place = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": top, "yanchor": "top", "tracegroupgap": 2}
    figure.update_yaxes(range=list(display.ranges[name]), title_text=AXIS_TITLES[name], row=row, col=1)
    return {legend: {**place, "font": {"size": 16 if presentation else 12}, "bgcolor": "rgba(0,0,0,0)"}}


def policy_figure(
    config: TrainingConfig,
    hunger: np.ndarray,
    start: np.ndarray,
    now: np.ndarray,
    step: int,
    boundary: float | None,
    presentation: bool = False,
) -> go.Figure:
    """p(B | hunger) over hunger 0..1 now and at the start, over the regions where A or B is the good choice."""
    figure = go.Figure()
    threshold = config.reward_threshold
    width = 4.5 if presentation else 3
    for place, x0, x1 in (("A", 0.0, threshold), ("B", threshold, 1.0)):
        if x1 > x0:
            figure.add_vrect(x0=x0, x1=x1, fillcolor=PLACE_COLOURS[place], opacity=0.15, line_width=0)
            # The labels sit just above the plot, where no curve can run through them.
            figure.add_annotation(
                text=f"{place} good", x=(x0 + x1) / 2, y=1.0, xref="x", yref="paper",
                yanchor="bottom", showarrow=False, font={"size": 15 if presentation else 12, "color": GREY},
            )  # fmt: skip
    figure.add_hline(y=0.5, line={"color": LIGHT_GREY, "width": 1})
    figure.add_trace(
        go.Scatter(x=hunger, y=start, name="at the start", mode="lines",
                   line={"color": GREY, "dash": "dash", "width": width - 1}, opacity=0.6)
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=hunger, y=now, name=f"at step {step:,}", mode="lines",
                   line={"color": HANDLING_COLOURS[config.reward_handling], "width": width})
    )  # fmt: skip
    if boundary is not None:
        figure.add_trace(
            go.Scatter(x=[boundary], y=[0.5], name=f"p(B) = 0.5 at hunger {boundary:.2f}", mode="markers",
                       marker={"color": BLACK, "size": 11 if presentation else 9, "symbol": "diamond"})
        )  # fmt: skip
    style(figure, "Policy: p(B | hunger)", height=380, presentation=presentation)
    figure.update_layout(
        hovermode="x", uirevision="policy", legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.3,
                                                   "yanchor": "top"},
        margin={"t": 80, "b": 110},
    )  # fmt: skip
    figure.update_xaxes(title_text="hunger", range=[0, 1])
    figure.update_yaxes(title_text="p(B) (large fries)", range=[-0.03, 1.03])
    return figure


# --- fast redraws while playing ------------------------------------------------------------------
# Building a Plotly figure validates every property (about 60 ms for the step chart), and a tick
# of Play redraws it. So each chart is built (and validated) once per run as a template, and a
# tick only cuts the template's data at the step shown and builds the figure without validating
# again (about 4 ms). Same figure, same look: the templates come from the builders above.

UNCUT = ("band", "fixed")  # traces drawn across the whole run from the start


def _template(figure: go.Figure) -> dict:
    """A figure as a plain dict whose trace coordinates are numpy arrays (to_dict packs them as base64)."""
    template = figure.to_dict()
    for trace in template["data"]:
        for axis in ("x", "y"):
            value = trace.get(axis)
            if isinstance(value, dict) and "bdata" in value:
                trace[axis] = np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
    return template


def training_template(display: LabDisplay, config: TrainingConfig, presentation: bool = False) -> dict:
    """The step chart of the whole run, as a dict, for ``training_at``."""
    return _template(training_figure(display.series, display, config, config.steps, presentation))


def training_at(template: dict, step: int, steps: int) -> go.Figure:
    """The step chart at ``step``: every per-step trace of the template cut at that step."""
    data = []
    for trace in template["data"]:
        if trace.get("meta") not in UNCUT and "x" in trace:
            x = np.asarray(trace["x"])
            end = int(np.searchsorted(x, step, side="right"))
            trace = {**trace, "x": x[:end], "y": np.asarray(trace["y"])[:end]}
        data.append(trace)
    layout = dict(template["layout"])
    if 0 < step < steps:  # where the run is now: a dotted line in every row, as training_figure draws it
        rows = sorted(int(key[5:] or 1) for key in layout if key.startswith("yaxis"))
        markers = [
            {"type": "line", "x0": step, "x1": step, "xref": f"x{row if row > 1 else ''}", "y0": 0, "y1": 1,
             "yref": f"y{row if row > 1 else ''} domain", "line": {"color": GREY, "width": 1, "dash": "dot"}}
            for row in rows
        ]  # fmt: skip
        layout["shapes"] = [*layout.get("shapes", []), *markers]
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def policy_template(config: TrainingConfig, hunger: np.ndarray, start: np.ndarray, presentation: bool = False) -> dict:
    """The policy chart with its start curve, as a dict, for ``policy_at``."""
    return _template(policy_figure(config, hunger, start, start, 0, 0.5, presentation))


def policy_at(template: dict, now: np.ndarray, step: int, boundary: float | None) -> go.Figure:
    """The policy chart at ``step``: the template's current curve and its p(B) = 0.5 marker replaced."""
    start, current, marker = template["data"]
    data = [start, {**current, "y": now, "name": f"at step {step:,}"}]
    if boundary is not None:
        data.append({**marker, "x": [boundary], "name": f"p(B) = 0.5 at hunger {boundary:.2f}"})
    return go.Figure({"data": data, "layout": template["layout"]}, _validate=False)
