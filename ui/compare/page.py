"""Why the reward's sign matters: the same agent and the same draws, with the sign respected, ignored and flipped.

``render`` reads top to bottom as the page appears: controls, the headline and the side-by-side
runs (with their replay), the policies they ended with, the ensemble over many seeds, the
landscape, definitions. Sections are drawn by ``ui.compare.sections``; numbers and figures are
cached in ``ui.compare.data`` (from ``sim.experiments.comparison`` and ``ui.compare.charts``).
"""

from __future__ import annotations

import streamlit as st

from sim import TrainingConfig
from sim.experiments.comparison import handlings_to_compare
from sim.experiments.offsets import BASELINE_SIDE
from ui.common.setting_table import MAX_COMPARE_STEPS, MAX_SEEDS
from ui.common.settings import load_from_url, sidebar_controls, sync_url
from ui.common.url import Extra, flag, number, whole_number
from ui.compare import data, sections
from ui.compare import offsets as compare_offsets

PAGE = sections.PAGE
FIELDS = ("steps", "learning_rate", "weight", "reward_threshold", "reward_size", "reward_offset", "seed")
BASE = TrainingConfig(steps=4000)  # long enough for the ignored sign's random walk to show


EXTRAS = {
    "seeds": Extra(200, whole_number(1, MAX_SEEDS, "seeds")),
    "ignore_reward": Extra(False, flag("ignore_reward"), lambda on: "1" if on else "0"),
    "with_baseline": Extra(False, flag("with_baseline"), lambda on: "1" if on else "0"),
    "look_from": Extra(0.0, number(-1000, 1000, "look_from", "a bias in [-1000, 1000]"), lambda value: f"{value:g}"),
    "presentation": Extra(False, flag("presentation"), lambda on: "1" if on else "0"),
}


def _ensure(key: str, default) -> None:
    """Give a widget its default through session state (its state is dropped when another page was shown)."""
    if key not in st.session_state:
        st.session_state[key] = default


def _controls() -> tuple[TrainingConfig, int, tuple[str, ...]]:
    """The sidebar: the run's settings (from the URL first), the ensemble's size and the optional fourth rule."""
    extras = load_from_url(PAGE, FIELDS, EXTRAS, base=BASE, max_steps=MAX_COMPARE_STEPS)
    config = sidebar_controls(PAGE, FIELDS, MAX_COMPARE_STEPS)
    for name, spec in EXTRAS.items():
        _ensure(f"{PAGE}:{name}", extras.get(name, spec.default))
    n_seeds = st.sidebar.number_input(
        "Seeds in the ensemble", 1, MAX_SEEDS, step=50, key=f"{PAGE}:seeds",
        help=f"How many seeds to train per rule for the ensemble (1..{MAX_SEEDS:,}).",
    )  # fmt: skip
    include_ignore_reward = st.sidebar.toggle(
        "Also show 'reward ignored'", key=f"{PAGE}:ignore_reward",
        help="A fourth rule: derivative × 1. With rewards of ±1 it moves exactly like 'sign ignored'.",
    )  # fmt: skip
    with_baseline = st.sidebar.toggle(
        "Also show 'respected + baseline'", key=f"{PAGE}:with_baseline",
        help="One more run: the sign respected, minus a running mean of the rewards (a baseline). With a reward "
        "offset it takes the offset back out; compare it with the other runs on the same draws.",
    )  # fmt: skip
    sides = handlings_to_compare(include_ignore_reward) + ((BASELINE_SIDE,) if with_baseline else ())
    return config, n_seeds, sides


# A projector: the folded sidebar's button sits in the header bar (keep the title clear of it); text grows
# with the charts, and the headline takes less height so the chart and its badges fit the first screen.
PRESENTATION_CSS = """
<style>
[data-testid='stMainBlockContainer'] {padding-top: 3.2rem;}
h1 {font-size: 1.9rem !important; padding: 0 !important;}
[data-testid='stMain'] h5 {font-size: 1.15rem !important; padding: 0 0 0.3rem 0 !important;}
[data-testid='stMain'] .stMarkdown p, [data-testid='stMain'] .stMarkdown li {font-size: 1.2rem; line-height: 1.45;}
[data-testid='stMain'] [data-testid='stCaptionContainer'] p {font-size: 1.05rem;}
</style>
"""


def render():
    config, n_seeds, handlings = _controls()
    presentation = sections.presenting()
    # Fold the sidebar away on a projector; unfold it again when presentation mode ends (as in the lab).
    st.set_page_config(initial_sidebar_state="collapsed" if presentation else "auto")
    if presentation:
        st.html(PRESENTATION_CSS)
    side = data.side_by_side_runs(config, handlings)
    sections.headline(side)  # the headline and the side-by-side runs: above the fold
    compare_offsets.headline_note(config)
    sections.side_by_side(config, handlings, side)
    sections.proof(config, side)
    sections.policies(config, handlings)
    sections.ensemble(config, handlings, n_seeds, side)
    look_from = sections.landscape(config, side)
    compare_offsets.section(config, n_seeds)
    sections.definitions(side)
    shown = {
        "seeds": n_seeds, "ignore_reward": "ignore_reward" in handlings, "with_baseline": BASELINE_SIDE in handlings,
        "look_from": look_from, "presentation": presentation,
    }  # fmt: skip
    sync_url(config, FIELDS, EXTRAS, shown, BASE)
