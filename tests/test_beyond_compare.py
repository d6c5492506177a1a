"""The comparison beyond the sign (issue #11) through AppTest: the offset control, the 'respected + baseline'
side on the same draws, and the section with settled share against offset."""

import numpy as np
import pytest

from sim import TrainingConfig, train, train_many
from sim.experiments.comparison import display_indices
from sim.experiments.offsets import BASELINE_SIDE, SWEEP_OFFSETS, offset_sweep
from tests.test_compare_view import bias_lines, chart, ensemble_table, open_page, values
from ui.common.theme import HANDLING_LABELS

SMALL = {"steps": 600, "seeds": 10}  # quick: this file is about the controls and the words, not the statistics


def query_of(at) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


def test_the_offset_and_the_baseline_side_run_on_the_same_draws_and_round_trip_through_the_url():
    at = open_page(**SMALL, reward_offset=9, with_baseline=1)
    assert not at.warning
    config = TrainingConfig(steps=600, reward_offset=9.0)
    lines = bias_lines(at)
    assert len(lines) == 4
    shown = display_indices(600)
    expected = {
        "correct": config, "ignore_sign": config.replace(reward_handling="ignore_sign"),
        "flip_sign": config.replace(reward_handling="flip_sign"),
        BASELINE_SIDE: config.replace(baseline="running_mean"),
    }  # fmt: skip
    for side, side_config in expected.items():
        history = train(side_config)
        np.testing.assert_allclose(lines[HANDLING_LABELS[side]][1], history.bias[shown], rtol=1e-6)  # float32
        np.testing.assert_array_equal(history.draw, train(config).draw)  # the same draws
    table = ensemble_table(at)
    assert list(table["rule"])[-1] == HANDLING_LABELS[BASELINE_SIDE]
    ensemble = train_many(expected[BASELINE_SIDE], range(10))
    assert table.iloc[3, 3] == pytest.approx(np.median(ensemble.bias[:, -1]))
    query = query_of(at)
    assert query == {"steps": "600", "seeds": "10", "reward_offset": "9", "with_baseline": "1"}
    # The words beside the runs and under the headline follow the offset.
    captions = " ".join(c.value for c in at.caption)
    assert "by 10 after a good choice and by 8 after a bad one" in captions  # respected and ignored alike
    assert "cancel on average" not in captions  # ignoring the sign is not a random walk with this offset
    assert "random-walks" not in captions
    (note,) = [i.value for i in at.info if "shifted by 9" in i.value]
    assert "(good 10, bad 8), so every reward is positive" in note and "relative to the average reward" in note

    at.number_input(key="compare:reward_offset").set_value(-0.5).run()
    (note,) = [i.value for i in at.info if "shifted by −0.5" in i.value]
    assert "positive" not in note and "negative" not in note  # good 0.5, bad −1.5: the signs still differ
    at.number_input(key="compare:reward_offset").set_value(3.0).run()
    assert at.query_params["reward_offset"] in ("3", ["3"])
    changed = bias_lines(at)[HANDLING_LABELS["correct"]][1]
    np.testing.assert_allclose(changed, train(config.replace(reward_offset=3.0)).bias[shown], rtol=1e-6)
    assert not np.allclose(changed, lines[HANDLING_LABELS["correct"]][1])

    fresh = open_page(**query)
    assert bias_lines(fresh).keys() == lines.keys()


def test_bad_offset_and_baseline_values_in_the_link_get_one_warning_and_the_page_keeps_working():
    at = open_page(**SMALL, reward_offset="abc", with_baseline="maybe")
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert "reward_offset='abc'" in message and "with_baseline='maybe'" in message
    assert len(bias_lines(at)) == 3
    at.toggle(key="compare:with_baseline").set_value(True).run()
    assert not at.exception and len(bias_lines(at)) == 4 and not at.warning


def test_the_offset_section_draws_the_sweep_and_says_its_numbers():
    at = open_page(**SMALL, seed=7)
    sweep = offset_sweep(TrainingConfig(steps=600), 10)  # seeds 0..9 whatever the page's seed
    spec = chart(at, "Seeds settled near the best")
    lines = {trace["name"]: trace for trace in spec["data"]}
    for baseline, name in (("none", "no baseline"), ("running_mean", "running-mean baseline")):
        np.testing.assert_allclose(values(lines[name]["x"]), SWEEP_OFFSETS)
        np.testing.assert_allclose(values(lines[name]["y"]), 100 * sweep.share_settled[baseline])
    (element,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("offsets")]
    share = sweep.share_settled["none"][-1]
    assert f"without a baseline {sweep.share_settled['none'][0]:.0%} at offset 0 and {share:.0%} at offset 9" in (
        element.proto.alt
    )
    words = next(m.value for m in at.markdown if m.value.startswith("Adding the same constant"))
    assert f"without a baseline {share:.0%} of the seeds settle" in words
    assert "E[p(B) − ideal] = 0" in words and "baseline" in words
