"""The training lab in a real browser: it plays in the browser, a pause reaches the URL, links, offline copy."""

import csv
import io
from pathlib import Path

import pytest

from sim import TrainingConfig, train
from tests.e2e.accessibility import assert_accessible
from tests.e2e.lab_driver import (
    CHART,
    LINES,
    READ_CHART,
    chart_state,
    expected_readouts,
    press,
    url_step,
    wait_for_chart,
    wait_past,
    wait_paused,
)
from tests.e2e.server import wait_ready


def test_play_then_pause_reaches_the_url_and_a_fresh_browser_opens_there(browser, page, app_url, shot):
    config = TrainingConfig(steps=3000, seed=2)
    page.goto(f"{app_url}/lab?steps=3000&seed=2")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 0
    sent = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: sent.append(len(frame))))
    press(page, "▶ Play")
    playing = wait_past(page, 0)
    assert 0 < playing["step"] < 3000 and playing["curtain"] == playing["step"]  # the run is revealed up to there
    shot(page, "lab_playing")
    press(page, "❚❚ Pause")
    paused = wait_paused(page)
    page.wait_for_function("(step) => location.href.includes('step=' + step)", arg=paused["step"], timeout=2_000)
    assert url_step(page) == paused["step"] and chart_state(page) == paused  # paused means paused
    assert paused["readouts"][:3] == expected_readouts(config, paused["step"])
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "lab_paused")
    assert_accessible(page, "the lab after Play and Pause")

    fresh = browser.new_context(viewport={"width": 1280, "height": 720})
    again = fresh.new_page()
    again.goto(page.evaluate("location.href"))
    wait_ready(again)
    assert wait_for_chart(again) == paused  # same step, same readouts
    fresh.close()


def test_keys_and_step_buttons_move_one_frame_and_the_url_follows(page, app_url):
    page.goto(f"{app_url}/lab?steps=100&step=10")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 10
    page.get_by_role("button", name="One step forward").click()
    page.wait_for_function("() => location.href.includes('step=11')", timeout=3_000)
    page.locator("h1").first.click()  # focus back on the page, as a presenter would have it
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.href.includes('step=9')", timeout=3_000)
    assert chart_state(page)["readouts"][:3] == expected_readouts(TrainingConfig(steps=100), 9)
    page.get_by_role("button", name="Back to step 0").click()
    page.wait_for_function("() => !location.href.includes('step=')", timeout=3_000)
    assert chart_state(page)["step"] == 0


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
        page.goto(f"{app_url}/lab?{query}")
        wait_ready(page)
        wait_for_chart(page)
        pages[name] = page
    for page in pages.values():
        press(page, "▶▶ Fast")
    pages["correct"].wait_for_timeout(1200)
    for page in pages.values():
        press(page, "❚❚ Pause")
    for name, page in pages.items():
        shown = chart_state(page)
        page.wait_for_function("(step) => location.href.includes('step=' + step)", arg=shown["step"], timeout=3_000)
        assert shown["step"] > 0, name
        assert shown["readouts"][:3] == expected_readouts(runs[name], shown["step"]), name
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


def test_the_offline_html_plays_with_the_network_cut(browser, page, app_url, shot, tmp_path):
    page.goto(f"{app_url}/lab?steps=1500&reward_handling=ignore_sign")
    wait_ready(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as offline HTML").click()
    path = tmp_path / download.value.suggested_filename  # a .html name, so the browser renders it
    download.value.save_as(path)
    html = path.read_text()
    assert path.stat().st_size < 6 * 1024 * 1024 and '<script src="http' not in html

    offline = browser.new_context(viewport={"width": 1280, "height": 900})
    offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    copy = offline.new_page()
    copy.goto(path.as_uri())
    copy.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    read = "() => window.__players.offline.state().step"
    copy.wait_for_function("() => window.__players && window.__players.offline.state().entry >= 0")
    assert copy.evaluate(read) == 0
    copy.get_by_role("button", name="▶▶ Fast").click()
    copy.wait_for_timeout(1500)
    assert copy.evaluate(read) > 0  # it plays, with no server and no network
    shot(copy, "lab_offline_html")
    offline.close()


def test_a_setting_changed_mid_play_carries_on_from_the_step_shown(page, app_url):
    page.goto(f"{app_url}/lab?steps=4000")
    wait_ready(page)
    first = wait_for_chart(page)
    press(page, "▶ Play")
    page.wait_for_timeout(1500)
    seed = page.get_by_role("spinbutton", name="Seed")
    seed.fill("5")
    before = chart_state(page)["step"]  # the step shown as the setting changes
    seed.press("Enter")
    page.wait_for_function(
        "(old) => { const gd = document.querySelector('.st-key-lab_player .js-plotly-plot');"
        " return gd && gd.layout.meta && gd.layout.meta !== old; }",
        arg=page.evaluate("() => document.querySelector('.st-key-lab_player .js-plotly-plot').layout.meta"),
        timeout=30_000,
    )
    page.wait_for_timeout(1500)
    carried = chart_state(page)["step"]
    assert carried > before > first["step"]  # the new run went on from there, still playing
    press(page, "❚❚ Pause")
    paused = wait_paused(page)
    page.wait_for_function("(step) => location.href.includes('step=' + step)", arg=paused["step"], timeout=3_000)
    assert "seed=5" in page.evaluate("location.href")
    assert paused["readouts"][:3] == expected_readouts(TrainingConfig(steps=4000, seed=5), paused["step"])


# Where the player draws its curtain, and where the lines under it put the step shown and the step rows, in
# pixels on the screen: the two layers must agree (ui.player.animation.layers maps the player onto the lines' axes).
LAYERS_LINE_UP = """
([player, linesSelector, step]) => {
  const gd = document.querySelector(player), lines = document.querySelector(linesSelector);
  const full = lines._fullLayout, frame = lines.getBoundingClientRect();
  const box = gd.querySelector('.scatterlayer .trace .js-fill').getBoundingClientRect();
  const [top, bottom] = [full.yaxis, full.yaxis6];
  return {
    curtain: [box.left, box.top, box.bottom],
    lines: [frame.left + full.xaxis._offset + full.xaxis.l2p(step), frame.top + top._offset,
            frame.top + bottom._offset + bottom._length],
  };
}
"""


def test_the_player_lies_exactly_over_the_lines_and_hover_reaches_them(page, app_url, shot):
    page.set_viewport_size({"width": 1600, "height": 900})  # two columns: the step rows are axes 1, 3, 4 and 6
    page.goto(f"{app_url}/lab?steps=2000&step=1000")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 1000
    page.wait_for_timeout(500)
    where = page.evaluate(LAYERS_LINE_UP, [".st-key-lab_player .js-plotly-plot", LINES, 1000])
    assert where["curtain"] == pytest.approx(where["lines"], abs=1.5)  # pixels
    # Hover through the transparent player: the bias line under it answers, at a step already revealed.
    lines = page.locator(".st-key-lab_player_lines .js-plotly-plot")
    x, y = page.evaluate(  # on the bias line at step 500
        "(s) => { const gd = document.querySelector(s), r = gd.getBoundingClientRect(), ax = gd._fullLayout.xaxis,"
        " ay = gd._fullLayout.yaxis, t = gd._fullData.find((d) => d.name === 'bias');"
        " const i = t.x ? t.x.findIndex((v) => v >= 500) : Math.round((500 - t.x0) / t.dx);"
        " return [r.left + ax._offset + ax.l2p(500), r.top + ay._offset + ay.l2p(t.y[i])]; }",
        ".st-key-lab_player_lines .js-plotly-plot",
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.move(x + 2, y)
    lines.locator(".hoverlayer .hovertext").first.wait_for(timeout=3_000)
    shot(page, "lab_hover_through_the_player")
    press(page, "▶▶ Fast")  # and the player's own buttons still take the click
    page.wait_for_function("() => window.__players.lab_player.state().step > 1000", timeout=3_000)


def test_play_carries_on_from_the_step_in_the_link(page, app_url):
    page.goto(f"{app_url}/lab?steps=2000&step=900")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 900
    page.wait_for_timeout(500)
    press(page, "▶ Play")
    moved = page.wait_for_function(  # the first step shown after 900: on from the link's step, not from step 0
        f"() => {{ const s = ({READ_CHART})([{CHART!r}, {LINES!r}])?.step;"
        " return s !== undefined && s !== 900 && [s]; }",
        timeout=15_000,
    ).json_value()[0]
    assert moved > 900


# Runs in the page: at each animation frame the browser draws, note the step the curtain of the top row starts at
# (read back on the lines' step axis), for ``ms`` milliseconds.
WATCH_CURTAIN = """
([player, linesSelector, ms]) => new Promise((done) => {
  const gd = document.querySelector(player), lines = document.querySelector(linesSelector);
  const { domain: [d0, d1], range: [r0, r1] } = lines.layout.xaxis;
  const seen = [], start = performance.now();
  const look = (now) => {
    const curtain = gd.data.find((t) => t.meta === 'curtain');
    seen.push(Math.round(r0 + (Math.min(...curtain.x.slice(0, 4)) - d0) * (r1 - r0) / (d1 - d0)));
    if (now - start < ms) requestAnimationFrame(look); else done(seen);
  };
  requestAnimationFrame(look);
})
"""


def test_play_at_the_normal_speed_moves_the_curtain_through_many_steps_at_a_watching_pace(page, app_url):
    page.goto(f"{app_url}/lab?steps=2000")
    wait_ready(page)
    wait_for_chart(page)
    press(page, "▶ Play")
    seen = page.evaluate(WATCH_CURTAIN, [".st-key-lab_player .js-plotly-plot", LINES, 2000])
    distinct = sorted(set(seen))
    assert seen == sorted(seen)  # it only moves on
    assert len(distinct) >= 30  # many distinct steps in 2 s: motion, not a slide show (2-core machine, shared)
    # About 12 s for the whole run (ui.player.timeline.SECONDS): 2 s reach about 330 steps, not the whole run.
    assert 150 <= distinct[-1] <= 600, distinct[-1]
    press(page, "❚❚ Pause")
    paused = wait_paused(page)
    assert paused["curtain"] == paused["step"]
    assert paused["readouts"][:3] == expected_readouts(TrainingConfig(), paused["step"])


def test_the_scrubber_and_the_keys_reach_every_step(page, app_url):
    page.goto(f"{app_url}/lab?steps=2000&step=1234")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 1234
    scrubber = page.locator(".st-key-lab_player_bar input[type=range]")
    assert scrubber.get_attribute("max") == "2000"
    scrubber.focus()
    page.keyboard.press("ArrowRight")  # the scrubber's own key: one step
    page.wait_for_function("() => window.__players.lab_player.state().step === 1235")
    scrubber.fill("1777")  # any step, as a drag would set it
    page.wait_for_function("() => location.href.includes('step=1777')", timeout=3_000)
    assert chart_state(page)["readouts"][:3] == expected_readouts(TrainingConfig(), 1777)


def test_the_projector_sized_offline_file_shows_play_and_the_scrubber_on_a_1280x720_screen(browser, tmp_path, shot):
    from ui.lab.page import offline_file

    path = tmp_path / "lab_projector.html"
    path.write_bytes(offline_file(TrainingConfig(), 0, presentation=True))
    offline = browser.new_context(viewport={"width": 1280, "height": 720})
    offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    copy = offline.new_page()
    copy.goto(path.as_uri())
    copy.wait_for_function("() => window.__players && window.__players.offline.state().entry >= 0")
    for control in (copy.get_by_role("button", name="▶ Play"), copy.locator("input[type=range]")):
        box = control.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720 and box["x"] + box["width"] <= 1280  # above the fold
    copy.get_by_role("button", name="▶ Play").click()
    copy.wait_for_timeout(1000)
    assert copy.evaluate("window.__players.offline.state().step") > 0
    shot(copy, "lab_offline_projector")
    offline.close()
