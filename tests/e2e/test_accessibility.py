"""Keyboard, phones and projectors in a real browser (axe's WCAG audits run inside the view tests).

- The presenter's keys: → and PageDown advance the lecture, Space plays and pauses the lab, P switches
  presentation mode; Tab reaches Next with a visible focus ring, and Enter presses it.
- A 390×844 phone: no text of any view is cut off at the screen's edges, the charts' text included (the
  lecture's, the lab's and the comparison's).
- Presentation mode: every chart's text is at least 14 px and every line at least 2.5 px.

Screenshots of each go to artifacts/screenshots/ (phone_*, presentation_*).
"""

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.lab_driver import CHART, LINES, READ_CHART, chart_state, wait_for_chart
from tests.e2e.server import wait_ready
from tests.e2e.test_lecture import wait_for_sub_step

PHONE = {"width": 390, "height": 844}
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)

# Text (HTML and chart SVG) of the main area sticking out of the screen: [what, left, right] per piece.
CUT_OFF = """([width, charts]) => {
  const main = document.querySelector("[data-testid='stMain']");
  const out = [];
  const html = 'h1, h2, h3, p, li, label, button, .katex';
  const pieces = main.querySelectorAll(charts ? html + ', .js-plotly-plot text' : html);
  for (const e of pieces) {
    if (e.closest('[data-testid="stExpanderDetails"], [data-testid="stDataFrame"]')) continue;
    const box = e.getBoundingClientRect();
    const shown = getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).opacity !== '0';
    if (!shown || box.width === 0 || !e.textContent.trim()) continue;
    if (box.left < -1 || box.right > width + 1) out.push([e.textContent.trim().slice(0, 40), box.left, box.right]);
  }
  return out;
}"""

# Where the first title's letters start (its box also holds the padding above them).
TITLE_TOP = (
    "() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));"
    " return r.getBoundingClientRect().top; }"
)

# Chart text under 14 px and lines under 2.5 px, as drawn now.
CHART_SIZES = """() => {
  const texts = [...document.querySelectorAll('.js-plotly-plot text')].filter(
    (t) => t.textContent.trim() && getComputedStyle(t).opacity !== '0' && t.getBBox().width > 0
      && getComputedStyle(t).fillOpacity !== '0');  // the scrubber's hidden tick labels
  // The data lines and the arrows (the lab's curtain and band, marked by a meta, are not data; grid lines neither).
  const drawn = '.js-plotly-plot path.js-line, .js-plotly-plot .annotation-arrow-g path';
  const lines = [...document.querySelectorAll(drawn)].filter(
    (p) => getComputedStyle(p).opacity !== '0' && parseFloat(getComputedStyle(p).strokeWidth) > 0
      && getComputedStyle(p).stroke !== 'none' && !p.closest('.trace')?.__data__?.[0]?.trace?.meta);
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const small = texts.filter((t) => size(t) < 16).map((t) => [t.textContent.slice(0, 30), size(t)]);
  const thin = lines.filter((p) => parseFloat(getComputedStyle(p).strokeWidth) < 2.5)
    .map((p) => [p.closest('.trace')?.__data__?.[0]?.trace?.name, getComputedStyle(p).strokeWidth]);
  return { texts: texts.length, lines: lines.length, small, thin };
}"""


def test_the_presenters_keys_drive_the_lecture_and_the_focus_ring_shows(page, app_url, shot):
    page.goto(app_url)
    wait_for_sub_step(page, 1, 1)
    page.locator("h1").first.click()  # the focus on the page, not in a field
    page.keyboard.press("ArrowRight")
    wait_for_sub_step(page, 1, 2)
    page.keyboard.press("PageDown")  # what a presenter's remote sends
    wait_for_sub_step(page, 1, 3)
    page.keyboard.press("ArrowLeft")
    wait_for_sub_step(page, 1, 2)
    page.keyboard.press("End")
    wait_for_sub_step(page, 1, 9)
    page.keyboard.press("Home")
    wait_for_sub_step(page, 1, 1)

    field = page.locator(".st-key-lecture_hunger input")  # keys typed into a field stay there
    field.click()
    field.press("ArrowRight")
    field.press("PageDown")
    page.wait_for_timeout(500)
    wait_for_sub_step(page, 1, 1)

    page.locator("h1").first.click()
    for _ in range(30):  # Tab to Next: it shows a focus ring, and Enter presses it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.st-key-lecture_next') !== null"):
            break
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
    )
    assert ring
    shot(page, "keyboard_focus_on_next")
    page.keyboard.press("Enter")
    wait_for_sub_step(page, 1, 2)

    page.get_by_role("button", name="Keyboard").click()
    keys = page.locator("[data-testid='stPopoverBody']").inner_text()
    assert "PageDown" in keys and "End of update" in keys and "Restart" in keys
    page.keyboard.press("Escape")

    page.locator("h1").first.click()
    page.keyboard.press("p")  # presentation mode, as on a projector at 1280×720
    page.wait_for_function("() => location.href.includes('presentation=1')")
    wait_for_sub_step(page, 1, 2)
    assert_projector_sized(page, shot, "presentation_lecture")


# Each playing chart's bar (Play, the scrubber) and the bottom of the step axis's title above it.
BAR_CLEAR = """() => [...document.querySelectorAll("[class*='_stage']")].map((stage) => {
  const key = [...stage.classList].find((c) => c.startsWith('st-key-') && c.endsWith('_stage'));
  const bar = document.querySelector('.' + key.replace(/_stage$/, '_bar')).getBoundingClientRect().bottom;
  return { bar, chart: stage.getBoundingClientRect().top };
})"""


def assert_projector_sized(page, shot, name: str) -> None:
    """Every chart's text at least 16 px and every line at least 2.5 px, the players' bars above their charts; a
    screenshot; no axe violation."""
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    page.wait_for_timeout(300)  # Plotly lays the charts out again without the sidebar
    shot(page, name)
    sizes = page.evaluate(CHART_SIZES)
    assert sizes["texts"] > 10 and sizes["small"] == [], sizes["small"]
    assert sizes["thin"] == [], sizes["thin"]
    for found in page.evaluate(BAR_CLEAR):
        assert 0 < found["bar"] <= found["chart"] + 1, found  # nothing of the chart behind the bar
    assert_accessible(page, name)


def test_space_plays_and_pauses_the_lab_and_p_switches_presentation_mode(page, app_url, shot):
    page.goto(f"{app_url}/lab?steps=3000&seed=2")
    wait_ready(page)
    assert wait_for_chart(page)["step"] == 0
    page.locator(".st-key-lab_player_bar button").first.wait_for()  # the keys' listener is there
    # Space at once: the chart has just opened at rest, so Space plays (it used to count as playing then).
    page.locator("h1").first.click()
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({READ_CHART})([{CHART!r}, {LINES!r}])?.step > 0", timeout=10_000)  # it plays
    playing = chart_state(page)["step"]
    page.keyboard.press("Space")
    page.wait_for_function("() => location.href.includes('step=')", timeout=10_000)  # it rests: paused
    paused = chart_state(page)["step"]
    page.wait_for_timeout(600)
    assert chart_state(page)["step"] == paused >= playing

    page.keyboard.press("p")
    page.wait_for_function("() => location.href.includes('presentation=1')")
    wait_ready(page)
    wait_for_chart(page)
    assert_projector_sized(page, shot, "presentation_lab")
    page.keyboard.press("p")
    page.wait_for_function("() => !location.href.includes('presentation=1')")


@pytest.mark.parametrize(
    "path, what, charts_fit",
    [
        ("?update=2&substep=new_bias&exact=1", "lecture", True),
        ("lab?steps=2000", "lab", True),  # the player in one column, each legend under its chart
        # The charts take the whole width: titles in two lines, badges, names and the replay's controls under them.
        ("compare?seeds=20", "compare", True),
    ],
)
def test_on_a_phone_nothing_is_cut_off(browser, app_url, shot, path, what, charts_fit):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, user_agent=PHONE_BROWSER
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/{path}")
        wait_ready(page)
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        page.wait_for_timeout(300)  # Plotly lays the charts out again at the phone's width
        assert page.locator("[data-testid='stException']").count() == 0
        shot(page, f"phone_{what}")
        # A sub-step link scrolls its step into view: back to the top, where the title is.
        page.evaluate("() => document.querySelectorAll('*').forEach((e) => { if (e.scrollTop) e.scrollTop = 0; })")
        header = page.locator("[data-testid='stHeader']").bounding_box()
        title = page.evaluate(TITLE_TOP)
        assert title >= header["y"] + header["height"] - 1, (title, header)  # not under the header bar
        assert page.evaluate(CUT_OFF, [PHONE["width"], charts_fit]) == []
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page, f"/{path} on a phone")
    finally:
        context.close()
