"""Speed of the page, measured against a bare Streamlit page in the same run and browser.

    python -m bench.page            # all measurements
    python -m bench.page --quick    # fewer repeats

Prints: time from navigation to the first chart for each view as a ratio to a bare page
with one small Plotly chart; server time of one rerun per view (AppTest, median);
bytes the server sends per page load; and, for the training lab playing in the browser,
changed frames per second, the server's CPU share and the websocket bytes while it plays.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import BARE_PAGE, STREAMLIT_DEFAULT_OPTIONS
from bench.process import cpu_seconds
from tests.e2e.server import CHROMIUM_ARGS, READY, ROOT, chromium_path, streamlit_server

VIEWS = ("lecture", "lab", "compare")


def time_to_first_chart(browser, url: str) -> tuple[float, int]:
    """Seconds from navigation to a visible Plotly chart, and websocket bytes received meanwhile."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.wait_for_selector(READY, timeout=60_000)
    context.close()
    return elapsed, sum(received)


def server_rerun_seconds(view: str, repeats: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"views/{view}.py")
    at.run()  # first run fills the caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Runs in the page: note when what a playing chart shows changed, at each animation frame the browser draws.
# A frame counts when its curtain (the step shown) or its readout texts differ from the last frame drawn.
COUNT_CHANGES = """
(selector) => {
  const gd = [...document.querySelectorAll(selector + ' .js-plotly-plot')].find((g) => g.layout.sliders);
  const shown = () => JSON.stringify(gd.data.filter((t) => t.meta === 'curtain' || t.meta === 'readout'
    || t.name === 'readouts').map((t) => [t.x, t.text]));
  window.__changes = [];
  let last = null;
  const look = () => {
    const now = shown();
    if (last !== null && now !== last) window.__changes.push(performance.now());
    last = now;
    window.__watching = requestAnimationFrame(look);
  };
  look();
}
"""

AT_THE_END = """(selector) => {
  const gd = [...document.querySelectorAll(selector + ' .js-plotly-plot')].find((g) => g.layout.sliders);
  const slider = gd.layout.sliders[0];
  return slider.active === slider.steps.length - 1 && window.__changes.length > 1;
}"""

PLAYERS = {  # what to play: the page, and the CSS class of its playing chart
    "lab": ("lab?steps=20000", ".st-key-lab_player"),
    "compare": ("compare?seeds=20", ".st-key-compare-side_by_side"),
}


def play_in_browser(browser, url: str, server_pid: int, view: str = "lab", seconds: float = 4.0, query="") -> dict:
    """Press Fast for ``seconds``, or until the run ends: changed frames per second, server CPU, websocket bytes.

    Frames per second are counted from the first changed frame to the last: a run has at most 120 frames,
    so a fast player reaches its end within the window and the window's length would understate it.
    """
    path, chart = PLAYERS[view]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    page.goto(f"{url}/{path}" + query)
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_selector(f"{chart} .updatemenu-button", timeout=60_000)
    page.wait_for_timeout(1000)
    page.evaluate(COUNT_CHANGES, chart)
    bytes_before, cpu_before = sum(received), cpu_seconds(server_pid)
    page.locator(f"{chart} .updatemenu-button").nth(1).click()  # ▶▶ Fast
    start = time.perf_counter()
    while time.perf_counter() - start < seconds and not page.evaluate(AT_THE_END, chart):
        page.wait_for_timeout(50)
    played = time.perf_counter() - start  # the run may end before the window does: then it rests, and
    cpu = cpu_seconds(server_pid) - cpu_before  # reports its step to the server (the URL follows): not play
    sent = sum(received) - bytes_before
    changes = page.evaluate("window.__changes")
    page.locator(f"{chart} .updatemenu-button").nth(2).click()  # ❚❚ Pause
    page.wait_for_timeout(1500)  # the step reaches the URL
    shown_url = page.evaluate("location.href")
    context.close()
    span = (changes[-1] - changes[0]) / 1000 if len(changes) > 1 else float("nan")
    return {
        "frames_per_s": (len(changes) - 1) / span, "frames": len(changes), "seconds": played,
        "cpu_share": cpu / played, "ws_kib": sent / 1024, "url": shown_url,
    }  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    path = chromium_path()
    if path is None:
        raise SystemExit("needs the system Chromium (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with (
        streamlit_server() as (app_url, app_process),
        streamlit_server(BARE_PAGE, options=STREAMLIT_DEFAULT_OPTIONS) as (bare_url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        urls = {"bare page": bare_url, **{view: f"{app_url}/{view}" for view in VIEWS}}
        for url in urls.values():  # warm up: first loads compile caches on both servers
            time_to_first_chart(browser, url)
        samples = {name: [] for name in urls}
        sizes = {name: [] for name in urls}
        for _ in range(repeats):  # interleaved, so drift in machine load hits all alike
            for name, url in urls.items():
                seconds, size = time_to_first_chart(browser, url)
                samples[name].append(seconds)
                sizes[name].append(size)
        bare = statistics.median(samples["bare page"])
        print(f"Navigation to first chart (median of {repeats}, headless Chromium, 1280x720)")
        for name in urls:
            median = statistics.median(samples[name])
            print(
                f"  {name:10s} {median * 1e3:7.0f} ms   {median / bare:4.2f}x the bare page   "
                f"{statistics.median(sizes[name]) / 1024:7.1f} KiB over the websocket"
            )
        print("  (target for the first view, the lecture: <= 1.5x)")

        print(f"\nServer time of one rerun, default settings (AppTest, median of {repeats})")
        for view in VIEWS:
            print(f"  {view:10s} {server_rerun_seconds(view, repeats) * 1e3:7.1f} ms")

        for view, what in (("lab", "Training lab, a 20,000-step run"), ("compare", "Comparison, its replay")):
            print(f"\n{what}, ▶▶ Fast for 4 s (the browser plays it)")
            result = play_in_browser(browser, app_url, app_process.pid, view)
            print(
                f"  {result['frames_per_s']:.1f} changed frames per second over its {result['frames']} frames "
                f"(target >= 30); while it played ({result['seconds']:.1f} s): server CPU {result['cpu_share']:.1%} "
                f"of a core (target <= 5%), {result['ws_kib']:.1f} KiB over the websocket (target <= 30)"
            )
            print(f"  after Pause the address bar reads {result['url']}")
        browser.close()


if __name__ == "__main__":
    main()
