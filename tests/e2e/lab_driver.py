"""Reading and driving the training lab's player in a browser (shared by the e2e tests and the benchmarks)."""

from __future__ import annotations

import re

from sim import TrainingConfig, train
from ui.lab.playback import state_after

CHART = ".st-key-lab_player .js-plotly-plot"  # the player, laid over the lines (ui.player.layered_chart)
LINES = ".st-key-lab_player_lines .js-plotly-plot"
BAR = ".st-key-lab_player_bar"  # its bar: Play, Fast, Pause, the step buttons and the scrubber (ui.player.sync)

# The step shown (the player's last frame drawn, ui/player/player.js) and the readouts, read from the chart as the
# browser draws it right now. The curtain lies on the player's paper coordinates: its first box's left edge, read back
# on the top row's step axis (the lines').
READ_CHART = """
([selector, linesSelector]) => {
  const gd = document.querySelector(selector), lines = document.querySelector(linesSelector);
  const player = (window.__players || {}).lab_player;
  if (!gd || !gd.data || !player || player.state().entry < 0 || !lines || !lines.layout) return null;
  const readouts = gd.data.find((t) => t.name === 'readouts');
  const curtain = gd.data.find((t) => t.meta === 'curtain');
  const { domain: [d0, d1], range: [r0, r1] } = lines.layout.xaxis;
  return {
    step: player.state().step,
    readouts: readouts.text.map((t) => t.replace(/<[^>]+>/g, '')),
    curtain: Math.round(r0 + (Math.min(...curtain.x.slice(0, 4)) - d0) * (r1 - r0) / (d1 - d0)),
  };
}
"""


def chart_state(page) -> dict | None:
    """``{"step", "readouts", "curtain"}`` of the lab's player chart, or None before it is drawn."""
    return page.evaluate(READ_CHART, [CHART, LINES])


def wait_for_chart(page) -> dict:
    page.wait_for_selector(f"{CHART} .main-svg", timeout=60_000)
    page.wait_for_function(f"() => ({READ_CHART})([{CHART!r}, {LINES!r}]) !== null")
    return chart_state(page)


def press(page, label: str) -> None:
    """Click one of the player's buttons: '▶ Play', '▶▶ Fast' or '❚❚ Pause'."""
    page.locator(f"{BAR} button").filter(has_text=label).first.click()


def as_number(text: str) -> float:
    return float(re.sub(r"[,\s]", "", text).replace("−", "-"))


def expected_readouts(config: TrainingConfig, step: int) -> list[str]:
    """Step, bias, expected reward as the lab writes them after ``step`` updates (from sim)."""
    _, bias, reward = state_after(train(config), step)
    return [f"{step:,}", _fixed(bias, 2), _fixed(reward, 3)]


def _fixed(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text.replace("-", "−")


def url_step(page) -> int:
    """The step in the address bar (0 when absent)."""
    found = re.search(r"[?&]step=(\d+)", page.evaluate("location.href"))
    return int(found.group(1)) if found else 0


def wait_past(page, step: int, timeout: float = 15_000) -> dict:
    """The chart's state once it shows a step past ``step`` (it plays), however busy the machine."""
    page.wait_for_function(f"() => ({READ_CHART})([{CHART!r}, {LINES!r}])?.step > {int(step)}", timeout=timeout)
    return chart_state(page)


def wait_paused(page, timeout: float = 15_000) -> dict:
    """The chart's state once its step has stood still for half a second (a pause has taken effect)."""
    page.wait_for_function(
        f"""() => new Promise((done) => {{
          const read = () => ({READ_CHART})([{CHART!r}, {LINES!r}])?.step;
          const before = read();
          setTimeout(() => done(before !== undefined && read() === before), 500);
        }})""",
        timeout=timeout,
    )
    return chart_state(page)
