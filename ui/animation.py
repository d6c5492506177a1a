"""Playback in the browser: Plotly frames that reveal a run the server trained once.

A chart of a whole run is sent once. A white "curtain" trace hides the steps not reached
yet; each animation frame moves only the curtain and a few small traces (readouts, a
policy curve, markers), with ``redraw: False``, so Plotly restyles those traces in place
and plays at tens of frames a second with no server and no websocket traffic. Layout
shapes and annotations never change between frames: changing them forces a full redraw.

Pure functions: figure dicts in, figure dicts (or an HTML file) out. No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

# Milliseconds Plotly waits after drawing a frame, for each Play button. Fast adds only 15 ms to the
# time a frame takes to draw (about 10 ms for the lab on a projector, 50 ms with all four rows, on a
# 2-core machine), so it plays as fast as the browser draws; Play is for watching a run unfold.
SPEEDS = {"▶ Play": 90, "▶▶ Fast": 15}
BELOW_PLOT = 55  # pixels from the bottom of the plot area to the controls
SLIDER_X = 0.3  # the scrubber starts right of the buttons (share of the width)
STACKED_EXTRA = 45  # pixels the scrubber moves down when it sits under the buttons
MAX_FRAMES = 120  # frames per run: each carries only what changes, so a run stays light

# Curtain: the colour of the plot background, so the hidden future looks like empty plot.
CURTAIN_COLOUR = "#ffffff"
CURTAIN_EDGE = "#6E6E6E"


def frame_steps(steps: int, also=(), max_frames: int = MAX_FRAMES) -> np.ndarray:
    """The steps that get a frame: 0..steps evenly (every step for short runs), plus ``also``."""
    even = np.linspace(0, steps, min(steps + 1, max_frames)).round().astype(np.int64)
    extra = [int(s) for s in also if 0 <= int(s) <= steps]
    return np.unique(np.concatenate([even, np.asarray(extra, dtype=np.int64)]))


def curtain_x(step: float, end: float) -> list[float]:
    """x of a box from ``step`` to ``end`` (the curtain), as four corners; whole numbers where possible."""
    step, end = (int(v) if float(v).is_integer() else float(v) for v in (step, end))
    return [end, step, step, end]


def curtain(step: float, end: float, low: float, high: float, xaxis: str = "x", yaxis: str = "y") -> dict:
    """A white box over steps (step, end] of one subplot: the part of the run not reached yet.

    Its outline runs bottom, left, top; the box reaches past the axis range (``low``, ``high``),
    so only the left edge, the dotted "now" line, is inside the plot.
    """
    reach = (high - low) * 0.2
    return {
        "type": "scatter", "x": curtain_x(step, end), "y": [low - reach, low - reach, high + reach, high + reach],
        "xaxis": xaxis, "yaxis": yaxis,
        "mode": "lines", "fill": "toself", "fillcolor": CURTAIN_COLOUR, "hoverinfo": "skip", "showlegend": False,
        "line": {"color": CURTAIN_EDGE, "width": 1, "dash": "dot"}, "name": "not reached yet", "meta": "curtain",
    }  # fmt: skip


def _animate(names: list[str] | None, duration: int) -> list:
    options = {"mode": "immediate", "frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0}}
    return [names, options if names and names != [None] else {**options, "fromcurrent": True}]


def controls(names: list[str], active: int, label: str = "Step ", font_size: int = 13, stacked: bool = False) -> dict:
    """Play, Fast and Pause buttons and a scrubber over the frames, as layout entries (updatemenus, sliders).

    Plotly draws and runs them in the browser, in the page and in an offline copy alike. ``stacked`` puts
    the scrubber under the buttons, across the whole width (a phone has no room beside them): it needs
    ``STACKED_EXTRA`` more pixels of bottom margin.
    """
    buttons = [{"label": text, "method": "animate", "args": _animate(None, ms)} for text, ms in SPEEDS.items()]
    buttons.append({"label": "❚❚ Pause", "method": "animate", "args": _animate([None], 0)})
    steps = [{"label": name, "method": "animate", "args": _animate([name], 0)} for name in names]
    font = {"size": font_size, "color": "#31333F"}  # dark on the buttons' grey: WCAG AA contrast
    slider_x, slider_top = (0.0, BELOW_PLOT + STACKED_EXTRA - 12) if stacked else (SLIDER_X, BELOW_PLOT - 12)
    return {
        "updatemenus": [
            {
                "type": "buttons", "direction": "left", "showactive": False, "buttons": buttons,
                "x": 0.0, "xanchor": "left", "y": 0.0, "yanchor": "top", "pad": {"t": BELOW_PLOT, "r": 10},
                "font": font, "bgcolor": "#f0f2f6", "bordercolor": CURTAIN_EDGE,
            }
        ],
        "sliders": [
            {
                "active": active, "steps": steps, "x": slider_x, "len": 1.0 - slider_x, "y": 0.0, "yanchor": "top",
                "pad": {"t": slider_top, "b": 0}, "ticklen": 0, "minorticklen": 0,
                # Step labels under every tick would pile up: only the current value is written.
                "font": {"color": "rgba(0,0,0,0)", "size": 2}, "tickcolor": "rgba(0,0,0,0)",
                "currentvalue": {"prefix": label, "font": {**font, "color": "#31333F"}, "xanchor": "left"},
                "transition": {"duration": 0},
            }
        ],
    }  # fmt: skip


def frame(name: str, traces: dict[int, dict]) -> dict:
    """One animation frame: new values for some traces (by index), everything else unchanged."""
    order = sorted(traces)
    return {"name": name, "data": [traces[i] for i in order], "traces": order}


class Prebuilt(go.Figure):
    """A figure dict built (and checked) once, handed to ``st.plotly_chart`` as it is.

    Streamlit turns any figure into a dict with ``to_dict()`` and then into JSON. For a figure
    with a hundred frames, rebuilding the graph objects costs about 0.5 s of server time per
    rerun; serialising the dict costs about 5 ms. So this figure's ``to_dict`` is the dict.

    It skips ``go.Figure.__init__`` too: an empty figure's template alone cost 3.5 ms per chart per rerun
    (measured with ``bench.profile lecture``), and nothing but ``to_dict`` is ever asked of this one.
    """

    def __new__(cls, spec: dict):
        figure = object.__new__(cls)
        object.__setattr__(figure, "_spec", spec)
        return figure

    def __init__(self, spec: dict):  # the figure is complete: nothing to set up
        pass

    def to_dict(self) -> dict:
        return self._spec


def offline_html(figure: dict, title: str) -> bytes:
    """One self-contained HTML file that plays the figure with no server and no internet (plotly.js inlined)."""
    html = pio.to_html(
        figure, include_plotlyjs=True, full_html=True, auto_play=False, validate=False,
        config={"displaylogo": False, "responsive": True}, default_width="100%", default_height=f"{_height(figure)}px",
    )  # fmt: skip
    return html.replace("<head>", f"<head><title>{_escape(title)}</title>", 1).encode()


def _height(figure: dict) -> int:
    return int(figure.get("layout", {}).get("height") or 600)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
