"""The comparison's cached computations and figures, keyed on the frozen config and plain numbers, never big arrays.

Figures are cached as plain dicts (with base64 typed arrays, see ``ui.common.compact``): building one checks every
property, and a rerun for an unrelated widget should not pay that again, nor rebuild a Figure from the dict.
"""

from __future__ import annotations

import hashlib
import threading

import streamlit as st

from sim import TrainingConfig
from sim.experiments.comparison import (
    ENSEMBLE_FIRST_SEED,
    ensemble_summary,
    fixed_ensemble_seeds,
    landscape,
    policy_curves,
)
from sim.experiments.offsets import OffsetSweep, offset_sweep, side_config, sides_side_by_side
from sim.truth.facts import facts
from ui.common.fit import fit_title
from ui.common.screen import DESK, PHONE, Screen
from ui.common.theme import HANDLING_LABELS, readable, signed
from ui.compare import charts, summary_charts
from ui.compare import text as compare_text
from ui.compare.landscape import landscape_figure
from ui.compare.offset_chart import sweep_figure
from ui.player.animation import Prebuilt, offline_html
from ui.player.layers import layers


@st.cache_data(max_entries=32, show_spinner=False)
def side_by_side_runs(config: TrainingConfig, handlings: tuple[str, ...]):
    return sides_side_by_side(config, handlings)  # the rules, and "offset + baseline" when asked


# Training an ensemble holds arrays of up to CHUNK_SEED_STEPS seed-steps (tens of MB) while it runs. A class
# opening the comparison with many different settings would otherwise train them all at once: measured with
# 100 simulated visitors, the server peaked at 1.8 GiB. Two at a time keep both cores busy and memory bounded;
# the others wait their turn (their results are cached for everyone after).
ENSEMBLES_AT_ONCE = threading.BoundedSemaphore(2)


def ensemble(config: TrainingConfig, n_seeds: int):
    """One rule's ensemble over the fixed seeds 0..n_seeds-1 (``fixed_ensemble_seeds``), whatever ``config.seed``:
    the cache is keyed without the run's seed, so a visitor's new seed retrains no ensemble."""
    return _ensemble(config.replace(seed=ENSEMBLE_FIRST_SEED), n_seeds)


@st.cache_data(max_entries=64, show_spinner=False)
def _ensemble(config: TrainingConfig, n_seeds: int):
    with ENSEMBLES_AT_ONCE:
        return ensemble_summary(config, fixed_ensemble_seeds(n_seeds))


@st.cache_data(max_entries=64, show_spinner=False)
def landscape_numbers(config: TrainingConfig, now: tuple[tuple[str, float], ...], look_from: float):
    return landscape(config, dict(now), look_from)


def figure(spec: dict) -> Prebuilt:
    """A cached figure dict for st.plotly_chart, sent as it is (rebuilding a Figure from it costs about 50 ms)."""
    return Prebuilt(spec)


OFFLINE_BADGE_ROOM = 70  # pixels
OFFLINE = Screen(width=900)  # the offline file's wide chart, in a window at least this wide


@st.cache_data(max_entries=32, show_spinner=False)
def side_by_side_chart(config: TrainingConfig, handlings: tuple[str, ...], screen: Screen = DESK) -> dict:
    spec = charts.side_by_side_figure(side_by_side_runs(config, handlings), screen)
    spec = readable(spec, screen.presentation)
    # A name for this build of the chart: the browser tells a new chart from the one it replaces by it.
    build = (config, handlings, screen)
    spec["layout"]["meta"] = hashlib.sha1(repr(build).encode()).hexdigest()[:12]
    return spec


@st.cache_data(max_entries=32, show_spinner=False)
def side_by_side_layers(config: TrainingConfig, handlings: tuple[str, ...], screen: Screen = DESK) -> tuple[dict, dict]:
    """The side-by-side chart as the page draws it: its still lines and the replay over them (``ui.player.layers``)."""
    return layers(side_by_side_chart(config, handlings, screen))


def side_by_side_html(config: TrainingConfig, handlings: tuple[str, ...]) -> bytes:
    """The side-by-side chart and its replay as one self-contained HTML file (about 5 MB: made only on a click)."""
    names = ", ".join(HANDLING_LABELS[h] for h in handlings)
    title = f"Same draws, different rules ({names}): seed {config.seed}, {config.steps:,} steps"
    side, chart = side_by_side_runs(config, handlings), side_by_side_chart(config, handlings, OFFLINE)
    # A browser without the page's font writes the badges wider: more room right of the plot, so none is cut off.
    margin = chart["layout"]["margin"]
    chart = {**chart, "layout": {**chart["layout"], "margin": {**margin, "r": margin["r"] + OFFLINE_BADGE_ROOM}}}
    narrow = side_by_side_chart(config, handlings, PHONE)  # a window narrower than OFFLINE: badges under the chart
    return offline_html(chart, title, compare_text.side_by_side_alt(side), narrow=narrow, wide_from=OFFLINE.width)


@st.cache_data(max_entries=32, show_spinner=False)
def policies_chart(config: TrainingConfig, handlings: tuple[str, ...], screen: Screen = DESK) -> dict:
    side = side_by_side_runs(config, handlings)
    hunger, curves, best = policy_curves(config, {h: run.final_bias for h, run in side.runs.items()})
    titles = {h: f"{HANDLING_LABELS[h]}: bias {signed(run.final_bias, 3)}" for h, run in side.runs.items()}
    spec = summary_charts.policy_figure(hunger, curves, best, facts(config).regions, titles, screen)
    return fit_title(readable(spec, screen.presentation), screen.width)


def ensemble_chart(config: TrainingConfig, handlings: tuple[str, ...], n_seeds: int, screen: Screen = DESK) -> dict:
    """The ensemble chart, the same for every seed of the single run (see ``ensemble``)."""
    return _ensemble_chart(config.replace(seed=ENSEMBLE_FIRST_SEED), handlings, n_seeds, screen)


@st.cache_data(max_entries=32, show_spinner=False)
def _ensemble_chart(config: TrainingConfig, handlings: tuple[str, ...], n_seeds: int, screen: Screen) -> dict:
    summaries = {h: ensemble(side_config(config, h), n_seeds) for h in handlings}
    spec = summary_charts.ensemble_figure(summaries, screen)
    return fit_title(readable(spec, screen.presentation), screen.width)


@st.cache_data(max_entries=16, show_spinner=False)
def sweep(config: TrainingConfig, n_seeds: int) -> OffsetSweep:
    """Settled share against offset, without and with a baseline: one cached ensemble per point (two at a time)."""
    return offset_sweep(config, n_seeds, summarize=ensemble)


@st.cache_data(max_entries=16, show_spinner=False)
def sweep_chart(config: TrainingConfig, n_seeds: int, screen: Screen = DESK) -> dict:
    spec = sweep_figure(sweep(config, n_seeds), screen.presentation, screen.width)
    return fit_title(readable(spec, screen.presentation), screen.width)


@st.cache_data(max_entries=64, show_spinner=False)
def landscape_chart(
    config: TrainingConfig,
    now: tuple[tuple[str, float], ...],
    look_from: float,
    screen: Screen = DESK,
) -> dict:
    spec = landscape_figure(landscape_numbers(config, now, look_from), screen)
    return fit_title(readable(spec, screen.presentation), screen.width)
