"""The screen a figure is built for: a projector (presentation mode), a phone, or neither (a desk).

One value instead of a ``presentation`` and a ``phone`` flag travelling side by side through every
figure builder. Pure: the page finds the phone with ``ui.common.device.on_phone``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    """``presentation``: larger text and lines, for a projector; ``phone``: one narrow column."""

    presentation: bool = False
    phone: bool = False


DESK = Screen()
