"""A small bridge between a playing Plotly chart and the page: step buttons, keys, and the step for the URL.

The chart plays by itself in the browser (``ui.animation``). This component, mounted next to
it, adds buttons for one frame back or forward and back to the start, binds the keys a
presenter uses (Space: play or pause; ← and →: one frame), and when playback rests it tells
Python which step is shown, so the page can put that step in the URL. It watches the chart's
scrubber (a timer in the browser) and reports once the frame shown has rested for
``REST_MS`` on a new step: never while playing, so playing costs the server nothing.

The JavaScript is fixed text (trusted code); data from Python goes in through ``data`` and is
written with ``textContent`` only.
"""

from __future__ import annotations

import streamlit as st

HTML = """
<div class="player-bar" role="group" aria-label="Playback">
  <button type="button" data-go="start" title="Back to step 0 (Home)">« Start</button>
  <button type="button" data-go="back" title="One frame back (←)">◀ Back</button>
  <button type="button" data-go="toggle" title="Play or pause (Space)">▶ Play / ❚❚ Pause</button>
  <button type="button" data-go="forward" title="One frame forward (→)">Forward ▶</button>
  <span class="player-keys">Keys: Space plays or pauses, ← and → (or PageUp, PageDown) step, Home: start.</span>
  <span class="player-status" aria-live="polite"></span>
</div>
"""

CSS = """
.player-bar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; font-family: inherit; }
.player-bar button {
  font: inherit; font-size: 0.9rem; padding: 0.25rem 0.7rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid #6E6E6E; background: #ffffff; color: #31333F;
}
.player-bar button:hover { border-color: #0072B2; color: #0072B2; }
.player-bar button:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.player-keys { font-size: 0.85rem; color: #555555; }
.player-status { font-size: 0.85rem; color: #31333F; }
"""

JS = """
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  // Streamlit calls this again when the data changes, without cleaning up the last call: do it here.
  const registry = (window.__playerSync = window.__playerSync || {});
  if (registry[data.chart]) registry[data.chart]();
  const status = parentElement.querySelector('.player-status');
  const still = { mode: 'immediate', frame: { duration: 0, redraw: false }, transition: { duration: 0 } };
  let reported = data.shown, seen = null, seenAt = 0, gone = false;
  // What the last chart showed survives a new chart (a setting changed): the new run carries on from there.
  const memory = (window.__playerShown = window.__playerShown || {});
  const last = memory[data.chart];
  let carry = last && last.version !== data.version ? last : null;

  const chart = () => {  // the chart this call was made for (not the one it replaces, still on screen)
    const gd = document.querySelector('.st-key-' + data.chart + ' .js-plotly-plot');
    return gd && gd.layout && gd.layout.sliders && gd.layout.meta === data.version && window.Plotly ? gd : null;
  };
  const names = (gd) => gd.layout.sliders[0].steps.map((s) => s.label);
  const active = (gd) => gd.layout.sliders[0].active || 0;

  // Watch the frame shown: once it has rested for a moment on a new step, report that step.
  const watch = setInterval(() => {
    const gd = chart();
    if (!gd) return;
    if (carry) {  // open the new run where the last one was, playing if it was playing
      const list = names(gd).map(Number);
      const at = Math.max(0, list.filter((s) => s <= carry.step).length - 1);
      window.Plotly.animate(gd, [String(list[at])], still);
      if (carry.playing) setTimeout(() => go('play'), 50);
      carry = null;
      return;
    }
    // A chart opens on its slider's step, but Plotly plays "from the current frame" only once a frame was
    // shown: show that one, so Play carries on from the step in the link rather than from step 0.
    if (!gd._fullLayout._currentFrame) window.Plotly.animate(gd, [names(gd)[active(gd)]], still);
    const step = Number(names(gd)[active(gd)]);
    const now = performance.now();
    // A new step means the frame moved, except the first one seen: the chart just opened there, at rest.
    if (step !== seen) { seenAt = seen === null ? -Infinity : now; seen = step; }
    memory[data.chart] = { version: data.version, step, playing: now - seenAt < 2 * data.frame_ms + 100 };
    if (step !== reported && now - seenAt >= data.rest_ms) {
      reported = step;
      status.textContent = 'Step ' + step.toLocaleString('en-US') + ' shown.';
      setStateValue('step', step);
    }
  }, 100);

  const go = (what) => {
    const gd = chart();
    if (!gd) return;
    const list = names(gd), at = active(gd);
    if (what === 'toggle' || what === 'play') {
      const playing = performance.now() - seenAt < 2 * data.frame_ms + 100;  // the frame moved just now
      if (playing && what === 'toggle') { window.Plotly.animate(gd, [null], still); return; }
      window.Plotly.animate(gd, null, {
        mode: 'immediate', fromcurrent: true, frame: { duration: data.frame_ms, redraw: false },
        transition: { duration: 0 },
      });
      return;
    }
    const to = what === 'start' ? 0 : Math.min(list.length - 1, Math.max(0, at + (what === 'back' ? -1 : 1)));
    window.Plotly.animate(gd, [list[to]], still);
  };
  parentElement.querySelectorAll('button[data-go]').forEach((b) => { b.onclick = () => go(b.dataset.go); });
  const keys = (e) => {
    const where = document.activeElement;
    const typing = where && (where.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(where.tagName));
    if (gone || typing || e.altKey || e.ctrlKey || e.metaKey || (where && where.tagName === 'BUTTON')) return;
    const action = { ' ': 'toggle', ArrowRight: 'forward', ArrowLeft: 'back', PageDown: 'forward', PageUp: 'back',
      Home: 'start' }[e.key];  // PageDown, PageUp: what a presenter's remote sends
    if (action) { e.preventDefault(); go(action); }
  };
  document.addEventListener('keydown', keys);
  const stop = () => { gone = true; clearInterval(watch); document.removeEventListener('keydown', keys); };
  registry[data.chart] = stop;
  return () => { stop(); if (registry[data.chart] === stop) delete registry[data.chart]; };
}
"""

_player_sync = st.components.v2.component("player_sync", html=HTML, css=CSS, js=JS)


REST_MS = 400  # the frame shown must rest this long before it counts as paused


def player_sync(chart_key: str, version: str, shown: int, frame_ms: int, key: str, on_step=None) -> int | None:
    """Mount the bar for the chart drawn with ``st.plotly_chart(..., key=chart_key)``.

    ``version`` names the chart (its ``layout.meta``): when a new chart replaces it (a setting changed),
    the browser opens the new run at the step the old one showed, playing if it was playing.
    ``shown`` is the step Python last heard of (the browser reports only steps other than that one).
    Returns the step the browser last reported at rest (None before the first report);
    ``on_step`` runs before the rerun a report causes.
    """
    result = _player_sync(
        key=key,
        data={
            "chart": chart_key,
            "version": version,
            "shown": int(shown),
            "frame_ms": frame_ms,
            "rest_ms": REST_MS,
        },
        on_step_change=on_step or (lambda: None),
    )
    return getattr(result, "step", None)
