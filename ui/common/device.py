"""What kind of screen the visitor has, as far as the server can tell."""

from __future__ import annotations

import streamlit as st


def on_phone() -> bool:
    """True for a phone's browser: its User-Agent says "Mobi" (MDN's advice; tablets and desktops do not).

    The server cannot see the screen's width; this only picks layouts made for narrow screens, such as the
    lecture's network in two rows. CSS media queries handle the rest.
    """
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def chart_config() -> dict:
    """Plotly's config for this visitor: on a phone without the toolbar, which would lie over the chart's title."""
    from ui.common.theme import PLOTLY_CONFIG

    return PLOTLY_CONFIG | ({"displayModeBar": False} if on_phone() else {})
