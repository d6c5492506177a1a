"""Many visitors at once: N browser sessions each play a 10,000-step run in the training lab.

    python -m bench.load                 # 20 sessions (the issue's lecture hall)
    python -m bench.load --sessions 5    # fewer

One real ``streamlit run app.py`` server, one headless Chromium with an isolated context per
visitor. Each visitor opens its own config (a different seed and reward handling), presses Play
and waits for the end. Reports: whether every visitor ended on the bias ``sim`` computes for its
own config, the time per Play tick seen in each browser, and the server's peak memory.
Nothing here asserts a timing. The browsers run on the same machine as the server, so on a
small machine the time per tick seen in the browsers mostly measures 20 Chromium pages drawing
charts on shared cores; the server's CPU time per tick is the figure that scales to a lecture hall.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from pathlib import Path

from sim import REWARD_HANDLINGS, TrainingConfig
from tests.e2e.lab_driver import expected_bias_text, metric
from tests.e2e.server import CHROMIUM_ARGS, READY, chromium_path, streamlit_server

# Runs in each page: note the time whenever the "Step" readout changes.
WATCH_STEP = """
() => {
  window.__ticks = [];
  const read = () => {
    for (const box of document.querySelectorAll("[data-testid='stMetric']")) {
      const label = box.querySelector("[data-testid='stMetricLabel']");
      if (label && label.innerText.trim() === "Step") {
        return box.querySelector("[data-testid='stMetricValue']").innerText.trim();
      }
    }
    return null;
  };
  let last = read();
  setInterval(() => {
    const now = read();
    if (now !== null && now !== last) { window.__ticks.push([performance.now(), now]); last = now; }
  }, 10);
}
"""


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def visitor_config(i: int, steps: int) -> TrainingConfig:
    handling = REWARD_HANDLINGS[i % 3]  # correct, ignore_sign, flip_sign in turn
    return TrainingConfig(steps=steps, seed=100 + i, reward_handling=handling)


def run(sessions: int = 20, steps: int = 10_000, speed: int = 500, timeout: float = 600.0, browser=None) -> dict:
    """Play ``sessions`` runs at once; return what happened (numbers, not verdicts on speed).

    Pass a Playwright ``browser`` to reuse one (the tests do); otherwise the system Chromium is started.
    """
    if browser is not None:
        return _run(browser, sessions, steps, speed, timeout)
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("needs the system Chromium (Debian package 'chromium')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            return _run(browser, sessions, steps, speed, timeout)
        finally:
            browser.close()


def _run(browser, sessions, steps, speed, timeout) -> dict:
    with streamlit_server() as (url, server):
        idle_kib = memory_kib(server.pid, "VmRSS")
        peak = {"rss": idle_kib}
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak["rss"] = max(peak["rss"], memory_kib(server.pid, "VmRSS"))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        contexts, pages, configs = [], [], []
        for i in range(sessions):
            config = visitor_config(i, steps)
            query = "&".join(f"{k}={v}" for k, v in config.to_strings().items())
            contexts.append(browser.new_context(viewport={"width": 1280, "height": 720}))
            page = contexts[-1].new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}/lab?{query}&speed={speed}")
            pages.append(page)
            configs.append(config)
        for page in pages:
            page.wait_for_selector(READY)
            page.evaluate(WATCH_STEP)
        start, cpu_start = time.perf_counter(), cpu_seconds(server.pid)
        for page in pages:
            page.get_by_role("button", name="Play").click()
        final = f"{steps:,}"
        finished_at = [None] * sessions
        while None in finished_at and time.perf_counter() - start < timeout:
            for i, page in enumerate(pages):
                if finished_at[i] is None and metric(page, "Step") == final:
                    finished_at[i] = time.perf_counter() - start
            time.sleep(0.25)
        for page in pages:  # the last tick reruns the page once more; let it land
            page.get_by_role("button", name="Play").wait_for()
            page.wait_for_selector(READY)
        server_cpu = cpu_seconds(server.pid) - cpu_start
        results = []
        for page, config, done in zip(pages, configs, finished_at):
            ticks = page.evaluate("window.__ticks")
            gaps = [b[0] - a[0] for a, b in zip(ticks, ticks[1:])]
            shown, expected = metric(page, "Bias"), expected_bias_text(config, steps)
            results.append(
                {"config": config, "finished_s": done, "ticks": len(ticks), "gaps_ms": gaps,
                 "bias_shown": shown, "bias_expected": expected, "correct": shown == expected}
            )  # fmt: skip
        stop.set()
        sampler.join()
        for context in contexts:
            context.close()
        return {
            "results": results,
            "idle_mib": idle_kib / 1024,
            "server_cpu_s": server_cpu,
            "peak_mib": max(peak["rss"], memory_kib(server.pid, "VmHWM")) / 1024,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--speed", type=int, default=500, help="steps per tick")
    args = parser.parse_args()
    report = run(args.sessions, args.steps, args.speed)
    results = report["results"]
    gaps = sorted(g for r in results for g in r["gaps_ms"])
    finished = [r["finished_s"] for r in results if r["finished_s"] is not None]
    print(f"{args.sessions} sessions, each playing {args.steps:,} steps at {args.speed} steps per tick")
    print(f"  finished: {len(finished)} of {len(results)}; ended on sim's bias: {sum(r['correct'] for r in results)}")
    if finished:
        print(f"  time to finish: median {statistics.median(finished):.1f} s, slowest {max(finished):.1f} s")
    if gaps:
        p95 = gaps[int(0.95 * (len(gaps) - 1))]
        print(f"  time per tick in the browsers: median {statistics.median(gaps):.0f} ms, 95th percentile {p95:.0f} ms")
    server_ticks = len(results) * -(-args.steps // args.speed)  # each session's fragment ran this many ticks
    print(
        f"  server CPU: {report['server_cpu_s']:.1f} s for {server_ticks} ticks = "
        f"{report['server_cpu_s'] / server_ticks * 1e3:.0f} ms per tick (browsers drew "
        f"{sum(r['ticks'] for r in results)} distinct steps: they skip ticks when they fall behind)"
    )
    print(f"  server memory: {report['idle_mib']:.0f} MiB idle, {report['peak_mib']:.0f} MiB peak")
    for r in results:
        if not r["correct"]:
            print(f"  WRONG: {r['config']} showed {r['bias_shown']}, expected {r['bias_expected']}")


if __name__ == "__main__":
    main()
