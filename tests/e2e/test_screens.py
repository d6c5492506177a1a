"""The lesson's moments on a projector (1280×720, presentation mode) and on a phone (390×844, touch).

Geometry, not only presence: the what-if verdicts inside the screen (projector) and inside their box
(phone), the comparison's chart and badges on the first screen, the step Next reveals in view on a phone,
the lab's Play within one screen of its bias chart. axe's WCAG 2.1 AA audit runs on each view drawn here.
Screenshots go to artifacts/screenshots/ (screens_*).
"""

from __future__ import annotations

from tests.e2e.server import wait_ready
from tests.e2e.test_accessibility import assert_projector_sized

PROJECTOR = {"width": 1280, "height": 720}

# The what-if table's verdict cells ("right way", "wrong way!") as drawn: their boxes, and the box that shows them.
VERDICTS = r"""() => {
  const panel = document.querySelector('.st-key-lecture_sign_panel');
  const cells = [...panel.querySelectorAll('.katex-html .mord.text')]
    .filter((e) => /right\sway|wrong\sway|no\schange/.test(e.textContent) && e.getBoundingClientRect().width > 0);
  const shown = panel.querySelector('.katex-display').parentElement.getBoundingClientRect();
  const box = (r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right });
  const text = (e) => e.textContent.replace(/\s/g, ' ');
  return { cells: cells.map((e) => ({ text: text(e), ...box(e.getBoundingClientRect()) })), shown: box(shown) };
}"""


def test_a_projector_shows_the_what_if_verdicts_and_the_comparisons_chart_on_the_first_screen(page, app_url, shot):
    page.goto(f"{app_url}/?update=2&substep=reward&presentation=1")
    wait_ready(page)
    page.locator(".st-key-lecture_sign_panel .katex").first.wait_for()
    found = page.evaluate(VERDICTS)
    assert [cell["text"] for cell in found["cells"]] == ["right way", "wrong way!", "wrong way!"]
    for cell in found["cells"]:
        assert cell["top"] >= 0 and cell["bottom"] <= PROJECTOR["height"] and cell["right"] <= PROJECTOR["width"], cell
    # The ledger and the explanation grow with the diagrams (16.8 px and 16 px without presentation mode).
    sizes = page.evaluate(
        "() => [getComputedStyle(document.querySelector('.katex')).fontSize,"
        " getComputedStyle(document.querySelector('.st-key-lecture_words p')).fontSize].map(parseFloat)"
    )
    assert sizes[0] >= 20 and sizes[1] >= 19, sizes
    assert_projector_sized(page, shot, "screens_projector_reward")

    page.goto(f"{app_url}/compare?presentation=1&seeds=20")
    wait_ready(page)
    assert page.locator("[data-testid='stAlert']", has_text="not a setting").count() == 0
    assert page.locator(".st-key-compare-presentation input").is_checked()
    chart = page.locator(".st-key-compare-side_by_side .js-plotly-plot").first
    chart.wait_for()
    page.wait_for_timeout(300)  # Plotly lays the chart out again without the sidebar
    badges = page.evaluate(
        "() => [...document.querySelectorAll('.st-key-compare-side_by_side .annotation')]"
        ".filter((a) => /settles|wanders|runs away|diverges/.test(a.textContent))"
        ".map((a) => a.getBoundingClientRect().bottom)"
    )
    assert len(badges) >= 3 and max(badges) <= PROJECTOR["height"], badges
    assert chart.bounding_box()["y"] >= 0
    assert_projector_sized(page, shot, "screens_projector_compare")
