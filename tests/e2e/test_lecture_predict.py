"""'Ask before revealing' in a real browser at 1280×720: each question and its answer buttons fit without scrolling."""

from tests.e2e.accessibility import assert_accessible
from tests.e2e.server import wait_ready, wait_still
from tests.e2e.test_lecture import main_text, press, wait_for_sub_step

VIEWPORT_HEIGHT = 720


def answer_buttons(page):
    return page.locator("[class*='st-key-lecture_answer_'] button")


def assert_question_in_view(page) -> None:
    buttons = answer_buttons(page)
    buttons.nth(1).wait_for()  # the page's elements arrive one after another
    wait_ready(page)
    wait_still(page, "[class*='st-key-lecture_answer_'] button")  # the sidebar folds away after the run
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT, box
    assert page.evaluate("window.scrollY") == 0


def answer(page, key: str, expect: str) -> None:
    press(page, key)
    page.wait_for_function(
        "(words) => document.querySelector(\"[data-testid='stMain']\").innerText.includes(words)", arg=expect
    )
    wait_ready(page)


def test_each_question_fits_a_projector_and_the_answer_follows(page, app_url, shot):
    page.goto(f"{app_url}/?predict=1&update=2&substep=draw")
    wait_for_sub_step(page, 2, 2)
    assert_question_in_view(page)
    page.locator(".js-plotly-plot").nth(1).wait_for()
    assert "A: p(A) = 0.6" in main_text(page) and "draw u = 0.9" not in main_text(page)
    shot(page, "lecture_predict_draw")
    assert_accessible(page, "the lecture asking which place the draw picks")
    answer(page, "lecture_answer_draw_A", "You said A; it is B.")
    shot(page, "lecture_predict_draw_revealed")

    press(page, "lecture_next")
    press_until = [(2, 3), (2, 4)]
    for update, step in press_until:
        wait_for_sub_step(page, update, step)
        if step < 4:
            press(page, "lecture_next")
    assert_question_in_view(page)
    shot(page, "lecture_predict_derivative")
    answer(page, "lecture_answer_derivative_negative", "Right: negative.")

    press(page, "lecture_next")
    wait_for_sub_step(page, 2, 5)
    assert_question_in_view(page)
    shot(page, "lecture_predict_reward")
    answer(page, "lecture_answer_reward_negative", "Right: negative.")
    assert_question_in_view(page)  # the what-if panel's question
    shot(page, "lecture_predict_what_if")
    assert_accessible(page, "the lecture asking about the what-if panel")
    answer(page, "lecture_answer_what_if_up", "b would go from −0.5 to 0.1: up.")
    shot(page, "lecture_predict_what_if_revealed")

    press(page, "lecture_skip")  # stops at the next question: which way the bias moves
    wait_for_sub_step(page, 2, 8)
    assert_question_in_view(page)
    shot(page, "lecture_predict_new_bias")
    answer(page, "lecture_answer_new_bias_down", "4 of 5 right")
    assert page.locator("[data-testid='stException']").count() == 0
