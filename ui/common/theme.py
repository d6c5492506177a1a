"""One look for the whole app: colour-blind-safe colours (Okabe-Ito), names and Plotly defaults."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

# Okabe & Ito's palette, readable with every common colour-vision deficiency.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"
LIGHT_GREY = "#BBBBBB"
BLACK = "#000000"  # Okabe-Ito's eighth colour

PLACE_COLOURS = {"A": SKY, "B": ORANGE}  # A: small fries, B: large fries
PLACE_NAMES = {"A": "Place A (small fries)", "B": "Place B (large fries)"}


@dataclass(frozen=True)
class Handling:
    """A way to handle the reward (``TrainingConfig.reward_handling``), as every view shows it."""

    label: str  # its name in legends, badges and the sidebar
    short: str  # one word, for table columns and the lecture's what-if table
    colour: str
    dash: str  # Plotly's line dash
    formula: str  # what multiplies the derivative
    mechanism: str  # what the rule does with the reward, in one plain sentence (true whatever a run's outcome)
    reinforces: str  # what it makes more likely, alone (true even where no bias is better than another)


HANDLINGS = {
    "correct": Handling(
        "sign respected (correct)", "respected", BLUE, "solid", "derivative × reward",
        "Makes good choices more likely, bad ones less likely: the bias is pushed uphill on the expected "
        "reward, toward the best policy.",
        "Makes good choices more likely, bad ones less likely",
    ),
    "ignore_sign": Handling(
        "sign ignored", "ignored", ORANGE, "dash", "derivative × |reward|",
        "Makes every choice more likely, good or bad. The pushes cancel on average: the bias "
        "random-walks (unless p(B) is saturated and nothing moves).",
        "Makes every choice more likely, good or bad",
    ),
    "flip_sign": Handling(
        "sign flipped", "flipped", VERMILLION, "dot", "derivative × (−reward)",
        "Makes bad choices more likely, good ones less likely: the bias is pushed downhill, away from the "
        "best policy.",
        "Makes bad choices more likely, good ones less likely",
    ),
    "ignore_reward": Handling(
        "reward ignored", "no reward", PURPLE, "dashdot", "derivative × 1",
        "Does not look at the reward: like ignoring the sign, no average push.",
        "Does not look at the reward",
    ),
    # The comparison's "offset + baseline" side (sim.experiments.offsets.BASELINE_SIDE).
    "correct_baseline": Handling(
        "respected + baseline", "baseline", BLACK, "longdash", "derivative × (reward − b)",
        "The sign respected, minus b, a running mean of the rewards: what every reward shares, such as "
        "an offset, is taken out, so the steps are as calm as with no offset; the average push is the same.",
        "The sign respected, minus b, a running mean of the rewards",
    ),
}  # fmt: skip
# One fact of every handling, by name: the table's columns, for the many places that need only one.
HANDLING_LABELS = {name: handling.label for name, handling in HANDLINGS.items()}
HANDLING_COLOURS = {name: handling.colour for name, handling in HANDLINGS.items()}
HANDLING_DASHES = {name: handling.dash for name, handling in HANDLINGS.items()}
HANDLING_FORMULAS = {name: handling.formula for name, handling in HANDLINGS.items()}

OPTIMUM_COLOUR = GREEN
HUNGER_COLOURS = {0.0: SKY, 0.5: GREY, 1.0: ORANGE}  # p(B) at hunger 0, 0.5, 1

FONT_SIZE = 14
PRESENTATION_FONT_SIZE = 20

# Plotly's toolbar: keep the PNG download (at twice the size, for slides), drop the clutter.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def signed(value: float, digits: int = 6) -> str:
    """A number as the page writes it: ``digits`` significant digits, a real minus sign, never "−0"."""
    return f"{value + 0.0:.{digits}g}".replace("-", "−")  # + 0.0 turns -0.0 into 0.0


def style(figure: go.Figure, title: str, height: int = 320, presentation: bool = False) -> go.Figure:
    """Common layout: a title (it is also the PNG's title), readable fonts, white background."""
    size = PRESENTATION_FONT_SIZE if presentation else FONT_SIZE
    figure.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": size + 3}},
        height=height + (80 if presentation else 0),
        margin={"l": 70, "r": 20, "t": 50, "b": 55},
        font={"size": size},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hovermode="x unified",
    )
    if presentation:
        figure.update_traces(selector={"type": "scatter"}, line={"width": 4})
    return figure


PROJECTOR_MIN_FONT = 16  # pixels: the smallest text of a chart in presentation mode
MIN_FONT = 12  # pixels: the smallest text of a chart elsewhere


def projected_fonts(spec: dict) -> dict:
    """A figure dict for a projector: every font set in its layout and traces at least ``PROJECTOR_MIN_FONT``.

    Charts set small sizes here and there (badges, band labels, bar labels); this grows them all in one place.
    """
    return least_fonts(spec, PROJECTOR_MIN_FONT, grow=1.3)


def readable(spec: dict, presentation: bool) -> dict:
    """A figure dict whose every font is at least 16 px in presentation mode, else at least 12 px."""
    return projected_fonts(spec) if presentation else least_fonts(spec, MIN_FONT)


def least_fonts(spec: dict, least: int, grow: float = 1.0) -> dict:
    """Every font size set in the figure's layout and traces raised to ``least`` (``grow`` times, if that is more)."""

    def grow_fonts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                size = value.get("size") if key.endswith("font") and isinstance(value, dict) else None
                if isinstance(size, (int, float)) and size < least:
                    value["size"] = max(round(size * grow), least)
                grow_fonts(value)
        elif isinstance(node, list):
            for item in node:
                grow_fonts(item)

    grow_fonts(spec.get("layout", {}))
    grow_fonts(spec.get("data", []))
    return spec
