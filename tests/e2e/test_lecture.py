"""The lecture walk-through in a real browser: every sub-step of both updates, then random draws."""

from tests.e2e.accessibility import assert_accessible
from tests.e2e.server import wait_ready

# True once the page's status line reads "Update <u> (...) · step <s> of 9".
AT_SUB_STEP = """
([update, step]) => document.querySelector("[data-testid='stMain']").innerText.split("\\n").some(
  line => line.startsWith(`Update ${update} `) && line.includes(`step ${step} of 9`))
"""


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def press(page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()


def wait_for_sub_step(page, update: int, step: int) -> None:
    page.wait_for_function(AT_SUB_STEP, arg=[update, step])
    wait_ready(page)


def test_click_through_the_whole_worked_example(page, app_url, shot):
    page.goto(app_url)
    wait_for_sub_step(page, 1, 1)
    positions = [(update, step) for update in (1, 2) for step in range(1, 10)]
    for (update, step), following in zip(positions, positions[1:] + [None]):
        assert page.locator("[data-testid='stException']").count() == 0
        if (update, step) in ((1, 1), (2, 5), (2, 9)):
            shot(page, f"lecture_update{update}_step{step}")
        if (update, step) in ((1, 1), (2, 5)):  # at load; after 13 clicks, the what-if panel open
            page.locator(".js-plotly-plot").nth(1).wait_for()
            assert_accessible(page, f"the lecture at update {update}, step {step}")
        if following:
            press(page, "lecture_next")
            wait_for_sub_step(page, *following)
    text = main_text(page)
    assert "−1.1" in text  # the lecture's new bias, rounded like the lecture
    assert "0.25" in text  # and its new p(B), as the lecture wrote it

    # Back to the reward sub-step of update 2: the side panel shows what ignoring the sign would do.
    for step in (8, 7, 6, 5):
        press(page, "lecture_back")
        wait_for_sub_step(page, 2, step)
    assert "What if we ignored the reward" in main_text(page)

    press(page, "lecture_skip")
    wait_for_sub_step(page, 2, 9)
    page.locator(".st-key-lecture_exact label").click()
    page.wait_for_function("() => document.querySelector(\"[data-testid='stMain']\").innerText.includes('−1.1225')")
    press(page, "lecture_continue")
    wait_for_sub_step(page, 3, 1)
    shot(page, "lecture_random_draw")
