"""Where the lecture page's eyes and keys go, in the browser.

- On a narrow screen (a phone), the step that Next (or a sub-step link) reveals is scrolled into view, above
  the Back and Next buttons, which stay at the bottom of the screen (CSS in ``ui.lecture.page``).
- After a mouse click on a switch (a toggle), the focus leaves it, so → and ← (what a clicker sends) move the
  lecture again instead of staying in the switch.

The JavaScript is fixed text (trusted code); the position and the CSS selector come from this app's Python
code through ``data``, never from the URL or any visitor's input.
"""

from __future__ import annotations

import streamlit as st

JS = """
export default function (component) {
  const { data } = component;
  const state = (window.__lectureFocus = window.__lectureFocus || {});
  if (state.position !== data.position) {
    const first = state.position === undefined;
    state.position = data.position;
    const narrow = window.matchMedia('(max-width: 640px)').matches;
    if (narrow && !(first && data.at_start)) {
      const bar = 72;  // the Back and Next bar at the bottom of a narrow screen
      const inView = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight - bar };
      const show = () => {
        const target = document.querySelector(data.target);
        if (target && !inView(target)) target.scrollIntoView({ block: 'end' });
      };
      setTimeout(show, 350);  // after the charts above it are drawn
      setTimeout(show, 1200);  // and again if they moved it (a busy machine draws them later)
      setTimeout(show, 2500);
    }
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
