"""The keyboard: a "Keyboard" help popover for each view, and the extra keys a presentation remote sends.

Streamlit binds one key per button (``st.button(..., shortcut=...)``) and none to a toggle. A presenter's
remote sends PageDown and PageUp (some send → and ←), so ``extra_keys`` mounts a small browser component
that turns such keys into a click on a control of the page: a second key for a button, or a key for a
toggle. It ignores keys typed into a field and keys with Ctrl, Alt or Cmd held.

The JavaScript is fixed text (trusted code); the keys and CSS selectors come from this app's Python code
through ``data``, never from the URL or any visitor's input.
"""

from __future__ import annotations

import re

import streamlit as st

JS = """
export default function (component) {
  const { data } = component;
  // Streamlit calls this again on every rerun without cleaning up the last call: do it here.
  const registry = (window.__extraKeys = window.__extraKeys || {});
  if (registry[data.name]) registry[data.name]();
  const keys = (e) => {
    const where = document.activeElement;
    const typing = where && (where.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(where.tagName)
      && !(where.type === 'checkbox'));
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    // Space on a focused button, link or switch presses that one, not ours.
    if (e.key === ' ' && where && where.closest('button, a, summary, [role="button"], [role="switch"], label')) return;
    const selector = data.keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!selector) return;
    const target = document.querySelector(selector);
    if (!target || target.disabled) return;
    e.preventDefault();
    if (typeof target.click === 'function') target.click();
    else target.dispatchEvent(new MouseEvent('click', { bubbles: true }));  // Plotly's buttons are SVG
  };
  document.addEventListener('keydown', keys);
  const stop = () => document.removeEventListener('keydown', keys);
  registry[data.name] = stop;
  return () => { stop(); if (registry[data.name] === stop) delete registry[data.name]; };
}
"""

_extra_keys = st.components.v2.component("extra_keys", js=JS)


def button(key: str) -> str:
    """The CSS selector of the button drawn with ``st.button(..., key=key)``."""
    return f".st-key-{key} button"


def toggle(key: str) -> str:
    """The CSS selector of the switch drawn with ``st.toggle(..., key=key)`` (clicking it flips the toggle)."""
    return f".st-key-{css_key(key)} input"  # a script's click on its label does not reach it


def css_key(key: str) -> str:
    """A widget key as Streamlit writes it in the class ``st-key-…`` (other characters than these become "-")."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def extra_keys(name: str, keys: dict[str, str]) -> None:
    """Make each key (``KeyboardEvent.key``: "PageDown", "p", ...) click the control at its CSS selector."""
    _extra_keys(key=f"extra_keys_{name}", data={"name": name, "keys": keys})


def help_popover(rows: list[tuple[str, str]], note: str = "") -> None:
    """A "Keyboard" button that opens the view's keys as a table: (keys, what they do).

    Not on a phone's narrow screen (app.py's CSS hides ``.st-key-keyboard_help`` there): it has no keyboard, and
    the button took a row of its own.
    """
    keys_help = st.container(key="keyboard_help")
    with keys_help, st.popover("Keyboard", icon=":material/keyboard:", help="The keys this page answers to"):
        lines = ["| Key | Does |", "|---|---|"] + [f"| {keys} | {does} |" for keys, does in rows]
        st.markdown("\n".join(lines))
        st.markdown(  # not st.caption: the views' first caption is their status line
            "Tab moves from control to control, Enter or Space presses the one with the focus ring. "
            "Keys do nothing while you type in a field." + (f" {note}" if note else "")
        )
