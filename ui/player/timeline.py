"""Playback as data: what each step of a run shows, sent to the browser once, as a few arrays.

A figure of a whole run (``ui.player.animation``) is drawn once; a small player in the browser (``ui/player/player.js``,
the same code in the page and in the offline file) moves its curtains, policy curve and readouts to the
step chosen, at every animation frame the browser draws, from the arrays here. So playback is as smooth as
the browser draws, reaches every step of a run of up to ``MAX_ENTRIES - 1`` steps (a longer run: that many
steps spread evenly, more than a chart has pixels), and costs the server nothing while it plays.

A timeline names, for each moving trace of the figure (by its index) and each of its keys (x, y, text),
a recipe that gives its values at an entry (a step): ``of_step`` (a + b · step, the curtains),
``per_entry`` (a row of numbers per entry), ``sigmoid`` (the policy curve from its weight and bias),
``shown_from`` (a marker shown once its step is passed) or ``texts`` (readouts). ``reveal`` names
annotations shown only from a step on (a verdict at the end of a replay). ``ui.player.layers`` maps the recipes
onto the player's paper coordinates, as it does the traces. Pure functions; no Streamlit here.
"""

from __future__ import annotations

import base64

import numpy as np

from ui.common.compact import as_array, light_numbers

MAX_ENTRIES = 2001  # every step of the lab's default 2,000-step run, and its step 0
# Seconds a run of DEFAULT_LENGTH steps or more takes to play at each speed; a shorter run takes a share of
# that, down to a quarter: a 100,000-step run plays at the same pace as a 2,000-step one (more steps a frame).
SECONDS = {"play": 12.0, "fast": 4.0}
DEFAULT_LENGTH = 2000


def small_ints(values) -> dict:
    """Whole numbers as a base64 typed array of the smallest integer type that holds them (int8, int16, int32)."""
    values = np.asarray(values, dtype=np.int64)
    low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
    for dtype in (np.int8, np.int16, np.int32):
        if np.iinfo(dtype).min <= low and high <= np.iinfo(dtype).max:
            return {
                "dtype": np.dtype(dtype).str.lstrip("<|="),
                "bdata": base64.b64encode(values.astype(dtype).tobytes()).decode(),
            }
    raise ValueError("numbers too large for the player")


def numbers(values) -> dict | float:
    """Numbers per entry as a float32 typed array, or one number when they are all the same (a fixed weight)."""
    values = np.asarray(values, dtype=float)
    return float(values[0]) if values.size and np.all(values == values[0]) else light_numbers(values)


def entry_steps(steps: int, also=(), max_entries: int = MAX_ENTRIES) -> np.ndarray:
    """The steps the player can show: every step of 0..steps, or ``max_entries`` evenly spread, plus ``also``."""
    even = np.linspace(0, steps, min(steps + 1, max_entries)).round().astype(np.int64)
    extra = [int(s) for s in also if 0 <= int(s) <= steps]
    return np.unique(np.concatenate([even, np.asarray(extra, dtype=np.int64)]))


def seconds(steps: int) -> dict[str, float]:
    """How long a run of ``steps`` takes to play through at each speed."""
    share = min(1.0, max(0.25, steps / DEFAULT_LENGTH))
    return {speed: round(total * share, 3) for speed, total in SECONDS.items()}


def of_step(a, b, hidden_from: float | None = None) -> dict:
    """Values ``a[j] + b[j] * step`` (``a[j]`` None: a gap); none at all from step ``hidden_from`` on."""
    recipe = {"of_step": {"a": [None if v is None else float(v) for v in a], "b": [float(v) for v in b]}}
    if hidden_from is not None:
        recipe["of_step"]["hidden_from"] = float(hidden_from)
    return recipe


def curtain(end: float, hidden_from: float | None = None) -> dict:
    """A curtain's x (``ui.player.animation.curtain_x``): a box from the step shown to ``end``."""
    return of_step([end, 0, 0, end], [0, 1, 1, 0], hidden_from)


def per_entry(rows) -> dict:
    """One row of numbers per entry (NaN: no point there)."""
    rows = np.asarray(rows, dtype=float)
    rows = rows.reshape(len(rows), -1)
    return {"per_entry": {"rows": light_numbers(rows.ravel()), "width": rows.shape[1]}}


def sigmoid(weight, bias, hunger) -> dict:
    """The policy curve p(B | hunger) = σ(weight · hunger + bias) of each entry, on the grid ``hunger``."""
    return {"sigmoid": {"weight": numbers(weight), "bias": numbers(bias), "of": [float(h) for h in hunger]}}


def shown_from(steps, values) -> dict:
    """Point j at ``values[j]`` once step ``steps[j]`` is reached, not before."""
    return {"shown_from": {"steps": [float(s) for s in steps], "values": [float(v) for v in values]}}


def step_text(html: str = "{}", last: int | None = None) -> dict:
    """A readout of the step shown, with thousands commas, in ``html`` ("{}" for the number, "{last}" for the end)."""
    return {"step": html.replace("{last}", f"{last:,}" if last is not None else "")}


def fixed_text(values, decimals: int, html: str = "{}") -> dict:
    """A readout of a number per entry to ``decimals`` places, a real minus sign, never "−0.00" (as Python writes it).

    Sent as whole numbers of the last place, so the browser writes exactly what Python's formatting would.
    """
    whole = [int(f"{float(v):.{decimals}f}".replace(".", "")) for v in values]
    return {"fixed": {"units": small_ints(whole), "decimals": decimals, "html": html}}


def picked_text(texts) -> dict:
    """A readout of one text per entry (a verdict), sent as the distinct texts and an index per entry."""
    distinct = sorted(set(texts), key=list(texts).index)
    where = {text: i for i, text in enumerate(distinct)}
    return {"pick": {"strings": distinct, "index": small_ints([where[t] for t in texts])}}


def texts(*slots: dict) -> dict:
    """A text trace's texts, one slot each (``step_text``, ``fixed_text``, ``picked_text``)."""
    return {"texts": list(slots)}


def timeline(
    steps, traces: dict[int, dict[str, dict]], start: int, reveal=(), label: str = "Step", caption: dict | None = None
) -> dict:
    """The player's data: the ``steps`` it can show, recipes for each moving trace's keys, the entry it opens at.

    ``traces`` maps a figure's trace index to ``{key: recipe}``; ``reveal`` is ``[(annotation index, step)]``:
    that annotation shows from that step on. ``caption``: a ``texts`` recipe of one plain-text slot, the words the
    player's bar writes under its buttons at each entry (the lab's verdict), as text, never as markup.
    """
    steps = np.asarray(steps, dtype=np.int64)
    if len(steps) == 0 or np.any(np.diff(steps) <= 0):
        raise ValueError("a timeline needs its steps in increasing order")
    last = int(steps[-1])
    return {
        "steps": small_ints(steps),
        "count": len(steps),
        "last": last,
        "start": int(max(0, np.searchsorted(steps, start, side="right") - 1)),
        "seconds": seconds(last),
        "label": label,
        "traces": {int(i): dict(keys) for i, keys in traces.items()},
        "reveal": [[int(annotation), float(step)] for annotation, step in reveal],
        **({"caption": caption} if caption is not None else {}),
    }


# --- reading a timeline back, as the browser's player does (ui/player/player.js): for tests and checks ----------------


def _array(value):
    return value if isinstance(value, (int, float)) else as_array(value)


def _fixed(units: int, decimals: int) -> str:
    digits = str(abs(int(units))).rjust(decimals + 1, "0")
    text = f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
    return ("−" if units < 0 else "") + text


def _mapped(value: float, where) -> float | None:
    if value is None or np.isnan(value):
        return None
    if where is None:
        return float(value)
    d0, r0, scale, d1 = where
    return float(min(max(d0 + (value - r0) * scale, d0), d1))


def _text(slot: dict, entry: int, step: int) -> str:
    if "step" in slot:
        return slot["step"].replace("{}", f"{step:,}")
    if "fixed" in slot:
        spec = slot["fixed"]
        return spec["html"].replace("{}", _fixed(as_array(spec["units"])[entry], spec["decimals"]))
    return slot["pick"]["strings"][int(as_array(slot["pick"]["index"])[entry])]


def values_at(recipe: dict, entry: int, step: int) -> list:
    """The values a recipe gives at ``entry`` (showing ``step``): what the browser's player writes there."""
    (kind, spec), s = next(iter(recipe.items())), float(step)
    if kind == "of_step":
        if "hidden_from" in spec and s >= spec["hidden_from"]:
            return [None] * len(spec["a"])
        out = [None if a is None else a + b * s for a, b in zip(spec["a"], spec["b"])]
        if "low" in spec:
            out = [None if v is None else min(max(v, lo), hi) for v, lo, hi in zip(out, spec["low"], spec["high"])]
        return out
    if kind == "per_entry":
        rows, width = as_array(spec["rows"]), spec["width"]
        return [_mapped(float(v), spec.get("map")) for v in rows[entry * width : (entry + 1) * width]]
    if kind == "sigmoid":
        weight, bias = (_array(spec[k]) for k in ("weight", "bias"))
        w, b = (float(v if isinstance(v, (int, float)) else v[entry]) for v in (weight, bias))
        return [_mapped(1 / (1 + np.exp(-(w * h + b))), spec.get("map")) for h in spec["of"]]
    if kind == "shown_from":
        return [v if s >= start else None for start, v in zip(spec["steps"], spec["values"])]
    return [_text(slot, entry, int(step)) for slot in spec]


def frame_at(timeline: dict, entry: int) -> dict:
    """The frame the player draws at ``entry``, as a Plotly frame: ``{"name": step, "data", "traces"}``."""
    step = int(as_array(timeline["steps"])[entry])
    order = sorted(timeline["traces"], key=int)
    data = [{key: values_at(r, entry, step) for key, r in timeline["traces"][i].items()} for i in order]
    return {"name": str(step), "data": data, "traces": [int(i) for i in order]}


def timeline_steps(timeline: dict) -> np.ndarray:
    """The steps a timeline can show."""
    return as_array(timeline["steps"]).astype(np.int64)


def frames_of(figure: dict, entries=None) -> list[dict]:
    """The frames of a figure's timeline (all, or at ``entries``), as Plotly frames."""
    timeline = figure["timeline"]
    return [frame_at(timeline, e) for e in (range(timeline["count"]) if entries is None else entries)]


def revealed_at(timeline: dict, step: int) -> list[int]:
    """The annotations (indices) that a timeline's ``reveal`` shows at ``step``."""
    return [i for i, start in timeline["reveal"] if step >= start]
