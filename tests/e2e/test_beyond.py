"""Beyond the sign in a real browser: the StatQuest preset in the lab's sidebar, its note, the link."""

import re

from sim.experiments.statquest import STATQUEST_REPORTED_BIAS
from tests.e2e.lab_driver import wait_for_chart
from tests.e2e.server import wait_ready
from ui.common.theme import signed


def test_the_statquest_preset_shows_the_notebooks_bias_beside_the_distribution(page, app_url, shot):
    page.goto(f"{app_url}/lab?steps=300")  # a short run to start from: the preset sets 280 steps
    wait_ready(page)
    wait_for_chart(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="StatQuest's notebook").click()
    note = page.locator(".st-key-lab_notebook")
    note.wait_for(timeout=60_000)
    text = note.inner_text()
    assert f"{signed(STATQUEST_REPORTED_BIAS, 3)} after 280 steps" in text  # the numbers: tests/test_beyond_lab.py
    for steps in ("280", "2,000"):
        assert re.search(rf"after {steps} steps: median bias −\d", text), steps
    page.wait_for_function("() => location.href.includes('optimizer=adam')", timeout=5_000)
    link = page.evaluate("location.href")
    assert "large_order_odds=0.2%2C0.8" in link and "steps=280" in link
    assert page.locator("[data-testid='stException']").count() == 0
    note.scroll_into_view_if_needed()
    shot(page, "lab_statquest_note")
