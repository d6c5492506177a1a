"""The comparison's summary charts: each rule's final policy, and the ensemble of seeds over the steps.

Pure figure functions (no Streamlit); the side-by-side replay and the shared pieces are in ``ui.compare.charts``.
"""

from __future__ import annotations

from sim.experiments.comparison import SETTLED_BAND, EnsembleSummary
from ui.common.compact import compact
from ui.common.figure_dict import FigureDict
from ui.common.policy_panel import add_policy_panel
from ui.common.screen import DESK, Screen
from ui.common.theme import GREY, HANDLING_COLOURS, HANDLING_DASHES, HANDLING_LABELS, style
from ui.compare.charts import BADGE_MARGIN, PHONE, no_band_words, optimum_band, rgba, spread_labels

# The policies on a phone: top margin (two title lines, then two subplot title lines), each subplot's height,
# and the gap between rows (the "hunger" axis title, then the next row's subplot titles). In pixels.
PHONE_POLICY = {"t": 122, "plot": 170, "gap": 105}
# The ensemble on a phone: its plot's height, the legend's distance under it (past the "step" axis title),
# and each legend line. In pixels.
PHONE_ENSEMBLE = {"plot": 300, "legend": 60, "entry": 22}


def policy_figure(hunger, curves: dict, best, regions: tuple, titles: dict, screen: Screen = DESK) -> dict:
    """Small multiples: each run's final p(B | hunger), with the better place shaded in each of ``regions``
    (``sim.truth.facts.Facts.regions``: the better place, or None, from one hunger to another).

    In one row; on a ``phone`` two a row, each title in two lines (the rule, then its bias).
    """
    presentation, phone = screen.presentation, screen.narrow
    handlings = list(curves)
    cols = min(2, len(handlings)) if phone else len(handlings)
    rows = -(-len(handlings) // cols)
    heights = PHONE_POLICY["plot"] * rows + PHONE_POLICY["gap"] * (rows - 1)
    figure = FigureDict(
        rows=rows, cols=cols, shared_yaxes=True, horizontal_spacing=0.1 if phone else 0.04,
        vertical_spacing=PHONE_POLICY["gap"] / heights if rows > 1 else None,
        subplot_titles=[titles[h].replace(": ", "<br>") if phone else titles[h] for h in handlings],
    )  # fmt: skip
    figure.update_annotations(font={"size": 14})  # the subplot titles
    for i, handling in enumerate(handlings):
        row, col = i // cols + 1, i % cols + 1
        add_policy_panel(figure, regions, row, col, 12, y_title=col == 1)
        figure.add_scatter(
            x=hunger, y=best, name="best policy", line={"color": GREY, "dash": "dot", "width": 1.5},
            row=row, col=col, hovertemplate="best: %{y:.2f}",
        )  # fmt: skip
        figure.add_scatter(
            x=hunger, y=curves[handling], name=HANDLING_LABELS[handling], row=row, col=col,
            line={"color": HANDLING_COLOURS[handling], "dash": HANDLING_DASHES[handling], "width": 3},
            hovertemplate="p(B) = %{y:.2f}",
        )  # fmt: skip
    title = "Final policies: p(large fries | hunger); dotted: the best policy"
    style(figure, title.replace("; ", "<br>") if phone else title, 300, presentation)
    figure.update_layout(hovermode="closest", margin={"t": 80}, showlegend=False)
    if phone:  # the title at the top, above the subplot titles
        margin = {"t": PHONE_POLICY["t"], "b": 55, "l": PHONE["l"], "r": PHONE["r"]}
        height = margin["t"] + heights + margin["b"]
        title = {"yref": "container", "y": 1 - 32 / height, "yanchor": "middle"}  # its two lines 10 px from the top
        figure.update_layout(margin=margin, height=height, title=title)
    return compact(figure.to_dict())


def ensemble_figure(summaries: dict[str, EnsembleSummary], screen: Screen = DESK) -> dict:
    """Median bias and the 10–90% band over seeds, per handling, over the steps.

    The rules are named right of the plot, at the end of each median line; on a ``phone`` in a legend under it.
    """
    presentation, phone = screen.presentation, screen.narrow
    figure = FigureDict()
    first = next(iter(summaries.values()))
    optimum_band(figure, first.best.drawn, instead=no_band_words(first.best))
    for handling, summary in summaries.items():
        colour = HANDLING_COLOURS[handling]
        # The band is the 90% line filled down to the 10% line drawn just before it: no extra points.
        for values, label, fill in ((summary.low, "10%", None), (summary.high, "90%", "tonexty")):
            figure.add_scatter(
                x=summary.steps, y=values, line={"color": rgba(colour, 0.6), "width": 1}, showlegend=False,
                fill=fill, fillcolor=rgba(colour, 0.2), legendgroup=handling,
                name=f"{HANDLING_LABELS[handling]} {label}", hovertemplate="%{y:.2f}",
            )  # fmt: skip
        figure.add_scatter(
            x=summary.steps, y=summary.median,
            name=HANDLING_LABELS[handling] if phone else f"{HANDLING_LABELS[handling]} (median, 10–90% band)",
            line={"color": colour, "dash": HANDLING_DASHES[handling], "width": 3}, legendgroup=handling,
            hovertemplate="median %{y:.2f}",
        )  # fmt: skip
    # Rule names at the end of each median line, as on the side-by-side chart.
    medians = [summary.median[-1] for summary in summaries.values()]
    low = min(min(s.low.min() for s in summaries.values()), first.best.drawn - SETTLED_BAND)
    high = max(max(s.high.max() for s in summaries.values()), first.best.drawn + SETTLED_BAND)
    for handling, y in zip(summaries, [] if phone else spread_labels(medians, 0.09 * (high - low))):
        figure.add_annotation(
            x=1.0, xref="x domain", xanchor="left", xshift=8, y=y, yref="y", text=f"<b>{HANDLING_LABELS[handling]}</b>",
            showarrow=False, font={"color": HANDLING_COLOURS[handling], "size": 13},
        )  # fmt: skip
    figure.update_xaxes(title_text="step")
    figure.update_yaxes(title_text="bias")
    title = f"{len(first.final_bias):,} seeds per rule: median bias (line) and the middle 80% of seeds (band)"
    if phone:
        title = f"{len(first.final_bias):,} seeds per rule: median bias<br>(line), middle 80% of seeds (band)"
    style(figure, title, 420, presentation)
    # Room at the right for the longest name, in bold, as large as a projector draws it (ui.common.theme.readable).
    longest = max(len(HANDLING_LABELS[h]) for h in summaries)
    names = round(0.62 * (17 if presentation else 13) * longest + 16)
    figure.update_layout(margin={"t": 50, "r": max(BADGE_MARGIN, names)}, showlegend=False)
    if phone:  # the rules' names in a legend under the plot, one a line
        below = PHONE_ENSEMBLE["legend"] + PHONE_ENSEMBLE["entry"] * len(summaries)
        top = -PHONE_ENSEMBLE["legend"] / PHONE_ENSEMBLE["plot"]
        legend = {"orientation": "v", "x": 0.0, "xanchor": "left", "y": top, "yanchor": "top", "font": {"size": 12},
                  "bgcolor": "rgba(0,0,0,0)"}  # fmt: skip
        margin = {"t": 75, "b": below, "l": PHONE["l"], "r": PHONE["r"]}
        height = margin["t"] + PHONE_ENSEMBLE["plot"] + below
        figure.update_layout(margin=margin, height=height, legend=legend, showlegend=True)  # the medians' names
    figure.update_xaxes(hoverformat=",.0f")  # steps are whole numbers even where x0/dx gives fractions
    return compact(figure.to_dict())
