"""Where the lab player's parts go, decided by the width of the page's main column (``Screen.width``).

A column at least ``TWO_COLUMNS`` pixels wide has the step charts down the left, each with its legend to its
right, and the policy curve and the readouts beside them; the legends' and the policy's columns are given in
pixels, so their words fit at any width. A narrower column (a phone, a tablet beside the sidebar, 400% zoom)
has one column: step charts, then the policy, then the readouts, each legend under its chart. The player's
bar (Play, the scrubber, the verdict) sits above the figure, in the page. Pure functions on a figure dict
(``ui.common.figure_dict``); no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.common.figure_dict import FigureDict
from ui.common.screen import Screen

TWO_COLUMNS = 880  # pixels of main column from which the policy and readouts go beside the step charts
ROW_HEIGHT = 190
PRESENTATION_ROW_HEIGHT = 180
LEGEND = {False: 175, True: 235}  # pixels for the step charts' legends (without, with presentation mode)
POLICY_TITLE = 60  # pixels left of the policy plot for its "p(B)" axis title and tick labels
TITLE_LINE = {False: 22, True: 30}  # pixels per line of the figure's title
# One column, in pixels: each step chart, the policy, the readouts, and the gap above each of the last three
# (it holds the chart's legend and tick labels, then the next title).
ONE_COLUMN = {"step": 170, "policy": 230, "readouts": 170, "gap": 100}


@dataclass
class Grid:
    figure: FigureDict
    policy: tuple[int, int]  # (row, col) of the policy curve
    readouts: tuple[int, int]  # (row, col) of the readout panel
    height: int  # of the whole figure, in pixels
    margin: dict  # top, bottom, left and right margins, in pixels
    one_column: bool
    legend_x: float = 0.0  # paper x where the step charts' legends start (two columns)


def grid(n: int, screen: Screen, title_lines: int = 2) -> Grid:
    """The subplots for ``n`` step charts, and where the rest goes, for the screen's width."""
    presentation = screen.presentation
    top = 40 + TITLE_LINE[presentation] * title_lines
    if screen.width < TWO_COLUMNS:
        heights = [ONE_COLUMN["step"]] * n + [ONE_COLUMN["policy"], ONE_COLUMN["readouts"]]
        plot = sum(heights) + ONE_COLUMN["gap"] * (len(heights) - 1)
        figure = FigureDict(rows=n + 2, cols=1, row_heights=heights, vertical_spacing=ONE_COLUMN["gap"] / plot)
        # Room at the right for the last step's label ("2,000").
        margin = {"t": top, "b": 20, "l": 60 if presentation else 48, "r": 22}
        return Grid(figure, (n + 1, 1), (n + 2, 1), plot + margin["t"] + margin["b"], margin, True)
    margin = {"t": top + 10, "b": 60 if presentation else 50, "l": 70, "r": 10}
    plot_width = screen.width - margin["l"] - margin["r"]
    policy = min(max(0.27 * plot_width, 220), 420)
    right = 1 - policy / plot_width  # where the policy's plot starts
    left = right - (LEGEND[presentation] + POLICY_TITLE) / plot_width  # where the step charts end
    side = [{"rowspan": n // 2}] + [None] * (n // 2 - 1)
    specs = [[{}, s] for s in side] + [[{}, s] for s in side]
    spacing = {"horizontal_spacing": right - left, "vertical_spacing": 0.1 if presentation else 0.07}
    figure = FigureDict(rows=n, cols=2, specs=specs, column_widths=[left, 1 - right], **spacing)
    plot = (PRESENTATION_ROW_HEIGHT if presentation else ROW_HEIGHT) * n + (60 if presentation else 80)
    height = plot + margin["t"] + margin["b"]
    return Grid(figure, (1, 2), (n // 2 + 1, 2), height, margin, False, left + 8 / plot_width)


def row_legend(place: Grid, top: float, presentation: bool) -> dict:
    """A step chart's legend in two columns: to its right, level with its top."""
    where = {"orientation": "v", "x": place.legend_x, "xanchor": "left", "y": top, "yanchor": "top"}
    return {**where, "tracegroupgap": 2, "font": {"size": 16 if presentation else 12}, "bgcolor": "rgba(0,0,0,0)"}


def legend_name(row: int) -> str:
    """The legend of step chart ``row``: Plotly calls the first "legend", the others "legend2", ..."""
    return "legend" if row == 1 else f"legend{row}"


def under_legend(place: Grid, yaxis: dict, presentation: bool, below: int = 24) -> dict:
    """A chart's legend in one column: under the chart (its y axis' layout ``yaxis``), ``below`` px past its ticks."""
    plot = place.height - place.margin["t"] - place.margin["b"]
    return {"orientation": "h", "x": 0, "xanchor": "left", "y": yaxis["domain"][0] - below / plot, "yanchor": "top",
            "font": {"size": 16 if presentation else 12}, "bgcolor": "rgba(0,0,0,0)"}  # fmt: skip


def place_legends(figure: FigureDict, place: Grid, legends: dict, policy_legend: str, n: int, screen: Screen) -> None:
    """Where the policy's legend goes, and in one column every row's: under its chart (``legends`` is updated)."""
    presentation = screen.presentation
    top, bottom = place.margin["t"], place.margin["b"]
    policy_axis = figure.axis(figure.axes(*place.policy)[1])
    if place.one_column:  # every legend under its chart; the policy's under its "hunger" axis title
        for row in range(1, n + 1):
            legends[legend_name(row)] = under_legend(place, figure.axis(figure.axes(row, 1)[1]), presentation)
        legends[policy_legend] = under_legend(place, policy_axis, presentation, below=48)
    else:
        above_policy = policy_axis["domain"][1] + 26 / (figure.layout["height"] - top - bottom)
        # Anchored at the right edge, it reaches left over the empty space above the step charts' legends.
        legends[policy_legend] = {"orientation": "h", "x": 1.0, "xanchor": "right", "y": above_policy,
                                  "yanchor": "bottom", "font": {"size": 16 if presentation else 12}}  # fmt: skip
