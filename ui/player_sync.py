"""A small bridge between a playing Plotly chart and the page: step buttons, keys, and the step for the URL.

The chart plays by itself in the browser (``ui.animation``). This component, mounted next to
it, adds buttons for one frame back or forward and back to the start, binds the keys a
presenter uses (Space: play or pause; ← and →: one frame), and when playback rests it tells
Python which step is shown, so the page can put that step in the URL. It reports once per
pause, never while playing: playing costs the server nothing.

The JavaScript is fixed text (trusted code); data from Python goes in through ``data`` and is
written with ``textContent`` only.
"""

from __future__ import annotations

import streamlit as st

HTML = """
<div class="player-bar" role="group" aria-label="Playback">
  <button type="button" data-go="start" title="Back to step 0">⏮ Start</button>
  <button type="button" data-go="back" title="One frame back (←)">◀ Back</button>
  <button type="button" data-go="toggle" title="Play or pause (Space)">▶ Play / ❚❚ Pause</button>
  <button type="button" data-go="forward" title="One frame forward (→)">Forward ▶</button>
  <span class="player-keys">Keys: Space plays or pauses, ← and → step.</span>
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
  const status = parentElement.querySelector('.player-status');
  let gd = null, names = [], current = String(data.step), playing = false, timer = null, tries = 0, gone = false;
  let reported = String(data.step);

  const index = () => Math.max(0, names.indexOf(current));
  const still = { mode: 'immediate', frame: { duration: 0, redraw: false }, transition: { duration: 0 } };
  const report = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (gone || playing || current === reported) return;
      reported = current;
      status.textContent = 'Step ' + Number(current).toLocaleString('en-US') + ' shown.';
      setStateValue('step', Number(current));
    }, 250);
  };
  const go = (what) => {
    if (!gd || !window.Plotly || names.length === 0) return;
    if (what === 'toggle') {
      if (playing) { window.Plotly.animate(gd, [null], still); return; }
      window.Plotly.animate(gd, null, {
        mode: 'immediate', fromcurrent: true, frame: { duration: data.frame_ms, redraw: false },
        transition: { duration: 0 },
      });
      return;
    }
    const to = what === 'start' ? 0 : Math.min(names.length - 1, Math.max(0, index() + (what === 'back' ? -1 : 1)));
    window.Plotly.animate(gd, [names[to]], still);
  };
  const attach = () => {
    if (gone) return;
    gd = document.querySelector('.st-key-' + data.chart + ' .js-plotly-plot');
    if (!gd || !gd.on || !gd.layout || !gd.layout.sliders) { if (tries++ < 300) setTimeout(attach, 100); return; }
    names = gd.layout.sliders[0].steps.map((s) => s.label);
    if (gd.__playerSync) return;  // listeners already attached to this chart
    gd.__playerSync = true;
    gd.on('plotly_animatingframe', (e) => { current = String(e.name); playing = true; });
    gd.on('plotly_animated', () => { playing = false; report(); });
    gd.on('plotly_animationinterrupted', () => { playing = false; report(); });
    gd.on('plotly_sliderchange', (e) => { current = String(e.step.label); report(); });
  };
  parentElement.querySelectorAll('button[data-go]').forEach((b) => { b.onclick = () => go(b.dataset.go); });
  const keys = (e) => {
    const where = document.activeElement;
    const typing = where && (where.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(where.tagName));
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    const onButton = where && where.tagName === 'BUTTON';
    if (e.key === ' ' && !onButton) { e.preventDefault(); go('toggle'); }
    else if (e.key === 'ArrowRight' && !onButton) { e.preventDefault(); go('forward'); }
    else if (e.key === 'ArrowLeft' && !onButton) { e.preventDefault(); go('back'); }
  };
  document.addEventListener('keydown', keys);
  attach();
  return () => { gone = true; clearTimeout(timer); document.removeEventListener('keydown', keys); };
}
"""

_player_sync = st.components.v2.component("player_sync", html=HTML, css=CSS, js=JS)


def player_sync(chart_key: str, step: int, frame_ms: int, key: str, on_step=None) -> int | None:
    """Mount the bar for the chart drawn with ``st.plotly_chart(..., key=chart_key)``.

    Returns the step the browser last reported at rest (None before the first report);
    ``on_step`` runs before the rerun a report causes.
    """
    result = _player_sync(
        key=key,
        data={"chart": chart_key, "step": int(step), "frame_ms": int(frame_ms)},
        on_step_change=on_step or (lambda: None),
    )
    return getattr(result, "step", None)
