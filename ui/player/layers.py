"""A playing figure as two figures of the same size, drawn one over the other: the lines, and the player.

At every frame Plotly re-reads the settings of every trace and axis of the figure it plays
(``supplyDefaults`` and ``calc`` over the whole figure), however few traces the frame changes. In the
training lab that held playback under 30 frames a second, with all four rows. So ``layers`` splits a
figure with a timeline (``ui.player.timeline``) in two:

- the "lines": every trace the timeline does not move, with the titles, axes and legends, drawn once;
- the "player", laid over it with a transparent background: only the moving traces (curtains, the policy
  curve, readouts) and what Plotly draws over traces (annotations, shapes not ``layer="below"``), so what
  was drawn over a curtain still is.

The player has one pair of axes spanning the plot area, so its coordinates are the paper's: each of its
traces, annotations and shapes is mapped there from its own subplot (which needs fixed, linear ranges)
and clipped to it. Alike moving traces changed together (the rows' curtains) become one trace. The lines'
axes are fixed (no zoom: the player could not follow); the figure itself, as in the offline file, is not.
Pure functions on figure dicts; ``ui.player.layered_chart`` draws the two in Streamlit.
"""

from __future__ import annotations

import json

import numpy as np

from ui.common.compact import as_array, light_numbers

# What the player keeps of the figure's layout besides the moved parts: size, margins, controls, look.
_PLAYER_LAYOUT = (
    "height", "width", "autosize", "margin", "meta", "uirevision", "font", "template",
)  # fmt: skip
_DATA_KEYS = ("x", "y", "x0", "dx", "y0", "dy", "text", "customdata")
# The player's one pair of axes spans the plot area from corner to corner: its coordinates are the paper's.
_PAPER_AXIS = {"domain": [0, 1], "range": [0, 1], "visible": False, "fixedrange": True}


def layers(figure: dict) -> tuple[dict, dict]:
    """``(lines, player)``: the figure's still part and its moving part, to be drawn one over the other.

    The moving traces are those of the figure's ``timeline`` (``ui.player.timeline``); the player carries the
    timeline, its recipes mapped onto the player's traces and paper coordinates.
    """
    data, layout, timeline = figure["data"], figure["layout"], figure["timeline"]
    moving = sorted(timeline["traces"])
    over = [s for s in layout.get("shapes", []) if s.get("layer", "above") == "above" and "path" not in s]

    lines_layout = dict(layout)
    lines_layout.update({k: {**v, "fixedrange": True} for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))})
    lines_layout.update(annotations=[], shapes=[s for s in layout.get("shapes", []) if s not in over])
    still = [trace if i not in moving else _stand_in(trace) for i, trace in enumerate(data)]
    lines = {"data": [trace for trace in still if trace is not None], "layout": lines_layout}

    to_paper = {i: {letter: _axis(layout, data[i].get(f"{letter}axis", letter)) for letter in "xy"} for i in moving}
    groups = _alike(moving, data, timeline["traces"])  # each becomes one trace of the player
    player_layout = {k: v for k, v in layout.items() if k in _PLAYER_LAYOUT}
    player_layout.update(
        xaxis=_PAPER_AXIS, yaxis=_PAPER_AXIS, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        showlegend=False, hovermode=False, dragmode=False,
        annotations=[_placed(a, layout, ("x", "y"), clip=False) for a in layout.get("annotations", [])],
        shapes=[_placed(s, layout, ("x0", "x1", "y0", "y1"), clip=True) for s in over],
    )  # fmt: skip
    player_data = [
        {**_joined([_on_paper(data[i], to_paper[i]) for i in group]), "xaxis": "x", "yaxis": "y", "showlegend": False,
         "hoverinfo": "skip"}
        for group in groups
    ]  # fmt: skip
    recipes = {g: _joined_recipes([_recipes_on_paper(timeline["traces"][i], to_paper[i]) for i in group])
               for g, group in enumerate(groups)}  # fmt: skip
    player = {"data": player_data, "layout": player_layout, "timeline": {**timeline, "traces": recipes}}
    return lines, player


def _stand_in(trace: dict) -> dict | None:
    """A moving trace's stand-in among the still lines: its legend entry, nothing drawn (None without one)."""
    if trace.get("showlegend") is False:
        return None
    # One empty point: Plotly hides a trace with no points at all, legend entry included.
    return {**{k: v for k, v in trace.items() if k not in _DATA_KEYS}, "x": [None], "y": [None], "hoverinfo": "skip"}


def _axis(layout: dict, ref: str) -> tuple[float, float, float, float]:
    """(domain start, range start, scale, domain end) of the axis a trace calls ``ref`` ("x", "y3"): to map it."""
    axis = layout.get(f"{ref[0]}axis{ref[1:]}", {})
    if "range" not in axis or axis.get("type", "linear") not in ("linear", "-"):
        raise ValueError(f"axis {ref} needs a fixed, linear range for the player to be laid over it")
    (d0, d1), (r0, r1) = axis.get("domain", [0, 1]), axis["range"]
    return d0, r0, (d1 - d0) / (r1 - r0), d1


def _placed(item: dict, layout: dict, keys: tuple[str, ...], clip: bool) -> dict:
    """An annotation or a shape moved onto the player's axes (paper coordinates); a shape clipped to its subplot."""
    item = dict(item)
    for letter in ("x", "y"):
        ref = item.get(f"{letter}ref", "paper")
        for key in (k for k in keys if k[0] == letter and k in item):
            if ref.endswith(" domain"):  # a share of the subplot's width or height
                d0, _, _, d1 = _axis(layout, ref.split()[0])
                item[key] = d0 + item[key] * (d1 - d0)
            elif ref != "paper":
                d0, r0, scale, d1 = _axis(layout, ref)
                item[key] = d0 + (item[key] - r0) * scale
                item[key] = min(max(item[key], d0), d1) if clip else item[key]
        item[f"{letter}ref"] = "paper"  # the player's axes are the paper's, and on paper nothing is hidden
    return item


def _on_paper(trace: dict, to_paper: dict) -> dict:
    """The trace's x and y in paper coordinates, held inside its subplot."""
    trace = dict(trace)
    for letter in ("x", "y"):
        d0, r0, scale, d1 = to_paper[letter]
        if letter in trace:
            trace[letter] = _mapped(trace[letter], d0, r0, scale, d1)
        if f"{letter}0" in trace:  # evenly spaced: map the start, scale the spacing
            trace[f"{letter}0"] = d0 + (trace[f"{letter}0"] - r0) * scale
            trace[f"d{letter}"] = trace.get(f"d{letter}", 1) * scale
    return trace


SHORT = 16  # a list of at most this many points is mapped in plain Python, a longer one with numpy


def _mapped(values, d0: float, r0: float, scale: float, d1: float):
    typed = not isinstance(values, list)  # a numpy or a typed array stays a typed array (ui.common.compact)
    if not typed and len(values) <= SHORT:
        return _mapped_list(values, d0, r0, scale, d1)
    array = as_array(values).astype(float) if typed else np.array([np.nan if v is None else v for v in values], float)
    unclipped = d0 + (array - r0) * scale
    paper = np.clip(unclipped, d0, d1)
    if typed:
        return light_numbers(paper)
    # A run of points wholly past one edge (a curtain at the end of the run) would lie along that edge:
    # Plotly clips it away within the subplot, so draw nothing of it.
    for run in np.split(np.arange(len(paper)), np.flatnonzero(np.isnan(paper))):
        run = run[~np.isnan(paper[run])]
        if len(run) and (np.all(unclipped[run] > d1) or np.all(unclipped[run] < d0)):
            paper[run] = np.nan
    return [None if np.isnan(v) else round(float(v), 6) for v in paper]


def _mapped_list(values: list, d0: float, r0: float, scale: float, d1: float) -> list:
    """A short list of points (a curtain's corners, a marker), None for a gap, mapped in plain Python, as
    ``_mapped`` maps a long one: each frame maps a few, and numpy's cost per call is many times the arithmetic."""
    unclipped = [None if v is None or v != v else d0 + (float(v) - r0) * scale for v in values]
    paper = [None if u is None else min(max(u, d0), d1) for u in unclipped]
    # A run of points wholly past one edge (a curtain at the end of the run) would lie along that edge:
    # Plotly clips it away within the subplot, so draw nothing of it.
    start = 0
    for end in [*(i for i, u in enumerate(unclipped) if u is None), len(unclipped)]:
        run = unclipped[start:end]
        if run and (all(u > d1 for u in run) or all(u < d0 for u in run)):
            paper[start:end] = [None] * len(run)
        start = end + 1
    return [None if v is None else round(v, 6) for v in paper]


def _alike(moving: list[int], data: list[dict], recipes: dict) -> list[list[int]]:
    """The moving traces in groups that can be drawn as one trace: alike but for their points, and moved by
    curtain-like recipes of the same keys (the curtains of the rows). Each frame then re-reads one trace, not four.
    """
    groups: dict[str, list[int]] = {}
    for i in moving:
        trace = data[i]
        look = {k: v for k, v in trace.items() if k not in ("x", "y", "xaxis", "yaxis")}
        plain = all(isinstance(trace.get(k), list) for k in ("x", "y")) and not set(look) & set(_DATA_KEYS)
        groups.setdefault(json.dumps(look, sort_keys=True, default=str) if plain else f"alone {i}", []).append(i)
    out = []
    for group in groups.values():
        # Traces join when each key of each is a curtain-like a + b · step, alike in all of them.
        kinds = {json.dumps({k: (sorted(r), r.get("of_step", {}).get("hidden_from")) for k, r in
                             recipes[i].items()}) for i in group}  # fmt: skip
        together = len(kinds) == 1 and all("of_step" in r for i in group for r in recipes[i].values())
        out.extend([group] if together else [[i] for i in group])
    return sorted(out)


def _joined(traces: list[dict]) -> dict:
    """One trace (or frame data) drawing the given ones, their points separated by gaps."""
    if len(traces) == 1:
        return traces[0]
    joined = dict(traces[0])
    for key in ("x", "y"):
        if key in joined:
            joined[key] = [v for trace in traces for v in [*trace[key], None]][:-1]
    return joined


def _recipes_on_paper(recipes: dict, to_paper: dict) -> dict:
    """A trace's timeline recipes (``ui.player.timeline``) giving paper coordinates, held inside its subplot."""
    out = {}
    for key, recipe in recipes.items():
        if key not in ("x", "y"):
            out[key] = recipe
            continue
        d0, r0, scale, d1 = to_paper[key]
        kind, spec = next(iter(recipe.items()))
        if kind == "of_step":
            count = len(spec["a"])
            spec = {**spec, "a": [None if a is None else d0 + (a - r0) * scale for a in spec["a"]],
                    "b": [b * scale for b in spec["b"]], "low": [d0] * count, "high": [d1] * count}  # fmt: skip
        elif kind == "shown_from":
            spec = {**spec, "values": [float(min(max(d0 + (v - r0) * scale, d0), d1)) for v in spec["values"]]}
        else:  # per_entry, sigmoid: the browser maps each value, clip(d0 + (v - r0) * scale, d0, d1)
            spec = {**spec, "map": [d0, r0, scale, d1]}
        out[key] = {kind: spec}
    return out


def _joined_recipes(recipes: list[dict]) -> dict:
    """One trace's recipes for the traces joined into it (``_joined``): their points separated by gaps."""
    if len(recipes) == 1:
        return recipes[0]
    joined = {}
    for key in recipes[0]:
        parts = [r[key]["of_step"] for r in recipes]
        spec = {name: [v for part in parts for v in [*part[name], gap]][:-1]
                for name, gap in (("a", None), ("b", 0.0), ("low", 0.0), ("high", 0.0))}  # fmt: skip
        joined[key] = {"of_step": {**parts[0], **spec}}
    return joined
