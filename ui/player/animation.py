"""Playback in the browser: a chart of a whole run, revealed step by step by a player in the browser.

A chart of a whole run is sent once. A white "curtain" trace hides the steps not reached
yet; at each animation frame the player (``ui/player/player.js``, playing a timeline from ``ui.player.timeline``)
moves only the curtain and a few small traces (readouts, a policy curve, markers), with
``redraw: False``, so Plotly restyles those traces in place with no server and no websocket
traffic. Layout shapes and annotations never change while playing: that forces a full redraw.
The player's bar (buttons, scrubber) and the offline file that holds chart and player are here too.

Pure functions: figure dicts in, figure dicts (or an HTML file) out. No Streamlit here.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from ui.common.screen import NARROW
from ui.player.layers import layers

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
  <p class="player-caption"></p>
</div>
"""

BAR_CSS = """
.player-bar { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: center;
  font-family: "Source Sans Pro", "Source Sans 3", sans-serif; color: #31333F; }
.player-buttons { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.player-bar button {
  font: inherit; font-size: var(--player-font, 14px); padding: 0.15rem 0.6rem; border-radius: 0.4rem;
  cursor: pointer; border: 1px solid #6E6E6E; background: #f0f2f6; color: #31333F; line-height: 1.4;
  white-space: nowrap;
}
.player-bar button:hover { border-color: #0072B2; color: #0072B2; }
.player-bar button:focus-visible, .player-bar input:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.player-scrub { display: flex; align-items: center; gap: 0.6rem; flex: 1 1 12rem; min-width: 0; }
.player-scrub input { flex: 1 1 auto; accent-color: #0072B2; min-width: 4rem; }
.player-now { font-size: var(--player-font, 14px); white-space: nowrap; font-variant-numeric: tabular-nums; }
.player-caption { flex: 1 1 100%; margin: 0; font-size: var(--player-font, 14px); line-height: 1.4; }
.player-caption:empty { display: none; }
.player-status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""

# What each key does in a player; a page adds its own (the comparison: F and S).
KEYS = {" ": "toggle", "ArrowRight": "forward", "ArrowLeft": "back", "PageDown": "forward", "PageUp": "back",
        "Home": "start", "End": "end"}  # fmt: skip

# Curtain: the plot's background, not quite opaque: the steps not reached yet show faintly, so a chart at step 0
# shows what Play will draw, not empty axes.
CURTAIN_COLOUR = "rgba(255, 255, 255, 0.82)"
CURTAIN_EDGE = "#6E6E6E"


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


class Prebuilt(go.Figure):
    """A figure dict built (and checked) once, handed to ``st.plotly_chart`` as it is.

    Streamlit turns any figure into a dict with ``to_dict()`` and then into JSON. For a figure
    with a long timeline, rebuilding the graph objects costs about 0.5 s of server time per
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


def offline_html(
    figure: dict, title: str, description: str = "", narrow: dict | None = None, wide_from: int = NARROW
) -> bytes:
    """One self-contained HTML file that plays the figure with no server and no internet (plotly.js inlined).

    It draws the figure as the page does: its lines, the player laid over them (``ui.player.layers``) and the player's
    bar, played by the same code (``ui/player/player.js``) from the same timeline; ``description`` goes under it.
    ``narrow``: the same chart built for a narrow screen (``Screen.narrow``); the file then shows ``figure`` in a
    window at least ``wide_from`` pixels wide (the width it was built for) and ``narrow`` in a narrower one, and
    switches, at the step shown, when the window is resized past it.
    """
    builds = [_build(figure, wide_from)] + ([_build(narrow, 0)] if narrow is not None else [])
    page = _OFFLINE.format(
        title=_escape(title), description=_escape(description), height=_height(figure), bar_css=BAR_CSS,
        bar_html=BAR_HTML,
    )  # fmt: skip
    script = "\n".join([PLAYER_JS, f"const builds = {_json(builds)}, keys = {_json(KEYS)};", _OFFLINE_START])
    plotly_js = get_plotlyjs()
    return page.replace("<!--scripts-->", f"<script>{plotly_js}</script>\n<script>{script}</script>").encode()


def _build(figure: dict, min_width: int) -> dict:
    """One build of the chart for the offline file: its two layers and timeline, shown from ``min_width`` px up."""
    lines, player = layers(figure)
    timeline = player.pop("timeline")
    return {"min": min_width, "lines": lines, "player": player, "timeline": timeline, "height": _height(figure)}


_OFFLINE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ margin: 8px; font-family: "Source Sans Pro", sans-serif; color: #31333F; }}
.stage {{ position: relative; height: {height}px; }}
#lines, #player {{ position: absolute; top: 0; left: 0; width: 100%; height: 100%; }}
#player, #player * {{ pointer-events: none !important; }}
.bar {{ margin-bottom: 6px; }}
.about {{ max-width: 60em; line-height: 1.5; }}
{bar_css}
</style></head>
<body><main>
<div class="bar">{bar_html}</div>
<div class="stage"><div id="lines" role="img" aria-label="{title}"></div><div id="player"></div></div>
<p class="about">{description}</p>
</main>
<!--scripts-->
</body></html>
"""

# The build whose min width the window reaches, drawn, and played from the step the last build showed.
_OFFLINE_START = """
const bar = document.querySelector('.player-bar'), stage = document.querySelector('.stage');
let shown = null, player = null;
function show() {
  const width = document.documentElement.clientWidth - 16;
  const build = builds.filter((b) => width >= b.min).sort((a, b) => b.min - a.min)[0] || builds[0];
  if (build === shown) return;
  const carry = player ? player.state() : null;
  if (player) player.stop();
  shown = build;
  stage.style.height = build.height + 'px';
  // Drawn anew (not Plotly.react): both layers then take the stage's new size together, so they line up.
  Plotly.purge('lines');
  Plotly.purge('player');
  Plotly.newPlot('lines', build.lines.data, build.lines.layout, { displaylogo: false, responsive: true });
  Plotly.newPlot('player', build.player.data, build.player.layout, { displayModeBar: false, responsive: true });
  bar.style.setProperty('--player-font', (build.timeline.bar_font || 14) + 'px');
  player = timelinePlayer({
    timeline: build.timeline, keys, bar, restMs: 400,
    carry: carry ? { step: carry.step, speed: carry.playing ? 'play' : null } : null,
    chart: () => { const gd = document.getElementById('player'); return gd._fullLayout ? gd : null; },
  });
  window.__players = { offline: player };
}
show();
let resizing = 0;
addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(show, 150); });
"""


def _json(value) -> str:
    return to_json_plotly(value).replace("</", "<\\/")  # nothing in it can close the script


def _height(figure: dict) -> int:
    return int(figure.get("layout", {}).get("height") or 600)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
