"""The training lab in a real browser: play and pause, a shared link, two visitors at once, the CSV."""

import csv
import io
from pathlib import Path

from sim import TrainingConfig, train
from tests.e2e.lab_driver import as_number, expected_bias_text, metric
from tests.e2e.server import wait_ready


def test_play_for_a_few_seconds_then_pause(page, app_url, shot):
    page.goto(f"{app_url}/lab?steps=3000&speed=10")
    wait_ready(page)
    assert metric(page, "Step") == "0"
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2500)
    shot(page, "lab_playing")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    wait_ready(page)
    page.wait_for_timeout(600)  # any tick already on its way lands now
    step = int(as_number(metric(page, "Step")))
    assert 0 < step < 3000
    page.wait_for_timeout(1200)
    assert int(as_number(metric(page, "Step"))) == step  # paused means paused
    assert metric(page, "Bias") == expected_bias_text(TrainingConfig(steps=3000), step)
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "lab_paused")


def test_a_shared_link_reproduces_the_run_and_step_in_a_fresh_browser(browser, app_url):
    query = "steps=1500&learning_rate=0.5&reward_handling=flip_sign&seed=7&step=321"
    first = browser.new_context(viewport={"width": 1280, "height": 720})
    page = first.new_page()
    page.goto(f"{app_url}/lab?{query}")
    wait_ready(page)
    shown = {label: metric(page, label) for label in ("Step", "Bias", "Expected reward", "p(B | hunger 1)")}
    url = page.url
    first.close()

    second = browser.new_context(viewport={"width": 1280, "height": 720})
    again = second.new_page()
    again.goto(url)
    wait_ready(again)
    assert {label: metric(again, label) for label in shown} == shown
    config = TrainingConfig(steps=1500, learning_rate=0.5, reward_handling="flip_sign", seed=7)
    assert shown["Step"] == "321"
    assert shown["Bias"] == expected_bias_text(config, 321)
    second.close()


def test_two_visitors_playing_different_runs_never_see_each_other(browser, app_url):
    runs = {
        "correct": TrainingConfig(steps=2000, seed=1),
        "flip_sign": TrainingConfig(steps=2000, seed=2, reward_handling="flip_sign", learning_rate=2.0),
    }
    pages = {}
    for name, config in runs.items():
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        query = "&".join(f"{k}={v}" for k, v in config.to_strings().items())
        page.goto(f"{app_url}/lab?{query}&speed=50")
        wait_ready(page)
        pages[name] = page
    for page in pages.values():
        page.get_by_role("button", name="Play").click()
    pages["correct"].wait_for_timeout(2500)
    for page in pages.values():
        page.get_by_role("button", name="Pause").click()
    for name, page in pages.items():
        page.get_by_role("button", name="Play").wait_for()
        wait_ready(page)
        page.wait_for_timeout(600)
        step = int(as_number(metric(page, "Step")))
        assert step > 0, name
        assert metric(page, "Bias") == expected_bias_text(runs[name], step), name
    for page in pages.values():
        page.context.close()


def test_download_the_history_as_csv(page, app_url):
    page.goto(f"{app_url}/lab?steps=1200&seed=3")
    wait_ready(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download history (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    history = train(TrainingConfig(steps=1200, seed=3))
    assert len(rows) == 1200
    assert float(rows[-1]["bias"]) == history.bias[-1]
    assert [float(r["draw"]) for r in rows[:5]] == history.draw[:5].tolist()
