"""Words that fit a width: Plotly draws a title or a label on one line however long it is, so it is broken here."""

from __future__ import annotations

import textwrap

CHARACTER = 0.56  # an average character's width, in ems, of the charts' bold sans-serif text


def wrapped(text: str, pixels: float, font: float) -> str:
    """``text`` (lines joined by ``<br>``) with each line broken again where it would be wider than ``pixels``."""
    chars = max(12, int(pixels / (CHARACTER * font)))
    return "<br>".join(part for line in text.split("<br>") for part in (textwrap.wrap(line, chars) or [""]))
