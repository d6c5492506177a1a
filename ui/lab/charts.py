"""The training lab's player: one Plotly figure of the whole run that plays in the browser.

A pure function turns a run (its display series, ``ui.lab.display``, and what each shown step looks like,
``ui.lab.playback``) into a figure dict with a timeline: the four chart rows on a shared step axis, the policy
curve, and a panel of readouts with the verdict. The timeline moves only a curtain over each row, the policy
curve, its p(B) = 0.5 marker and the readout texts (``ui.player.timeline``). The page and the
offline HTML file draw the same figure. No Streamlit here.
"""

from __future__ import annotations

import math

from sim import TrainingConfig
from sim.truth.best import NEAR_OPTIMUM
from ui.common.beyond_text import extras_label
from ui.common.fit import hang_title, wrapped
from ui.common.screen import DESK, Screen
from ui.common.theme import (
    FONT_SIZE,
    GREY,
    HANDLING_COLOURS,
    HANDLING_LABELS,
    HUNGER_COLOURS,
    LIGHT_GREY,
    OPTIMUM_COLOUR,
    PLACE_COLOURS,
    PRESENTATION_FONT_SIZE,
    readable,
    signed,
    style,
)
from ui.lab import layout
from ui.lab.display import PROBE_HUNGERS, LabDisplay, Series
from ui.lab.panels import BLACK, add_policy, add_readouts, readout_timeline
from ui.lab.playback import Playback
from ui.player import animation, timeline

BAND = NEAR_OPTIMUM  # half-width of the "near the optimum" band, as the verdict uses it
BAND_FILL = "rgba(0, 158, 115, 0.15)"

ROWS = {
    "bias": "Bias, and the best bias",
    "probability": "p(B) at hunger 0, 0.5 and 1",
    "gradient": "Derivative p(B) − ideal, and the update",
    "reward": "Reward per step, and expected reward",
}
ESSENTIAL_ROWS = ("bias", "probability")
AXIS_TITLES = {"bias": "bias", "probability": "p(B)", "gradient": "derivative, update", "reward": "reward"}


def run_title(config: TrainingConfig) -> str:
    """Two lines naming the run (a third for what goes beyond the lecture), so an exported PNG or HTML file
    says what it shows."""
    parts = [
        f"learning rate {signed(config.learning_rate)}",
        f"weight {signed(config.weight)}" + (" (trained)" if config.train_weight else ""),
        f"seed {config.seed}",
        f"{config.steps:,} steps",
    ]
    extras = extras_label(config)  # what goes beyond the lecture: offset, baseline, Adam, odds
    lines = [f"Training run: {HANDLING_LABELS[config.reward_handling]}", ", ".join(parts)] + [extras] * bool(extras)
    return "<br>".join(lines)


def _xy(series: Series) -> dict:
    """Coordinates for a trace: x0 and dx for evenly spaced points (no x array to send), else x."""
    if series.dx is not None and len(series.x):
        return {"x0": float(series.x[0]), "dx": float(series.dx), "y": series.y}
    return {"x": series.x, "y": series.y}


def _scatter(series: Series, name: str, colour: str, legend: str, width: float = 2.0, **extra) -> dict:
    mode = extra.pop("mode", "lines")
    return {
        "type": "scatter", **_xy(series), "name": name, "mode": mode, "legend": legend, "legendgroup": name,
        "line": {"color": colour, "width": width, **extra.pop("line", {})},
        "marker": {"color": colour, **extra.pop("marker", {})}, **extra,
    }  # fmt: skip


def _bias_row(figure, row, legend, display: LabDisplay, config, colour, width):
    best, series = display.best, display.series  # the best at the run's last weight: its bias may be infinite
    if config.train_weight:  # the best bias moves with the weight: a line (and band) of its own
        optimum = series["optimum"]
        if math.isfinite(best.bias):
            band = {"type": "scatter", "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip", "legend": legend}
            band["meta"] = "band"
            upper, lower = (Series(optimum.x, optimum.y + d, optimum.dx) for d in (BAND, -BAND))
            figure.add_trace({**_xy(upper), "showlegend": False, **band}, row=row, col=1)
            figure.add_trace(
                {**_xy(lower), "fill": "tonexty", "name": f"best bias ± {BAND:g}", "fillcolor": BAND_FILL, **band},
                row=row, col=1,
            )  # fmt: skip
        name = "best bias (moves with the weight)"
        figure.add_trace(_scatter(optimum, name, OPTIMUM_COLOUR, legend, width, line={"dash": "dash"}), row=row, col=1)
        figure.add_trace(
            _scatter(series["weight"], "weight", BLACK, legend, width, line={"dash": "dashdot"}), row=row, col=1
        )
    elif math.isfinite(best.bias):  # one best bias for the whole run: a band and a line that never move
        steps = config.steps
        _reference(figure, row, legend, "rect", best.bias - BAND, best.bias + BAND, f"best bias ± {BAND:g}", steps,
                   fillcolor=BAND_FILL, line={"width": 0})  # fmt: skip
        _reference(figure, row, legend, "line", best.bias, best.bias, f"best bias ({signed(best.bias, 3)})", steps,
                   line={"color": OPTIMUM_COLOUR, "width": width, "dash": "dash"})  # fmt: skip
    figure.add_trace(_scatter(series["bias"], "bias", colour, legend, width), row=row, col=1)


def _reference(figure, row, legend, kind, y0, y1, name, steps, **look):
    """A level that never moves (a best bias, the best possible reward), with its legend entry.

    A layout shape rather than a trace: every animation frame re-reads every trace's settings,
    and shapes cost less there. It lies below the lines, so the curtain hides its future too.
    """
    figure.add_shape(
        type=kind, x0=0, x1=steps, y0=y0, y1=y1, layer="below", name=name, showlegend=True, legend=legend,
        row=row, col=1, **look,
    )  # fmt: skip


def row_titles(config: TrainingConfig, display: LabDisplay) -> dict[str, str]:
    """Each step chart's title; the bias row names the best policy for these settings."""
    best = display.best
    if config.train_weight:
        bias_title = "Bias and weight, and the best bias for the weight so far"
    elif math.isfinite(best.bias):
        bias_title = "Bias, and the best bias"
    else:
        bias_title = f"Bias (the best policy here: {best.words})"
    return {**ROWS, "bias": bias_title}


def _probability_row(figure, row, legend, series, width):
    for hunger in PROBE_HUNGERS:
        figure.add_trace(
            _scatter(series[f"p_at_{hunger:g}"], f"hunger {hunger:g}", HUNGER_COLOURS[hunger], legend, width),
            row=row, col=1,
        )  # fmt: skip


def _gradient_row(figure, row, legend, series, colour, width):
    dot = {"size": 4}
    figure.add_trace(
        _scatter(series["derivative"], "derivative", LIGHT_GREY, legend, mode="markers", marker=dot), row=row, col=1
    )
    for place in ("A", "B"):
        figure.add_trace(
            _scatter(series[f"update_{place}"], f"update if {place}", PLACE_COLOURS[place], legend,
                     mode="markers", marker={**dot, "opacity": 0.6}),
            row=row, col=1,
        )  # fmt: skip
    figure.add_trace(
        _scatter(series["derivative_mean"], "mean derivative", GREY, legend, width, line={"dash": "dash"}),
        row=row, col=1,
    )  # fmt: skip
    figure.add_trace(_scatter(series["update_mean"], "mean update", colour, legend, width + 1), row=row, col=1)


def _reward_row(figure, row, legend, display: LabDisplay, config, colour, width):
    series = display.series
    figure.add_trace(
        _scatter(series["reward"], "reward", LIGHT_GREY, legend, mode="markers", marker={"size": 4}), row=row, col=1
    )
    figure.add_trace(
        _scatter(series["reward_mean"], "mean reward", GREY, legend, width, line={"dash": "dash"}), row=row, col=1
    )
    figure.add_trace(_scatter(series["expected_reward"], "expected reward", colour, legend, width + 1), row=row, col=1)
    best = display.best_possible  # with a trained weight, the perfect policy's
    _reference(figure, row, legend, "line", best, best, "best possible", config.steps,
               line={"color": OPTIMUM_COLOUR, "width": 1.5, "dash": "dot"})  # fmt: skip


def player_figure(
    display: LabDisplay,
    playback: Playback,
    config: TrainingConfig,
    start_step: int = 0,
    screen: Screen = DESK,
) -> dict:
    """The whole run as one figure dict with a timeline; it opens at ``start_step`` (a step the timeline has).

    A projector and a phone get the essential charts only; a phone gets them in one column (``ui.lab.layout``).
    """
    presentation = screen.presentation
    rows = ESSENTIAL_ROWS if presentation or screen.narrow else tuple(ROWS)
    n = len(rows)
    title = wrapped(run_title(config), screen.width - 40, (PRESENTATION_FONT_SIZE if presentation else FONT_SIZE) + 3)
    place = layout.grid(n, screen, title_lines=title.count("<br>") + 1)
    figure = place.figure
    index = playback.index_of(start_step)
    width = 3.5 if presentation else 2.0
    end = display.ranges["step"][1]
    legends = _step_rows(figure, rows, display, config, width, place, presentation)
    first_curtain = len(figure.data)
    for row, name in enumerate(rows, start=1):  # last in each row, so they cover the lines (but not the hover)
        xref, yref = figure.axes(row, 1)
        low, high = display.ranges[name]
        figure.add_trace(animation.curtain(float(playback.steps[index]), end, low, high, xref, yref))
    policy_legend = add_policy(figure, *place.policy, playback, index, config, width, presentation)
    policy_traces = (len(figure.data) - 2, len(figure.data) - 1)  # the current curve and its marker
    add_readouts(figure, *place.readouts, playback, index, presentation)
    readouts = len(figure.data) - 1

    _step_axes(figure, n, end, place, presentation)
    style(figure, title, height=place.height - (80 if presentation else 0), presentation=presentation)  # it adds 80
    hang_title(figure.layout, gap=10)  # from the top, clear of the charts below it however many lines it has
    layout.place_legends(figure, place, legends, policy_legend, n, screen)
    for meta, line_width in (("band", 0), ("curtain", 1)):  # style() thickens every line on a projector
        figure.update_traces(selector={"meta": meta}, line={"width": line_width})
    figure.update_layout(
        legends, hovermode="closest", uirevision=str(config),
        # Fixed margins that fit the legends, Play and the scrubber: letting them push the margins (autoexpand)
        # made Plotly draw the whole figure again until they settled, half the time of the first draw.
        margin={**place.margin, "autoexpand": False},
    )  # fmt: skip
    spec = readable(figure.to_dict(), presentation)  # every word at 12 px or more, 16 on a projector
    curtains = range(first_curtain, first_curtain + n)
    spec["timeline"] = _timeline(playback, end, curtains, policy_traces, readouts, int(playback.steps[index]))
    spec["timeline"]["bar_font"] = 17 if presentation else 14
    return spec


def _step_rows(figure, rows, display: LabDisplay, config: TrainingConfig, width, place, presentation: bool) -> dict:
    """Each step chart's lines and its frame (title, range, axis label); returns where each row's legend goes."""
    colour = HANDLING_COLOURS[config.reward_handling]
    legends, titles = {}, row_titles(config, display)
    for row, name in enumerate(rows, start=1):
        legend = layout.legend_name(row)
        if name == "bias":
            _bias_row(figure, row, legend, display, config, colour, width)
        elif name == "probability":
            _probability_row(figure, row, legend, display.series, width)
        elif name == "gradient":
            _gradient_row(figure, row, legend, display.series, colour, width)
        else:
            _reward_row(figure, row, legend, display, config, colour, width)
        legends.update(_row_frame(figure, row, name, titles[name], display, place, presentation))
    return legends


def _step_axes(figure, n: int, end, place: layout.Grid, presentation: bool) -> None:
    """The step axes: one range shared by every row, the "step" title and tick labels where the layout wants them."""
    for row in range(1, n + 1):
        figure.update_xaxes(range=[0, end], row=row, col=1, **({"matches": "x"} if row > 1 else {}))
    if not place.one_column:  # in one column the legend takes the place of the axis title
        figure.update_xaxes(title_text="step", row=n, col=1)
    if presentation:  # one step axis is enough on a projector: tick labels on the bottom row only
        figure.update_xaxes(showticklabels=False, row=1, col=1)


def _timeline(playback, end, curtains, policy_traces, readouts, start: int) -> dict:
    """What moves at each entry of the playback: the rows' curtains, the policy curve, its marker, the readouts.

    Every step chart has its own curtain: Plotly redraws, at each frame, each subplot with a changed trace.
    """
    curve, marker = policy_traces
    traces = {i: {"x": timeline.curtain(end)} for i in curtains}
    traces[curve] = {"y": timeline.sigmoid(playback.weight, playback.bias, playback.hunger)}
    traces[marker] = {"x": timeline.per_entry(playback.boundary)}
    traces[readouts] = {"text": readout_timeline(playback)}
    caption = timeline.texts(timeline.picked_text([f"Verdict: {text}" for text in playback.verdict_text]))
    return timeline.timeline(playback.steps, traces, start=start, caption=caption)


def _row_frame(figure, row, name, title, display, place, presentation: bool) -> dict:
    """Row title on the left, a fixed y range and an axis label; returns where the row's legend goes."""
    xref, yref = figure.axes(row, 1)
    top = figure.axis(yref)["domain"][1]
    figure.add_annotation(
        text=f"<b>{title}</b>", x=0, y=top, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
        showarrow=False, font={"size": 17 if presentation else 13},
    )  # fmt: skip
    figure.update_yaxes(range=list(display.ranges[name]), title_text=AXIS_TITLES[name], fixedrange=True, row=row, col=1)
    if name == "probability":
        figure.add_hline(y=0.5, line={"color": LIGHT_GREY, "width": 1}, layer="below", row=row, col=1)
    if name == "gradient":
        figure.add_hline(y=0, line={"color": GREY, "width": 1}, layer="below", row=row, col=1)
    legend = layout.legend_name(row)
    # Each row's legend sits to its right, level with its top, so it never covers a line or a title
    # (in one column: under the chart, placed once the figure's height is known).
    return {legend: layout.row_legend(place, top, presentation)}
