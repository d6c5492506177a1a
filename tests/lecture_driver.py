"""Opening and clicking the lecture walk-through in AppTest (shared by the lecture's test files)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def opened(query: dict) -> AppTest:
    """The lecture (the app's default page) opened from a link with these query parameters."""
    at = AppTest.from_file("../app.py", default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at
