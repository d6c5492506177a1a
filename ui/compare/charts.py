"""Figures for the comparison page: pure functions, numbers from ``sim.experiments.comparison`` in, figures out."""

from __future__ import annotations

import math
import textwrap

import numpy as np

from sim.experiments.comparison import SETTLED_BAND, SideBySide
from sim.truth.verdicts import Verdict
from ui.common.compact import compact
from ui.common.figure_dict import FigureDict
from ui.common.fit import CHARACTER, hang_title, wrapped
from ui.common.outcomes import WORDS, marker_text
from ui.common.screen import DESK, Screen
from ui.common.theme import (
    FONT_SIZE,
    GREY,
    HANDLING_COLOURS,
    HANDLING_DASHES,
    HANDLING_LABELS,
    OPTIMUM_COLOUR,
    PRESENTATION_FONT_SIZE,
    signed,
    style,
)
from ui.player import timeline
from ui.player.animation import curtain

# Verdict kind -> (symbol on charts, Material icon for Streamlit badges, badge colour).
# The symbols keep the meaning without colour; all of them exist in common fonts.
VERDICT_STYLE = {
    "settling": ("✓", ":material/check_circle:", "green"),
    "approaching": ("→", ":material/trending_up:", "blue"),
    "wandering": ("~", ":material/shuffle:", "orange"),
    "running away": ("✗", ":material/cancel:", "red"),
    "stuck": ("=", ":material/block:", "gray"),
    "too early": ("…", ":material/hourglass_empty:", "gray"),
}
BADGE_MARGIN = 180  # pixels right of the plot for the verdict badges
# A narrow chart (a phone, 400% zoom): the plot takes the whole width; under it the step axis's title ("controls":
# its room), then one verdict badge a line. In pixels.
PHONE = {"l": 60, "r": 10, "plot": 330, "controls": 60, "badge": 30}
TEXT_HALO = "0 0 2px white, 0 0 3px white, 0 0 4px white, 0 0 5px white"  # words stay readable over lines


def verdict_badge(verdict: Verdict, side: SideBySide) -> tuple[str, str, str, str]:
    """Short verdict words for a badge: ``(chart symbol, text, Streamlit icon, badge colour)``.

    The words say only what the verdict decided; ``verdict.text`` has the whole sentence.
    """
    symbol, icon, colour = VERDICT_STYLE[verdict.kind]
    best = "the best" if side.best.saturated else signed(side.best.bias, 3)
    word = WORDS[verdict.kind]  # the one word for this outcome (``ui.common.outcomes``), first on the badge
    text = {
        "settling": f"{word} at {best}" if side.best.saturated else f"{word} near {best}",
        "approaching": f"heads for {best}",
        # A push too weak against the noise (e.g. a large reward offset) is still a push.
        "wandering": f"{word}: push too weak" if verdict.weak_push else f"{word}: no push",
        "running away": f"{word} from the best",
        "stuck": f"{word}: p(B) saturated",
        "too early": word,
    }[verdict.kind]
    return symbol, text, icon, colour


def spread_labels(values, min_gap: float) -> np.ndarray:
    """Label positions near ``values`` but at least ``min_gap`` apart (keeps their order)."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values)
    placed = values[order].copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + min_gap)
    placed -= (placed.mean() - values.mean()) if len(placed) else 0.0  # recentre on the data
    out = np.empty_like(placed)
    out[order] = placed
    return out


def rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def no_band_words(best) -> str | None:
    """What a bias chart says instead of a band where there is no best bias to shade, else None."""
    if best.saturated:
        return f"best here: {best.words}"
    if math.isnan(best.bias):
        return "no best bias here: every bias earns the same"
    return None


def optimum_band(figure, optimum, row=None, col=None, label=True, layer="below", instead=None, below=0):
    """The good region: within SETTLED_BAND of the best bias, shaded green (``layer="above"``: over a curtain).

    Where there is no best bias to shade (``instead``, from ``no_band_words``: the best policy is always A or
    always B, or every bias earns the same) the chart says so instead, at the top right, ``below`` pixels down.
    """
    if instead:
        figure.add_annotation(
            x=0.99, xref="x domain", y=0.99, yref="y domain", xanchor="right", yanchor="top", showarrow=False,
            text=instead, font={"color": OPTIMUM_COLOUR, "size": 12}, bgcolor="white",
            **({"yshift": -below} if below else {}),
        )  # fmt: skip
        return
    figure.add_hrect(
        y0=optimum - SETTLED_BAND, y1=optimum + SETTLED_BAND, fillcolor=OPTIMUM_COLOUR, opacity=0.15,
        line_width=0, layer=layer, row=row, col=col, exclude_empty_subplots=False,
    )  # fmt: skip
    line = {"color": OPTIMUM_COLOUR, "width": 1, "dash": "dot"}
    # exclude_empty_subplots=False: a band drawn before the lines would otherwise be dropped from its subplot.
    figure.add_hline(y=optimum, line=line, row=row, col=col, exclude_empty_subplots=False)  # above the lines
    if label:
        figure.add_annotation(
            x=0.99, xref="x domain", y=optimum - SETTLED_BAND, yref="y", yanchor="top", xanchor="right",
            text=f"best bias {signed(optimum, 3)} ± {SETTLED_BAND:g}", showarrow=False,
            font={"color": OPTIMUM_COLOUR, "size": 12},
        )  # fmt: skip


def side_by_side_figure(side: SideBySide, screen: Screen = DESK) -> dict:
    """Bias of each handling's run (same draws) over the steps, verdict badges, and expected reward below.

    A figure dict with a replay: its timeline moves a curtain over the steps not reached yet and reveals the
    "diverged" markers as they are passed. Its data show the whole run (the last step), so the chart
    looks finished until Play replays it from step 0. On a ``phone`` the badges go under the replay's
    controls, one a line, and the controls under the plot (buttons in a row, the scrubber below them).
    """
    presentation, phone = screen.presentation, screen.narrow
    size = (PRESENTATION_FONT_SIZE if presentation else FONT_SIZE) + 3
    figure = FigureDict(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.07)
    for handling, run in side.runs.items():
        line = {"color": HANDLING_COLOURS[handling], "dash": HANDLING_DASHES[handling], "width": 2.5}
        name = HANDLING_LABELS[handling]
        figure.add_scatter(
            x=side.steps, y=run.bias, name=name, legendgroup=handling, line=line, row=1, col=1,
            hovertemplate="%{y:.2f}",
        )  # fmt: skip
        figure.add_scatter(
            x=side.steps, y=run.expected_reward, name=name, legendgroup=handling, line=line, row=2, col=1,
            showlegend=False, hovertemplate="%{y:.3f}",
        )  # fmt: skip
    # Above the curtain: the goal stays in sight. On a phone's narrow plot words would lie over the step readout:
    # under it instead.
    instead = no_band_words(side.best)
    optimum_band(figure, side.best.drawn, row=1, col=1, layer="above", instead=instead, below=22 * phone)
    before = len(figure.layout.get("annotations", []))
    bias_range = _phone_badges(figure, side) if phone else _verdict_badges(figure, side)
    badges = range(before, len(figure.layout.get("annotations", [])))
    # A flat J (weight 0) would otherwise be drawn at a scale of millionths: a tenth of the reward each way at least.
    reward_range = _padded_range(
        [run.expected_reward for run in side.runs.values()], 0.1, 0.2 * side.config.reward_size
    )
    last = int(side.steps[-1])
    figure.update_yaxes(title_text="bias", range=bias_range, row=1, col=1)
    figure.update_yaxes(title_text="expected<br>reward", range=reward_range, row=2, col=1)
    figure.update_xaxes(range=[1, max(last, 2)], hoverformat=",.0f")  # no padding after the last step
    figure.update_xaxes(title_text="step", row=2, col=1)
    title = "The bias over the steps (top) and the expected reward (bottom)"
    style(figure, wrapped(title, screen.width - 20, size), 470, presentation)
    # Fixed margins, made to fit the badges and the replay controls: letting them push the margins (autoexpand)
    # made Plotly draw the figure again until they settled (first draw 251 -> 103 ms of main-thread CPU).
    lines = figure.layout["title"]["text"].count("<br>") + 1
    margin = {"l": 70, "r": BADGE_MARGIN, "t": 20 + 24 * lines, "b": 55, "autoexpand": False}
    if presentation:  # room for the larger badges and axis titles; 40 px less height, for a 720-pixel screen
        margin.update(r=round(BADGE_MARGIN * 1.3), l=100, t=20 + 30 * lines)
        figure.update_layout(height=figure.layout["height"] - 40)
    if phone:
        margin.update(l=PHONE["l"], r=PHONE["r"], b=PHONE["controls"] + PHONE["badge"] * len(side.runs))
        figure.update_layout(height=margin["t"] + PHONE["plot"] + margin["b"])
    figure.update_layout(margin=margin, showlegend=False)
    hang_title(figure.layout)
    diverged = {h: run for h, run in side.runs.items() if run.verdict.diverged_at is not None}
    plot = screen.width - margin["l"] - margin["r"]
    font = 16 if presentation else 12
    markers = [_diverged_marker(h, run, last, side.best.drawn, plot, font) for h, run in diverged.items()]
    spec = compact(figure.to_dict())
    return _with_replay(spec, last, markers, (bias_range, reward_range), screen, badges)


def _diverged_marker(handling: str, run, last: int, optimum: float, plot: float, font: float) -> dict:
    """A cross where the run left for good, with its words beside it on the side away from where the run went.

    A trace, not an annotation, so a replay can reveal it without redrawing the whole chart. The words go on the
    side of the cross with more room in the ``plot`` pixels wide, in as many lines as that room needs.
    """
    colour, step = HANDLING_COLOURS[handling], run.verdict.diverged_at + 1
    words = marker_text(run.verdict.kind, step)  # in its badge's word: "wanders: left for good at step 2,450"
    above, shown = run.diverged_bias >= optimum, words
    room = {"left": plot * step / max(last, 1), "right": plot * (1 - step / max(last, 1))}
    side = max(room, key=room.get)
    if room[side] < CHARACTER * font * len(words) + 12:  # too long for one line: as many lines as the room needs
        head, tail = words.split(": ", 1)
        width = max(int((room[side] - 12) / (CHARACTER * font)), len(head) + 1)
        shown = "<br>".join([head + ":", *textwrap.wrap(tail, width)])
    return {
        "type": "scatter", "x": [step], "y": [run.diverged_bias], "xaxis": "x", "yaxis": "y", "mode": "markers+text",
        "marker": {"symbol": "x-thin", "size": 14, "line": {"width": 3, "color": colour}},
        "text": [shown], "textposition": f"{'bottom' if above else 'top'} {side}",
        "textfont": {"color": colour, "size": font, "shadow": TEXT_HALO},
        "name": f"{HANDLING_LABELS[handling]}: diverged", "hovertemplate": f"{words}<extra></extra>",
        "showlegend": False, "legendgroup": handling, "meta": "diverged",
    }  # fmt: skip


def _verdict_badges(figure, side: SideBySide) -> list[float]:
    """Verdict badges right of the plot at the end of each line, pushed apart; returns the bias axis range.

    They name the rule too, so the chart needs no legend.
    """
    finals = [run.bias[-1] for run in side.runs.values()]
    low = min(min(run.bias.min() for run in side.runs.values()), side.best.drawn - SETTLED_BAND)
    high = max(max(run.bias.max() for run in side.runs.values()), side.best.drawn + SETTLED_BAND)
    # Each two-line badge needs about a fifth of the bias axis; the axis grows to fit the badges, so settle it.
    positions = np.asarray(finals, dtype=float)
    for _ in range(4):
        span = max(high, positions.max()) - min(low, positions.min())
        positions = spread_labels(finals, 0.2 * span * 1.16)
    for (handling, run), y in zip(side.runs.items(), positions):
        symbol, text, _, _ = verdict_badge(run.verdict, side)
        figure.add_annotation(
            x=1.0, xref="x domain", xanchor="left", xshift=8, y=y, yref="y",
            text=f"{HANDLING_LABELS[handling]}<br><b>{symbol} {text}</b>", showarrow=False, align="left",
            font={"color": HANDLING_COLOURS[handling], "size": 13},
            bordercolor=HANDLING_COLOURS[handling], borderwidth=2, borderpad=4, bgcolor="white",
        )  # fmt: skip
    return _padded_range([[low, high], positions], 0.08)


def _phone_badges(figure, side: SideBySide) -> list[float]:
    """On a phone, the verdict badges under the replay's controls, one a line, from the figure's left edge.

    Each names its rule in the rule's colour (the chart has no legend). Returns the bias axis range.
    """
    for i, (handling, run) in enumerate(side.runs.items()):
        symbol, text, _, _ = verdict_badge(run.verdict, side)
        figure.add_annotation(
            x=0.0, xref="paper", xanchor="left", xshift=6 - PHONE["l"], yref="paper", yanchor="top",
            y=-(PHONE["controls"] + PHONE["badge"] * i) / PHONE["plot"], showarrow=False, align="left",
            text=f"{HANDLING_LABELS[handling]}: <b>{symbol} {text}</b>",
            font={"color": HANDLING_COLOURS[handling], "size": 12},
            bordercolor=HANDLING_COLOURS[handling], borderwidth=2, borderpad=3, bgcolor="white",
        )  # fmt: skip
    low = min(min(run.bias.min() for run in side.runs.values()), side.best.drawn - SETTLED_BAND)
    high = max(max(run.bias.max() for run in side.runs.values()), side.best.drawn + SETTLED_BAND)
    return _padded_range([[low, high]], 0.08)


def _padded_range(arrays, pad: float, min_span: float = 0.0) -> list[float]:
    """The range of all values, widened by ``pad`` of its span on each side (never zero wide), and to
    ``min_span`` around its middle if it is narrower."""
    low = float(min(np.min(values) for values in arrays))
    high = float(max(np.max(values) for values in arrays))
    margin = pad * max(high - low, 1e-3 * max(abs(low), abs(high), 1.0))
    low, high = low - margin, high + margin
    if high - low < min_span:
        middle = (low + high) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    return [low, high]


def _with_replay(spec: dict, last: int, markers: list[dict], ranges, screen: Screen, badges: range) -> dict:
    """Add a curtain per row, the "diverged" markers, a step readout, and a timeline from step 0 to ``last``.

    At step s the curtains start at s (hiding the steps not reached yet), the markers of steps up to s are
    shown, and the verdict ``badges`` (annotations) only at the end: a replay does not give its answer away.
    The figure's data show the last step: the whole run. Traces are drawn in order: lines, curtains, then the
    markers and the readout over the curtains.
    """
    end = max(last, 2) + max(1.0, 0.02 * last)  # the curtain's right edge, right of the plot
    curtains = []
    for (low, high), axes in zip(ranges, (("x", "y"), ("x2", "y2"))):
        curtains.append(len(spec["data"]))
        spec["data"].append(curtain(end, end, low, high, *axes))
    shown = {len(spec["data"]) + i: marker["x"][0] for i, marker in enumerate(markers)}
    spec["data"].extend(markers)
    readout = len(spec["data"])
    spec["data"].append(
        {
            "type": "scatter", "mode": "text", "x": [1 + 0.01 * (last - 1)], "y": [ranges[0][1]], "xaxis": "x",
            "yaxis": "y", "text": [_readout(last, last)], "textposition": "bottom right", "hoverinfo": "skip",
            "showlegend": False, "name": "step", "meta": "readout",
            "textfont": {"size": 20 if screen.presentation else 15, "color": GREY, "shadow": TEXT_HALO},
        }
    )  # fmt: skip
    traces = {i: {"x": timeline.curtain(end, hidden_from=last)} for i in curtains}
    traces.update({i: {"x": timeline.shown_from([step], [step])} for i, step in shown.items()})
    traces[readout] = {"text": timeline.texts(timeline.step_text("step {} of {last}", last))}
    steps = timeline.entry_steps(last, also=shown.values())
    reveal = [(i, last) for i in badges]
    spec["timeline"] = timeline.timeline(steps, traces, start=last, reveal=reveal)
    spec["timeline"]["bar_font"] = 17 if screen.presentation else 14
    return spec


def _readout(step: int, last: int) -> str:
    return f"step {step:,} of {last:,}"
