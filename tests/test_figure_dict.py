"""ui.common.figure_dict against Plotly itself: the same calls on a FigureDict and on a go.Figure give the same dict."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots
from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

from ui.common.figure_dict import FigureDict, expand, merge
from ui.common.theme import style


def same_calls(figure, trace):
    """The kinds of calls the lab's player makes, on either kind of figure; ``trace`` makes a trace of it."""
    figure.add_trace(trace(x0=0.0, dx=2.0, y=np.arange(10, dtype=np.float32), name="a", legend="legend"), row=1, col=1)
    figure.add_trace(trace(x=[0, 1, None], y=[1, 2, 3], mode="markers", meta="band", line={"width": 2}), row=2, col=1)
    figure.add_trace(trace(x=np.linspace(0, 1, 11), y=np.arange(11), text=["t"] * 11, name="c"), row=1, col=2)
    figure.add_shape(type="rect", x0=0, x1=9, y0=-1, y1=1, layer="below", name="band", showlegend=True, row=1, col=1,
                     fillcolor="rgba(0,0,0,0.1)", line_width=0)  # fmt: skip
    figure.add_annotation(text="<b>title</b>", x=0, y=1, xref="paper", yref="paper", showarrow=False, font_size=13)
    figure.add_hline(y=0.5, line={"color": "#BBBBBB", "width": 1}, layer="below", row=2, col=1)
    figure.add_hline(y=0.0, line={"color": "#000", "width": 1}, layer="below", row=3, col=1)  # an empty subplot
    figure.add_vrect(x0=0.0, x1=0.5, fillcolor="#56B4E9", opacity=0.15, line_width=0, row=1, col=2)
    figure.update_xaxes(range=[0, 10], row=2, col=1, matches="x")
    figure.update_xaxes(title_text="step", row=3, col=1)
    figure.update_yaxes(range=[-1, 1], title_text="bias", fixedrange=True, row=1, col=1)
    style(figure, "A<br>title", height=500, presentation=True)
    figure.update_layout(title={"y": 0.98, "yanchor": "top"}, title_font_size=13)
    figure.update_layout({"legend": {"orientation": "v", "x": 0.5}, "legend2": {"x": 1}}, hovermode="closest")
    figure.update_traces(selector={"meta": "band"}, line={"width": 0})
    return figure.to_dict()


@pytest.mark.parametrize("default_template", ["plotly", "streamlit"])
def test_a_figure_dict_gives_what_plotly_gives(default_template, monkeypatch):
    configure_streamlit_plotly_theme()  # as on a page: Streamlit makes its own template the default
    monkeypatch.setattr(pio.templates, "default", default_template)
    grid = {"rows": 3, "cols": 2, "specs": [[{}, {"rowspan": 2}], [{}, None], [{}, {}]], "column_widths": [0.6, 0.4]}
    plotly = same_calls(make_subplots(**grid), lambda **t: go.Scatter(**t))
    ours = same_calls(FigureDict(**grid), lambda **t: {"type": "scatter", **t})
    assert json.dumps(ours, sort_keys=True) == json.dumps(plotly, sort_keys=True)
    assert len(ours["layout"]["shapes"]) == 3  # the hline on the empty subplot is left out, as Plotly does


def test_magic_underscores_and_merges():
    assert expand({"title_font_size": 13, "line_width": 0, "x0": 1}) == {
        "title": {"font": {"size": 13}},
        "line": {"width": 0},
        "x0": 1,
    }
    assert merge({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": 3}, "d": [2]}) == {"a": {"b": 3, "c": 2}, "d": [2]}


def test_the_grid_is_copied_not_shared():
    first = FigureDict(rows=2, cols=1)
    first.update_yaxes(range=[0, 1], row=1, col=1)
    assert "range" not in FigureDict(rows=2, cols=1).layout["yaxis"]


def more_calls(figure):
    """The comparison's kinds of calls: subplot titles, lines and bands, axes by column or all, None left out."""
    figure.update_annotations(font={"size": 14})
    figure.add_scatter(x=[0, 1], y=[0, 1], fill=None, name="a", row=1, col=1)
    figure.add_vline(x=0.5, line={"dash": "dot"}, row=1, col=1)
    figure.add_vline(x=0.5, line={"dash": "dot"}, row=2, col=1)  # empty yet: left out, as Plotly does
    figure.add_hrect(
        y0=0, y1=1, fillcolor="green", opacity=0.15, line_width=0, row=2, col=2, exclude_empty_subplots=False
    )
    figure.add_annotation(x=0.5, y=0.5, text="here", showarrow=False, row=2, col=2)
    figure.add_annotation(x=0.99, xref="x domain", y=0.99, yref="y domain", text="corner", showarrow=False)
    figure.update_xaxes(range=[0, 1], hoverformat=",.0f")
    figure.update_yaxes(title_text="p(B)", col=1)
    return figure.to_dict()


def test_the_comparisons_calls_give_what_plotly_gives():
    grid = {"rows": 2, "cols": 2, "shared_yaxes": True, "horizontal_spacing": 0.04}
    titles = ["one: bias −1", "two: bias 3"]
    plotly = more_calls(make_subplots(**grid, subplot_titles=titles))
    ours = more_calls(FigureDict(**grid, subplot_titles=titles))
    assert json.dumps(ours, sort_keys=True) == json.dumps(plotly, sort_keys=True)
    single = go.Figure()
    single.add_hline(y=1.0, line={"width": 1}, exclude_empty_subplots=False)
    single.update_xaxes(title_text="step")
    ours_single = FigureDict().add_hline(y=1.0, line={"width": 1}, exclude_empty_subplots=False)
    assert json.dumps(ours_single.update_xaxes(title_text="step").to_dict(), sort_keys=True) == json.dumps(
        single.to_dict(), sort_keys=True
    )
