"""The lesson on every screen, without a browser (AppTest): presentation mode on the comparison, the opening
for a newcomer, the onward links, the same value shown the same way, and the smaller fixes of issue #24."""

from __future__ import annotations

import json

from tests.test_compare_view import open_page


def test_the_comparison_takes_presentation_mode_from_its_link_and_writes_it_back():
    at = open_page(presentation="1", seeds="20")
    assert not [w.value for w in at.warning if "not a setting" in w.value]
    assert at.toggle(key="compare:presentation").value
    assert at.query_params["presentation"] == "1"
    plain = open_page(seeds="20")
    assert not plain.toggle(key="compare:presentation").value and "presentation" not in plain.query_params

    def smallest_font(app):  # every chart's text, as sent to the browser
        sizes = []

        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key.endswith("font") and isinstance(value, dict) and "size" in value:
                        sizes.append(value["size"])
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        for chart in app.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            walk(spec.get("layout", {}))
            walk(spec.get("data", []))
        return min(sizes)

    assert smallest_font(at) >= 16 > smallest_font(plain)
