"""Where the lecture page's eyes and keys go, in the browser.

- On a narrow screen (a phone), the step that Next (or a sub-step link) reveals is scrolled into view, above
  the Back and Next buttons, which stay at the bottom of the screen (CSS in ``ui.lecture.layout``), and kept
  there while the page is still being laid out, until the reader scrolls themselves.
- After a mouse click on a switch (a toggle), the focus leaves it, so → and ← (what a clicker sends) move the
  lecture again instead of staying in the switch.

The JavaScript is fixed text (trusted code); the position and the CSS selector come from this app's Python
code through ``data``, never from the URL or any visitor's input.
"""

from __future__ import annotations

import streamlit as st

JS = """
// Scroll the step into view above the Back and Next bar, and again each time the page's layout changes (the run
// drawing, the charts above it drawn, however late a busy server or a slow phone draws them), until the reader
// scrolls, taps or presses a key, or for at most WATCH_MS.
const BAR = 72;  // the Back and Next bar at the bottom of a narrow screen
const WATCH_MS = 15000;
const HANDS = ['wheel', 'touchstart', 'pointerdown', 'keydown'];
function keepInView(state, selector) {
  const inView = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight - BAR; };
  const show = () => {
    const target = document.querySelector(selector);
    if (target && !inView(target)) target.scrollIntoView({ block: 'end' });
  };
  const observer = new ResizeObserver(() => requestAnimationFrame(show));
  observer.observe(document.querySelector("[data-testid='stMainBlockContainer']") || document.body);
  const timer = setTimeout(() => stop(), WATCH_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    HANDS.forEach((type) => removeEventListener(type, stop, true));
    state.stop = null;
  };
  HANDS.forEach((type) => addEventListener(type, stop, { capture: true, passive: true }));
  state.stop = stop;
}

export default function (component) {
  const { data } = component;
  const state = (window.__lectureFocus = window.__lectureFocus || {});
  if (state.position !== data.position) {
    const first = state.position === undefined;
    state.position = data.position;
    const narrow = window.matchMedia('(max-width: 640px)').matches;
    if (state.stop) state.stop();
    if (narrow && !(first && data.at_start)) keepInView(state, data.target);
  }
  if (!state.listening) {
    state.listening = true;
    // detail > 0: a mouse or a tap (a key press on a switch has detail 0, and keeps its focus).
    document.addEventListener('click', (e) => {
      if (e.detail > 0 && e.target.closest('[data-testid="stCheckbox"]')) {
        setTimeout(() => {
          const where = document.activeElement;
          if (where && where.type === 'checkbox') where.blur();
        }, 0);
      }
    }, true);
  }
}
"""

_focus = st.components.v2.component("lecture_focus", js=JS)


def follow(position: str, at_start: bool, target: str) -> None:
    """Scroll ``target`` (a CSS selector) into view on a narrow screen when ``position`` changes.

    ``at_start``: the walk-through's first sub-step, which a fresh visit does not scroll to (the opening is above).
    """
    _focus(key="lecture_focus", data={"position": position, "at_start": at_start, "target": target})
