"""Figures for the comparison page: pure functions, numbers from ``sim.comparison`` in, Plotly figures out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.analysis import Verdict
from sim.comparison import SETTLED_BAND, EnsembleSummary, Landscape, SideBySide
from ui import theme
from ui.theme import (
    GREY,
    HANDLING_COLOURS,
    HANDLING_DASHES,
    HANDLING_LABELS,
    LIGHT_GREY,
    OPTIMUM_COLOUR,
    PLACE_COLOURS,
    style,
)

# Verdict kind -> (symbol on charts, Material icon for Streamlit badges, badge colour).
# The symbols keep the meaning without colour; all of them exist in common fonts.
VERDICT_STYLE = {
    "settling": ("✓", ":material/check_circle:", "green"),
    "approaching": ("→", ":material/trending_up:", "blue"),
    "wandering": ("~", ":material/shuffle:", "orange"),
    "running away": ("✗", ":material/cancel:", "red"),
    "stuck": ("=", ":material/block:", "gray"),
}
BADGE_MARGIN = 180  # pixels right of the plot for the verdict badges


def signed(value: float, digits: int = 3) -> str:
    """A number as people write it, to 3 significant digits here: −10, 0.5, 6.02."""
    return theme.signed(value, digits)


def verdict_badge(verdict: Verdict, optimum: float) -> tuple[str, str, str, str]:
    """Short verdict words for a badge: ``(chart symbol, text, Streamlit icon, badge colour)``."""
    symbol, icon, colour = VERDICT_STYLE[verdict.kind]
    if verdict.kind == "settling":
        text = f"settles near {signed(optimum)}"
    elif verdict.kind == "approaching":
        text = f"approaching {signed(optimum)}"
    elif verdict.kind == "wandering":
        text = "wanders: never settles"
    elif verdict.kind == "stuck":
        text = "stuck: p(B) saturated"
    else:
        text = "runs away: " + verdict.text.split(": ", 1)[-1]  # "always B" or "always A"
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


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _optimum_band(figure, optimum, row=None, col=None, label=True):
    """The good region: within SETTLED_BAND of the best bias, shaded green."""
    figure.add_hrect(
        y0=optimum - SETTLED_BAND, y1=optimum + SETTLED_BAND, fillcolor=OPTIMUM_COLOUR, opacity=0.15,
        line_width=0, layer="below", row=row, col=col,
    )  # fmt: skip
    figure.add_hline(y=optimum, line={"color": OPTIMUM_COLOUR, "width": 1, "dash": "dot"}, row=row, col=col)
    if label:
        figure.add_annotation(
            x=0.99, xref="x domain", y=optimum - SETTLED_BAND, yref="y", yanchor="top", xanchor="right",
            text=f"best bias {signed(optimum)} ± {SETTLED_BAND:g}", showarrow=False,
            font={"color": OPTIMUM_COLOUR, "size": 12},
        )  # fmt: skip


def side_by_side_figure(side: SideBySide, presentation: bool = False) -> go.Figure:
    """Bias of each handling's run (same draws) over the steps, verdict badges, and expected reward below."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.07)
    _optimum_band(figure, side.optimum, row=1, col=1)
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
        if run.verdict.diverged_at is not None:
            step = run.verdict.diverged_at + 1
            figure.add_scatter(
                x=[step], y=[run.diverged_bias], mode="markers", showlegend=False, legendgroup=handling, row=1, col=1,
                marker={"symbol": "x-thin", "size": 14, "line": {"width": 3, "color": HANDLING_COLOURS[handling]}},
                name=f"{name}: diverged", hovertemplate=f"diverged at step {step:,}<extra></extra>",
            )  # fmt: skip
            figure.add_annotation(
                x=step, y=run.diverged_bias, text=f"diverged at step {step:,}", row=1, col=1,
                showarrow=True, arrowhead=0, ax=45 if step < 0.7 * side.steps[-1] else -45,
                ay=-28 if run.diverged_bias >= side.optimum else 28,
                font={"color": HANDLING_COLOURS[handling], "size": 12}, bgcolor="rgba(255,255,255,0.8)",
            )  # fmt: skip

    # Verdict badges at the end of each line, right of the plot, pushed apart so they never overlap.
    # They name the rule too, so the chart needs no legend.
    finals = [run.bias[-1] for run in side.runs.values()]
    low = min(min(run.bias.min() for run in side.runs.values()), side.optimum - SETTLED_BAND)
    high = max(max(run.bias.max() for run in side.runs.values()), side.optimum + SETTLED_BAND)
    # Each two-line badge needs about a fifth of the bias axis; the axis grows to fit the badges, so settle it.
    positions = np.asarray(finals, dtype=float)
    for _ in range(4):
        span = max(high, positions.max()) - min(low, positions.min())
        positions = spread_labels(finals, 0.2 * span * 1.16)
    for (handling, run), y in zip(side.runs.items(), positions):
        symbol, text, _, _ = verdict_badge(run.verdict, side.optimum)
        figure.add_annotation(
            x=1.0, xref="x domain", xanchor="left", xshift=8, y=y, yref="y",
            text=f"{HANDLING_LABELS[handling]}<br><b>{symbol} {text}</b>", showarrow=False, align="left",
            font={"color": HANDLING_COLOURS[handling], "size": 13},
            bordercolor=HANDLING_COLOURS[handling], borderwidth=2, borderpad=4, bgcolor="white",
        )  # fmt: skip
    top = max(high, positions.max())
    bottom = min(low, positions.min())
    pad = 0.08 * (top - bottom)
    figure.update_yaxes(title_text="bias", range=[bottom - pad, top + pad], row=1, col=1)
    figure.update_yaxes(title_text="expected<br>reward", row=2, col=1)
    figure.update_xaxes(range=[1, max(int(side.steps[-1]), 2)])  # no padding after the last step
    figure.update_xaxes(title_text="step", row=2, col=1)
    style(figure, "The bias over the steps (top) and the expected reward (bottom)", 470, presentation)
    figure.update_layout(margin={"r": BADGE_MARGIN, "t": 40}, showlegend=False)
    return figure


def policy_figure(hunger, curves: dict, best, threshold: float, titles: dict, presentation: bool = False):
    """Small multiples: each run's final p(B | hunger), with the good choice shaded on each side of the threshold."""
    handlings = list(curves)
    figure = make_subplots(
        rows=1, cols=len(handlings), shared_yaxes=True, horizontal_spacing=0.04,
        subplot_titles=[titles[h] for h in handlings],
    )  # fmt: skip
    figure.update_annotations(font={"size": 14})  # the subplot titles
    for col, handling in enumerate(handlings, start=1):
        # Where A is good (not hungry) a good policy keeps p(B) low; where B is good, high.
        figure.add_shape(
            type="rect", x0=0, x1=threshold, y0=0, y1=0.5, fillcolor=PLACE_COLOURS["A"], opacity=0.2,
            line_width=0, layer="below", row=1, col=col,
        )  # fmt: skip
        figure.add_shape(
            type="rect", x0=threshold, x1=1, y0=0.5, y1=1, fillcolor=PLACE_COLOURS["B"], opacity=0.2,
            line_width=0, layer="below", row=1, col=col,
        )  # fmt: skip
        figure.add_scatter(
            x=hunger, y=best, name="best policy", line={"color": GREY, "dash": "dot", "width": 1.5},
            row=1, col=col, hovertemplate="best: %{y:.2f}",
        )  # fmt: skip
        figure.add_scatter(
            x=hunger, y=curves[handling], name=HANDLING_LABELS[handling], row=1, col=col,
            line={"color": HANDLING_COLOURS[handling], "dash": HANDLING_DASHES[handling], "width": 3},
            hovertemplate="p(B) = %{y:.2f}",
        )  # fmt: skip
        for x, y, text in ((threshold / 2, 0.25, "A good"), ((1 + threshold) / 2, 0.75, "B good")):
            if 0.05 < x < 0.95:  # skip a region too thin to hold its label
                figure.add_annotation(
                    x=x, y=y, text=text, showarrow=False, font={"size": 11, "color": GREY}, row=1, col=col
                )
        figure.update_xaxes(title_text="hunger", range=[0, 1], row=1, col=col)
    figure.update_yaxes(title_text="p(B)", range=[-0.02, 1.02], row=1, col=1)
    style(figure, "Final policies: p(large fries | hunger); dotted: the best policy", 300, presentation)
    figure.update_layout(hovermode="closest", margin={"t": 80}, showlegend=False)
    return figure


def ensemble_figure(summaries: dict[str, EnsembleSummary], presentation: bool = False) -> go.Figure:
    """Median bias and the 10–90% band over seeds, per handling, over the steps."""
    figure = go.Figure()
    first = next(iter(summaries.values()))
    _optimum_band(figure, first.optimum)
    for handling, summary in summaries.items():
        colour = HANDLING_COLOURS[handling]
        figure.add_scatter(
            x=np.concatenate([summary.steps, summary.steps[::-1]]),
            y=np.concatenate([summary.high, summary.low[::-1]]),
            fill="toself", fillcolor=_rgba(colour, 0.2), line={"width": 0}, hoverinfo="skip",
            name=f"{HANDLING_LABELS[handling]}: 10–90%", legendgroup=handling, showlegend=False,
        )  # fmt: skip
        for values, label, width in ((summary.low, "10%", 1), (summary.high, "90%", 1)):
            figure.add_scatter(
                x=summary.steps, y=values, line={"color": colour, "width": width}, opacity=0.6, showlegend=False,
                legendgroup=handling, name=f"{HANDLING_LABELS[handling]} {label}", hovertemplate="%{y:.2f}",
            )  # fmt: skip
        figure.add_scatter(
            x=summary.steps, y=summary.median, name=f"{HANDLING_LABELS[handling]} (median, 10–90% band)",
            line={"color": colour, "dash": HANDLING_DASHES[handling], "width": 3}, legendgroup=handling,
            hovertemplate="median %{y:.2f}",
        )  # fmt: skip
    # Rule names at the end of each median line, as on the side-by-side chart.
    medians = [summary.median[-1] for summary in summaries.values()]
    low = min(min(s.low.min() for s in summaries.values()), first.optimum - SETTLED_BAND)
    high = max(max(s.high.max() for s in summaries.values()), first.optimum + SETTLED_BAND)
    for handling, y in zip(summaries, spread_labels(medians, 0.09 * (high - low))):
        figure.add_annotation(
            x=1.0, xref="x domain", xanchor="left", xshift=8, y=y, yref="y", text=f"<b>{HANDLING_LABELS[handling]}</b>",
            showarrow=False, font={"color": HANDLING_COLOURS[handling], "size": 13},
        )  # fmt: skip
    figure.update_xaxes(title_text="step")
    figure.update_yaxes(title_text="bias")
    title = f"{len(first.final_bias):,} seeds per rule: median bias (line) and the middle 80% of seeds (band)"
    style(figure, title, 420, presentation)
    figure.update_layout(margin={"t": 50, "r": BADGE_MARGIN}, showlegend=False)
    return figure


def landscape_figure(land: Landscape, presentation: bool = False) -> go.Figure:
    """J(bias) with the optimum, where each run is now, and each handling's average push from one bias."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.08)
    figure.add_scatter(
        x=land.bias, y=land.reward, name="expected reward J(bias)", line={"color": "black", "width": 2.5},
        row=1, col=1, hovertemplate="J = %{y:.3f}",
    )  # fmt: skip
    for row in (1, 2):
        figure.add_vline(x=land.optimum, line={"color": OPTIMUM_COLOUR, "width": 1.5, "dash": "dot"}, row=row, col=1)
        figure.add_vline(x=land.look_from, line={"color": GREY, "width": 1, "dash": "dash"}, row=row, col=1)
    figure.add_scatter(
        x=[land.optimum], y=[land.best_reward], mode="markers+text", name="best bias",
        marker={"symbol": "star", "size": 16, "color": OPTIMUM_COLOUR}, text=[f"best: {signed(land.optimum)}"],
        textposition="top center", textfont={"color": OPTIMUM_COLOUR}, row=1, col=1, showlegend=False,
        hovertemplate="best bias %{x:.2f}, J = %{y:.3f}<extra></extra>",
    )  # fmt: skip
    for handling, (bias, reward) in land.now.items():
        figure.add_scatter(
            x=[bias], y=[reward], mode="markers", name=f"{HANDLING_LABELS[handling]}: now",
            marker={"size": 12, "color": HANDLING_COLOURS[handling], "line": {"color": "white", "width": 1.5}},
            row=1, col=1, legendgroup=handling,
            hovertemplate=f"{HANDLING_LABELS[handling]} is now at bias %{{x:.2f}}, J = %{{y:.3f}}<extra></extra>",
        )  # fmt: skip

    # Arrows: where each handling pushes the bias, on average, from the bias we look from.
    # Drawn along the curve so "climbs J" and "descends J" can be seen; length grows with the push.
    span = land.bias[-1] - land.bias[0]
    strongest = max((abs(d) for d in land.drift_at_look_from.values()), default=0.0)
    scale = 0.16 * span / strongest if strongest > 1e-9 else 0.0
    # Pushes this small next to the strongest (or below rounding noise) count as none.
    tiny = max(1e-3 * max(float(np.max(np.abs(d))) for d in land.drift.values()), 1e-12) if land.drift else 1e-12
    still = []
    for handling, drift in land.drift_at_look_from.items():
        if abs(drift) <= tiny:
            still.append(HANDLING_LABELS[handling])
            continue
        end = land.look_from + drift * scale
        figure.add_annotation(
            x=end, y=float(np.interp(end, land.bias, land.reward)), ax=land.look_from, ay=land.reward_at_look_from,
            xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=3.5,
            arrowcolor=HANDLING_COLOURS[handling], text="",
        )  # fmt: skip
    figure.add_scatter(
        x=[land.look_from], y=[land.reward_at_look_from], mode="markers", name="looking from here",
        marker={"size": 11, "color": "white", "line": {"color": GREY, "width": 2.5}}, row=1, col=1,
        hovertemplate="bias %{x:.2f}, J = %{y:.3f}<extra>looking from here</extra>",
    )  # fmt: skip
    if still:
        figure.add_annotation(
            x=land.look_from, y=land.reward_at_look_from, xref="x", yref="y", showarrow=False, yshift=16,
            **({"xanchor": "left", "xshift": 10} if land.look_from < land.bias[0] + 0.6 * span
               else {"xanchor": "right", "xshift": -10}),
            text="no average push: " + ", ".join(still), font={"size": 12, "color": GREY},
        )  # fmt: skip

    for handling, drift in land.drift.items():
        figure.add_scatter(
            x=land.bias, y=drift, name=HANDLING_LABELS[handling], row=2, col=1, showlegend=False,
            line={"color": HANDLING_COLOURS[handling], "dash": HANDLING_DASHES[handling], "width": 2.5},
            legendgroup=handling, hovertemplate="%{y:.4f} per step",
        )  # fmt: skip
        # Name each curve where it pushes hardest to the right: the rules peak on opposite sides of the optimum.
        peak = int(np.argmax(drift))
        if drift[peak] > tiny:
            figure.add_annotation(
                x=land.bias[peak], y=drift[peak], text=HANDLING_LABELS[handling], showarrow=False, yshift=12,
                font={"color": HANDLING_COLOURS[handling], "size": 12}, row=2, col=1,
            )  # fmt: skip
    flat = [h for h, drift in land.drift.items() if np.max(np.abs(drift)) <= tiny]
    if flat:  # one label for all the rules that never push (they overlap on the zero line)
        figure.add_annotation(
            x=0.01, xref="x2 domain", xanchor="left", y=0, yref="y2", yshift=10, showarrow=False,
            text=", ".join(HANDLING_LABELS[h] for h in flat) + ": no push anywhere",
            font={"color": HANDLING_COLOURS[flat[0]], "size": 12},
        )  # fmt: skip
    figure.add_hline(y=0, line={"color": LIGHT_GREY, "width": 1}, row=2, col=1)
    low, high = float(land.reward.min()), max(float(land.reward.max()), land.best_reward)
    room = 0.18 * max(high - low, 0.05 * land.reward_size)  # space above the peak for its label; no zoom on noise
    figure.update_yaxes(title_text="expected<br>reward J", range=[low - 0.05 * room, high + room], row=1, col=1)
    figure.update_yaxes(title_text="average push<br>(+ = to the right)", row=2, col=1)
    figure.update_xaxes(range=[float(land.bias[0]), float(land.bias[-1])])
    figure.update_xaxes(title_text="bias", row=2, col=1)
    style(figure, "Expected reward J for every bias, and the average push of each rule", 540, presentation)
    figure.update_layout(
        hovermode="closest",
        margin={"t": 50, "b": 110},
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.13, "yanchor": "top", "font": {"size": 12}},
    )  # fmt: skip
    return figure
