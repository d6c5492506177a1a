"""Fingerprints of every chart the views draw, so "no behaviour change" is checked, not claimed.

Each view (lecture, lab, comparison) is opened through Streamlit's AppTest from a link (one of
``LINKS``), on each of three screens: a desk, a projector (``presentation=1``) and a phone (a phone
browser's User-Agent and the width of its page, as its browser reports it). Every Plotly chart the page sends
(its figure JSON, both layers of a layered chart: the lines and the player with its frames) is
reduced to a short hash. ``tests/characterization.json`` holds the hashes of the code as it was
when they were last written, and ``tests/test_characterization.py`` checks the code against them.

After an intended change to what a view draws, write them again, and say in the commit which links
changed and why::

    python -m tests.characterize --update      # rewrite tests/characterization.json
    python -m tests.characterize               # list the links whose charts differ, write nothing

A hash ignores what does not change the picture: key order, how an array is encoded (a list, or
plotly's base64 ``bdata`` of float32 or float64; NaN there is null in a list: a gap), an int written
as a float, and differences past the sixth significant digit. It sees everything else, text and layout
included. It is a SHA-256 of that canonical JSON, so it is the same in every run and every process.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import sys
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

import numpy as np
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
STORED = Path(__file__).with_name("characterization.json")
DIGITS = 6  # significant digits a number keeps in a hash
SCREENS = ("desk", "projector", "phone")
PHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
PHONE_WIDTH = 360  # CSS pixels of a phone's main column
SMALL = {"seeds": "20"}  # the comparison's ensembles and offset sweep: 20 seeds each keep the test fast

# view -> {name: query}. Each link is opened on every screen. They cover each view's kinds of chart: the
# lecture's sub-steps and what-if inputs, the lab's rules, the settings beyond the lecture and a trained
# weight, the comparison's extra runs and the landscape's shapes.
LINKS: dict[str, dict[str, dict[str, str]]] = {
    "lecture": {
        "start": {},
        "draw": {"substep": "draw"},
        "reward what-if": {"update": "2", "substep": "reward"},
        "exact end": {"update": "2", "substep": "new_prob", "exact": "1"},
        "predict": {"substep": "derivative", "predict": "1"},
        "own numbers": {"hunger": "0.8", "initial_bias": "1", "weight": "5", "substep": "new_bias"},
        "random draws": {"random": "1", "update": "4", "seed": "7", "substep": "step_size"},
        "own draws": {"draws": "0.5,0.1", "learning_rate": "0.5", "update": "2", "substep": "scaled"},
        "big reward": {"reward_size": "2", "substep": "new_bias"},
    },
    "lab": {
        "default": {},
        "statquest": {
            "steps": "280",
            "learning_rate": "0.1",
            "reward_size": "0.99",
            "optimizer": "adam",
            "large_order_odds": "0.2,0.8",
        },
        "odds reversed": {"large_order_odds": "0.8,0.2"},
        "sign ignored": {"reward_handling": "ignore_sign", "seed": "3", "steps": "1000"},
        "sign flipped": {"reward_handling": "flip_sign", "steps": "600", "step": "300"},
        "weight trained": {"train_weight": "true", "weight": "2", "steps": "1500"},
        "fixed hunger": {"hunger": "0.7", "steps": "400", "reward_threshold": "0.3"},
        "offset and baseline": {"reward_offset": "3", "baseline": "running_mean", "steps": "1000"},
        "falling weight": {"weight": "-5", "reward_threshold": "0.2", "steps": "500", "step": "500"},
    },  # fmt: skip
    "compare": {
        "default": {**SMALL},
        "seed 3": {**SMALL, "seed": "3"},
        "offset and baseline": {**SMALL, "reward_offset": "9", "with_baseline": "1", "steps": "2000"},
        "reward ignored": {**SMALL, "ignore_reward": "1", "steps": "1500"},
        "falling weight": {**SMALL, "weight": "-5", "steps": "1000"},
        "low threshold": {**SMALL, "reward_threshold": "0.2", "steps": "1000"},
        "slow": {**SMALL, "learning_rate": "0.3", "steps": "1000"},
        "look from": {**SMALL, "look_from": "-3", "steps": "1000"},
        "big reward": {**SMALL, "reward_size": "2", "steps": "1000", "seeds": "10"},
    },
}
PAGES = {"lecture": "views/lecture.py", "lab": "views/lab.py", "compare": "views/compare.py"}


def link(view: str, name: str) -> str:
    """The link as a person would type it, for messages."""
    query = "&".join(f"{k}={v}" for k, v in LINKS[view][name].items())
    path = "/" if view == "lecture" else f"/{view}"  # the lecture is the app's main page
    return path + (f"?{query}" if query else "")


def _number(value: float) -> float | str | None:
    if math.isnan(value):
        return None  # a gap, as null in a list is
    if math.isinf(value):
        return str(value)
    rounded = float(f"{value:.{DIGITS}g}")
    return 0.0 if rounded == 0 else rounded  # -0.0 and 0.0 draw the same


def canonical(value):
    """The value with every array decoded and every number rounded (see the module's docstring)."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return canonical(array.tolist())
        return {key: canonical(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return _number(float(value))
    raise TypeError(f"unexpected {type(value).__name__} in a figure: {value!r}")


def fingerprint(spec: dict) -> str:
    """A short hash of a figure dict, the same in every run and every process."""
    text = json.dumps(canonical(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _chart_name(element, index: int) -> str:
    """The chart's key (``lab_player``, ``compare:landscape``), or its place on the page if it has none."""
    key = element.proto.id.split("-", 2)[-1]
    return key if key and key != "None" else f"chart {index + 1}"


def charts(view: str, query: dict[str, str], screen: str) -> dict[str, str]:
    """Open the view from the link on the screen: the hash of each chart it draws, by chart name, in page order."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(PAGES[view])
    for name, value in {**query, **({"presentation": "1"} if screen == "projector" else {})}.items():
        at.query_params[name] = value
    # A phone: its browser's User-Agent, and the width its browser reported (ui.common.device keeps it in a cookie).
    agent = property(lambda _self: {"User-Agent": PHONE_AGENT})
    width = property(lambda _self: {"page_width": str(PHONE_WIDTH)})
    phone = screen == "phone"
    with (
        mock.patch.object(type(st.context), "headers", agent) if phone else nullcontext(),
        mock.patch.object(type(st.context), "cookies", width) if phone else nullcontext(),
    ):
        at.run()
    if at.exception:
        raise AssertionError(f"the {view} view with {query} on a {screen} raised: {at.exception}")
    found = {}
    for index, element in enumerate(at.get("plotly_chart")):
        found[_chart_name(element, index)] = fingerprint(json.loads(element.proto.spec))
    return found


def cases() -> list[tuple[str, str]]:
    """Every (view, link name), in a fixed order."""
    return [(view, name) for view, links in LINKS.items() for name in links]


def case_id(view: str, name: str) -> str:
    return f"{view}: {name}"


def measure(view: str, name: str) -> dict[str, dict[str, str]]:
    """Screen -> chart -> hash, for one link."""
    return {screen: charts(view, LINKS[view][name], screen) for screen in SCREENS}


def load() -> dict[str, dict[str, dict[str, str]]]:
    """The stored hashes: case id -> screen -> chart -> hash (empty if the file is missing)."""
    if not STORED.exists():
        return {}
    return json.loads(STORED.read_text(encoding="utf-8"))["hashes"]


def differences(view: str, name: str, stored: dict, measured: dict) -> list[str]:
    """One line per chart whose hash differs from the stored one (or that appeared or went)."""
    lines = []
    for screen in SCREENS:
        was, now = stored.get(screen, {}), measured.get(screen, {})
        for chart in sorted(set(was) | set(now)):
            if was.get(chart) != now.get(chart):
                change = f"{was.get(chart, 'absent')} -> {now.get(chart, 'absent')}"
                lines.append(f"{case_id(view, name)} ({link(view, name)}), {screen}: chart {chart!r} {change}")
    return lines


def write(hashes: dict) -> None:
    about = (
        "Hashes of every chart each view draws, per link and screen (tests/characterize.py). After an intended "
        "change to what a view draws: python -m tests.characterize --update"
    )
    lines = ["{", f' "about": {json.dumps(about)},', ' "hashes": {']
    for i, (case, screens) in enumerate(hashes.items()):  # one line per link and screen: diffs read well
        lines.append(f"  {json.dumps(case)}: {{")
        lines += [f"   {json.dumps(s)}: {json.dumps(c)}" + ("," if j < len(screens) - 1 else "")
                  for j, (s, c) in enumerate(screens.items())]  # fmt: skip
        lines.append("  }" + ("," if i < len(hashes) - 1 else ""))
    STORED.write_text("\n".join([*lines, " }", "}"]) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.characterize", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help=f"write the hashes to {STORED.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    stored, hashes, changed = load(), {}, []
    for view, name in cases():
        hashes[case_id(view, name)] = measure(view, name)
        changed += differences(view, name, stored.get(case_id(view, name), {}), hashes[case_id(view, name)])
    gone = sorted(set(stored) - set(hashes))
    print("\n".join(changed + [f"{case} is no longer measured" for case in gone]) or "No chart changed.")
    if args.update:
        write(hashes)
        print(f"Wrote {STORED.relative_to(ROOT)}: {len(hashes)} links x {len(SCREENS)} screens.")
    return 0 if args.update or not (changed or gone) else 1


if __name__ == "__main__":
    sys.exit(main())
