"""Words that fit a width: Plotly draws a title or a label on one line however long it is, so it is broken here."""

from __future__ import annotations

import textwrap

CHARACTER = 0.56  # an average character's width, in ems, of the charts' bold sans-serif text


def wrapped(text: str, pixels: float, font: float) -> str:
    """``text`` (lines joined by ``<br>``) with each line broken again where it would be wider than ``pixels``."""
    chars = max(12, int(pixels / (CHARACTER * font)))
    return "<br>".join(part for line in text.split("<br>") for part in (textwrap.wrap(line, chars) or [""]))


def fit_title(spec: dict, pixels: float) -> dict:
    """A figure dict whose title is broken into lines that fit ``pixels``; each line it gains adds to the top margin
    and the height, so the plot keeps its size and the title stays clear of it."""
    title = spec.get("layout", {}).get("title") or {}
    text = title.get("text")
    if not text:
        return spec
    size = (title.get("font") or {}).get("size") or 17
    fitted = wrapped(text, pixels - 30, size)
    extra = round((fitted.count("<br>") - text.count("<br>")) * size * 1.3)
    extra += 8 * (extra > 0)  # and the gap it is hung from the top by
    title["text"] = fitted
    if extra > 0:  # hung from the top, so its lines grow down into the room they are given
        layout = spec["layout"]
        margin = layout.setdefault("margin", {})
        margin["t"] = margin.get("t", 100) + extra
        layout["height"] = layout.get("height", 450) + extra
        hang_title(layout)
    return spec


def hang_title(layout: dict, gap: float = 8) -> None:
    """Put a figure's title ``gap`` pixels under the top, its lines growing down. Plotly anchors a title of several
    lines by its first line (measured in Chromium): that line's bottom is placed, the others follow under it."""
    title = layout["title"]
    line = 1.3 * ((title.get("font") or {}).get("size") or 17)
    title.update(y=1 - (gap + line) / layout["height"], yanchor="bottom", yref="container")
