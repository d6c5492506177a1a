"""Start the real ``streamlit run app.py`` on a free loopback port, and drive the system Chromium.

Used by the end-to-end tests and by the page benchmark (``python -m bench.page``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def chromium_path() -> str | None:
    """The system Chromium (Playwright's own browser download does not work on these machines)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    script: str | Path = "app.py",
    cwd: Path = ROOT,
    timeout: float = 60.0,
    options=(),
    launcher=("-m", "streamlit"),
    env: dict | None = None,
    port: int | None = None,
    preexec=None,
):
    """Yield the base URL of a running Streamlit server; stop it afterwards.

    ``options`` are more command-line settings, e.g. ``("--runner.postScriptGC", "true")``; given again, a
    setting overrides the one here (the last one counts). ``launcher``: what Python runs (``bench.profile``'s
    server passes its own). ``env``: more environment variables (``ROOM_REDIS_URL``). ``port``: a given one (a
    restarted server at the same address), else a free one. ``preexec``: called in the server's process before it
    starts (``subprocess.Popen``'s ``preexec_fn``), e.g. to lower its limit on open files.
    """
    port = port or free_port()
    command = [
        sys.executable, *launcher, "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *options,
    ]  # fmt: skip
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
    environment = os.environ | (env or {})
    process = subprocess.Popen(
        command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=environment, preexec_fn=preexec
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# A browser's first page is drawn once the browser has measured its width (ui.common.device): until then it
# shows only this placeholder, and the run that drew it has ended.
WIDTH_WAIT = ".st-key-page_width_wait"


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished its run, for the width the browser measured, and nothing is
    stale."""
    page.wait_for_selector(READY, timeout=timeout)
    if page.locator(WIDTH_WAIT).count():
        page.wait_for_selector(WIDTH_WAIT, state="detached", timeout=timeout)
        page.wait_for_selector(READY, timeout=timeout)


# True once every Plotly chart on the page has drawn, no run is drawing it (nothing stale or still a placeholder),
# the page is drawn for the width its browser last measured (ui.common.device marks both on <html>), and the
# element's box has stayed the same for `stillMs` since: polled, the last box kept on the element.
STILL = """([selector, stillMs]) => {
  const element = document.querySelector(selector);
  const widths = document.documentElement.dataset;
  const app = document.querySelector("[data-testid='stApp']");
  // A run drawing the page (its old and new elements both laid out), or an element still a grey placeholder while
  // its code loads (seen for over a second after the room's tests: the buttons, switches and diagram).
  const drawing = !app || app.getAttribute('data-test-script-state') === 'running'
    || document.querySelector("[data-stale='true'], [data-testid='stSkeleton']") !== null;
  if (element && (drawing || (widths.measuredWidth && widths.measuredWidth !== widths.drawnWidth))) {
    element.__lastBox = null;
    return false;
  }
  const charts = document.querySelectorAll("[data-testid='stPlotlyChart']").length;
  if (!element || document.querySelectorAll('.js-plotly-plot .main-svg').length < charts) return false;
  const r = element.getBoundingClientRect();
  const box = [r.top, r.left, r.width, r.height].join();
  const now = performance.now();
  if (element.__lastBox !== box) { element.__lastBox = box; element.__since = now; return false; }
  return now - element.__since >= stillMs;
}"""


def wait_still(page, selector: str, still_ms: int = 1000, timeout: float = 30_000) -> None:
    """Wait until the charts have drawn and ``selector``'s box has stopped moving. A finished run is still laid
    out again for a while (the sidebar folding away in presentation mode, the title's padding, charts drawn
    above it), so geometry is read only once it is still."""
    page.wait_for_function(STILL, arg=[selector, still_ms], polling=100, timeout=timeout)
