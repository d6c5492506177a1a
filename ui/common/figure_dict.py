"""A Plotly figure built as a plain dict: the few ``go.Figure`` methods the charts use, without validation.

A ``go.Figure`` checks and copies every property it is given; for the lab's player (about twenty traces,
four subplots, legends and shapes) and the comparison's charts of one seed, that was most of the server's
time for a new seed (``python -m bench.profile lab``, ``compare``). ``FigureDict`` takes the same calls
and writes the dict that ``go.Figure.to_dict`` would return, so the charts keep their code and their
output (tests/test_figure_dict.py holds the two side by side). It knows only what the charts here pass
it: trust it with nothing else.

The subplot grid comes from ``plotly.subplots.make_subplots`` itself, built once per shape and copied (its
subplot titles are put in afterwards, so a new title does not build a new grid).
"""

from __future__ import annotations

import copy
import functools
import json

import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import convert_to_base64
from plotly.subplots import make_subplots


def expand(properties: dict) -> dict:
    """Plotly's "magic underscores": ``{"title_font_size": 13}`` -> ``{"title": {"font": {"size": 13}}}``; a
    property given as None is left out, as go.Figure leaves it unset."""
    nested: dict = {}
    for name, value in properties.items():
        if value is None:
            continue
        *path, last = name.split("_") if "_" in name and not name.startswith("_") else [name]
        place = nested
        for part in path:
            place = place.setdefault(part, {})
        place[last] = merge(place.get(last), value) if isinstance(value, dict) else value
    return nested


def merge(into, changes: dict) -> dict:
    """``changes`` laid over ``into`` as Plotly's ``update`` does: nested dicts merged, anything else replaced."""
    result = dict(into) if isinstance(into, dict) else {}
    for name, value in changes.items():
        result[name] = merge(result.get(name), value) if isinstance(value, dict) else value
    return result


@functools.lru_cache(maxsize=32)
def _grid(arguments: str, default_template: str) -> tuple[dict, dict]:  # the layout holds the default template
    subplots = json.loads(arguments)
    if not subplots:  # go.Figure(): one pair of axes
        return go.Figure().to_dict()["layout"], {(1, 1): ("x", "y")}
    figure = make_subplots(**subplots)
    refs = {}
    for r, row in enumerate(figure._grid_ref, start=1):
        for c, cell in enumerate(row, start=1):
            if cell:
                refs[(r, c)] = cell[0].trace_kwargs["xaxis"], cell[0].trace_kwargs["yaxis"]
    return figure.to_dict()["layout"], refs


def _axis_order(name: str) -> int:
    return int(name[5:] or 1)  # "xaxis" is the first, then "xaxis2", ...


@functools.lru_cache(maxsize=8)
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json()


class FigureDict:
    """A figure as ``{"data": [...], "layout": {...}}``, built with a subset of ``go.Figure``'s methods."""

    def __init__(self, **subplots):
        """The subplot grid of ``make_subplots(**subplots)`` (rows, cols, specs, spacing, widths, heights,
        titles); with no arguments, ``go.Figure()``'s single pair of axes."""
        titles = subplots.pop("subplot_titles", None)
        if titles:  # placeholders: the grid (and where its titles go) does not depend on their words
            subplots["subplot_titles"] = [f"title {i}" for i in range(len(titles))]
        layout, refs = _grid(json.dumps(subplots, sort_keys=True), str(pio.templates.default))
        self.layout = copy.deepcopy(layout)
        for annotation, title in zip(self.layout.get("annotations", []) if titles else [], titles or []):
            annotation["text"] = title
        self.refs = refs  # (row, col) -> ("x3", "y3")
        self.subplots = bool(subplots)
        self.data: list[dict] = []

    def axes(self, row: int, col: int) -> tuple[str, str]:
        """The trace references (``"x3"``, ``"y3"``) of a subplot."""
        return self.refs[(row, col)]

    def axis(self, ref: str) -> dict:
        """The layout entry of an axis by its trace reference: ``"y3"`` -> ``layout["yaxis3"]``."""
        return self.layout[f"{ref[0]}axis{ref[1:]}"]

    def add_scatter(self, row: int | None = None, col: int | None = None, **trace) -> FigureDict:
        return self.add_trace({"type": "scatter", **trace}, row, col)

    def add_trace(self, trace: dict, row: int | None = None, col: int | None = None) -> FigureDict:
        trace = {name: value for name, value in trace.items() if value is not None}
        if row is not None:
            x, y = self.axes(row, col)
            trace = {**trace, "xaxis": x, "yaxis": y}
        self.data.append(trace)
        return self

    def add_shape(self, row: int | None = None, col: int | None = None, **shape) -> FigureDict:
        shape = expand(shape)
        if row is not None:
            shape["xref"], shape["yref"] = self.axes(row, col)
        self.layout.setdefault("shapes", []).append(shape)
        return self

    def add_annotation(self, row: int | None = None, col: int | None = None, **annotation) -> FigureDict:
        annotation = expand(annotation)
        if row is not None:
            annotation["xref"], annotation["yref"] = self.axes(row, col)
        self.layout.setdefault("annotations", []).append(annotation)
        return self

    def update_annotations(self, **properties) -> FigureDict:
        """Every annotation so far (e.g. the subplot titles)."""
        changes = expand(properties)
        self.layout["annotations"] = [merge(a, changes) for a in self.layout.get("annotations", [])]
        return self

    def _spanning(self, row, col, shape: dict, spans: str, exclude_empty_subplots: bool = True) -> FigureDict:
        x, y = self.axes(row or 1, col or 1)
        empty = not any(t.get("xaxis", "x") == x and t.get("yaxis", "y") == y for t in self.data)
        if row is not None and exclude_empty_subplots and empty:
            return self  # like go.Figure's add_hline and its kin: not on a subplot with no trace (yet)
        refs = {"xref": f"{x} domain", "yref": y} if spans == "x" else {"xref": x, "yref": f"{y} domain"}
        self.layout.setdefault("shapes", []).append({**shape, **refs})
        return self

    def add_hline(self, y: float, row=None, col=None, exclude_empty_subplots=True, **look) -> FigureDict:
        """A horizontal line across one subplot."""
        shape = {"type": "line", "x0": 0, "x1": 1, "y0": y, "y1": y, **expand(look)}
        return self._spanning(row, col, shape, "x", exclude_empty_subplots)

    def add_vline(self, x: float, row=None, col=None, exclude_empty_subplots=True, **look) -> FigureDict:
        """A vertical line across one subplot."""
        shape = {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, **expand(look)}
        return self._spanning(row, col, shape, "y", exclude_empty_subplots)

    def add_hrect(self, y0: float, y1: float, row=None, col=None, exclude_empty_subplots=True, **look) -> FigureDict:
        """A band over y0..y1, the whole width of one subplot."""
        shape = {"type": "rect", "x0": 0, "x1": 1, "y0": y0, "y1": y1, **expand(look)}
        return self._spanning(row, col, shape, "x", exclude_empty_subplots)

    def add_vrect(self, x0: float, x1: float, row=None, col=None, exclude_empty_subplots=True, **look) -> FigureDict:
        """A band over x0..x1, the whole height of one subplot."""
        shape = {"type": "rect", "x0": x0, "x1": x1, "y0": 0, "y1": 1, **expand(look)}
        return self._spanning(row, col, shape, "y", exclude_empty_subplots)

    def _update_axes(self, letter: str, row, col, properties: dict) -> None:
        """As go.Figure's update_xaxes/update_yaxes: one subplot's axis, a row's or a column's, or all."""
        if not self.subplots:
            names = [f"{letter}axis"]
        else:
            cells = [ref for (r, c), ref in self.refs.items() if row in (None, r) and col in (None, c)]
            names = sorted({f"{letter}axis{ref[0 if letter == 'x' else 1][1:]}" for ref in cells}, key=_axis_order)
        for name in names:
            self.layout[name] = merge(self.layout.get(name), expand(properties))

    def update_xaxes(self, row: int | None = None, col: int | None = None, **properties) -> FigureDict:
        self._update_axes("x", row, col, properties)
        return self

    def update_yaxes(self, row: int | None = None, col: int | None = None, **properties) -> FigureDict:
        self._update_axes("y", row, col, properties)
        return self

    def update_layout(self, changes: dict | None = None, **properties) -> FigureDict:
        changes = merge(expand(changes or {}), expand(properties))
        template = changes.pop("template", None)
        self.layout = merge(self.layout, changes)
        if template is not None:  # a template replaces the one before (make_subplots gives the default template)
            self.layout["template"] = _template(template) if isinstance(template, str) else template
        return self

    def update_traces(self, selector: dict, **properties) -> FigureDict:
        changes = expand(properties)
        for i, trace in enumerate(self.data):
            if all(trace.get(name) == value for name, value in selector.items()):
                self.data[i] = merge(trace, changes)
        return self

    def to_dict(self) -> dict:
        """The figure as ``go.Figure.to_dict`` gives it: a copy, numpy arrays as base64 typed arrays."""
        spec = {"data": copy.deepcopy(self.data), "layout": copy.deepcopy(self.layout)}
        convert_to_base64(spec)
        return spec
