"""The comparison's landscape chart: expected reward J over the bias and each rule's average push.

A pure function, numbers from ``sim.experiments.comparison.landscape`` in, a light figure dict out.
"""

from __future__ import annotations

import numpy as np

from sim.experiments.comparison import Landscape
from ui.common.compact import compact
from ui.common.figure_dict import FigureDict
from ui.common.screen import DESK, Screen
from ui.common.theme import (
    GREY,
    HANDLING_COLOURS,
    HANDLING_DASHES,
    HANDLING_LABELS,
    LIGHT_GREY,
    OPTIMUM_COLOUR,
    signed,
    style,
)

ONE_LEGEND = 760  # a chart narrower than this names the rules in a legend under it, not at their lines' ends


def _best_label(land: Landscape) -> str:
    """The star's words: the best bias, or, when the best is always A or always B, which way it lies."""
    if not land.best.saturated:
        return f"best: {signed(land.best.drawn, 3)}"
    return "best: " + land.best.words.split(" (")[0]  # "always B", drawn where p(B) reaches 0.99


def _star_words(land: Landscape) -> str:
    """Where the best bias's words go on a phone's narrow plot: away from the edge the star is near."""
    where = (land.best.drawn - land.bias[0]) / (land.bias[-1] - land.bias[0])
    return "top left" if where > 0.7 else "top right" if where < 0.3 else "top center"


def landscape_figure(land: Landscape, screen: Screen = DESK) -> dict:
    """J(bias) with the optimum, where each run is now, and each handling's average push from one bias.

    On a ``phone`` the title takes two lines and the plot the whole width.
    """
    figure = FigureDict(rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.08)
    tiny = _tiny_push(land)
    _reward_row(figure, land, screen.width < ONE_LEGEND)
    _arrows(figure, land, tiny, screen.width < ONE_LEGEND)
    _push_row(figure, land, tiny, screen.width < ONE_LEGEND)
    _axes(figure, land, screen)
    return compact(figure.to_dict())


def _tiny_push(land: Landscape) -> float:
    """Pushes this small next to the strongest (or below rounding noise) count as none."""
    return max(1e-3 * max(float(np.max(np.abs(d))) for d in land.push.values()), 1e-12) if land.push else 1e-12


def _reward_row(figure: FigureDict, land: Landscape, phone: bool) -> None:
    """The top row: J(bias), the best bias's and the look-from bias's lines (on both rows), where each run is now."""
    figure.add_scatter(
        x=land.bias, y=land.reward, name="expected reward J(bias)", line={"color": "black", "width": 2.5},
        row=1, col=1, hovertemplate="J = %{y:.3f}",
    )  # fmt: skip
    for row in (1, 2):
        figure.add_vline(x=land.best.drawn, line={"color": OPTIMUM_COLOUR, "width": 1.5, "dash": "dot"}, row=row, col=1)
        figure.add_vline(x=land.look_from, line={"color": GREY, "width": 1, "dash": "dash"}, row=row, col=1)
    figure.add_scatter(
        x=[land.best.drawn], y=[land.best.reward], mode="markers+text", name="best bias",
        marker={"symbol": "star", "size": 16, "color": OPTIMUM_COLOUR}, text=[_best_label(land)],
        textposition=_star_words(land) if phone else "top center", textfont={"color": OPTIMUM_COLOUR}, row=1, col=1,
        showlegend=False,
        hovertemplate="best bias %{x:.2f}, J = %{y:.3f}<extra></extra>",
    )  # fmt: skip
    for handling, (bias, reward) in land.now.items():
        figure.add_scatter(
            x=[bias], y=[reward], mode="markers", name=f"{HANDLING_LABELS[handling]}: now",
            marker={"size": 12, "color": HANDLING_COLOURS[handling], "line": {"color": "white", "width": 1.5}},
            row=1, col=1, legendgroup=handling, **({"showlegend": False} if phone else {}),  # a phone's legend: lines
            hovertemplate=f"{HANDLING_LABELS[handling]} is now at bias %{{x:.2f}}, J = %{{y:.3f}}<extra></extra>",
        )  # fmt: skip


def _arrows(figure: FigureDict, land: Landscape, tiny: float, phone: bool) -> None:
    """Where each handling pushes the bias, on average, from the bias we look from, and which do not push there.

    Drawn along the curve so "climbs J" and "descends J" can be seen; length grows with the push.
    """
    span = land.bias[-1] - land.bias[0]
    strongest = max((abs(d) for d in land.push_at_look_from.values()), default=0.0)
    scale = 0.16 * span / strongest if strongest > 1e-9 else 0.0
    still = []
    for handling, drift in land.push_at_look_from.items():
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
    if still and phone:  # two lines across the middle of the narrow plot, level with the dot
        figure.add_annotation(
            x=0.5, y=land.reward_at_look_from, xref="x domain", yref="y", showarrow=False, yshift=24,
            text="no average push:<br>" + ", ".join(still), font={"size": 12, "color": GREY},
            bgcolor="rgba(255,255,255,0.8)",
        )  # fmt: skip
    elif still:
        figure.add_annotation(
            x=land.look_from, y=land.reward_at_look_from, xref="x", yref="y", showarrow=False, yshift=16,
            **({"xanchor": "left", "xshift": 10} if land.look_from < land.bias[0] + 0.6 * span
               else {"xanchor": "right", "xshift": -10}),
            text="no average push: " + ", ".join(still), font={"size": 12, "color": GREY},
        )  # fmt: skip


def _push_row(figure: FigureDict, land: Landscape, tiny: float, phone: bool) -> None:
    """The bottom row: each handling's average push over every bias, named where it pushes hardest."""
    for handling, drift in land.push.items():
        figure.add_scatter(
            x=land.bias, y=drift, name=HANDLING_LABELS[handling], row=2, col=1,
            line={"color": HANDLING_COLOURS[handling], "dash": HANDLING_DASHES[handling], "width": 2.5},
            legendgroup=handling, hovertemplate="%{y:.4f} per step", showlegend=phone,
        )  # fmt: skip
        # Name each curve where it pushes hardest to the right: the rules peak on opposite sides of the optimum.
        # (A phone's plot is too narrow for the names side by side: its legend names the lines.)
        peak = int(np.argmax(drift))
        if drift[peak] > tiny and not phone:
            figure.add_annotation(
                x=land.bias[peak], y=drift[peak], text=HANDLING_LABELS[handling], showarrow=False, yshift=12,
                font={"color": HANDLING_COLOURS[handling], "size": 12}, row=2, col=1,
            )  # fmt: skip
    flat = [h for h, drift in land.push.items() if np.max(np.abs(drift)) <= tiny]
    if flat:  # one label for all the rules that never push (they overlap on the zero line)
        figure.add_annotation(
            x=0.01, xref="x2 domain", xanchor="left", y=0, yref="y2", yshift=10, showarrow=False,
            text=", ".join(HANDLING_LABELS[h] for h in flat) + ": no push anywhere",
            font={"color": HANDLING_COLOURS[flat[0]], "size": 12},
        )  # fmt: skip
    figure.add_hline(y=0, line={"color": LIGHT_GREY, "width": 1}, row=2, col=1)


def _axes(figure: FigureDict, land: Landscape, screen: Screen) -> None:
    """Axis ranges and titles, the title, the legend and the margins."""
    presentation, phone = screen.presentation, screen.width < ONE_LEGEND
    low, high = float(land.reward.min()), max(float(land.reward.max()), land.best.reward)
    room = 0.25 * max(high - low, 0.05 * land.reward_size)  # space above the peak for its label; no zoom on noise
    figure.update_yaxes(title_text="expected<br>reward J", range=[low - 0.05 * room, high + room], row=1, col=1)
    figure.update_yaxes(title_text="average push<br>(+ = to the right)", row=2, col=1)
    figure.update_xaxes(range=[float(land.bias[0]), float(land.bias[-1])])
    figure.update_xaxes(title_text="bias", row=2, col=1)
    title = "Expected reward J for every bias, and the average push of each rule"
    style(figure, title.replace(" and", "<br>and") if phone else title, 540, presentation)
    figure.update_layout(
        hovermode="closest",
        margin={"t": 75, "b": 110, "r": 10} if phone else {"t": 50, "b": 110},
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.16 if phone else -0.13, "yanchor": "top",
                "font": {"size": 12}},
    )  # fmt: skip
