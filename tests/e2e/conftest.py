"""Fixtures for the browser tests: one real server per test session, a fresh browser context per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM_ARGS, ROOT, chromium_path, streamlit_server

SHOTS = ROOT / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as (url, _process):
        yield url


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "system Chromium not found (Debian package 'chromium'); scripts/test.sh installs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page


@pytest.fixture
def shot():
    """Save a screenshot of the page under artifacts/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, full_page: bool = False) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
