"""Every screen in between (issue #27): each view on one page per (User-Agent, presentation mode), walked over widths.

A window narrowed or widened is one page resized (``page.set_viewport_size``), so each (view, User-Agent, presentation)
page loads once and is then walked over the widths, the layout left to settle at each (the run over, charts drawn,
boxes still for 1 s). At each width:
- no sideways scrolling;
- no chart word over another word of its chart (a player's two layered figures are one chart), outside its chart or
  cut off by its plot area; chart text at least 12 px (16 px in presentation mode);
- no button or widget label cut off at the screen's edges, clipped, or with a word broken over lines; no button
  squeezed to a letter a line (the players' bars, in shadow roots, included);
- on a first screen (>= 1024 px wide, from the top): the lab's Play and bias chart start on it and its verdict ends on
  it; the comparison's chart and Play start on it and its badges end on it; the lecture's what-if verdicts end on it;
- on phones and at 320 px: the what-if verdicts inside the screen's width, the lab's Play within a screen of its chart.
Every problem of a page is gathered, then reported at once, each naming the view, the screen and the User-Agent.
Screenshots: artifacts/screenshots/every_<view>_<ua>_<presentation>_<width>.png.
"""

from __future__ import annotations

import pytest

from tests.e2e.server import wait_ready
from tests.e2e.test_screens import PHONE_BROWSER, VERDICTS

DESKTOP_BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Safari/605.1.15"
)
# Width -> height: 400% zoom of 1280x720, a phone, a tablet, a 4:3 projector, 1280x720, a laptop, full HD.
HEIGHTS = {320: 720, 390: 844, 768: 1024, 1024: 768, 1280: 720, 1366: 768, 1920: 1080}
VIEWS = {"lecture": "/?update=2&substep=reward", "lab": "/lab", "compare": "/compare?seeds=20"}
# (User-Agent, presentation mode) -> the widths walked, in this order (the page loads at the first).
WALKS = {
    ("desktop", False): (1920, 1366, 1280, 1024, 768, 390, 320),
    ("desktop", True): (1920, 1366, 1280, 1024),
    ("phone", False): (390, 320, 768),
}
BROWSERS = {
    "desktop": {"user_agent": DESKTOP_BROWSER},
    "phone": {"user_agent": PHONE_BROWSER, "is_mobile": True, "has_touch": True},
}

# True once the run has finished, every Plotly chart has drawn and the charts' and players' boxes have stayed the
# same for `stillMs` (a resize relays the charts out, and may run the page again).
SETTLED = """(stillMs) => {
  const app = document.querySelector("[data-testid='stApp']");
  const charts = document.querySelectorAll("[data-testid='stPlotlyChart']").length;
  const drawn = document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts;
  const boxes = [...document.querySelectorAll(".js-plotly-plot, [class*='_bar'], [data-testid='stMainBlockContainer']")]
    .map((e) => { const r = e.getBoundingClientRect(); return [r.top, r.left, r.width, r.height].map(Math.round); });
  const state = [innerWidth, innerHeight, app?.dataset.testScriptState, drawn, charts,
    document.querySelectorAll("[data-stale='true']").length, JSON.stringify(boxes)].join('|');
  const now = performance.now();
  if (window.__settled?.state !== state) { window.__settled = { state, since: now }; return false; }
  return app?.dataset.testScriptState === 'notRunning' && drawn && now - window.__settled.since >= stillMs;
}"""

# Shared by the measures below: whether an element is drawn, its box, its name in a message.
HELPERS = """
const shown = (e) => {  // a box, not hidden by itself or an ancestor (display, visibility, opacity, closed details)
  const r = e.getBoundingClientRect();
  return r.width >= 0.5 && r.height >= 0.5 && getComputedStyle(e).fillOpacity !== '0'
    && e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
};
const box = (e) => { const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
const px = (b) => `[${[b.left, b.top, b.right, b.bottom].map(Math.round).join(', ')}]`;
const words = (e) => `"${e.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40)}"`;
const keyOf = (e) => [...(e.closest("[class*='st-key-']")?.classList || [])].find((c) => c.startsWith('st-key-'));
const barOf = (selector) => {  // a player's bar: the shadow root inside the element at selector
  const bar = document.querySelector(selector);
  return bar && [bar, ...bar.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot;
};
const playOf = (selector) => [...(barOf(selector)?.querySelectorAll('button') || [])]
  .find((b) => /Play/.test(b.textContent));
// The innermost element with words matching pattern under the selector's elements (and in their bar's shadow root).
const wordsOf = (selector, pattern) => [...document.querySelectorAll(selector + ' text'),
  ...(barOf(selector + '_bar')?.querySelectorAll('*') || [])]
  .filter((e) => pattern.test(e.textContent) && shown(e)).pop();
"""

# Chart words: over each other within one chart (a stage's two layered figures are one chart), outside their chart,
# or too small. Tick labels of one axis are not compared with each other; a word drawn twice in the same place neither.
# Words overlap when their boxes less 15% of the font size above and below (the line's leading) meet by over 2 px;
# such a box must not stick out of the clip path cutting a word (a plot area and its text traces, a legend's box).
CHART_WORDS = (
    "(minPx) => {"
    + HELPERS
    + """
  const selector = "text[class^='legend'][class$='text'], text.annotation-text, .infolayer text[class$='title'], "
    + "[class*='axislayer'] [class$='tick'] > text, .textpoint text";
  const problems = [], charts = new Map();
  const outside = (b, f) => b.left < f.left - 2 || b.right > f.right + 2
    || b.top < f.top - 2 || b.bottom > f.bottom + 2;
  const clipOf = (t) => {  // the box of the clip path (a plot area, a legend's scroll box) cutting t, if any
    const g = t.parentElement.closest('[clip-path]');
    const id = g && /url\\(["']?#([^"')]+)/.exec(g.getAttribute('clip-path'))?.[1];
    const rect = id && document.getElementById(id)?.querySelector('rect');
    if (!rect) return null;
    const m = g.getScreenCTM(), [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => +rect.getAttribute(a) || 0);
    return { left: m.e + m.a * x, top: m.f + m.d * y, right: m.e + m.a * (x + w), bottom: m.f + m.d * (y + h) };
  };
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const chart = plot.closest("[class*='_stage']") || plot;
    const texts = [...plot.querySelectorAll(selector)].filter((t) => t.textContent.trim() && shown(t));
    const frame = box(plot);
    for (const t of texts) {
      const b = box(t), size = parseFloat(getComputedStyle(t).fontSize);
      if (outside(b, frame)) problems.push(`${keyOf(plot)}: ${words(t)} ${px(b)} outside its chart ${px(frame)}`);
      const ink = { ...b, top: b.top + 0.15 * size, bottom: b.bottom - 0.15 * size };  // a line's box less its leading
      const clip = clipOf(t);
      if (clip && outside(ink, clip)) problems.push(`${keyOf(plot)}: ${words(t)} ${px(b)} cut off at ${px(clip)}`);
      if (size < minPx) problems.push(`${keyOf(plot)}: ${words(t)} is ${size} px (< ${minPx})`);
      const tick = t.parentElement.matches("[class$='tick']") && t.parentElement.getAttribute('class');
      charts.set(chart, [...(charts.get(chart) || []), { t, b, ink, axis: tick && keyOf(plot) + ' ' + tick, plot }]);
    }
  }
  for (const items of charts.values()) {
    items.forEach((p, i) => items.slice(i + 1).forEach((q) => {
      if (p.axis && p.axis === q.axis) return;
      const w = Math.min(p.ink.right, q.ink.right) - Math.max(p.ink.left, q.ink.left);
      const h = Math.min(p.ink.bottom, q.ink.bottom) - Math.max(p.ink.top, q.ink.top);
      const same = Math.abs(p.b.left - q.b.left) + Math.abs(p.b.top - q.b.top) < 2;
      const twin = same && p.t.textContent === q.t.textContent;
      if (w > 2 && h > 2 && !twin)
        problems.push(`${keyOf(p.plot)}: ${words(p.t)} ${px(p.b)} over ${keyOf(q.plot)}: ${words(q.t)} ${px(q.b)}`);
    }));
  }
  return problems;
}"""
)

# Controls (buttons, the players' bars inside shadow roots included, and widget labels): cut off at the screen's
# edges, clipped, a word broken over lines, squeezed to a letter a line (buttons).
CONTROLS = (
    "() => {"
    + HELPERS
    + """
  const roots = [document], controls = [], problems = [];
  for (let i = 0; i < roots.length; i++) {
    roots[i].querySelectorAll('*').forEach((e) => e.shadowRoot && roots.push(e.shadowRoot));
    controls.push(...roots[i].querySelectorAll('button, label'));
  }
  const icon = (n) => n.parentElement.closest("[data-testid='stIconMaterial']");
  for (const c of controls) {
    const sidebar = c.closest("[data-testid='stSidebar']");
    if (!shown(c) || (sidebar && sidebar.getBoundingClientRect().right <= 1)) continue;  // folded away
    const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT), texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim() && !icon(n)) texts.push(n);
    const text = texts.map((n) => n.textContent.trim()).join(' ').slice(0, 40);
    const where = keyOf(c) || c.closest('[data-testid]')?.dataset.testid || 'player bar';
    const r = box(c), name = `${c.tagName.toLowerCase()} "${text}" (${where})`;
    if (r.left < -1 || r.right > innerWidth + 1) problems.push(`${name} ${px(r)} cut off at the screen's edge`);
    const clipped = [c, ...c.querySelectorAll('*')].find((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
      && texts.some((n) => e.contains(n)));
    if (clipped) problems.push(`${name} clipped (${clipped.scrollWidth} px of text in ${clipped.clientWidth})`);
    const lines = (n) => { const range = document.createRange(); range.selectNodeContents(n);
      return new Set([...range.getClientRects()].map((q) => Math.round(q.top))).size; };
    const broken = texts.find((n) => !/\\s/.test(n.textContent.trim()) && lines(n) > 1);
    if (broken) problems.push(`${name}: the word "${broken.textContent.trim()}" broken over lines`);
    const s = getComputedStyle(c), line = Math.max(parseFloat(s.lineHeight) || 0, 1.2 * parseFloat(s.fontSize));
    if (c.tagName === 'BUTTON' && text && r.bottom - r.top >= Math.min(3 * line, 80))
      problems.push(`${name} squeezed: ${Math.round(r.bottom - r.top)} px tall for ${Math.round(line)} px lines`);
  }
  return problems;
}"""
)

# The parts a view must show, each [what, box] (box null when missing), scrolled to the top first.
PARTS = (
    "(view) => {"
    + HELPERS
    + """
  document.querySelectorAll('*').forEach((e) => { if (e.scrollTop) e.scrollTo({ top: 0, behavior: 'instant' }); });
  const of = (what, e) => [what, e ? box(e) : null];
  if (view === 'lab') {
    return [of('Play', playOf('.st-key-lab_player_bar')), of('verdict', wordsOf('.st-key-lab_player', /Verdict/)),
            of('bias chart', document.querySelector('.st-key-lab_player_lines .subplot.xy'))];
  }
  const badges = [...document.querySelectorAll('.st-key-compare-side_by_side .annotation')]
    .filter((a) => /settles|wanders|runs away|diverges/.test(a.textContent));
  return [of('chart', document.querySelector('.st-key-compare-side_by_side .js-plotly-plot')),
          of('Play', playOf('.st-key-compare-side_by_side_bar')), ...badges.map((a) => of(`badge ${words(a)}`, a))];
}"""
)

# Sideways scrolling: of the document, and of the main area (which scrolls the page).
SIDEWAYS = """() => [[document.documentElement, innerWidth], [document.querySelector("[data-testid='stMain']")]]
  .filter(([e]) => e).map(([e, width]) => [e, width || e.clientWidth]).filter(([e, width]) => e.scrollWidth > width + 1)
  .map(([e, width]) => `${e.dataset.testid || 'the page'} scrolls sideways: ${e.scrollWidth} px in ${width}`)"""


def settle(page, still_ms: int = 1000) -> None:
    """Wait until the page has run, drawn its charts and stopped moving (polled, no fixed sleep)."""
    page.wait_for_function(SETTLED, arg=still_ms, polling=100, timeout=60_000)


def first_screen(parts: list, view: str, height: int) -> list[str]:
    """Problems of the first screen: the view's parts that start (words: end) below it, or are missing."""
    problems = [f"{what} missing" for what, b in parts if b is None]
    for what, b in parts:
        words = view == "lecture" or "verdict" in what or "badge" in what
        edge = b and (b["bottom"] if words else b["top"])
        if b and not 0 <= edge <= height + 1:
            problems.append(f"{what} not on the first screen: its {'bottom' if words else 'top'} at {edge:.0f} px")
    if view == "compare" and sum(what.startswith("badge") for what, _ in parts) < 3:
        problems.append(f"fewer than 3 badges: {[what for what, _ in parts]}")
    return problems


def narrow_screen(parts: list, view: str, width: int, height: int) -> list[str]:
    """Problems on a phone or at 320 px: what-if verdicts out of the screen, the lab's Play far from its chart."""
    if view == "lecture":
        if len(parts) != 3 or None in dict(parts).values():
            return [f"what-if verdicts: expected 3, found {[what for what, _ in parts]}"]
        return [f"{what} out of the screen: {b['left']:.0f}..{b['right']:.0f} px" for what, b in parts
                if b["left"] < -1 or b["right"] > width + 1]  # fmt: skip
    if view == "lab":
        boxes = dict(parts)
        if boxes["Play"] and boxes["bias chart"] and abs(boxes["Play"]["top"] - boxes["bias chart"]["bottom"]) > height:
            return [f"Play at {boxes['Play']['top']:.0f} px, over a screen from the bias chart's bottom "
                    f"({boxes['bias chart']['bottom']:.0f} px)"]  # fmt: skip
    return []


def screen_problems(page, view: str, width: int, ua: str, presentation: bool) -> list[str]:
    """Every problem of the page as laid out now."""
    height = HEIGHTS[width]
    problems = page.evaluate(SIDEWAYS) + page.evaluate(CHART_WORDS, 16 if presentation else 12)
    problems += page.evaluate(CONTROLS)
    if page.locator("[data-testid='stException']").count():
        problems.append("an exception is shown")
    parts = lecture_parts(page) if view == "lecture" else page.evaluate(PARTS, view)
    if width >= 1024 and height >= 600:
        problems += first_screen(parts, view, height)
    if ua == "phone" or width == 320:
        problems += narrow_screen(parts, view, width, height)
    return problems


def lecture_parts(page) -> list:
    """The lecture's what-if verdict cells, [what, box] each, with the page scrolled to the top."""
    page.evaluate("() => document.querySelectorAll('*').forEach((e) => e.scrollTop && e.scrollTo({ top: 0 }))")
    if page.locator(".st-key-lecture_sign_panel .katex-display").count() == 0:
        return [["the what-if table", None]]
    return [[f'what-if verdict "{c["text"]}"', c] for c in page.evaluate(VERDICTS)["cells"]]


@pytest.mark.parametrize(
    "view, ua, presentation",
    [(view, ua, presentation) for view in VIEWS for ua, presentation in WALKS],
    ids=lambda value: {True: "presentation", False: "plain"}.get(value, value),
)
def test_every_screen_in_between(browser, app_url, shot, view, ua, presentation):
    widths = WALKS[(ua, presentation)]
    context = browser.new_context(
        viewport={"width": widths[0], "height": HEIGHTS[widths[0]]}, device_scale_factor=1, **BROWSERS[ua]
    )
    problems = []
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        path = VIEWS[view] + ("&" if "?" in VIEWS[view] else "?") + "presentation=1" if presentation else VIEWS[view]
        page.goto(app_url + path)
        wait_ready(page)
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
            settle(page)
            where = f"{view} at {width}x{HEIGHTS[width]}, {ua} UA, presentation {'on' if presentation else 'off'}"
            problems += [f"{where}: {problem}" for problem in screen_problems(page, view, width, ua, presentation)]
            shot(page, f"every_{view}_{ua}_{'presentation' if presentation else 'plain'}_{width}")
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
