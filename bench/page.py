"""Speed of the page, measured against a bare Streamlit page in the same run and browser.

    python -m bench.page            # all measurements
    python -m bench.page --quick    # fewer repeats

    python -m bench.page --baseline DIR   # and another checkout beside this one, in the same run

Prints: time from navigation to the first chart for each view as a ratio to a bare page
with one small Plotly chart; server time of one rerun per view (AppTest, median);
bytes the server sends per page load; and, for the lab and the comparison's replay playing in the
browser (``bench.playback``): changed frames per second at each speed, the time a run takes to play
through, the steps shown and the scrubber's reach, the server's CPU share and the websocket bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from pathlib import Path

from bench import BARE_PAGE, STREAMLIT_DEFAULT_OPTIONS, playback
from tests.e2e.server import CHROMIUM_ARGS, READY, ROOT, chromium_path, streamlit_server

VIEWS = ("lecture", "lab", "compare")


def time_to_first_chart(browser, url: str) -> tuple[float, int]:
    """Seconds from navigation to a visible Plotly chart, and websocket bytes received until the page is quiet (no
    frame for 1.5 s after its run ended: a page drawn again for the width its browser measured counts in full)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.wait_for_selector(READY, timeout=60_000)
    quiet = 0
    while quiet < 3:  # three quiet half-seconds in a row
        before = len(received)
        page.wait_for_timeout(500)
        quiet = quiet + 1 if len(received) == before else 0
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


PLAYS = [  # (name, view, address, speed): what to play, at which speed
    ("lab, 2,000 steps, four rows", "lab", "lab", "play"),
    ("lab, 2,000 steps, four rows", "lab", "lab", "fast"),
    ("lab, 100,000 steps", "lab", "lab?steps=100000", "play"),
    ("comparison's replay, 4,000 steps", "compare", "compare?seeds=20", "play"),
    ("comparison's replay, 4,000 steps", "compare", "compare?seeds=20", "fast"),
]
SPEED_NAMES = {"play": "▶ Play", "fast": "▶▶ Fast"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout of the app (e.g. a `git archive` of a commit) "
                        "to measure beside this one, in the same run")  # fmt: skip
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    path = chromium_path()
    if path is None:
        raise SystemExit("needs the system Chromium (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    roots = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with contextlib.ExitStack() as stack:
        apps = {name: stack.enter_context(streamlit_server(cwd=root)) for name, root in roots.items()}
        bare_url, _ = stack.enter_context(streamlit_server(BARE_PAGE, options=STREAMLIT_DEFAULT_OPTIONS))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        urls = {"bare page": bare_url}
        urls.update({f"{view} ({name})": f"{url}/{view}" for name, (url, _) in apps.items() for view in VIEWS})
        loads(browser, urls, repeats)

        print(f"\nServer time of one rerun, default settings, this checkout (AppTest, median of {repeats})")
        for view in VIEWS:
            print(f"  {view:10s} {server_rerun_seconds(view, repeats) * 1e3:7.1f} ms")

        print("\nPlaying in the browser (1280x900): until the run ends. Targets: >= 30 changed frames/s at ▶ Play; "
              "a 2,000-step run over 10-15 s at ▶ Play and 3-5 s at ▶▶ Fast, a 100,000-step one at the same pace; "
              "the scrubber at every step up to 2,000 (longer: every pixel's worth); server CPU <= 5% of a core; "
              "no websocket traffic")  # fmt: skip
        for label, view, address, speed in PLAYS:
            for name, (url, process) in apps.items():
                r = playback.play(browser, f"{url}/{address}", process.pid, view, speed)
                print(
                    f"  {label}, {SPEED_NAMES[speed]} ({name}): {r['frames_per_s']:5.1f} changed frames/s, "
                    f"{r['seconds']:5.1f} s to play through, {r['distinct']:5d} distinct steps shown, scrubber "
                    f"{r['reach']:5d} positions; server CPU {r['cpu_share']:.1%}, websocket {r['ws_kib']:.1f} KiB"
                )
        for name, (url, _) in apps.items():
            address = playback.pause_reaches_the_url(browser, f"{url}/lab")
            print(f"  after Play and Pause ({name}) the address bar reads {address}")
        browser.close()


def loads(browser, urls: dict[str, str], repeats: int) -> None:
    """Time to the first chart of each page (median of ``repeats``, interleaved) and websocket KiB on load."""
    for url in urls.values():  # warm up: first loads compile caches on the servers
        time_to_first_chart(browser, url)
    samples = {name: [] for name in urls}
    sizes = {name: [] for name in urls}
    for _ in range(repeats):  # interleaved, so drift in machine load hits all alike
        for name, url in urls.items():
            seconds, size = time_to_first_chart(browser, url)
            samples[name].append(seconds)
            sizes[name].append(size)
    bare = statistics.median(samples["bare page"])
    print(f"Navigation to first chart (median of {repeats}, headless Chromium, 1280x720); targets: lab and "
          "comparison <= 1.3x the bare page and <= 200 KiB over the websocket")  # fmt: skip
    for name in urls:
        median = statistics.median(samples[name])
        print(
            f"  {name:20s} {median * 1e3:7.0f} ms   {median / bare:4.2f}x the bare page   "
            f"{statistics.median(sizes[name]) / 1024:7.1f} KiB over the websocket"
        )


if __name__ == "__main__":
    main()
