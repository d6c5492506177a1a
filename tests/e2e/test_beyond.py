"""Beyond the sign in a real browser: the StatQuest preset in the lab's sidebar, its note, the link."""

from sim import STATQUEST_REPORTED_BIAS, statquest_notebook
from sim.notebook import notebook_distribution
from tests.e2e.lab_driver import wait_for_chart
from tests.e2e.server import wait_ready
from ui.theme import signed


def test_the_statquest_preset_shows_the_notebooks_bias_beside_the_distribution(page, app_url, shot):
    page.goto(f"{app_url}/lab")
    wait_ready(page)
    wait_for_chart(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="StatQuest's notebook").click()
    note = page.locator(".st-key-lab_notebook")
    note.wait_for(timeout=60_000)
    text = note.inner_text()
    median = notebook_distribution(statquest_notebook()).at[0].median
    assert f"{signed(STATQUEST_REPORTED_BIAS, 3)} after 280 steps" in text
    assert f"after 280 steps: median bias {signed(median, 3)}" in text
    page.wait_for_function("() => location.href.includes('optimizer=adam')", timeout=5_000)
    assert "large_order_odds=0.2%2C0.8" in page.evaluate("location.href")
    assert page.locator("[data-testid='stException']").count() == 0
    note.scroll_into_view_if_needed()
    shot(page, "lab_statquest_note")
