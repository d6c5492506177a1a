"""The lab's settings beyond the lecture (issue #11) through AppTest: offset, baseline, Adam, portions by chance,
the StatQuest preset and its note beside the distribution over seeds."""

import numpy as np

from sim import TrainingConfig, train
from sim.experiments.notebook import notebook_distribution
from sim.experiments.statquest import STATQUEST_REPORTED_BIAS, statquest_notebook
from tests.test_lab_view import SHORT, lines, open_lab, trace, values
from ui.common.theme import signed


def bias_line(at) -> np.ndarray:
    return values(trace(lines(at), "bias")["y"])


def look_for(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**What to look for.**"))


def test_offset_baseline_optimizer_and_odds_change_the_run_and_round_trip_through_the_url():
    at = open_lab(SHORT)
    assert not [m for m in at.markdown if "StatQuest's notebook prints" in m.value]  # only for the notebook
    lines = [bias_line(at)]
    at.number_input(key="lab:reward_offset").set_value(3.0).run()
    lines.append(bias_line(at))
    at.selectbox(key="lab:baseline").set_value("running_mean").run()
    at.number_input(key="lab:baseline_rate").set_value(0.05).run()  # drawn only with a running mean
    lines.append(bias_line(at))
    at.selectbox(key="lab:optimizer").set_value("adam").run()
    lines.append(bias_line(at))
    at.toggle(key="lab:odds_on").set_value(True).run()
    at.slider(key="lab:odds_a").set_value(0.3).run()
    lines.append(bias_line(at))
    assert not at.exception
    for before, after in zip(lines, lines[1:]):
        assert not np.allclose(before, after)
    query = {k: at.query_params[k] for k in at.query_params}
    expected = TrainingConfig(
        steps=300, reward_offset=3.0, baseline="running_mean", baseline_rate=0.05, optimizer="adam",
        large_order_odds=(0.3, 0.8),
    )  # fmt: skip
    assert {k: v for k, v in query.items() if k != "step"} == expected.to_strings()

    fresh = open_lab(query)
    assert not fresh.warning
    shown = bias_line(fresh)
    np.testing.assert_allclose(shown[1:], train(expected).bias, rtol=1e-6)  # from step 0: the initial bias
    np.testing.assert_allclose(shown, lines[-1])


def test_bad_values_for_the_new_settings_get_one_warning_and_the_page_keeps_working():
    bad = {"reward_offset": "abc", "baseline": "maybe", "optimizer": "rmsprop", "large_order_odds": "2,3"}
    at = open_lab(bad)
    assert len(at.warning) == 1
    for name in bad:
        assert f"{name}=" in at.warning[0].value
    assert at.number_input(key="lab:reward_offset").value == 0.0
    assert at.selectbox(key="lab:optimizer").value == "sgd"
    at.number_input(key="lab:reward_offset").set_value(1.0).run()
    assert not at.exception and not at.warning


def test_a_large_offset_is_not_said_to_settle_and_with_a_baseline_the_verdict_follows_the_run():
    noisy = open_lab({"reward_offset": "9"})
    verdict = train(TrainingConfig(reward_offset=9.0)).verdict()
    assert verdict.kind != "settling"  # measured: wandering (the push is too weak against the random steps)
    assert not [m for m in noisy.markdown if "StatQuest's notebook prints" in m.value]
    words = look_for(noisy)
    assert "jitters around it" not in words and "climbs the expected reward to" not in words
    assert verdict.text in words and "adds noise" in words
    calm = look_for(open_lab({"reward_offset": "9", "baseline": "running_mean"}))
    assert train(TrainingConfig(reward_offset=9.0, baseline="running_mean")).verdict().text in calm
    assert "baseline" in calm and "Single steps are up to" not in calm


def test_the_statquest_preset_shows_the_reported_bias_beside_the_distribution_over_seeds():
    at = open_lab()
    at.selectbox(key="lab:preset").set_value("StatQuest's notebook").run()
    assert not at.exception
    assert at.query_params["optimizer"] == "adam" and at.query_params["large_order_odds"] == "0.2,0.8"
    assert at.query_params["steps"] == "280"
    note = "\n".join(m.value for m in at.markdown if "StatQuest's notebook prints" in m.value)
    assert f"**{signed(STATQUEST_REPORTED_BIAS, 3)}**" in note
    numbers = notebook_distribution(statquest_notebook())
    for at_step in numbers.at:
        assert f"after {at_step.step:,} steps**: median bias {signed(at_step.median, 3)}" in note
        assert f"between {signed(at_step.low, 3)} and {signed(at_step.high, 3)}" in note
        assert f"{at_step.share_settled:.0%} of the seeds settled" in note
    assert numbers.at[0].share_settled < 0.5 < numbers.at[-1].share_settled  # measured: 20% at 280, 100% at 2,000
    summary = " ".join(c.value for c in at.caption)
    assert "by step 280 most seeds are still on their way" in summary and "by step 2,000 most seeds have settled" in (
        summary
    )
    assert f"This run (seed 0): {signed(train(statquest_notebook()).bias[-1], 3)}" in note
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("lab_player")]
    assert chart.proto.alt.startswith("Training run, sign respected (correct), Adam, large order at A 0.2, at B 0.8,")
