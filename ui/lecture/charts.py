"""Figures of the lecture walk-through: the one-neuron network and the 0..1 sampling line.

Pure functions: already-formatted numbers in, a Plotly figure out. They draw; they do not compute.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ui.common.fit import CHARACTER
from ui.common.theme import BLUE, GREY, LIGHT_GREY, PLACE_COLOURS

# Sized for a projector at 1280×720: big enough to read from the back of the room.
FONT = {"size": 16, "color": "#222222"}
VALUE_SIZE = 19
DIAGRAM_HEIGHT = 120
LINE_HEIGHT = 140
HIGHLIGHT = BLUE
FADED = 0.3  # opacity of the segment that was not chosen

# The network's boxes, left to right: (name, label above the value, centre x).
NODES = (
    ("hunger", "hunger", 0.75),
    ("weight", "× weight", 2.85),
    ("bias", "+ bias", 4.95),
    ("sigmoid", "sigmoid", 7.05),
)
OUTPUT_X = 9.2
BOX_HALF_WIDTH = 0.62
# On a phone the row would squeeze the labels together: two rows instead, the second read right to left
# (hunger → × weight → + bias, down to sigmoid → p(B)). Centres (x, y) of the boxes, in the same order.
NARROW_CENTRES = ((0.75, 1.5), (3.2, 1.5), (5.65, 1.5), (5.65, 0.5), (3.2, 0.5))
NARROW_HALF_WIDTH = 0.75
NARROW_HEIGHT = 220


def network_figure(
    hunger: str,
    weight: str,
    bias: str,
    weighted_input: str,
    logit: str,
    prob_b: str,
    highlight: tuple[str, ...] = (),
    bias_note: str = "",
    narrow: bool = False,
) -> go.Figure:
    """hunger → × weight → + bias → sigmoid → p(B), current values written on the boxes and arrows.

    ``highlight`` names the boxes the current sub-step is about ("hunger", "weight", "bias",
    "sigmoid", "output"); ``bias_note`` is a line under the bias box, e.g. "was 0". ``narrow``: for a
    phone, the boxes in two rows (``NARROW_CENTRES``) instead of one.
    """
    figure = go.Figure()
    values = {"hunger": hunger, "weight": weight, "bias": bias, "sigmoid": "σ", "output": prob_b}
    labels = [(name, label) for name, label, _ in NODES] + [("output", "p(B)")]
    centres = NARROW_CENTRES if narrow else [(x, 0.5) for _, _, x in NODES] + [(OUTPUT_X, 0.5)]
    half = NARROW_HALF_WIDTH if narrow else BOX_HALF_WIDTH
    for (name, label), (x, y) in zip(labels, centres):
        fill = _tint(PLACE_COLOURS["B"]) if name == "output" else "#F4F4F4"
        _box(figure, x, y, half, label, values[name], name in highlight, fill=fill)
    # Arrows between the boxes carry the value flowing along them.
    flows = [hunger, weighted_input, logit, prob_b]
    for ((x0, y0), (x1, y1)), value in zip(zip(centres, centres[1:]), flows):
        if y0 == y1:  # along a row, either way
            way = 1 if x1 > x0 else -1
            start, end = (x0 + way * half, y0), (x1 - way * half, y1)
            place = {"x": (x0 + x1) / 2, "y": y0, "yanchor": "bottom", "yshift": 4}
        else:  # down to the next row
            start, end = (x0, y0 - 0.38), (x1, y1 + 0.38)
            place = {"x": x0, "y": (y0 + y1) / 2, "xanchor": "left", "xshift": 6}
        figure.add_annotation(
            x=end[0], y=end[1], ax=start[0], ay=start[1],
            xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=2, arrowsize=1.3, arrowwidth=2, arrowcolor=GREY,
        )  # fmt: skip
        figure.add_annotation(text=value, showarrow=False, font={"size": 15, "color": "#333333"}, **place)
    if bias_note:
        x, y = centres[2]
        where = {"y": 1.0, "xanchor": "right", "xshift": -6} if narrow else {"y": y - 0.52, "yanchor": "top"}
        figure.add_annotation(x=x, text=bias_note, showarrow=False, font={"size": 14, "color": BLUE}, **where)
    if narrow:
        return _drawing(figure, x_range=[-0.1, 6.65], y_range=[-0.1, 2.05], height=NARROW_HEIGHT)
    return _drawing(figure, x_range=[-0.05, 10.05], y_range=[-0.3, 1.12], height=DIAGRAM_HEIGHT)


def _box(figure: go.Figure, x: float, y: float, half: float, label: str, value: str, highlighted: bool, fill: str):
    figure.add_shape(
        type="rect", x0=x - half, x1=x + half, y0=y - 0.38, y1=y + 0.38, fillcolor=fill,
        line={"color": HIGHLIGHT if highlighted else LIGHT_GREY, "width": 4 if highlighted else 1.5},
    )  # fmt: skip
    figure.add_annotation(x=x, y=y + 0.2, text=label, showarrow=False, font={"size": 15, "color": GREY})
    figure.add_annotation(x=x, y=y - 0.14, text=f"<b>{value}</b>", showarrow=False, font={"size": VALUE_SIZE})


def _tint(colour: str, amount: float = 0.75) -> str:
    """A lighter version of a #RRGGBB colour (mixed with white), for box backgrounds."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def sampling_line_figure(
    prob_a: float,
    prob_a_text: str,
    prob_b_text: str,
    draw: float | None = None,
    draw_text: str = "",
    action: str | None = None,
    width: float = 320,
    scale: float = 1.0,
) -> go.Figure:
    """The 0..1 line: A's segment [0, p(A)), B's [p(A), 1], the draw's pointer and the chosen place highlighted.

    Labels sit above the bar (A's at the left end, B's at the right end, so narrow segments stay
    readable); the pointer comes from below, so it never crosses a label. With ``draw`` None
    (before the draw is revealed) both segments are shown plainly. ``width``: the chart's pixels, and ``scale``
    the size its text will be drawn at (``for_projector``): B's label goes on a second row where the two would meet.
    """
    labels = {place: f"{place}: p({place}) = {text}" for place, text in (("A", prob_a_text), ("B", prob_b_text))}
    two_rows = _labels_meet(labels, width, scale)
    figure = go.Figure()
    segments = {"A": (0.0, prob_a), "B": (prob_a, 1.0)}
    for place, (start, end) in segments.items():
        chosen = action == place
        faded = action is not None and not chosen
        figure.add_shape(
            type="rect", x0=start, x1=end, y0=0.0, y1=1.0, fillcolor=PLACE_COLOURS[place],
            opacity=FADED if faded else 1.0,
            line={"color": "#111111" if chosen else "white", "width": 4 if chosen else 1},
        )  # fmt: skip
        if end - start >= 0.06:
            figure.add_annotation(
                x=(start + end) / 2, y=0.5, text=f"<b>{place}</b>", showarrow=False,
                font={"size": 17, "color": GREY if faded else "#111111"},
            )  # fmt: skip
        # A's label at the left end, B's at the right end; if both are long, B's goes on a second row.
        label = labels[place]
        second_row = place == "B" and two_rows
        figure.add_annotation(
            x=0.0 if place == "A" else 1.0, y=1.0, yshift=28 if second_row else 6,
            text=f"<b>{label}</b>" if chosen else label, showarrow=False,
            xanchor="left" if place == "A" else "right", yanchor="bottom",
            font={"size": 16, "color": GREY if faded else "#111111"},
        )  # fmt: skip
    for x, text, anchor in ((0.0, "0", "right"), (1.0, "1", "left")):
        figure.add_annotation(
            x=x, y=0.5, xshift=-6 if anchor == "right" else 6, text=text, showarrow=False, xanchor=anchor,
            font={"size": 15, "color": GREY},
        )  # fmt: skip
    if draw is not None:
        # The pointer: a line through the bar and an arrow from below, with the draw's value under it.
        figure.add_shape(type="line", x0=draw, x1=draw, y0=-0.05, y1=1.0, line={"color": "#111111", "width": 3})
        anchor = "left" if draw < 0.15 else "right" if draw > 0.85 else "center"
        figure.add_annotation(
            x=draw, y=-0.05, ax=0, ay=30, text=f"<b>draw u = {draw_text}</b>", showarrow=True, arrowhead=2,
            arrowsize=1.4, arrowwidth=3, arrowcolor="#111111", xanchor=anchor, yanchor="top",
            font={"size": 16, "color": "#111111"},
        )  # fmt: skip
    _drawing(figure, x_range=[-0.07, 1.07], y_range=[-1.6, 2.7], height=LINE_HEIGHT)
    figure.update_layout(hovermode=False)
    return figure


def _labels_meet(labels: dict[str, str], width: float, scale: float) -> bool:
    """Whether A's label (from the left end) and B's (from the right end) would meet on a line ``width`` px wide."""
    bar = (width - 8) / (1.07 + 0.07)  # pixels of the 0..1 bar: the x range is -0.07..1.07, in 4-pixel margins
    return CHARACTER * 16 * scale * (len(labels["A"]) + len(labels["B"])) + 16 * scale > bar


def _drawing(figure: go.Figure, x_range: list, y_range: list, height: int) -> go.Figure:
    """A chart used as a drawing: no axes, no zoom or drag, no legend, a thin margin."""
    figure.update_xaxes(visible=False, range=x_range, fixedrange=True)
    figure.update_yaxes(visible=False, range=y_range, fixedrange=True)
    figure.update_layout(
        height=height,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        font=FONT,
        template="plotly_white",
        showlegend=False,
        dragmode=False,
    )
    return figure


def for_projector(figure: go.Figure, scale: float = 1.25) -> go.Figure:
    """The same drawing for a projector: every text ``scale`` times larger, every line at least 2.5 px."""
    for note in figure.layout.annotations:
        note.font.size = round((note.font.size or FONT["size"]) * scale)
        if note.showarrow:
            note.arrowwidth = max(note.arrowwidth or 1, 3)
    for shape in figure.layout.shapes:
        if shape.line.width is not None and 0 < shape.line.width < 2.5:
            shape.line.width = 2.5
    figure.update_layout(height=round(figure.layout.height * scale), font={"size": round(FONT["size"] * scale)})
    return figure
