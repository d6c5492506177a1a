"""The lecture's state in the address bar: every click writes it within 1 s; a new browser reproduces it."""

import time
from urllib.parse import parse_qs, urlsplit

from tests.e2e.server import wait_ready
from tests.e2e.test_lecture import main_text, press, wait_for_sub_step

MAIN = "document.querySelector(\"[data-testid='stMain']\")"
WHAT_IF = "learning_rate=0.5&weight=10&hunger=0.2&draws=0.3,0.7&seed=7"


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.evaluate("location.href")).query).items()}


def wait_for_query(page, expected: dict, within: float = 1.0) -> float:
    """Seconds until the address bar holds ``expected`` (fails after ``within`` s)."""
    start = time.monotonic()
    while query(page) != expected:
        assert time.monotonic() - start < within, (query(page), expected)
        page.wait_for_timeout(50)
    return time.monotonic() - start


def test_clicks_reach_the_address_bar_and_a_fresh_browser_shows_the_same_page(page, browser, app_url, shot):
    page.goto(f"{app_url}/?{WHAT_IF}")
    wait_for_sub_step(page, 1, 1)
    what_if = {"learning_rate": "0.5", "weight": "10", "hunger": "0.2", "draws": "0.3,0.7", "seed": "7"}
    press(page, "lecture_skip")
    wait_for_sub_step(page, 1, 9)
    delays = [wait_for_query(page, {**what_if, "substep": "new_prob"})]
    for step in range(1, 6):  # update 2, the reward sub-step
        press(page, "lecture_next")
        wait_for_sub_step(page, 2, step)
        at = {"update": "2"} | ({"substep": SUBSTEP_NAMES[step - 1]} if step > 1 else {})  # forward is the default
        delays.append(wait_for_query(page, {**what_if, **at}))
    page.locator(".st-key-lecture_exact label").click()
    page.wait_for_function(f"() => {MAIN}.innerText.includes('exact values')")
    expected = {**what_if, "update": "2", "substep": "reward", "exact": "1"}
    delays.append(wait_for_query(page, expected))
    assert max(delays) < 1.0, delays
    link, text = page.evaluate("location.href"), main_text(page)
    assert "What if we ignored the reward" in text and "Updates so far" in text

    fresh = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_sub_step(other, 2, 5)
        wait_ready(other)
        other.locator(".js-plotly-plot").nth(1).wait_for()
        for _ in range(100):  # the elements appear one after another; give them up to 10 s
            if main_text(other) == text:
                break
            other.wait_for_timeout(100)
        assert main_text(other) == text
        assert query(other) == expected
        assert other.locator("[data-testid='stException']").count() == 0
        shot(other, "lecture_from_link")
    finally:
        fresh.close()


SUBSTEP_NAMES = ("forward", "draw", "guess", "derivative", "reward")


def test_a_bad_link_warns_once_and_keeps_the_rest(page, app_url):
    page.goto(f"{app_url}/?update=2&substep=reward&draws=0.5,1.5&learning_rate=abc")
    wait_for_sub_step(page, 2, 5)
    text = main_text(page)
    assert "draws='0.5,1.5'" in text and "learning_rate='abc'" in text
    assert page.locator("[data-testid='stAlert']").count() >= 1
    wait_for_query(page, {"update": "2", "substep": "reward"})
    field = page.locator(".st-key-lecture_learning_rate input")  # an input restarts and reaches the link too
    field.fill("0.5")
    field.press("Enter")
    wait_for_sub_step(page, 1, 1)
    assert wait_for_query(page, {"learning_rate": "0.5"}) < 1.0
    press(page, "lecture_next")
    wait_for_sub_step(page, 1, 2)
    press(page, "lecture_restart")
    wait_for_sub_step(page, 1, 1)
    assert wait_for_query(page, {"learning_rate": "0.5"}) < 1.0
