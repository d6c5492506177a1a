"""Every chart's text alternative: built from the same numbers as the chart, it changes with the run and the step.

The words are pure functions (``ui.lecture.text``, ``ui.lab.text``, ``ui.compare.text``); the AppTest part
checks that each view hands them to ``st.plotly_chart(alt=...)``.
"""

import re

import pytest
from streamlit.testing.v1 import AppTest

from sim import TrainingConfig, train
from sim.experiments.comparison import ensemble_seeds, ensemble_summary, landscape, side_by_side
from sim.rounding import number_text
from sim.walkthrough import WalkthroughSettings, walkthrough
from sim.walkthrough_position import SUBSTEPS
from ui.common.theme import signed
from ui.compare.text import ensemble_alt, landscape_alt, policies_alt, side_by_side_alt, side_by_side_table
from ui.lab.text import player_alt, player_table
from ui.lecture.text import line_alt, network_alt

HANDLINGS = ("correct", "ignore_sign", "flip_sign")


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](\s|$)", text))


def test_the_lecture_diagrams_say_the_numbers_they_show_at_each_sub_step():
    first, second = walkthrough(WalkthroughSettings(), 2)
    said = {(u.number, s): (network_alt(u, s, False), line_alt(u, s, False)) for u in (first, second) for s in SUBSTEPS}
    assert len({network for network, _ in said.values()}) >= 4  # changes along the update and between updates
    assert len({line for _, line in said.values()}) >= 4
    network, line = said[(2, "forward")]
    assert f"hunger {number_text(second.hunger, False)}" in network and number_text(second.prob_b, False) in network
    assert "nothing drawn yet" in line
    _, drawn = said[(2, "draw")]
    assert f"u = {number_text(second.draw, False)}" in drawn and f"goes to {second.action}" in drawn
    network_after, line_after = said[(2, "new_prob")]
    assert number_text(second.bias, False) in network_after and number_text(second.prob_b_after, False) in line_after
    exact = network_alt(second, "new_prob", True)
    assert number_text(second.bias, True) in exact and exact != network_after  # exact values: 4 decimals
    for network, line in said.values():
        assert sentences(network) >= 1 and sentences(line) >= 1


def test_the_lab_chart_says_how_the_run_ends_and_where_it_opens():
    config = TrainingConfig(steps=2000)
    history = train(config)
    text = player_alt(config, history, 0)
    assert f"to {signed(float(history.bias[-1]), 3)}" in text and "2,000 steps" in text
    assert "best: bias −10" in text and "opens at step 0 " in text and "Verdict: " in text
    assert player_alt(config, history, 500) != text and "opens at step 500 " in player_alt(config, history, 500)
    flipped = config.replace(reward_handling="flip_sign")
    other = player_alt(flipped, train(flipped), 0)
    assert other != text and "sign flipped" in other and "running away" in other
    table = player_table(history)
    assert table["step"].iloc[0] == 0 and table["step"].iloc[-1] == 2000
    assert table["bias"].iloc[-1] == round(float(history.bias[-1]), 3)


def test_the_comparison_charts_say_each_rules_numbers_and_follow_the_seed():
    config = TrainingConfig(steps=1500)
    texts = []
    for seed in (0, 3):
        side = side_by_side(config.replace(seed=seed), HANDLINGS)
        runs = {h: r.final_bias for h, r in side.runs.items()}
        ensembles = {h: ensemble_summary(side.config.replace(reward_handling=h), ensemble_seeds(seed, 8)) for h in runs}
        texts.append(
            [
                side_by_side_alt(side),
                policies_alt(side),
                ensemble_alt(ensembles),
                landscape_alt(landscape(side.config, runs, 0.0)),
            ]
        )
        for handling, run in side.runs.items():
            assert f"final bias {signed(run.final_bias, 3)}" in texts[-1][0], handling
        table = side_by_side_table(side)
        assert table["step"].iloc[-1] == 1500 and len(table) <= 21
        assert table["bias, sign flipped"].iloc[-1] == round(float(side.runs["flip_sign"].bias[-1]), 3)
    for before, after in zip(*texts):
        assert before != after  # another seed, other numbers
        assert sentences(before) >= 1 and "sign respected" in before and "sign flipped" in before


@pytest.mark.parametrize("page, charts", [("views/lecture.py", 2), ("views/lab.py", 2), ("views/compare.py", 6)])
def test_every_chart_on_every_view_has_a_description(page, charts):
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params.update({"steps": "600", "seeds": "5"} if page != "views/lecture.py" else {})
    at.switch_page(page).run()
    assert not at.exception, at.exception
    found = at.get("plotly_chart")
    assert len(found) == charts
    for chart in found:
        assert sentences(chart.proto.alt) >= 1 and re.search(r"\d", chart.proto.alt), chart.proto.id
