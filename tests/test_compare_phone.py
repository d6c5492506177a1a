"""The comparison's charts on a phone: the plot takes the whole width; badges, names and controls go under it."""

import pytest

from sim import TrainingConfig
from sim.experiments.comparison import ensemble_seeds, ensemble_summary, landscape, policy_curves
from sim.experiments.offsets import side_config, sides_side_by_side
from sim.truth.facts import facts
from ui.common.screen import Screen
from ui.common.theme import HANDLING_LABELS
from ui.compare.charts import side_by_side_figure
from ui.compare.landscape import landscape_figure
from ui.compare.summary_charts import ensemble_figure, policy_figure

CONFIG = TrainingConfig(steps=1500, seed=5)
RULES = ("correct", "ignore_sign", "flip_sign", "ignore_reward", "correct_baseline")


@pytest.fixture(scope="module")
def side():
    return sides_side_by_side(CONFIG, RULES)


def beside(annotation: dict) -> bool:
    """An annotation drawn right of the plot (where a phone has no room)."""
    return annotation.get("xanchor") == "left" and annotation.get("x", 0) >= 1.0


def test_the_side_by_side_chart_keeps_its_badges_and_controls_inside_a_phones_width(side):
    spec = side_by_side_figure(side, Screen(width=360))
    layout = spec["layout"]
    assert layout["margin"]["r"] <= 20 and layout["margin"]["autoexpand"] is False
    assert not [a for a in layout["annotations"] if beside(a)]
    badges = [a for a in layout["annotations"] if a.get("bordercolor")]
    assert len(badges) == len(RULES)  # every run keeps its verdict, named
    for rule, badge in zip(RULES, badges):
        assert badge["text"].startswith(HANDLING_LABELS[rule] + ":")
        assert badge["yref"] == "paper" and badge["y"] < 0  # under the plot
    # Under the step axis's title (the player's bar is above the chart, in the page), all in the bottom margin.
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert min(-b["y"] * plot for b in badges) >= 50
    assert max(-b["y"] * plot for b in badges) + 28 <= layout["margin"]["b"]
    assert "<br>" in layout["title"]["text"]


def test_the_desk_keeps_the_badges_beside_the_plot(side):
    layout = side_by_side_figure(side)["layout"]
    assert len([a for a in layout["annotations"] if beside(a)]) == len(RULES)
    assert "<br>" not in layout["title"]["text"]


def test_the_policies_go_two_a_row_on_a_phone(side):
    hunger, curves, best = policy_curves(CONFIG, {h: run.final_bias for h, run in side.runs.items()})
    titles = {h: f"{HANDLING_LABELS[h]}: bias 1" for h in side.runs}
    layout = policy_figure(hunger, curves, best, facts(CONFIG).regions, titles, Screen(width=360))["layout"]
    widths = [axis["domain"][1] - axis["domain"][0] for name, axis in layout.items() if name.startswith("xaxis")]
    assert len(widths) == 6 and min(widths) > 0.4  # 3 rows of 2 (one empty)
    assert all("<br>" in a["text"] for a in layout["annotations"] if "bias" in a["text"])


def test_the_ensemble_names_its_rules_in_a_legend_under_it_on_a_phone():
    summaries = {h: ensemble_summary(side_config(CONFIG, h), ensemble_seeds(CONFIG.seed, 3)) for h in RULES[:3]}
    spec = ensemble_figure(summaries, Screen(width=360))
    layout = spec["layout"]
    assert not [a for a in layout.get("annotations", []) if beside(a)]
    assert layout["showlegend"] and layout["legend"]["y"] < 0 and layout["margin"]["r"] <= 20
    named = [t["name"] for t in spec["data"] if t.get("showlegend", True)]
    assert named == [HANDLING_LABELS[h] for h in RULES[:3]]


def test_the_landscape_names_the_push_curves_in_its_legend_on_a_phone(side):
    finals = {h: run.final_bias for h, run in side.runs.items() if h != "correct_baseline"}
    spec = landscape_figure(landscape(CONFIG, finals, 0.0), Screen(width=360))
    named = [t["name"] for t in spec["data"] if t.get("showlegend", True) and t.get("yaxis") == "y2"]
    assert named == [HANDLING_LABELS[h] for h in finals]  # lines in the legend, no names over the narrow plot
    assert not [a for a in spec["layout"]["annotations"] if a.get("text") in named]
    assert "<br>" in spec["layout"]["title"]["text"] and spec["layout"]["margin"]["r"] <= 20


PHONE_PLOT_WIDTH = 290  # px: a 390 px phone's plot, between the margins
CHARACTER = 6.6  # px: a character of the markers' 12 px text, a little wider than the average


@pytest.mark.parametrize("seed", [0, 3, 5])
def test_a_crosss_words_stay_inside_a_phones_plot(seed):
    """ "wanders: left for good at step 2,450" beside a cross at 61% of the way was cut off at the plot's left edge."""
    last = 4000
    spec = side_by_side_figure(sides_side_by_side(TrainingConfig(steps=last, seed=seed), RULES[:3]), Screen(width=360))
    markers = [t for t in spec["data"] if t.get("meta") == "diverged"]
    assert markers, "these seeds have runs that leave for good"
    for marker in markers:
        width = max(len(line) for line in marker["text"][0].split("<br>")) * CHARACTER
        x = marker["x"][0] / last * PHONE_PLOT_WIDTH
        side_ = marker["textposition"].split()[1]
        left, right = {"left": (x - width, x), "right": (x, x + width), "center": (x - width / 2, x + width / 2)}[side_]
        assert left >= 0 and right <= PHONE_PLOT_WIDTH, (marker["text"], marker["x"], marker["textposition"])
