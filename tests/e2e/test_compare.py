"""The comparison's replay in a real browser: Play in the page, then the offline copy opened from disk, offline."""

from pathlib import Path

from tests.e2e.accessibility import assert_accessible
from tests.e2e.server import wait_ready

STEPS = 4000  # the comparison's default

# The side-by-side replay as the browser holds it now: where each row's curtain starts, which "diverged"
# markers are shown (at which step, or null while hidden) and the step readout. In the page the replay is a
# player laid over the lines, on paper coordinates (ui.player.layers): read back as steps on the lines' axis.
STATE = """() => {  // in the page, or in the offline copy (ui.player.animation.offline_html)
  const gd = document.querySelector('.st-key-compare-side_by_side .js-plotly-plot')
    || document.getElementById('player');
  const lines = document.querySelector('.st-key-compare-side_by_side_lines .js-plotly-plot')
    || document.getElementById('lines');
  const step = (x) => {
    if (x === null || x === Infinity || !lines) return x;
    const { domain: [d0, d1], range: [r0, r1] } = lines.layout.xaxis;
    return Math.round(r0 + (x - d0) * (r1 - r0) / (d1 - d0));
  };
  const boxes = (xs) => {  // four corners each, then a gap
    const out = [];
    for (let k = 0; k < xs.length; k += 5) {  // a box past the end of the run is not drawn: it hides nothing
      const corners = xs.slice(k, k + 4).filter((x) => x !== null);
      out.push(corners.length ? Math.min(...corners) : Infinity);
    }
    return out;
  };
  return {
    curtains: gd.data.filter(t => t.meta === 'curtain').flatMap(t => boxes(t.x).map(step)),
    markers: gd.data.filter(t => t.meta === 'diverged').map(t => [t.text[0], step(t.x[0])]),
    readout: gd.data.filter(t => t.meta === 'readout').map(t => t.text[0])[0],
    badges: gd.layout.annotations.filter((a) => a.bordercolor && a.visible !== false).length,
  };
}"""
CHART_DRAWN = (
    "() => [...document.querySelectorAll('.js-plotly-plot')].some((g) => g.data?.some(t => t.meta === 'curtain'))"
)


def state(page) -> dict:
    return page.evaluate(STATE)


def play_and_check_the_curtain_moves(page) -> dict:
    """Press the chart's own Play; the curtains restart at step 0 and then move right, markers in step."""
    opened = state(page)
    assert min(opened["curtains"]) >= STEPS and opened["badges"] == 3  # opens on the whole run, verdicts shown
    page.locator("button[data-go=play]").first.click()
    page.wait_for_function(f"() => ({STATE})().curtains[0] < {STEPS}")
    early = state(page)
    assert early["badges"] == 0  # the replay does not give its answer away
    page.wait_for_function(f"() => ({STATE})().curtains[0] > {early['curtains'][0] + 300}")
    later = state(page)
    assert later["curtains"][0] == later["curtains"][1]  # both rows grow together
    step = later["curtains"][0]
    assert later["readout"] == f"step {step:,} of {STEPS:,}"
    for text, x in later["markers"]:  # a marker shows once the replay has passed its step, not before
        at = int(text.rsplit(" ", 1)[-1].replace(",", ""))
        assert (x == at) if at <= step else (x is None), (text, x, step)
    return later


def test_replay_in_the_page_and_in_the_offline_copy(page, browser, app_url, shot, tmp_path):
    page.goto(f"{app_url}/compare?seeds=20")  # a small ensemble: this test is about the chart at the top
    wait_ready(page)
    page.wait_for_function(CHART_DRAWN)
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "compare_replay_opened")
    play_and_check_the_curtain_moves(page)
    words = page.locator("[class*='st-key-compare_verdict_']")
    assert words.count() == 3 and not any(words.nth(i).is_visible() for i in range(3))  # nor do the words beside it
    shot(page, "compare_replay_playing")
    # The whole page, the ensemble and the landscape drawn, while the replay plays.
    page.locator(".st-key-compare-ensemble .js-plotly-plot .main-svg").first.wait_for()
    page.locator(".st-key-compare-landscape .js-plotly-plot .main-svg").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "the comparison with the ensemble drawn, replaying")
    # The keys: S pauses, Space plays on.
    page.locator("h1").first.click()
    page.keyboard.press("s")
    paused = page.wait_for_function(  # paused: the curtain stands still over half a second (however busy the machine)
        f"""() => new Promise((done) => {{
          const before = ({STATE})().curtains[0];
          setTimeout(() => done(({STATE})().curtains[0] === before ? before : null), 500);
        }})""",
        timeout=15_000,
    ).json_value()
    assert paused < STEPS
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({STATE})().curtains[0] > {paused}")

    button = page.get_by_role("button", name="Download as offline HTML")
    button.scroll_into_view_if_needed()
    shot(page, "compare_replay_download")
    with page.expect_download() as download:
        button.click()
    copy = tmp_path / "replay.html"
    download.value.save_as(copy)
    html = copy.read_text()
    assert '<script src="http' not in html
    assert len(html.encode()) < 6_000_000

    # A fresh browser with no network at all: the file must bring everything it needs.
    offline = browser.new_context(viewport={"width": 1280, "height": 720})
    asked = []
    offline.on("request", lambda request: asked.append(request.url))
    offline.route("**/*", lambda r: r.abort() if not r.request.url.startswith("file:") else r.continue_())
    try:
        slides = offline.new_page()
        slides.goto(Path(copy).as_uri())
        slides.wait_for_function(CHART_DRAWN)
        play_and_check_the_curtain_moves(slides)
        shot(slides, "compare_replay_offline")
        assert [url for url in asked if not url.startswith(("file:", "data:", "blob:"))] == []
    finally:
        offline.close()


def test_the_offline_copy_keeps_its_badges_inside_a_1280_px_screen(browser, tmp_path):
    from sim import TrainingConfig
    from ui.compare.data import side_by_side_html

    path = tmp_path / "replay.html"
    path.write_bytes(side_by_side_html(TrainingConfig(), ("correct", "ignore_sign", "flip_sign")))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function(CHART_DRAWN)
    edges = page.evaluate(
        "() => [...document.querySelectorAll('#player .annotation')].filter((a) => a.querySelector('.bg')"
        " && a.textContent.includes('runs away') || a.textContent.includes('settles') || a.textContent.includes("
        "'wanders')).map((a) => a.getBoundingClientRect().right)"
    )
    width = page.evaluate("document.getElementById('player').getBoundingClientRect().right")
    assert len(edges) == 3 and max(edges) <= width  # no badge cut off at the figure's right edge
    context.close()
