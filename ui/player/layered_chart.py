"""A playing chart drawn as two Plotly figures, one over the other (see ``ui.player.layers``), with its player's bar.

The lines are drawn once, below; the transparent player on top shows what moves, and the player's bar
(``ui.player.sync``) plays it. Hover and legend clicks go through the player to the lines (``pointer-events``).
The player has no toolbar; the lines keep theirs for a PNG of the whole run, but not Streamlit's full-screen
button, which would show the lines alone. A layer of its own for the player (``will-change``) lets the
browser repaint it without the lines under it (measured: 23 to 22 ms of main thread a frame).
"""

from __future__ import annotations

import streamlit as st

from ui.common.keyboard import css_key
from ui.player.animation import Prebuilt
from ui.player.sync import player_sync

_CSS = """<style>
.st-key-{key}_stage {{ position: relative; }}
.st-key-{key}_stage .st-key-{key} {{ position: absolute; top: 0; left: 0; width: 100%; will-change: transform; }}
.st-key-{key}, .st-key-{key} * {{ pointer-events: none !important; }}
.st-key-{key}_stage .modebar-btn[data-title="Fullscreen"] {{ display: none; }}
</style>"""


def lines_key(key: str) -> str:
    """The key of the lines figure under the player drawn with ``key``."""
    return f"{key}_lines"


def layered_chart(
    layered: tuple[dict, dict], key: str, config: dict, theme: str | None, alt: str, lines_alt: str, **bar
) -> int | None:
    """Draw a figure with a timeline as its lines below, its player on top (``ui.player.layers.layers(figure)``, made
    once per figure and cached by the caller) keyed ``key``, and the player's bar above them. ``bar``:
    ``ui.player.sync``'s ``shown``, ``on_step``, ``keys``. Returns the step reported."""
    lines, player = layered
    timeline = {**player["timeline"], "version": player["layout"]["meta"]}
    player = {k: v for k, v in player.items() if k != "timeline"}
    st.html(_CSS.format(key=css_key(key)))
    # The bar above the chart, in the page's flow: next to the first chart whatever the screen, with nothing to place.
    step = player_sync(key, timeline, key=f"{key}_bar", **{"shown": 0, **bar})
    with st.container(key=f"{key}_stage"):
        st.plotly_chart(Prebuilt(lines), key=lines_key(key), width="stretch", config=config, theme=theme, alt=lines_alt)
        st.plotly_chart(
            Prebuilt(player), key=key, width="stretch", config={**config, "displayModeBar": False}, theme=theme, alt=alt
        )
    return step
