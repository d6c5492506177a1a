"""The comparison page, driven without a browser (Streamlit AppTest)."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from sim import TrainingConfig, train, train_many
from sim.experiments.comparison import side_by_side
from sim.training import random_streams
from sim.truth.best import best_policy
from ui.common.theme import HANDLING_COLOURS, HANDLING_LABELS
from ui.compare.charts import VERDICT_STYLE, verdict_badge

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "views/compare.py"
DEFAULT = TrainingConfig(steps=4000)  # this page's default


def open_page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    for name, value in query.items():
        at.query_params[name] = str(value)
    at.run()
    assert not at.exception, at.exception
    return at


def values(array) -> np.ndarray:
    """A Plotly array from the chart's JSON (plotly 7 sends numbers as base64 typed arrays)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"])
    return np.asarray(array, dtype=float)


def chart_elements(at: AppTest, title: str) -> list:
    """The chart whose title contains ``title``: its element, and the player laid over it if it has one
    (``ui.player.layered_chart``: the lines carry the title, the player the moving traces and annotations)."""
    elements = at.get("plotly_chart")
    key = {e.proto.id: e.proto.id.split("-", 2)[-1] for e in elements}  # ids are "$$ID-<hash>-<key>"
    for element in elements:
        spec = json.loads(element.proto.spec)
        if title in spec["layout"].get("title", {}).get("text", ""):
            lines = key[element.proto.id]
            return [element, *[e for e in elements if lines.endswith("_lines") and key[e.proto.id] == lines[:-6]]]
    raise AssertionError(f"no chart titled {title!r}")


def chart(at: AppTest, title: str) -> dict:
    """The figure JSON of the chart whose title contains ``title``; for one drawn in two layers, the lines with
    the player's traces and annotations."""
    lines, *player = [json.loads(e.proto.spec) for e in chart_elements(at, title)]
    for spec in player:  # its traces are on paper coordinates: what these tests read of them is their words
        lines["layout"]["annotations"] = spec["layout"]["annotations"]
        lines["data"] += spec["data"]
    return lines


LABELS = set(HANDLING_LABELS.values())


def steps_of(trace: dict) -> np.ndarray:
    """A line's x: an array, or ``x0``/``dx`` (even steps, each point at the whole step nearest to it)."""
    if "x" in trace:
        return values(trace["x"])
    return np.round(trace["x0"] + trace["dx"] * np.arange(len(values(trace["y"]))))


def bias_lines(at: AppTest) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The side-by-side chart's bias line (steps, bias) per rule label."""
    spec = chart(at, "bias over the steps")
    return {
        trace["name"]: (steps_of(trace), values(trace["y"]))
        for trace in spec["data"]
        if trace.get("yaxis", "y") == "y" and trace["name"] in HANDLING_LABELS.values()
    }


def ensemble_table(at: AppTest):
    return next(frame.value for frame in at.dataframe if "settled near the best" in frame.value.columns)


def badges(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


@pytest.fixture(scope="module")
def default_page():
    return open_page()


def test_headline_first_and_no_errors(default_page):
    assert default_page.title[0].value == "The reward's sign decides the direction"
    assert "same random draws" in default_page.markdown[0].value
    assert not default_page.warning


def test_the_three_runs_share_their_hunger_and_draws(default_page):
    hunger, draws = random_streams(DEFAULT)
    proof = next(frame.value for frame in default_page.dataframe if "draw" in frame.value.columns)
    assert np.array_equal(proof["hunger"], hunger[: len(proof)])
    assert np.array_equal(proof["draw"], draws[: len(proof)])
    assert any("identical 4,000 hunger values and draws" in s.value for s in default_page.success)
    # Each line is exactly `train` with that rule and the shared seed, i.e. on those same draws.
    lines = bias_lines(default_page)
    assert len(lines) == 3
    for handling in ("correct", "ignore_sign", "flip_sign"):
        steps, bias = lines[HANDLING_LABELS[handling]]
        history = train(DEFAULT.replace(reward_handling=handling), hunger=hunger, draws=draws)
        assert np.array_equal(bias, history.bias[steps.astype(int) - 1].astype(bias.dtype))  # sent as float32
        assert steps[-1] == DEFAULT.steps and len(steps) <= 1000


def test_verdicts_for_the_default_config(default_page):
    texts = badges(default_page)
    assert len(texts) == 3
    assert "settles near −10" in texts[0] and "green" in texts[0]
    assert "wanders: no push" in texts[1]
    assert "runs away from the best" in texts[2] and "red" in texts[2]
    spec = chart(default_page, "bias over the steps")
    annotations = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    for words in ("settles near −10", "wanders: no push", "runs away from the best"):
        assert words in annotations
    markers = [trace for trace in spec["data"] if trace.get("meta") == "diverged"]  # traces: a replay reveals them
    # Each cross says its run's verdict word, never one that claims a push for a run with none.
    assert {trace["text"][0].split(": left for good at step")[0] for trace in markers} == {"wanders", "runs away"}


def test_the_ensemble_table_matches_train_many(default_page):
    table = ensemble_table(default_page)
    assert list(table["rule"]) == [HANDLING_LABELS[h] for h in ("correct", "ignore_sign", "flip_sign")]
    for row, handling in zip(table.itertuples(index=False), ("correct", "ignore_sign", "flip_sign")):
        ensemble = train_many(DEFAULT.replace(reward_handling=handling), range(200))
        tail = ensemble.bias[:, -1000:].mean(axis=1)
        assert row[1] == pytest.approx(np.mean(np.abs(tail + 10) <= 2))
        assert row[2] == pytest.approx(np.median(ensemble.expected_reward[:, -1]))
        assert row[3] == pytest.approx(np.median(ensemble.bias[:, -1]))
    assert table.iloc[0, 1] >= 0.95 and table.iloc[2, 1] == 0  # the lesson, in numbers


def test_settings_come_from_the_url_and_go_back_into_it():
    at = open_page(seeds=40, steps=1500, learning_rate=0.5, seed=3)
    config = TrainingConfig(steps=1500, learning_rate=0.5, seed=3)
    table = ensemble_table(at)
    ensemble = train_many(config.replace(reward_handling="flip_sign"), range(40))  # seeds 0..39 whatever the seed
    assert table.iloc[2, 3] == pytest.approx(np.median(ensemble.bias[:, -1]))
    steps, _ = bias_lines(at)[HANDLING_LABELS["correct"]]
    assert steps[-1] == 1500
    at.number_input(key="compare:seeds").set_value(60).run()
    assert at.query_params["seeds"] == ["60"] or at.query_params["seeds"] == "60"
    assert "always uses seeds 0–59" in " ".join(m.value for m in at.markdown)


def ensemble_words(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "The ensemble always uses" in m.value)


@pytest.mark.parametrize("seed", [2, 9000])
def test_the_ensemble_is_the_same_whatever_the_runs_seed(seed):
    """The ensemble's seeds are fixed (0..n-1): the table and chart match train_many on them, for a seed among
    them and one that is not, and the page says which it is."""
    at = open_page(seeds=20, steps=600, seed=seed)
    config = TrainingConfig(steps=600)
    table = ensemble_table(at)
    for row, handling in zip(table.itertuples(index=False), ("correct", "ignore_sign", "flip_sign")):
        ensemble = train_many(config.replace(reward_handling=handling), range(20))
        assert row[3] == pytest.approx(np.median(ensemble.bias[:, -1]))
    words = ensemble_words(at)
    assert "seeds 0–19, whatever the seed in the sidebar" in words
    if seed < 20:
        assert f"seed {seed:,}, is one of them" in words
    else:
        assert f"seed {seed:,}, is not one of them" in words
    ensemble_chart = chart(at, "seeds per rule")
    other = open_page(seeds=20, steps=600, seed=seed + 1)
    assert chart(other, "seeds per rule") == ensemble_chart  # a new seed: the same ensemble chart


def test_bad_values_in_the_link_get_a_message_and_defaults():
    at = open_page(seeds="lots", look_from="nan")
    message = at.warning[0].value
    assert "seeds='lots'" in message and "look_from='nan'" in message
    assert len(ensemble_table(at)) == 3  # still works, with 200 seeds
    assert "always uses seeds 0–199" in " ".join(m.value for m in at.markdown)


def test_reward_ignored_can_be_added():
    at = open_page(seeds=20, steps=1000)
    at.toggle(key="compare:ignore_reward").set_value(True).run()
    assert not at.exception
    assert len(ensemble_table(at)) == 4 and len(badges(at)) == 4
    assert HANDLING_LABELS["ignore_reward"] in bias_lines(at)


def test_the_landscape_arrows_point_the_way_each_rule_pushes(default_page):
    spec = chart(default_page, "average push of each rule")
    arrows = [a for a in spec["layout"]["annotations"] if a.get("showarrow") and a.get("axref") == "x"]
    colours = {a["arrowcolor"]: a["x"] - a["ax"] for a in arrows}
    assert colours[HANDLING_COLOURS["correct"]] < 0 < colours[HANDLING_COLOURS["flip_sign"]]  # uphill is left of 0
    assert HANDLING_COLOURS["ignore_sign"] not in colours  # no average push
    at = default_page
    at.slider(key="compare:look_from").set_value(-20.0).run()
    spec = chart(at, "average push of each rule")
    arrows = [a for a in spec["layout"]["annotations"] if a.get("showarrow") and a.get("axref") == "x"]
    colours = {a["arrowcolor"]: a["x"] - a["ax"] for a in arrows}
    assert colours[HANDLING_COLOURS["correct"]] > 0 > colours[HANDLING_COLOURS["flip_sign"]]  # uphill is right of -20


def test_downloads_offer_the_ensemble_summary(default_page):
    labels = [button.label for button in default_page.get("download_button")]
    assert labels[1:] == ["Download this table (CSV)", "Download the median and 10–90% band per step (CSV)"]
    assert labels[0] == "Download as offline HTML"  # the side-by-side replay, for slides


def test_a_neuron_that_ignores_hunger_gets_an_honest_note():
    at = open_page(weight=0, seeds=10, steps=500)
    note = at.info[0].value  # every bias earns the same: the lecture's is no worse than any (it used to say "not")
    assert "no bias is best" in note and "−weight × threshold = 0 included" in note and "; not" not in note
    assert not open_page(seeds=10, steps=500).info  # the lecture's settings need no such note


def test_the_link_holds_only_what_differs_from_this_pages_defaults():
    at = open_page()
    assert "steps" not in at.query_params  # 4,000 is this page's default
    at.number_input(key="compare:steps").set_value(2000).run()
    assert at.query_params["steps"] in (["2000"], "2000")


def test_presets_here_are_only_those_this_page_can_show():
    at = open_page()
    options = at.selectbox(key="compare:preset").options
    assert "sign flipped" not in options and "learn the weight too" not in options
    assert "slow and steady" in options


TRICKY = [
    {"weight": "-20"},
    {"weight": "2", "reward_threshold": "0.2"},
    {"reward_threshold": "0"},
    {"steps": "10"},
]


@pytest.mark.parametrize("query", TRICKY, ids=["&".join(f"{k}={v}" for k, v in q.items()) for q in TRICKY])
def test_the_comparison_states_the_true_best_at_settings_one_click_away(query):
    at = AppTest.from_file("../app.py", default_timeout=60)
    for name, value in {**query, "seeds": "20"}.items():
        at.query_params[name] = value
    at.switch_page("views/compare.py").run()
    assert not at.exception, at.exception
    config, _ = TrainingConfig.from_strings(query, TrainingConfig(steps=4000))
    side = side_by_side(config)
    best = best_policy(config.weight, config.reward_threshold, config.reward_size, config.hunger)
    assert side.best.reward == pytest.approx(best.reward)
    for run in side.runs.values():  # each badge shows the verdict sim decided
        symbol, words, _, _ = verdict_badge(run.verdict, side)
        assert VERDICT_STYLE[run.verdict.kind][0] == symbol
    if not side.optimum_is_best:
        assert any(best.words in i.value for i in at.info)
    spec = chart(at, "bias over the steps")
    annotations = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    if best.saturated:  # no best bias to shade: the chart names the best policy instead
        assert f"best here: {best.words}" in annotations and "best bias" not in annotations
    if config.weight < 0:
        assert any("cannot pick Place B (large fries) only when hungry" in i.value for i in at.info)


def test_a_flat_expected_reward_is_drawn_at_a_readable_scale():
    # At weight 0, J is 0 for every bias: its axis read in millionths (±100µ) around a flat line.
    from sim import TrainingConfig
    from sim.experiments.comparison import side_by_side
    from ui.common.screen import DESK
    from ui.compare.charts import side_by_side_figure

    figure = side_by_side_figure(side_by_side(TrainingConfig(steps=300, weight=0.0)), DESK)
    low, high = figure["layout"]["yaxis2"]["range"]
    assert high - low >= 0.2 and low < 0 < high
