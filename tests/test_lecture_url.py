"""The lecture's state in the URL: a link reproduces the page, every click writes the link, bad values are named."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from sim.walkthrough import WalkthroughSettings
from sim.walkthrough_position import SUBSTEPS, Position
from tests.lecture_driver import click, opened
from ui.lecture.url import LectureState, read_lecture_url, write_lecture_url

# Update 2, the reward sub-step, exact values, changed what-if inputs.
LINK = {
    "update": "2",
    "substep": "reward",
    "exact": "1",
    "hunger": "0.2",
    "initial_bias": "0.5",
    "learning_rate": "0.5",
    "weight": "10",
    "reward_size": "2",
    "draws": "0.3,0.7",
    "seed": "7",
}


def page(at: AppTest) -> dict:
    """Everything the class sees: status, ledger and what-if panel, captions, both charts, the history table."""
    return {
        "status": at.caption[0].value,
        "latex": [x.value for x in at.latex],
        "text": [m.value for m in at.markdown],
        "charts": [chart.proto.spec for chart in at.get("plotly_chart")],
        "history": at.dataframe[0].value.to_dict() if at.dataframe else None,
    }


def test_a_link_opens_the_same_page_as_clicking_there():
    by_link = opened(LINK)
    assert "Update 2 (scripted draw) · step 5 of 9 · what-if values · exact values" in by_link.caption[0].value
    assert not by_link.warning
    by_hand = opened({})
    for key, value in [("lecture_hunger", 0.2), ("lecture_bias", 0.5), ("lecture_learning_rate", 0.5),
                       ("lecture_weight", 10.0), ("lecture_reward_size", 2.0), ("lecture_seed", 7)]:  # fmt: skip
        by_hand.number_input(key=key).set_value(value).run()
    by_hand.text_input(key="lecture_draws").set_value("0.3, 0.7").run()
    by_hand.toggle(key="lecture_exact").set_value(True).run()
    for _ in range(9 + 4):
        click(by_hand, "lecture_next")
    assert page(by_hand) == page(by_link)
    assert dict(by_hand.query_params) == LINK  # and clicking there wrote the same link
    assert len(by_link.dataframe[0].value) == 1 and len(by_link.latex) == 2  # update 1 in the table; the what-if panel


def test_every_click_writes_the_link():
    at = opened({})
    assert dict(at.query_params) == {}
    click(at, "lecture_next")
    assert dict(at.query_params) == {"substep": "draw"}
    click(at, "lecture_skip")
    click(at, "lecture_skip")
    assert dict(at.query_params) == {"update": "2", "substep": "new_prob"}
    click(at, "lecture_continue")
    assert dict(at.query_params) == {"update": "3", "random": "1"}
    click(at, "lecture_back")
    assert dict(at.query_params) == {"update": "2", "substep": "new_prob", "random": "1"}
    at.toggle(key="lecture_exact").set_value(True).run()
    assert dict(at.query_params)["exact"] == "1"
    at.number_input(key="lecture_learning_rate").set_value(0.5).run()  # restarts, keeps exact
    assert dict(at.query_params) == {"exact": "1", "learning_rate": "0.5"}
    click(at, "lecture_next")
    click(at, "lecture_restart")
    assert dict(at.query_params) == {"exact": "1", "learning_rate": "0.5"}


def test_a_link_past_the_scripted_draws_with_random_draws_reproduces_them():
    at = opened({"update": "4", "substep": "new_bias", "random": "1", "seed": "3"})
    assert "Update 4 (random draw) · step 8 of 9" in at.caption[0].value
    ledger = at.latex[0].value
    again = opened(dict(at.query_params))
    assert again.latex[0].value == ledger and len(again.dataframe[0].value) == 3


def test_bad_values_get_one_warning_naming_them_and_the_rest_of_the_link_applies():
    at = opened({"update": "9", "substep": "banana", "draws": "0.5,1.2", "learning_rate": "fast", "weight": "5",
                 "exact": "maybe", "seed": "-1"})  # fmt: skip
    assert len(at.warning) == 1
    warning = at.warning[0].value
    for words in ("update='9' is past the end", "substep='banana'", "draws='0.5,1.2'", "learning_rate='fast'",
                  "exact='maybe'", "seed='-1'"):  # fmt: skip
        assert words in warning, warning
    assert "Update 1 (scripted draw) · step 1 of 9" in at.caption[0].value and "rounded" in at.caption[0].value
    assert at.number_input(key="lecture_weight").value == 5.0  # still applied
    assert at.number_input(key="lecture_learning_rate").value == 1.0
    assert dict(at.query_params) == {"weight": "5"}  # the bad values leave the link
    click(at, "lecture_next")
    assert not at.warning  # said once


def test_sub_step_past_the_end_and_numbers_as_sub_steps():
    at = opened({"substep": "10"})
    assert "substep='10'" in at.warning[0].value and "step 1 of 9" in at.caption[0].value
    assert "step 9 of 9" in opened({"substep": "9"}).caption[0].value


# --- Pure parsing ---------------------------------------------------------------------------------


def test_defaults_write_an_empty_link():
    assert write_lecture_url(LectureState()) == {}
    assert read_lecture_url({}) == LectureState()


@settings(max_examples=60, deadline=None)
@given(
    update=st.integers(0, 30),
    substep=st.integers(0, len(SUBSTEPS) - 1),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    hunger=st.floats(0, 1),
    learning_rate=st.floats(0.001, 100),
    weight=st.floats(-100, 100),
    draws=st.lists(st.floats(0, 0.999), max_size=5),
    seed=st.integers(0, 2**32 - 1),
)
def test_write_then_read_gives_the_same_state(update, substep, flags, hunger, learning_rate, weight, draws, seed):
    exact, random, predict = flags
    walk = WalkthroughSettings(hunger=hunger, learning_rate=learning_rate, weight=weight, draws=tuple(draws), seed=seed)
    random = random or update >= len(draws)  # a later update needs random draws
    state = LectureState(walk, Position(update, substep), exact, random, predict)
    assert read_lecture_url(write_lecture_url(state)) == state


@pytest.mark.parametrize(
    "query, words",
    [({"hunger": "1.5"}, "hunger='1.5' is out of range"), ({"update": "0"}, "update='0' is out of range"),
     ({"update": "2.5"}, "not a whole number"), ({"draws": "0.2,x"}, "draw 2 = 'x' is not a number"),
     ({"reward_size": "0"}, "reward_size="), ({"zoom": "2"}, "'zoom' is not a setting"),
     ({"seed": "1.5"}, "seed='1.5' is not a whole number")],
)  # fmt: skip
def test_bad_values_are_named(query, words):
    state = read_lecture_url(query)
    assert len(state.problems) == 1 and words in state.problems[0], state.problems
    assert state.settings == WalkthroughSettings() and state.position == Position()


def test_a_visit_to_another_page_keeps_the_whole_state():
    at = opened(LINK | {"predict": "1", "substep": "draw"})
    at.switch_page("views/compare.py").run()
    at.switch_page("views/lecture.py").run()
    assert not at.exception
    assert dict(at.query_params) == LINK | {"predict": "1", "substep": "draw"}
    assert at.toggle(key="lecture_exact").value and at.toggle(key="lecture_predict").value


def test_the_links_in_the_lecturers_guide_set_up_what_they_say():
    from pathlib import Path
    from urllib.parse import parse_qsl, urlsplit

    from ui.common.setting_table import MAX_COMPARE_STEPS
    from ui.common.url import read_url
    from ui.compare import page as compare
    from ui.lab import page as lab

    guide = (Path(__file__).resolve().parents[1] / "docs" / "LECTURERS.md").read_text()
    section = guide.split("## Teaching with it")[1].split("\n## ")[0]
    links = [part.split("`")[0] for part in section.split("`/")[1:]]
    assert len(links) >= 6
    for link in links:
        parts = urlsplit("/" + link)
        query = dict(parse_qsl(parts.query))
        if parts.path == "/":
            assert read_lecture_url(query).problems == [], link
        elif parts.path == "/lab":
            assert read_url(query, lab.FIELDS, lab.EXTRAS).problems == [], link
        else:
            assert parts.path == "/compare", link
            state = read_url(query, compare.FIELDS, compare.EXTRAS, compare.BASE, MAX_COMPARE_STEPS)
            assert state.problems == [], link
