"""The lecture's two diagrams at a sub-step, the network and the sampling line, as figure dicts shared by every visitor.

``diagram`` picks the few numbers and words a diagram shows (``_network_args``, ``_line_args``), and
builds the figure (``ui.lecture.charts``) once per distinct set of them, for every visitor of the server.
"""

from __future__ import annotations

import streamlit as st

from sim.rounding import number_text
from sim.walkthrough import Update
from ui.common.screen import Screen
from ui.lecture.charts import for_projector, network_figure, sampling_line_figure


def diagram(kind: str, update: Update, substep: str, exact: bool, screen: Screen, width: float = 320) -> dict:
    """The network or the sampling line at this sub-step, as a figure dict, built once for every visitor.

    A class follows the same steps, and building a diagram with Plotly's graph objects costs tens of
    milliseconds (measured: three quarters of the lecture's server time per visit before it was cached).
    The cache is keyed on the few numbers and words the diagram shows, which are cheap to hash (hashing the
    whole update was a seventh of a rerun), and hands out the one shared dict, not a copy: nothing changes it.
    ``width``: the pixels the sampling line has (in steps of 40, so a few pixels more or less build nothing new).
    """
    if kind == "network":  # a narrow page's network in two rows
        return _built(kind, _network_args(update, substep, exact), screen.narrow, screen.presentation)
    return _built(kind, _line_args(update, substep, exact), int(width // 40 * 40), screen.presentation)


@st.cache_resource(max_entries=512, show_spinner=False)
def _built(kind: str, args: tuple, room: bool | int, presentation: bool) -> dict:
    """``room``: for the network, whether it goes in two rows; for the line, its width in pixels."""
    if kind == "network":
        figure = network_figure(**dict(args), narrow=room)
    else:
        figure = sampling_line_figure(**dict(args), width=room, scale=1.25 if presentation else 1.0)
    return (for_projector(figure) if presentation else figure).to_dict()


def _network(update: Update, substep: str, exact: bool, narrow: bool = False):
    return network_figure(**dict(_network_args(update, substep, exact)), narrow=narrow)


def _line(update: Update, substep: str, exact: bool):
    return sampling_line_figure(**dict(_line_args(update, substep, exact)))


def _network_args(update: Update, substep: str, exact: bool) -> tuple:
    after = substep in ("new_bias", "new_prob")
    text = lambda value: number_text(value, exact)  # noqa: E731 - a short local formatter
    highlights = {
        "forward": ("hunger", "weight", "bias", "sigmoid", "output"),
        "draw": ("output",),
        "guess": ("output",),
        "derivative": ("bias",),
        "step_size": ("bias",),
        "new_bias": ("bias",),
        "new_prob": ("bias", "sigmoid", "output"),
    }
    unknown = substep == "new_bias"  # the bias changed; the next click recomputes what follows
    return (
        ("hunger", text(update.hunger)),
        ("weight", text(update.weight)),
        ("bias", text(update.bias if after else update.bias_before)),
        ("weighted_input", text(update.weighted_input)),
        ("logit", "?" if unknown else text(update.logit_after if after else update.logit)),
        ("prob_b", "?" if unknown else text(update.prob_b_after if after else update.prob_b)),
        ("highlight", highlights.get(substep, ())),
        ("bias_note", f"was {text(update.bias_before)}" if after else ""),
    )


def _line_args(update: Update, substep: str, exact: bool) -> tuple:
    if substep == "new_prob":  # the new split of the line, ready for the next draw
        a, b = number_text(update.prob_a_after, exact), number_text(update.prob_b_after, exact)
        return (("prob_a", update.prob_a_after), ("prob_a_text", a), ("prob_b_text", b))
    drawn = substep != "forward"
    return (
        ("prob_a", update.prob_a),
        ("prob_a_text", number_text(update.prob_a, exact)),
        ("prob_b_text", number_text(update.prob_b, exact)),
        ("draw", update.draw if drawn else None),
        ("draw_text", number_text(update.draw, exact)),
        ("action", update.action if drawn else None),
    )
