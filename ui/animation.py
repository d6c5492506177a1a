"""Playback in the browser: Plotly frames that reveal a run the server trained once.

A chart of a whole run is sent once. A white "curtain" trace hides the steps not reached
yet; each animation frame moves only the curtain and a few small traces (readouts, a
policy curve, markers), with ``redraw: False``, so Plotly restyles those traces in place
and plays at tens of frames a second with no server and no websocket traffic. Layout
shapes and annotations never change between frames: changing them forces a full redraw.

Pure functions: figure dicts in, figure dicts (or an HTML file) out. No Streamlit here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from ui.layers import layers

# Milliseconds Plotly waits after drawing a frame, for each Play button. Fast adds only 15 ms to the
# time a frame takes to draw (about 10 ms for the lab on a projector, 50 ms with all four rows, on a
# 2-core machine), so it plays as fast as the browser draws; Play is for watching a run unfold.
SPEEDS = {"▶ Play": 90, "▶▶ Fast": 15}
BELOW_PLOT = 55  # pixels from the bottom of the plot area to the controls
SLIDER_X = 0.3  # the scrubber starts right of the buttons (share of the width)
STACKED_EXTRA = 45  # pixels the scrubber moves down when it sits under the buttons
MAX_FRAMES = 120  # frames per run: each carries only what changes, so a run stays light

PLAYER_JS = (Path(__file__).parent / "player.js").read_text()

BAR_HTML = """
<div class="player-bar" role="group" aria-label="Playback">
  <span class="player-buttons">
    <button type="button" data-go="play" title="Play the run (Space)">▶ Play</button>
    <button type="button" data-go="fast" title="Play it three times as fast">▶▶ Fast</button>
    <button type="button" data-go="pause" title="Pause (Space)">❚❚ Pause</button>
    <button type="button" data-go="start" title="Back to step 0 (Home)" aria-label="Back to step 0">«</button>
    <button type="button" data-go="back" title="One step back (← or PageUp)" aria-label="One step back">◀</button>
    <button type="button" data-go="forward" title="One step forward (→ or PageDown)"
      aria-label="One step forward">▶</button>
  </span>
  <span class="player-scrub">
    <input type="range" min="0" max="0" step="1" value="0" aria-label="Step shown">
    <span class="player-now" aria-hidden="true"></span>
  </span>
  <span class="player-status" role="status"></span>
</div>
"""

BAR_CSS = """
.player-bar { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: center;
  font-family: "Source Sans Pro", "Source Sans 3", sans-serif; color: #31333F; }
.player-buttons { display: flex; gap: 0.3rem; }
.player-bar button {
  font: inherit; font-size: var(--player-font, 14px); padding: 0.15rem 0.6rem; border-radius: 0.4rem;
  cursor: pointer; border: 1px solid #6E6E6E; background: #f0f2f6; color: #31333F; line-height: 1.4;
}
.player-bar button:hover { border-color: #0072B2; color: #0072B2; }
.player-bar button:focus-visible, .player-bar input:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.player-scrub { display: flex; align-items: center; gap: 0.6rem; flex: 1 1 12rem; min-width: 0; }
.player-scrub input { flex: 1 1 auto; accent-color: #0072B2; min-width: 4rem; }
.player-now { font-size: var(--player-font, 14px); white-space: nowrap; font-variant-numeric: tabular-nums; }
.player-status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""

# What each key does in a player; a page adds its own (the comparison: F and S).
KEYS = {" ": "toggle", "ArrowRight": "forward", "ArrowLeft": "back", "PageDown": "forward", "PageUp": "back",
        "Home": "start", "End": "end"}  # fmt: skip

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


def bar_top(layout: dict, below: int = BELOW_PLOT - 6) -> int:
    """Pixels from a figure's top to where the player's bar goes: ``below`` the plot area (fixed margins)."""
    return int(layout["height"] - layout["margin"]["b"] + below)


def frame(name: str, traces: dict[int, dict]) -> dict:
    """One animation frame: new values for some traces (by index), everything else unchanged."""
    order = sorted(traces)
    return {"name": name, "data": [traces[i] for i in order], "traces": order}


class Prebuilt(go.Figure):
    """A figure dict built (and checked) once, handed to ``st.plotly_chart`` as it is.

    Streamlit turns any figure into a dict with ``to_dict()`` and then into JSON. For a figure
    with a hundred frames, rebuilding the graph objects costs about 0.5 s of server time per
    rerun; serialising the dict costs about 5 ms. So this figure's ``to_dict`` is the dict.
    """

    def __init__(self, spec: dict):
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def offline_html(figure: dict, title: str, description: str = "") -> bytes:
    """One self-contained HTML file that plays the figure with no server and no internet (plotly.js inlined).

    It draws the figure as the page does: its lines, the player laid over them (``ui.layers``) and the player's
    bar, played by the same code (``ui/player.js``) from the same timeline; ``description`` goes under it.
    """
    lines, player = layers(figure)
    timeline = player.pop("timeline")
    height = _height(figure)
    page = _OFFLINE.format(
        title=_escape(title), description=_escape(description), height=height, top=timeline["bar_top"],
        bar_css=BAR_CSS, bar_html=BAR_HTML,
    )  # fmt: skip
    script = "\n".join(
        [
            PLAYER_JS,
            f"const lines = {_json(lines)}, player = {_json(player)}, timeline = {_json(timeline)};",
            f"const keys = {_json(KEYS)};",
            _OFFLINE_START,
        ]
    )
    plotly_js = get_plotlyjs()
    return page.replace("<!--scripts-->", f"<script>{plotly_js}</script>\n<script>{script}</script>").encode()


_OFFLINE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ margin: 8px; font-family: "Source Sans Pro", sans-serif; color: #31333F; }}
.stage {{ position: relative; height: {height}px; }}
#lines, #player {{ position: absolute; top: 0; left: 0; width: 100%; height: {height}px; }}
#player, #player * {{ pointer-events: none !important; }}
.bar {{ position: absolute; top: {top}px; left: 0; right: 0; z-index: 3; }}
.about {{ max-width: 60em; line-height: 1.5; }}
{bar_css}
</style></head>
<body><main>
<div class="stage"><div id="lines" role="img" aria-label="{title}"></div><div id="player"></div>
<div class="bar">{bar_html}</div></div>
<p class="about">{description}</p>
</main>
<!--scripts-->
</body></html>
"""

_OFFLINE_START = """
Plotly.newPlot('lines', lines.data, lines.layout, { displaylogo: false, responsive: true });
Plotly.newPlot('player', player.data, player.layout, { displayModeBar: false, responsive: true });
document.querySelector('.player-bar').style.setProperty('--player-font', (timeline.bar_font || 14) + 'px');
window.__players = { offline: timelinePlayer({
  timeline, keys, bar: document.querySelector('.player-bar'), restMs: 400,
  chart: () => { const gd = document.getElementById('player'); return gd._fullLayout ? gd : null; },
}) };
"""


def _json(value) -> str:
    return to_json_plotly(value).replace("</", "<\\/")  # nothing in it can close the script


def _height(figure: dict) -> int:
    return int(figure.get("layout", {}).get("height") or 600)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
