"""Predict, then reveal: nothing is shown before the class answers; right and wrong answers reveal the same numbers."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from sim.walkthrough import WalkthroughSettings, walkthrough
from tests.lecture_driver import click
from tests.lecture_driver import opened as open_lecture
from ui.lecture.predict import WHAT_IF, question

QUESTION_AT = {"draw": 1, "derivative": 3, "reward": 4, "new_bias": 7}  # kind -> sub-step index


def opened(query: dict | None = None) -> AppTest:
    """The lecture in predict mode ("Ask before revealing"), from a link."""
    return open_lecture({"predict": "1", **(query or {})})


def choices(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("lecture_answer_")]


def seen(at: AppTest) -> str:
    """All the page says and draws, as one text."""
    charts = [json.dumps(json.loads(c.proto.spec)["layout"].get("annotations")) for c in at.get("plotly_chart")]
    texts = [x.value for kind in ("latex", "markdown", "caption", "success", "warning") for x in getattr(at, kind)]
    return "\n".join(texts + charts)


def at_sub_step(substep: str, update: int = 2) -> AppTest:
    query = {"update": str(update)} | ({"substep": substep} if substep != "forward" else {})
    return opened(query)


# What would give each answer away (update 2 of the lecture: u = 0.9 picks B, derivative −0.6, r = −1,
# the bias moves down to −1.1; ignoring the sign would move it up to 0.1).
GIVEAWAYS = {
    "draw": [r"\Rightarrow", "draw u = 0.9", "lands in"],
    "derivative": ["= -0.6", "−0.6"],
    "reward": ["r = -1", "bad, −1", "What if we ignored"],
    "new_bias": ["= -1.1", "−1.1", "was −0.5"],
}


@pytest.mark.parametrize("kind", list(QUESTION_AT))
def test_no_answer_is_visible_before_the_question_is_answered(kind):
    at = at_sub_step(kind)
    assert f"step {QUESTION_AT[kind] + 1} of 9" in at.caption[0].value
    assert choices(at) and all(b.startswith(f"lecture_answer_{kind}_") for b in choices(at))
    for words in GIVEAWAYS[kind]:
        assert words not in seen(at), (kind, words)
    assert r"\text{?}" in at.latex[0].value
    assert at.button(key="lecture_next").disabled and at.button(key="lecture_skip").disabled
    click(at, choices(at)[0])
    assert not choices(at) or kind == "reward"  # after the reward, the what-if panel asks its own question
    assert any(words in seen(at) for words in GIVEAWAYS[kind])
    assert not at.button(key="lecture_next").disabled


def test_the_what_if_panel_asks_before_it_shows_the_table():
    at = at_sub_step("reward")
    click(at, "lecture_answer_reward_negative")
    assert choices(at) == [f"lecture_answer_{WHAT_IF}_{c}" for c in ("up", "down", "stays")]
    assert "wrong way" not in seen(at) and "0.53" not in seen(at) and len(at.latex) == 1
    assert any(
        "if the reward's sign were ignored" in m.value and "(1 of 1 right so far)" in m.value for m in at.markdown
    )
    click(at, f"lecture_answer_{WHAT_IF}_up")
    assert len(at.latex) == 2 and "wrong way" in at.latex[1].value
    assert any("b would go from −0.5 to 0.1: up." in s.value for s in at.success)
    assert "(2 of 2 right)" in at.success[-1].value


RIGHT = [  # the lecture's two updates
    {"draw": "A", "derivative": "positive", "reward": "positive", WHAT_IF: "down", "new_bias": "down"},
    {"draw": "B", "derivative": "negative", "reward": "negative", WHAT_IF: "up", "new_bias": "down"},
]


def test_right_and_wrong_answers_reveal_the_same_numbers():
    right, wrong = at_sub_step("draw", update=1), at_sub_step("draw", update=1)
    for _ in range(30):
        if choices(right):
            kind, *_ = choices(right)[0].removeprefix("lecture_answer_").rpartition("_")
            update = 0 if "Update 1 " in right.caption[0].value else 1
            given = {key.rpartition("_")[2] for key in choices(right)}
            click(right, f"lecture_answer_{kind}_{RIGHT[update][kind]}")
            click(wrong, f"lecture_answer_{kind}_{sorted(given - {RIGHT[update][kind]})[0]}")
            continue
        assert [x.value for x in right.latex] == [x.value for x in wrong.latex]
        assert [c.proto.spec for c in right.get("plotly_chart")] == [c.proto.spec for c in wrong.get("plotly_chart")]
        if right.button(key="lecture_next").disabled:
            break
        click(right, "lecture_next")
        click(wrong, "lecture_next")
    for at, expected in ((right, [True] * 10), (wrong, [False] * 10)):
        assert [ok for _choice, ok in at.session_state["lecture_answers"].values()] == expected
    assert right.dataframe[0].value.equals(wrong.dataframe[0].value)


def test_back_and_next_never_lose_an_answer_or_ask_twice():
    at = at_sub_step("draw", update=1)
    click(at, "lecture_answer_draw_B")  # wrong: the lecture's first draw, 0.2, picks A
    feedback = at.warning[0].value
    assert "You said B; it is A. u = 0.2 < p(A) = 0.5" in feedback and "0 of 1 right" in feedback
    click(at, "lecture_next")
    click(at, "lecture_back")
    assert not choices(at) and at.warning[0].value == feedback and r"\Rightarrow" in at.latex[0].value
    click(at, "lecture_back")
    click(at, "lecture_next")
    assert not choices(at) and "(0 of 1 right)" in at.warning[0].value
    click(at, "lecture_next")
    click(at, "lecture_next")  # the next question counts on from the first answer
    assert any("(0 of 1 right so far)" in m.value for m in at.markdown)
    click(at, "lecture_restart")  # the tally starts again
    click(at, "lecture_next")
    assert choices(at) and not any("so far" in m.value for m in at.markdown)
    click(at, "lecture_answer_draw_A")
    assert "(1 of 1 right)" in at.success[0].value


def test_end_of_update_stops_at_each_question():
    at = opened()
    stops = []
    for _ in range(10):
        click(at, "lecture_skip")
        stops.append(next(i for i in range(9) if f"step {i + 1} of 9" in at.caption[0].value))
        if not choices(at):
            break
        click(at, choices(at)[0])
        if choices(at):  # the what-if question
            click(at, choices(at)[0])
    assert stops == [1, 3, 4, 7, 8]


def test_predict_mode_is_off_by_default_and_in_the_link():
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    click(at, "lecture_next")
    assert not choices(at) and r"\Rightarrow" in at.latex[0].value
    at.toggle(key="lecture_predict").set_value(True).run()
    assert dict(at.query_params) == {"substep": "draw", "predict": "1"}
    assert choices(at)


def test_each_question_has_one_right_answer_and_a_reason_with_the_numbers():
    second = walkthrough(WalkthroughSettings(), 2)[1].rounded()
    expected = {"draw": "B", "derivative": "negative", "reward": "negative", "new_bias": "down", WHAT_IF: "up"}
    for kind, answer in expected.items():
        q = question(second, kind, exact=False)
        assert q.answer == answer and answer in q.choices and 2 <= len(q.choices) <= 3
        assert q.why.count(". ") == 0 or kind == "draw", q.why  # one sentence
    assert "0.4 − 1 = −0.6" in question(second, "derivative", False).why
    assert "−0.5 − (−0.6)" not in question(second, "new_bias", False).why
    assert "b = −0.5 − 0.6 = −1.1" in question(second, "new_bias", False).why
    saturated = walkthrough(WalkthroughSettings(hunger=1.0), 1)[0]
    assert question(saturated, "reward", True).answer == "positive"
