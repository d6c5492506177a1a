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


def test_the_lecture_opens_with_the_problem_for_someone_who_was_not_there():
    from tests.lecture_driver import opened

    words = " ".join(m.value for m in opened({}).markdown)
    for said in ("Place A", "small fries", "Place B", "large fries", "hunger below 0.5", "**+1**", "**−1**", "Next"):
        assert said in words, said
    projected = " ".join(m.value for m in opened({"presentation": "1"}).markdown)
    assert "The problem." not in projected  # on a projector the lecturer says it


def test_the_end_of_the_walk_through_points_on_to_a_hungry_example_the_lab_and_the_comparison():
    from tests.lecture_driver import click, opened

    before = opened({"update": "2", "substep": "guess"})
    assert not before.get("page_link")
    at = opened({"update": "2", "substep": "new_prob"})
    links = [link.proto.page for link in at.get("page_link")]
    assert any("lab" in page for page in links) and any("compare" in page for page in links), links
    click(at, "lecture_hungry")
    assert at.query_params["hunger"] == "1" and at.query_params["initial_bias"] == "-20"
    assert "update" not in at.query_params  # it starts again at the first step
    assert r"\sigma(20 \cdot 1 + (-20)) = 0.5" in at.latex[0].value  # p(B) starts at 0.5 again
    assert any("hungry" in m.value for m in at.info)


def _shown(at) -> dict[str, str]:
    """The numbers the lecture's diagrams show now, by name: the network's boxes and the line's two segments."""
    import re

    network, line = (json.loads(chart.proto.spec)["layout"]["annotations"] for chart in at.get("plotly_chart")[:2])
    shown, label = {}, None
    for note in network:
        text = note.get("text", "")
        if label and text.startswith("<b>"):
            shown[label] = text.removeprefix("<b>").removesuffix("</b>")
        label = text if text in ("hunger", "× weight", "+ bias", "p(B)") else None
    for note in line:
        found = re.fullmatch(r"(?:<b>)?([AB]): p\(\1\) = ([^<]+)(?:</b>)?", note.get("text", ""))
        if found:
            shown[f"line p({found[1]})"] = found[2]
    return {name: value for name, value in shown.items() if value != "?"}  # "?": not computed yet


def _walk(exact: bool) -> list[dict[str, str]]:
    """The numbers shown at every sub-step of updates 1 to 3 (random draws after the lecture's two)."""
    from tests.lecture_driver import click, opened

    at = opened({"exact": "1"} if exact else {})
    steps = [_shown(at)]
    for _ in range(3 * 9 - 1):
        click(at, "lecture_next" if not at.button(key="lecture_next").disabled else "lecture_continue")
        steps.append(_shown(at))
    return steps


def test_the_same_value_is_shown_the_same_way_one_click_apart_rounded_or_exact():
    exact, rounded = _walk(True), _walk(False)
    for step in range(len(exact) - 1):
        for name in set(exact[step]) & set(exact[step + 1]):
            if exact[step][name] == exact[step + 1][name]:  # the same value (to 4 decimals) on both sides of a click
                assert rounded[step][name] == rounded[step + 1][name], (step, name, rounded[step], rounded[step + 1])
    # Where one update hands over to the next: its new p(B) and bias are where the next one starts.
    for steps in (exact, rounded):
        for end in (8, 17):
            assert steps[end]["p(B)"] == steps[end + 1]["p(B)"] and steps[end]["+ bias"] == steps[end + 1]["+ bias"]
    assert rounded[8]["p(B)"] == rounded[9]["p(B)"] == "0.4" and rounded[17]["p(B)"] == "0.25"  # the lecture's


def test_the_ensemble_says_wanders_and_shows_the_mean_beside_the_median():
    at = open_page(seeds="40")
    words = " ".join(m.value for m in at.markdown)
    assert "**wanders**" in words and "mean final bias over the seeds" in words and "the median" in words
    assert "no average drift" not in words  # said above a median that drifts, it read as a contradiction
    table = next(frame.value for frame in at.dataframe if "mean final bias" in frame.value.columns)
    ignored = table[table["rule"].str.startswith("sign ignored")].iloc[0]
    mean = f"{ignored['mean final bias']:.3g}".replace("-", "−")
    assert f"seeds is {mean}" in words  # the number in the words is the table's


def test_a_link_equal_to_a_preset_shows_the_presets_name():
    from streamlit.testing.v1 import AppTest

    def preset(page: str, query: dict) -> str:
        at = AppTest.from_file("../app.py", default_timeout=60)
        at.switch_page(page)
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at.selectbox(key=f"{'lab' if 'lab' in page else 'compare'}:preset").value

    # The lecturer's guide's StatQuest link, a hand-made link equal to a preset, and one equal to none.
    statquest = {"steps": "280", "learning_rate": "0.1", "reward_size": "0.99", "optimizer": "adam",
                 "large_order_odds": "0.2,0.8"}  # fmt: skip
    assert preset("views/lab.py", statquest) == "StatQuest's notebook"
    assert preset("views/lab.py", {"reward_handling": "flip_sign"}) == "sign flipped"
    assert preset("views/lab.py", {"learning_rate": "0.3"}) == "(custom)"
    assert preset("views/compare.py", {"learning_rate": "0.1", "seeds": "20"}) == "slow and steady"


def test_one_steps_limit_message_for_every_number_above_it():
    from ui.common.url import read_url

    fields = ("steps", "learning_rate")
    messages = [read_url({"steps": text}, fields).problems for text in ("150000", "1000000", "1e9")]
    assert all(len(found) == 1 and "allowed: whole number 1..100,000 on this page" in found[0] for found in messages)
