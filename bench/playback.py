"""Playback in the browser, as ``python -m bench.page`` measures it: smoothness, pace, reach and cost.

Works with both players this app has had, so one run can measure a baseline checkout beside this one:
Plotly's own frames with its updatemenu buttons and slider (up to cf941db), and the player bar of
``ui/player/player.js`` playing a timeline (``ui.player.timeline``). A page is driven as a person would: press a button,
watch what the chart shows at each animation frame the browser draws, until the run has ended.
"""

from __future__ import annotations

import time

from bench.process import cpu_seconds
from tests.e2e.server import READY

# Runs in the page: at each animation frame the browser draws, note the time when what the playing chart shows
# changed (its curtain or its readouts) and the step its curtain starts at (on paper: ordered like the steps).
WATCH = """
(selector) => {
  const gd = [...document.querySelectorAll(selector + ' .js-plotly-plot')].find((g) => g.data && g.data.some(
    (t) => t.meta === 'curtain'));
  const shown = () => JSON.stringify(gd.data.filter((t) => t.meta === 'curtain' || t.meta === 'readout'
    || t.name === 'readouts').map((t) => [t.x, t.text]));
  const left = () => Math.min(...gd.data.find((t) => t.meta === 'curtain').x.slice(0, 4).filter((x) => x !== null));
  window.__changes = [];
  window.__lefts = new Set();
  let last = null;
  const look = () => {
    const now = shown();
    if (last !== null && now !== last) { window.__changes.push(performance.now()); window.__lefts.add(left()); }
    last = now;
    window.__watching = requestAnimationFrame(look);
  };
  look();
}
"""

DRAWN = """(selector) => [...document.querySelectorAll(selector + ' .js-plotly-plot')].some((g) => g.data
  && g.data.some(
  (t) => t.meta === 'curtain'))"""

# How many positions the scrubber has (the steps it reaches), whichever player the page has.
REACH = """
([bar, chart]) => {
  const range = document.querySelector(bar + ' input[type=range]')
    || [...document.querySelectorAll(bar + ' *')].map((e) => e.shadowRoot && e.shadowRoot.querySelector(
      'input[type=range]')).find(Boolean);
  if (range) return Number(range.max) + 1;
  const gd = [...document.querySelectorAll(chart + ' .js-plotly-plot')].find((g) => g.layout.sliders);
  return gd.layout.sliders[0].steps.length;
}
"""

PLAYERS = {  # the CSS classes of a view's playing chart and of its player's bar
    "lab": (".st-key-lab_player", ".st-key-lab_player_bar"),
    "compare": (".st-key-compare-side_by_side", ".st-key-compare-side_by_side_bar"),
}
BUTTONS = {"play": 0, "fast": 1, "pause": 2}  # Plotly's updatemenu buttons, in order


def _press(page, view: str, what: str) -> None:
    chart, bar = PLAYERS[view]
    ours = page.locator(f"{bar} button[data-go={what}]")
    if ours.count():
        ours.first.click()
    else:
        page.locator(f"{chart} .updatemenu-button").nth(BUTTONS[what]).click()


def _ready(page, view: str) -> None:
    chart, bar = PLAYERS[view]
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_selector(f"{chart} .updatemenu-button, {bar} button[data-go=play]", timeout=60_000)
    page.wait_for_function(DRAWN, arg=chart, timeout=60_000)
    page.wait_for_timeout(1000)


def _quiet(page, received: list, seconds: float = 1.5, limit: float = 20.0) -> None:
    """Wait until the page has received nothing over the websocket for ``seconds``: the page has finished loading."""
    start, count, since = time.perf_counter(), len(received), time.perf_counter()
    while time.perf_counter() - start < limit and time.perf_counter() - since < seconds:
        page.wait_for_timeout(100)
        if len(received) != count:
            count, since = len(received), time.perf_counter()


def play(browser, url: str, server_pid: int, view: str, speed: str, limit: float = 40.0) -> dict:
    """Press ``speed`` ("play" or "fast") and watch until the run has ended (no change for 1.5 s, or ``limit``).

    Returns changed frames per second (first change to last), the seconds the run took to play through, the
    distinct steps the curtain showed, the scrubber's positions, server CPU share and websocket KiB meanwhile.
    """
    chart, bar = PLAYERS[view]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    page.goto(url)
    _ready(page, view)
    _quiet(page, received)
    reach = page.evaluate(REACH, [bar, chart])
    page.evaluate(WATCH, chart)
    bytes_before, cpu_before = sum(received), cpu_seconds(server_pid)
    _press(page, view, speed)
    start = time.perf_counter()
    last_change, count, sent, cpu = start, 0, 0, 0.0
    while time.perf_counter() - start < limit:
        page.wait_for_timeout(100)
        now = page.evaluate("window.__changes.length")
        if now != count:  # still playing: what the server did so far counts (not its answer to the rest after the end)
            count, last_change = now, time.perf_counter()
            sent, cpu = sum(received) - bytes_before, cpu_seconds(server_pid) - cpu_before
        elif count and time.perf_counter() - last_change > 1.5:
            break
    played = max(last_change - start, 1e-9)
    changes = page.evaluate("window.__changes")
    distinct = page.evaluate("window.__lefts.size")
    context.close()
    span = (changes[-1] - changes[0]) / 1000 if len(changes) > 1 else float("nan")
    return {
        "frames_per_s": (len(changes) - 1) / span, "frames": len(changes), "seconds": span, "distinct": distinct,
        "reach": reach, "cpu_share": cpu / played, "ws_kib": sent / 1024,
    }  # fmt: skip


def pause_reaches_the_url(browser, url: str, view: str = "lab") -> str:
    """Play for 2 s, pause, and return the address bar 1.5 s later (the step shown goes into it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    _ready(page, view)
    _press(page, view, "play")
    page.wait_for_timeout(2000)
    _press(page, view, "pause")
    page.wait_for_timeout(1500)
    address = page.evaluate("location.href")
    context.close()
    return address
