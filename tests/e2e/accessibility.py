"""axe-core's WCAG 2.1 A and AA rules, run in the page as it is now (``axe-playwright-python``).

Every rule of those tags runs; none is disabled. A violation fails the test with axe's own words:
the rule, the elements and what to fix.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

_axe = Axe()


def violations(page) -> list[dict]:
    """axe's violations of WCAG 2.1 A/AA on the page as it is drawn right now."""
    return _axe.run(page, options=OPTIONS).response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for rule in found:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}, {len(rule['nodes'])} element(s)")
        for node in rule["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"  {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    """Fail with axe's report if the page, as drawn now, breaks any WCAG 2.1 A/AA rule."""
    found = violations(page)
    assert not found, f"axe: WCAG 2.1 AA violations on {where}:\n{describe(found)}"
