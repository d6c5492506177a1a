"""The policy panel, p(B) over hunger, as every view draws it: where each place is the better one, and its axes.

Pure: a ``FigureDict`` in, the panel's regions, labels and axes added. The lab draws its policy now and at step 0
on it; the comparison each rule's final policy and the best.
"""

from __future__ import annotations

from ui.common.theme import GREY, PLACE_COLOURS

Y_RANGE = (-0.03, 1.03)  # p(B) from 0 to 1, with room for a line drawn at 0 or 1
LABEL_ROOM = 0.1  # a region narrower than this (in hunger) holds no label


def add_policy_panel(figure, regions: tuple, row: int, col: int, font_size: int, y_title: bool = True) -> None:
    """For each stretch of hunger (``sim.truth.facts.Facts.regions``: the better place there, or None), shade the
    half of the panel where a good policy's p(B) lies, high where B is the better place and low where A is, and
    name it; then the axes: hunger from 0 to 1, p(B) in ``Y_RANGE``."""
    for place, x0, x1 in regions:
        if place is None or x1 <= x0:
            continue
        high = place == "B"
        figure.add_shape(
            type="rect", x0=x0, x1=x1, y0=0.5 if high else 0, y1=1 if high else 0.5, fillcolor=PLACE_COLOURS[place],
            opacity=0.2, line_width=0, layer="below", row=row, col=col,
        )  # fmt: skip
        if x1 - x0 > LABEL_ROOM:
            # A label at an end of the axis starts from that end, so on a narrow panel it stays off the ticks.
            x, anchor = (x0, "left") if x0 <= 0 else (x1, "right") if x1 >= 1 else ((x0 + x1) / 2, "center")
            figure.add_annotation(
                x=x, xanchor=anchor, y=0.75 if high else 0.25, text=f"{place} good", showarrow=False,
                font={"size": font_size, "color": GREY}, row=row, col=col,
            )  # fmt: skip
    figure.update_xaxes(title_text="hunger", range=[0, 1], row=row, col=col)
    figure.update_yaxes(title_text="p(B)" if y_title else None, range=list(Y_RANGE), row=row, col=col)
