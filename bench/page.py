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
import os
import statistics
import time
from pathlib import Path

from bench import BARE_PAGE, STREAMLIT_DEFAULT_OPTIONS
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


# Runs in the page: count the animation frames in which what the lab's chart shows changed.
# A frame counts when the curtain (the step shown) or the readout texts differ from the last frame drawn.
COUNT_CHANGES = """
() => {
  const gd = document.querySelector('.st-key-lab_player .js-plotly-plot');
  const curtain = gd.data.findIndex((t) => t.meta === 'curtain');
  const readouts = gd.data.findIndex((t) => t.name === 'readouts');
  window.__changes = 0;
  let last = null;
  const look = () => {
    const now = JSON.stringify([gd.data[curtain].x, gd.data[readouts].text]);
    if (last !== null && now !== last) window.__changes += 1;
    last = now;
    window.__watching = requestAnimationFrame(look);
  };
  look();
}
"""


def play_in_browser(browser, url: str, server_pid: int, seconds: float = 4.0, query: str = "") -> dict:
    """Press Fast in the lab for ``seconds``: changed frames per second, server CPU, websocket bytes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    page.goto(f"{url}/lab?steps=20000" + query)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(".st-key-lab_player .js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(1000)
    page.evaluate(COUNT_CHANGES)
    bytes_before, cpu_before = sum(received), cpu_seconds(server_pid)
    page.locator(".st-key-lab_player .updatemenu-button").nth(1).click()  # ▶▶ Fast
    page.wait_for_timeout(seconds * 1000)
    changes = page.evaluate("window.__changes")
    cpu = cpu_seconds(server_pid) - cpu_before
    sent = sum(received) - bytes_before
    page.locator(".st-key-lab_player .updatemenu-button").nth(2).click()  # ❚❚ Pause
    page.wait_for_timeout(1500)  # the step reaches the URL
    shown_url = page.evaluate("location.href")
    context.close()
    return {"frames_per_s": changes / seconds, "cpu_share": cpu / seconds, "ws_kib": sent / 1024, "url": shown_url}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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

        print("\nTraining lab, a 20,000-step run, ▶▶ Fast for 4 s (the browser plays it)")
        result = play_in_browser(browser, app_url, app_process.pid)
        print(
            f"  {result['frames_per_s']:.1f} changed frames per second (target >= 30), "
            f"server CPU {result['cpu_share']:.1%} of a core (target <= 5%), "
            f"{result['ws_kib']:.1f} KiB over the websocket (target <= 30)"
        )
        print(f"  after Pause the address bar reads {result['url']}")
        browser.close()


if __name__ == "__main__":
    main()
