"""The player's bar under a playing chart: Play, Fast, Pause, step buttons, a scrubber over every step, and the
keys; when playback rests it tells Python which step is shown, so the page can put that step in the URL.

The bar mounts ``ui/player/player.js`` (a Streamlit component) for a chart drawn with ``ui.player.layered_chart``: it
plays the chart's timeline (``ui.player.timeline``) in the browser, with no server and no websocket traffic while it
plays, and reports once the frame shown has rested for ``REST_MS`` on a new step. A new chart for the same key (a
setting changed) opens at the step the old one showed, playing if it was playing. The offline file
(``ui.player.animation.offline_html``) holds the same bar and the same code.

The JavaScript is fixed text (trusted code); data from Python goes in through ``data`` and is written with
``textContent`` only.
"""

from __future__ import annotations

import streamlit as st

from ui.common.keyboard import css_key
from ui.player.animation import BAR_CSS, BAR_HTML, KEYS, PLAYER_JS

JS = (
    PLAYER_JS
    + """
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  // Streamlit calls this again when the data changes, without cleaning up the last call: do it here.
  const players = (window.__players = window.__players || {});
  const memory = (window.__playerShown = window.__playerShown || {});
  if (players[data.chart]) players[data.chart].stop();
  // Where the last player was, playing or not: the same chart (a rerun) or a new run carries on from there.
  const last = memory[data.chart];
  const carry = last ? { ...last, shown: last.version === data.version } : null;
  const root = parentElement.querySelector('.player-bar');
  root.style.setProperty('--player-font', (data.timeline.bar_font || 14) + 'px');
  const player = timelinePlayer({
    timeline: data.timeline, bar: root, restMs: data.rest_ms, reported: data.shown, carry, keys: data.keys,
    chart: () => {  // the chart this call was made for (not the one it replaces, still on screen)
      const gd = document.querySelector('.st-key-' + data.chart + ' .js-plotly-plot');
      return gd && gd.layout && gd.layout.meta === data.version && gd._fullLayout && window.Plotly ? gd : null;
    },
    onRest: data.report ? (step) => setStateValue('step', step) : null,
    remember: (shown) => { memory[data.chart] = { version: data.version, ...shown }; },
    // While a verdict is not reached yet, the page says so (data-verdicts-hidden on <html>, not a :has() rule,
    // which the browser would check again at every frame Plotly draws): the page may hide its words.
    onReveal: (all) => document.documentElement.toggleAttribute('data-verdicts-hidden', !all),
  });
  players[data.chart] = player;
  return () => {
    player.stop();
    if (players[data.chart] !== player) return;
    delete players[data.chart];
    document.documentElement.removeAttribute('data-verdicts-hidden');
  };
}
"""
)

_player_sync = st.components.v2.component("player_sync", html=BAR_HTML, css=BAR_CSS, js=JS)

REST_MS = 400  # the frame shown must rest this long before it counts as paused


def player_sync(chart_key: str, timeline: dict, shown: int, key: str, on_step=None, keys=None) -> int | None:
    """Mount the bar for the chart drawn with ``ui.player.layered_chart(..., key=chart_key)``, playing ``timeline``.

    The chart's ``layout.meta`` names it: when a new chart replaces it (a setting changed), the browser opens
    the new run at the step the old one showed, playing if it was playing. ``shown`` is the step Python last
    heard of (the browser reports only other steps). Returns the step the browser last reported at rest (None
    before the first report, or when ``on_step`` is None: no reports); ``on_step`` runs before that rerun.
    """
    result = _player_sync(
        key=key,
        data={
            "chart": css_key(chart_key), "version": timeline["version"], "shown": int(shown), "timeline": timeline,
            "rest_ms": REST_MS, "report": on_step is not None, "keys": {**KEYS, **(keys or {})},
        },
        on_step_change=on_step or (lambda: None),
    )  # fmt: skip
    return getattr(result, "step", None)
