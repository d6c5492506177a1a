"""The offline file reflows like the page: it holds a wide and a narrow build of its chart and shows the one the
window fits; resized past the line while it plays, it switches and plays on, with both layers lined up again."""

from __future__ import annotations

import pytest

from sim import TrainingConfig
from ui.lab.page import offline_file

# Where the player's curtain starts and where the lines' step axis puts the step shown, in pixels.
LINED_UP = """() => {
  const lines = document.getElementById('lines'), player = document.getElementById('player');
  const step = window.__players.offline.state().step, frame = lines.getBoundingClientRect();
  const x = lines._fullLayout.xaxis, axes = Object.keys(lines._fullLayout).filter((k) => /^xaxis\\d*$/.test(k));
  const curtain = player.querySelector('.scatterlayer .trace .js-fill').getBoundingClientRect();
  return { step, curtain: curtain.left, lines: frame.left + x._offset + x.l2p(step),
           columns: axes.map((k) => lines._fullLayout[k].domain[0]),
           scroll: document.documentElement.scrollWidth };
}"""

# The narrow build drawn: every x axis of the lines starts at the left edge.
ONE_COLUMN = """() => { const full = document.getElementById('lines')._fullLayout;
  return Object.keys(full).filter((k) => /^xaxis\\d*$/.test(k)).every((k) => full[k].domain[0] === 0); }"""


def test_the_offline_lab_switches_to_one_column_in_a_narrow_window_and_plays_on(browser, tmp_path):
    path = tmp_path / "lab.html"
    path.write_bytes(offline_file(TrainingConfig(), 0, False))
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        page.goto(path.as_uri())
        page.locator("#player .main-svg").first.wait_for()
        page.get_by_role("button", name="▶▶ Fast").click()
        page.wait_for_function("() => window.__players.offline.state().step > 300")
        wide = page.evaluate(LINED_UP)
        assert max(wide["columns"]) > 0.5  # the policy beside the step charts
        page.set_viewport_size({"width": 400, "height": 900})  # while it plays
        page.wait_for_function(ONE_COLUMN)
        page.wait_for_function(f"() => window.__players.offline.state().step > {wide['step']}")  # playing on
        page.get_by_role("button", name="❚❚ Pause").click()
        page.wait_for_timeout(300)  # the player draws the step it paused at, at its next animation frame
        narrow = page.evaluate(LINED_UP)
        assert all(domain == 0 for domain in narrow["columns"]), narrow
        assert narrow["curtain"] == pytest.approx(narrow["lines"], abs=1.5)
        assert narrow["scroll"] <= 400
    finally:
        page.close()
