"""In the browser: a link's names and values in the page's warning are text, never a link or an image.

``/?[Sign in ...](https://evil.example/login)=1`` must show no link to evil.example, and
``/lab?hunger=![x](http://127.0.0.1:9/track.png)`` must make the browser fetch nothing from that address.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.e2e.server import wait_ready
from tests.test_link_text import IMAGE, PHISHING

ALERT = "[data-testid='stAlert']"
TRACKER = "http://127.0.0.1:9/"
PAGES = {  # path -> a quick run and a setting whose bad value is quoted back
    "/": {"hunger": IMAGE},
    "/lab": {"steps": "200", "hunger": IMAGE},
    "/compare": {"steps": "200", "seeds": "10", "learning_rate": IMAGE},
}


@pytest.mark.parametrize("path", PAGES)
def test_the_warning_shows_the_link_as_typed(page, app_url, shot, path):
    page.set_viewport_size({"width": 400, "height": 800})  # a phone: the long lines must wrap
    fetched = []  # anything asked of the image's address
    page.on("request", lambda request: request.url.startswith(TRACKER) and fetched.append(request.url))
    page.goto(f"{app_url}{path}?{urlencode({PHISHING: '1', **PAGES[path]})}")
    wait_ready(page)
    alert = page.locator(ALERT, has_text="could not be used")
    alert.wait_for()
    assert alert.locator("a").count() == 0 and alert.locator("img").count() == 0, alert.inner_html()
    text = alert.inner_text()
    assert "[Sign in with your university account](https://evil.example" in text, text
    assert "![x](http://127.0.0.1:9/track.png)" in text, text
    assert page.locator("a[href*='evil.example'], img[src*='track.png']").count() == 0
    box = alert.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert box[0] <= box[1], box
    assert not fetched, fetched
    shot(page, f"link_text{path.replace('/', '_')}")
