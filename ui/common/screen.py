"""The screen a figure is built for: how wide the page's main column is, and whether it is on a projector.

One value instead of flags travelling side by side through every figure builder. Pure: the browser measures the
width (``ui.common.device``); each view decides from it where its parts go.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WIDTH = 920  # CSS pixels: the main column of a 1366 x 768 laptop beside the sidebar
NARROW = 640  # a main column narrower than this (a phone, 400% zoom, a split screen) gets one column


@dataclass(frozen=True)
class Screen:
    """``presentation``: larger text and lines, for a projector; ``width``: the page's main column, in CSS pixels."""

    presentation: bool = False
    width: int = DEFAULT_WIDTH

    @property
    def narrow(self) -> bool:
        """Too narrow for charts side by side: one column, each legend under its chart."""
        return self.width < NARROW


DESK = Screen()
PHONE = Screen(width=360)
