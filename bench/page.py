"""Speed of the page, measured against a bare Streamlit page in the same run and browser.

    python -m bench.page            # all measurements
    python -m bench.page --quick    # fewer repeats

Prints: time from navigation to the first chart for each view as a ratio to a bare page
with one small Plotly chart; server time of one rerun per view (AppTest, median);
bytes the server sends per page load; and, for the training lab, time per Play tick and
whether the charts are updated in place (no remount).
"""

from __future__ import annotations

import argparse
import statistics
import time

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


# Chart areas of the lab (each may stack two copies of its chart) with no drawn line or dot in any copy.
BLANK_CHART_AREAS = """
() => [...document.querySelectorAll("[class*='st-key-lab_'][class*='_stack']")]
  .filter(area => area.querySelectorAll(".scatterlayer .trace").length === 0).length
"""


def play_ticks(browser, url: str, seconds: float = 4.0) -> dict:
    """Press Play in the lab; count ticks from the step readout; check the chart element survives."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    page.goto(f"{url}/lab")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    # Tag every chart element: a remounted chart is a new element and loses the tag.
    page.evaluate("document.querySelectorAll('.js-plotly-plot').forEach(e => e.dataset.benchTag = 'kept')")
    step_readout = page.get_by_test_id("stMetric").filter(has_text="Step").first
    before = step_readout.inner_text()
    bytes_before = sum(received)
    page.get_by_role("button", name="Play").click()
    seen, start, samples, blank = [before], time.perf_counter(), 0, 0
    while time.perf_counter() - start < seconds:
        text = step_readout.inner_text()
        if text != seen[-1]:
            seen.append(text)
        # A flicker is a moment when a chart area shows no drawn chart at all.
        samples += 1
        blank += page.evaluate(BLANK_CHART_AREAS)
        page.wait_for_timeout(20)
    elapsed = time.perf_counter() - start
    page.get_by_role("button", name="Pause").click()
    kept = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(e => e.dataset.benchTag === 'kept')")
    context.close()
    ticks = len(seen) - 1
    return {
        "ticks": ticks,
        "seconds_per_tick": elapsed / ticks if ticks else float("nan"),
        "charts_kept": kept,
        "bytes_per_tick": (sum(received) - bytes_before) / ticks if ticks else float("nan"),
        "blank_samples": blank,
        "samples": samples,
    }


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
        streamlit_server() as (app_url, _),
        streamlit_server(ROOT / "bench" / "bare_page.py") as (bare_url, _),
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

        print("\nTraining lab, Play for 4 s")
        result = play_ticks(browser, app_url)
        print(
            f"  {result['ticks']} ticks, {result['seconds_per_tick'] * 1e3:.0f} ms per tick, "
            f"{result['bytes_per_tick'] / 1024:.1f} KiB per tick"
        )
        print(
            f"  chart elements kept across ticks: {sum(result['charts_kept'])} of {len(result['charts_kept'])}; "
            f"samples with a blank chart area (flicker): {result['blank_samples']} of {result['samples']}"
        )
        browser.close()


if __name__ == "__main__":
    main()
