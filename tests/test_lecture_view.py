"""The lecture page, driven like a lecturer would: click through the example and check every number shown."""

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from sim import TrainingConfig, train
from sim.walkthrough import WalkthroughSettings, walkthrough
from sim.walkthrough_position import SUBSTEPS
from tests.lecture_driver import click
from tests.reference import lecture_updates
from ui.common.theme import BLUE
from ui.lecture.charts import network_figure, sampling_line_figure
from ui.lecture.page import history_rows, ledger_latex

CURRENT = rf"\color{{{BLUE}}}{{"  # the current ledger row is drawn in colour


def decimals(value: float, places: int) -> str:
    """Written independently of the page's formatter: fixed decimals, trailing zeros dropped, ASCII minus."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def expected_rows(exact: bool) -> list[list[str]]:
    """For each update, the text each sub-step's current row must contain, from the lecture worked by hand."""
    places = 4 if exact else 1
    rows = []
    for number, step in enumerate(lecture_updates()):

        def n(value, digits=places):
            return decimals(value, digits)

        rows.append(
            [
                f"= {n(step.prob_b)}",
                rf"u = {n(step.draw)} {'<' if step.action == 'A' else chr(92) + 'ge'} p(A) = {n(1 - step.prob_b)}",
                f"ideal }} p(B) = {n(step.ideal)}",
                f"= {n(step.derivative)}",
                f"r = {'+' if step.reward > 0 else ''}{n(step.reward)}",
                f"= {n(step.update)}",
                f"= {n(step.step_size)}",
                f"= {n(step.bias)}",
                # The lecture's new p(B): 0.4 (as update 2 starts from), then 0.25 (one decimal would be 0.2).
                f"= {n(step.prob_b_after, 4 if exact else (1, 2)[number])}",
            ]
        )
    return rows


def fresh() -> AppTest:
    return AppTest.from_file("../app.py", default_timeout=30).run()


def ledger(at: AppTest) -> str:
    return at.latex[0].value


def current_row(at: AppTest) -> str:
    return ledger(at).split(CURRENT)[-1]


@pytest.mark.parametrize("exact", [False, True])
def test_click_through_the_whole_example_and_check_every_number(exact):
    at = fresh()
    assert not at.exception
    if exact:
        at.toggle(key="lecture_exact").set_value(True).run()
    mode = "exact values" if exact else "rounded like the lecture"
    for update, texts in enumerate(expected_rows(exact)):
        for substep, text in enumerate(texts):
            assert text in current_row(at), (update, SUBSTEPS[substep], current_row(at))
            assert ledger(at).count(r"\textsf{") == substep + 1  # past sub-steps stay visible
            status = at.caption[0].value
            assert f"Update {update + 1} (scripted draw) · step {substep + 1} of 9" in status and mode in status
            if (update, substep) != (1, 8):
                click(at, "lecture_next")
    assert at.button(key="lecture_next").disabled
    assert not at.button(key="lecture_continue").disabled
    table = at.dataframe[0].value
    assert list(table["place"]) == ["A", "B"]
    assert list(table["p(B) after"]) == (["0.3775", "0.2456"] if exact else ["0.4", "0.25"])
    assert list(table["new bias"]) == (["−0.5", "−1.1225"] if exact else ["−0.5", "−1.1"])


def test_the_network_and_the_line_show_the_current_values():
    at = fresh()
    for _ in range(10):  # update 2, sub-step 2: the draw 0.9 in B's segment
        click(at, "lecture_next")
    network, line = (
        [a["text"] for a in json.loads(chart.proto.spec)["layout"]["annotations"]] for chart in at.get("plotly_chart")
    )
    assert "<b>−0.5</b>" in network and "<b>0.4</b>" in network
    assert "<b>draw u = 0.9</b>" in line and "<b>B: p(B) = 0.4</b>" in line and "A: p(A) = 0.6" in line


def test_back_and_next_never_lose_or_change_an_update():
    at = fresh()
    seen = []
    for _ in range(13):
        seen.append(ledger(at))
        click(at, "lecture_next")
    seen.append(ledger(at))
    for index in range(12, -1, -1):
        click(at, "lecture_back")
        assert ledger(at) == seen[index]
    assert at.button(key="lecture_back").disabled
    click(at, "lecture_skip")  # to the end of update 1
    assert ledger(at) == seen[8]
    click(at, "lecture_restart")
    assert ledger(at) == seen[0]


def test_continue_with_random_draws_keeps_the_same_ledger_and_is_reproducible():
    at = fresh()
    at.toggle(key="lecture_exact").set_value(True).run()
    click(at, "lecture_skip")
    click(at, "lecture_skip")
    click(at, "lecture_continue")
    third = walkthrough(WalkthroughSettings(), 3)[2]
    assert "Update 3 (random draw) · step 1 of 9" in at.caption[0].value
    click(at, "lecture_skip")
    end_of_third = ledger(at)
    assert f"= {decimals(third.bias, 4)}" in ledger(at)
    history = train(TrainingConfig(steps=3, hunger=0.0), draws=[0.2, 0.9, third.draw])
    assert third.bias == history.bias[-1]
    click(at, "lecture_skip")  # random draws go on with Next and End of update
    assert "Update 4 (random draw)" in at.caption[0].value
    assert len(at.dataframe[0].value) == 4
    for _ in range(9):
        click(at, "lecture_back")
    assert ledger(at) == end_of_third


def test_the_sign_panel_appears_at_the_reward_sub_step():
    at = fresh()
    for _ in range(3):
        click(at, "lecture_next")
    assert len(at.latex) == 1
    for _ in range(10):  # update 2, reward -1
        click(at, "lecture_next")
    assert SUBSTEPS[4] == "reward" and len(at.latex) == 2
    panel = at.latex[1].value
    second = lecture_updates()[1]
    assert "wrong way" in panel and "right way" in panel
    assert f"{decimals(second.bias, 1)}" in panel  # the correct step: bias -1.1
    assert "0.1" in panel and "0.53" in panel  # ignored: bias -0.5 + 0.6, p(B) 0.53
    assert any("drifts away from small fries" in c.value for c in at.caption)
    click(at, "lecture_next")
    assert len(at.latex) == 1


def test_a_what_if_change_restarts_with_the_new_values_and_says_so():
    at = fresh()
    for _ in range(5):
        click(at, "lecture_next")
    at.number_input(key="lecture_learning_rate").set_value(0.5).run()
    assert not at.exception
    assert any("learning rate 1 → 0.5" in i.value and "restarted" in i.value for i in at.info)
    assert "step 1 of 9" in at.caption[0].value and "what-if values" in at.caption[0].value
    at.toggle(key="lecture_exact").set_value(True).run()
    click(at, "lecture_skip")
    click(at, "lecture_skip")
    history = train(TrainingConfig(steps=2, learning_rate=0.5, hunger=0.0), draws=[0.2, 0.9])
    assert f"= {decimals(history.bias[-1], 4)}" in ledger(at)
    at.text_input(key="lecture_draws").set_value("0.7").run()
    assert any("draws 0.2, 0.9 → 0.7" in i.value for i in at.info)
    click(at, "lecture_next")
    assert r"u = 0.7 \ge p(A) = 0.5 \;\Rightarrow\; \text{B}" in current_row(at)
    click(at, "lecture_reset_inputs")
    assert "the lecture's numbers" in at.caption[0].value


@pytest.mark.parametrize(
    "key, value, words",
    [("lecture_draws", "0.2, banana", "draw 2 = 'banana' is not a number"),
     ("lecture_draws", "0.5, 1.2", "draw 2 = 1.2 is out of range")],
)  # fmt: skip
def test_invalid_what_if_input_shows_a_message_and_keeps_the_walk_through(key, value, words):
    at = fresh()
    click(at, "lecture_next")
    widget = at.text_input(key=key) if key == "lecture_draws" else at.number_input(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert any(words in e.value and "keeps its previous values" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    assert "step 2 of 9" in at.caption[0].value and "the lecture's numbers" in at.caption[0].value
    click(at, "lecture_next")
    assert "step 3 of 9" in at.caption[0].value


def test_the_what_if_inputs_take_their_limits_from_the_one_settings_table():
    # They had limits of their own: a learning rate or reward size of 0 could be typed, only to be refused.
    from ui.common.setting_table import SETTINGS
    from ui.lecture.state import INPUT_KEYS

    at = fresh()
    for name, key in INPUT_KEYS.items():
        widget, setting = at.number_input(key=key), SETTINGS[name]
        assert (widget.min, widget.max, widget.step) == (setting.low, setting.high, setting.step), name
    assert at.number_input(key="lecture_learning_rate").min > 0 and at.number_input(key="lecture_reward_size").min > 0


def test_two_sessions_are_independent():
    first, second = fresh(), fresh()
    for _ in range(3):
        click(first, "lecture_next")
    second.run()
    assert "step 4 of 9" in first.caption[0].value and "step 1 of 9" in second.caption[0].value


# --- Pure figure and text builders --------------------------------------------------------------


def _numbers(value):
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"]).tolist()
    return value


def test_sampling_line_puts_the_pointer_inside_the_chosen_segment():
    figure = sampling_line_figure(0.6225, "0.6225", "0.3775", draw=0.9, draw_text="0.9", action="B")
    rect_a, rect_b, pointer = figure.layout.shapes
    assert (rect_a.x0, rect_a.x1, rect_b.x0, rect_b.x1) == (0.0, 0.6225, 0.6225, 1.0)
    assert rect_b.x0 <= pointer.x0 == pointer.x1 <= rect_b.x1
    assert rect_b.line.width > rect_a.line.width and rect_a.opacity < rect_b.opacity
    texts = [a.text for a in figure.layout.annotations]
    assert "<b>draw u = 0.9</b>" in texts and "<b>B: p(B) = 0.3775</b>" in texts


def test_sampling_line_before_the_draw_has_no_pointer():
    figure = sampling_line_figure(0.5, "0.5", "0.5")
    assert len(figure.layout.shapes) == 2
    assert not any("draw" in a.text for a in figure.layout.annotations)


def test_network_figure_writes_the_values_and_highlights_the_boxes():
    figure = network_figure("0", "20", "−0.5", "0", "−0.5", "0.38", highlight=("bias",), bias_note="was 0")
    texts = [a.text for a in figure.layout.annotations]
    for value in ("<b>0</b>", "<b>20</b>", "<b>−0.5</b>", "<b>0.38</b>", "was 0", "× weight", "+ bias", "p(B)"):
        assert value in texts
    widths = [shape.line.width for shape in figure.layout.shapes]
    assert sorted(widths)[-1] == 4 and widths.count(4) == 1


def test_ledger_and_history_builders_use_the_sim_numbers():
    updates = walkthrough(WalkthroughSettings(), 2)
    latex = ledger_latex(updates[1], 8, exact=True)
    assert latex.count(r"\textsf{") == 9 and r"\sigma(20 \cdot 0 + (-1.1225)) = 0.2456" in latex
    rows = history_rows([u.rounded() for u in updates], exact=False)
    assert rows[1]["derivative"] == "−0.6" and rows[1]["reward"] == "−1" and rows[1]["p(B) after"] == "0.25"


def test_the_sign_panel_says_no_change_when_a_saturated_p_b_does_not_move():
    at = fresh()
    at.number_input(key="lecture_hunger").set_value(1.0).run()  # p(B) = 0.99999999794: the step is about 0
    for _ in range(4):
        click(at, "lecture_next")
    assert SUBSTEPS[4] == "reward" and len(at.latex) == 2
    panel = at.latex[1].value
    assert "wrong way" not in panel and panel.count("no change") == 3
    assert any("nothing visibly changes" in c.value for c in at.caption)
