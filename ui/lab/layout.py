"""Where the lab player's parts go, for each kind of screen: a desk, a projector, a phone.

On a desk and a projector the step charts run down the left, each with its legend to its right,
and the policy curve and the readouts sit beside them. A phone is too narrow for that: everything
goes into one column (step charts, then the policy, then the readouts), each legend under its chart,
and the scrubber under the Play buttons. Pure functions on a figure dict (``ui.common.figure_dict``); no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.common.figure_dict import FigureDict
from ui.common.screen import Screen
from ui.player import animation

ROW_HEIGHT = 190
PRESENTATION_ROW_HEIGHT = 180  # style() adds 80 px on a projector: 590 px in all
LEFT = 0.53  # the step charts take this share of the width; legends, then the policy and readouts follow
RIGHT = 0.72
PROJECTOR_LEFT = 0.49  # a projector's larger legend text needs a wider gap
# A phone, in pixels: each step chart, the policy, the readouts, and the gap above each of the last three
# (it holds the chart's legend and tick labels, then the next title).
PHONE = {"step": 170, "policy": 230, "readouts": 170, "gap": 100}
# On a phone the player's bar (Play, then the scrubber) sits above the charts, under the title, so Play is next
# to the bias chart: pixels for it, and its top from the top of that room (under the figure's title).
PHONE_CONTROLS = 100
PHONE_BAR_TOP = 2


@dataclass
class Grid:
    figure: FigureDict
    policy: tuple[int, int]  # (row, col) of the policy curve
    readouts: tuple[int, int]  # (row, col) of the readout panel
    height: int  # of the whole figure, in pixels
    margin: dict  # top, bottom, left and right margins, in pixels


def grid(n: int, screen: Screen, title_lines: int = 2) -> Grid:
    """The subplots for ``n`` step charts, and where the rest goes.

    A title of more than two lines gets the room it needs above the charts; the charts keep their size.
    """
    presentation, phone = screen.presentation, screen.phone
    extra = max(0, title_lines - 2) * (24 if presentation else 20)
    if phone:
        heights = [PHONE["step"]] * n + [PHONE["policy"], PHONE["readouts"]]
        plot = sum(heights) + PHONE["gap"] * (len(heights) - 1)
        figure = FigureDict(rows=n + 2, cols=1, row_heights=heights, vertical_spacing=PHONE["gap"] / plot)
        # Play and the scrubber above the charts; room at the right for the last step's label ("2,000").
        margin = {"t": 75 + extra + PHONE_CONTROLS, "b": 20, "l": 48, "r": 22}
        return Grid(figure, (n + 1, 1), (n + 2, 1), plot + margin["t"] + margin["b"], margin)
    side = [{"rowspan": n // 2}] + [None] * (n // 2 - 1)
    specs = [[{}, s] for s in side] + [[{}, s] for s in side]
    left = PROJECTOR_LEFT if presentation else LEFT
    spacing = {"horizontal_spacing": RIGHT - left, "vertical_spacing": 0.1 if presentation else 0.07}
    figure = FigureDict(rows=n, cols=2, specs=specs, column_widths=[left, 1 - RIGHT], **spacing)
    # On a projector the whole player, Play included, fits a 1280 x 720 screen under the page title.
    height = (PRESENTATION_ROW_HEIGHT * n + 150) if presentation else (ROW_HEIGHT * n + 200)
    margin = {"t": (110 if presentation else 95) + extra, "b": 120, "l": 70, "r": 10}
    return Grid(figure, (1, 2), (n // 2 + 1, 2), height + (80 if presentation else 0) + extra, margin)


def row_legend(top: float, presentation: bool) -> dict:
    """A step chart's legend on a desk or a projector: to its right, level with its top."""
    left = PROJECTOR_LEFT if presentation else LEFT
    place = {"orientation": "v", "x": left + 0.01, "xanchor": "left", "y": top, "yanchor": "top", "tracegroupgap": 2}
    return {**place, "font": {"size": 14 if presentation else 11}, "bgcolor": "rgba(0,0,0,0)"}


def legend_name(row: int) -> str:
    """The legend of step chart ``row``: Plotly calls the first "legend", the others "legend2", ..."""
    return "legend" if row == 1 else f"legend{row}"


def phone_legend(grid_: Grid, yaxis: dict, below: int = 24) -> dict:
    """A chart's legend on a phone: under the chart (its y axis' layout ``yaxis``), ``below`` pixels past its ticks."""
    plot = grid_.height - grid_.margin["t"] - grid_.margin["b"]
    return {"orientation": "h", "x": 0, "xanchor": "left", "y": yaxis["domain"][0] - below / plot, "yanchor": "top",
            "font": {"size": 12}, "bgcolor": "rgba(0,0,0,0)"}  # fmt: skip


def place_legends(figure: FigureDict, place: Grid, legends: dict, policy_legend: str, n: int, screen: Screen) -> None:
    """Where the policy's legend goes, and on a phone every row's: under its chart (``legends`` is updated)."""
    presentation, phone = screen.presentation, screen.phone
    top, bottom = place.margin["t"], place.margin["b"]
    policy_axis = figure.axis(figure.axes(*place.policy)[1])
    if phone:  # every legend under its chart; the policy's under its "hunger" axis title
        for row in range(1, n + 1):
            legends[legend_name(row)] = phone_legend(place, figure.axis(figure.axes(row, 1)[1]))
        legends[policy_legend] = phone_legend(place, policy_axis, below=48)
        figure.update_layout(title_font_size=13)
    else:
        above_policy = policy_axis["domain"][1] + 26 / (figure.layout["height"] - top - bottom)
        # Anchored at the right edge, it reaches left over the empty space above the step charts' legends: the
        # policy's own column is too narrow for it on a laptop beside the sidebar.
        legends[policy_legend] = {"orientation": "h", "x": 1.0, "xanchor": "right", "y": above_policy,
                                  "yanchor": "bottom", "font": {"size": 15 if presentation else 12}}  # fmt: skip


def place_bar(spec: dict, place: Grid, screen: Screen) -> None:
    """Where the player's bar goes: on a phone above the charts, under the title, so Play is next to the bias
    chart; elsewhere under the plot."""
    presentation, phone = screen.presentation, screen.phone
    phone_top = place.margin["t"] - PHONE_CONTROLS + PHONE_BAR_TOP
    if phone:  # the title at the very top, the bar under it
        spec["layout"]["title"].update(y=1 - 14 / place.height, yanchor="top", yref="container")
    # Elsewhere clear of the step axis's title, larger on a projector.
    top = phone_top if phone else animation.bar_top(spec["layout"], animation.BELOW_PLOT + (14 if presentation else -6))
    spec["timeline"].update(bar_top=top, bar_font=17 if presentation else 14)
