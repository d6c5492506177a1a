"""The lecture walk-through in a real browser: every sub-step of both updates, then random draws."""

from tests.e2e.server import wait_ready


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def click(page, key: str) -> None:
    """Click a button and wait until the page it causes has been drawn (its text changed)."""
    before = main_text(page)
    page.locator(f".st-key-{key} button").first.click()
    page.wait_for_function(
        "before => document.querySelector(\"[data-testid='stMain']\").innerText !== before", arg=before
    )
    wait_ready(page)


def test_click_through_the_whole_worked_example(page, app_url, shot):
    page.goto(app_url)
    wait_ready(page)
    assert "step 1 of 9" in page.get_by_text("Update 1").first.inner_text()
    for update in (1, 2):
        for sub_step in range(1, 10):
            status = page.get_by_text(f"Update {update}").first.inner_text()
            assert f"step {sub_step} of 9" in status
            assert page.locator("[data-testid='stException']").count() == 0
            if (update, sub_step) in ((1, 1), (2, 5), (2, 9)):
                shot(page, f"lecture_update{update}_step{sub_step}")
            if (update, sub_step) != (2, 9):
                click(page, "lecture_next")
    text = main_text(page)
    assert "−1.1" in text  # the lecture's new bias, rounded like the lecture
    assert "0.25" in text  # and its new p(B), as the lecture wrote it
    # The reward sub-step of update 2 showed what ignoring the sign would have done.
    click(page, "lecture_back")
    click(page, "lecture_back")
    click(page, "lecture_back")
    click(page, "lecture_back")
    assert "What if we ignored the reward" in main_text(page)
    click(page, "lecture_skip")
    before = main_text(page)
    page.locator(".st-key-lecture_exact label").click()
    page.wait_for_function(
        "before => document.querySelector(\"[data-testid='stMain']\").innerText !== before", arg=before
    )
    wait_ready(page)
    assert "−1.1225" in main_text(page)
    click(page, "lecture_continue")
    assert "Update 3" in main_text(page)
    shot(page, "lecture_random_draw")
