"""Every view loads in a real browser without an exception."""

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.server import wait_ready

VIEWS = [("", "lecture"), ("lab", "Training lab"), ("compare", "sign")]


@pytest.mark.parametrize("path, heading", VIEWS)
def test_view_loads(page, app_url, shot, path, heading):
    page.goto(f"{app_url}/{path}")
    wait_ready(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert heading in page.locator("h1").first.inner_text()
    shot(page, f"view_{path}")
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert_accessible(page, f"the view /{path} at load")
