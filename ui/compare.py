"""Why the reward's sign matters: the same agent and the same draws, with the sign respected, ignored and flipped.

Reads top to bottom as the page appears: controls, the headline and the side-by-side runs,
the policies they ended with, the ensemble over many seeds, the landscape, definitions.
Every number comes from ``sim.comparison``; figures come from ``ui.compare_charts``.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from sim import TrainingConfig
from sim.comparison import (
    SETTLED_BAND,
    ensemble_seeds,
    ensemble_summary,
    handlings_to_compare,
    landscape,
    landscape_range,
    policy_curves,
    side_by_side,
)
from ui import compare_charts as charts
from ui.settings import (
    MAX_COMPARE_STEPS,
    MAX_SEEDS,
    Extra,
    flag,
    load_from_url,
    sidebar_controls,
    sync_url,
    whole_number,
)
from ui.theme import HANDLING_COLOURS, HANDLING_FORMULAS, HANDLING_LABELS, PLOTLY_CONFIG

PAGE = "compare"
FIELDS = ("steps", "learning_rate", "weight", "reward_threshold", "reward_size", "seed")
BASE = TrainingConfig(steps=4000)  # long enough for the ignored sign's random walk to show
SLOW_SEED_STEPS = 4_000_000  # ensembles bigger than this (seeds x steps x handlings) get a progress bar


def _bias_value(text: str) -> float:
    """Parse the landscape's 'look from' bias from the URL."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"look_from={text!r} is not a number; allowed: a bias in [-1000, 1000]") from None
    if not (math.isfinite(value) and -1000 <= value <= 1000):
        raise ValueError(f"look_from={text!r} is out of range; allowed: a bias in [-1000, 1000]")
    return value


EXTRAS = {
    "seeds": Extra(200, whole_number(1, MAX_SEEDS, "seeds")),
    "ignore_reward": Extra(False, flag("ignore_reward"), lambda on: "1" if on else "0"),
    "look_from": Extra(0.0, _bias_value, lambda value: f"{value:g}"),
}

# What each rule does with the reward, in one plain sentence (true whatever the outcome of a run).
MECHANISM = {
    "correct": "Makes good choices more likely, bad ones less likely: the bias climbs to the best value.",
    "ignore_sign": "Makes every choice more likely, good or bad. The pushes cancel on average: the bias "
    "random-walks, and its spread over seeds keeps growing.",
    "flip_sign": "Makes bad choices more likely, good ones less likely: the bias is pushed away from the best value.",
    "ignore_reward": "Does not look at the reward: like ignoring the sign, a random walk.",
}

SHORT_NAMES = {"correct": "respected", "ignore_sign": "ignored", "flip_sign": "flipped", "ignore_reward": "no reward"}

# --- Cached computations: keyed on the frozen config and plain numbers, never on big arrays. ---


@st.cache_data(max_entries=32, show_spinner=False)
def _side_by_side(config: TrainingConfig, handlings: tuple[str, ...]):
    return side_by_side(config, handlings)


@st.cache_data(max_entries=64, show_spinner=False)
def _ensemble(config: TrainingConfig, n_seeds: int):
    return ensemble_summary(config, ensemble_seeds(config.seed, n_seeds))


@st.cache_data(max_entries=64, show_spinner=False)
def _landscape(config: TrainingConfig, now: tuple[tuple[str, float], ...], look_from: float):
    return landscape(config, dict(now), look_from)


# Built Plotly figures, cached as plain dicts: building one checks every property (about 40 ms for
# the side-by-side chart), and a rerun for an unrelated widget should not pay that again.


def _figure(spec: dict) -> go.Figure:
    return go.Figure(spec, _validate=False)  # already checked when it was built


@st.cache_data(max_entries=32, show_spinner=False)
def _side_by_side_chart(config: TrainingConfig, handlings: tuple[str, ...]) -> dict:
    return charts.side_by_side_figure(_side_by_side(config, handlings)).to_dict()


@st.cache_data(max_entries=32, show_spinner=False)
def _policies_chart(config: TrainingConfig, handlings: tuple[str, ...]) -> dict:
    side = _side_by_side(config, handlings)
    hunger, curves, best = policy_curves(config, {h: run.final_bias for h, run in side.runs.items()})
    titles = {h: f"{HANDLING_LABELS[h]}: bias {charts.signed(run.final_bias)}" for h, run in side.runs.items()}
    return charts.policy_figure(hunger, curves, best, config.reward_threshold, titles).to_dict()


@st.cache_data(max_entries=32, show_spinner=False)
def _ensemble_chart(config: TrainingConfig, handlings: tuple[str, ...], n_seeds: int) -> dict:
    summaries = {h: _ensemble(config.replace(reward_handling=h), n_seeds) for h in handlings}
    return charts.ensemble_figure(summaries).to_dict()


@st.cache_data(max_entries=64, show_spinner=False)
def _landscape_chart(config: TrainingConfig, now: tuple[tuple[str, float], ...], look_from: float) -> dict:
    return charts.landscape_figure(_landscape(config, now, look_from)).to_dict()


def _ensure(key: str, default) -> None:
    """Give a widget its default through session state (its state is dropped when another page was shown)."""
    if key not in st.session_state:
        st.session_state[key] = default


def render():
    # --- Controls -------------------------------------------------------------------------------
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
    handlings = handlings_to_compare(include_ignore_reward)

    # --- Headline and the side-by-side runs (above the fold) -------------------------------------
    side = _side_by_side(config, handlings)
    st.title("The reward's sign decides the direction")
    st.markdown(
        "##### Same agent, same hunger values, same random draws. The only difference: what the update does "
        "with the reward's sign."
    )
    if not side.optimum_is_best:
        st.info(
            f"With these settings the best bias is not −weight × threshold = {charts.signed(side.optimum)} (the "
            "neuron ignores hunger, its weight is negative, or 'always A' or 'always B' does better), so the "
            "verdicts, which measure the distance to that value, say little. Compare the expected rewards instead.",
            icon=":material/info:",
        )
    chart_column, words_column = st.columns([2.7, 1], gap="small")
    with chart_column:
        st.plotly_chart(
            _figure(_side_by_side_chart(config, handlings)), width="stretch", config=PLOTLY_CONFIG,
            key=f"{PAGE}:side_by_side",
        )  # fmt: skip
    with words_column:
        for handling, run in side.runs.items():
            _describe_run(handling, run, side)

    with st.expander(f"Proof: all {config.steps:,} steps used the same hunger values and draws in every run"):
        if side.same_streams:
            st.success(f"Seed {config.seed}: every run saw the identical {config.steps:,} hunger values and draws.")
        else:  # cannot happen with train(); said out loud if it ever does
            st.error("The runs did not see the same hunger values and draws.")
        st.dataframe(
            _first_steps_table(side),
            hide_index=True,
            width="stretch",
            column_config={name: st.column_config.NumberColumn(format="%.3f") for name in ("hunger", "draw")},
        )
        st.caption(
            "Step 1 is the same for every rule: same bias 0, same draw, same action. Then the update uses the "
            "reward differently, the biases part, and the same draw can pick a different place."
        )

    # --- The policies the runs ended with ---------------------------------------------------------
    st.header("The policy each run ended with")
    st.plotly_chart(
        _figure(_policies_chart(config, handlings)),
        width="stretch",
        config=PLOTLY_CONFIG,
        key=f"{PAGE}:policies",
    )
    st.caption(
        f"Shaded: the good choice. Below hunger {config.reward_threshold:g} small fries (A) are good, so p(B) "
        "should be low; above it large fries (B) are good, so p(B) should be high. Dotted: the best this "
        "neuron can do with its weight fixed."
    )

    # --- Ensemble over many seeds -----------------------------------------------------------------
    seeds = ensemble_seeds(config.seed, n_seeds)
    st.header(f"Not a lucky seed: {n_seeds:,} seeds per rule")
    st.markdown(
        f"Seeds {seeds.start:,}–{seeds[-1]:,} (the run above is seed {config.seed:,}), each trained "
        f"{config.steps:,} steps with every rule. What to look for: with the sign respected the band **narrows** "
        "around the best bias; with the sign ignored it **keeps widening** (a random walk); with the sign "
        "flipped the whole band **drifts away**."
    )
    summaries = _ensembles(config, handlings, n_seeds)
    st.plotly_chart(
        _figure(_ensemble_chart(config, handlings, n_seeds)), width="stretch", config=PLOTLY_CONFIG,
        key=f"{PAGE}:ensemble",
    )  # fmt: skip
    table = _ensemble_table(summaries)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "settled near the optimum": st.column_config.NumberColumn(format="percent"),
            "median final expected reward": st.column_config.NumberColumn(format="%.3f"),
            "median final bias": st.column_config.NumberColumn(format="%.2f"),
            "final bias, 10%": st.column_config.NumberColumn(format="%.2f"),
            "final bias, 90%": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    optimum = charts.signed(side.optimum)
    st.caption(
        f"Settled near the optimum: the mean bias over the last quarter of the steps is within ±{SETTLED_BAND:g} "
        f"of −weight × threshold = {optimum}. Expected reward: the average reward of the final policy over "
        f"all hunger values (best possible here: {side.best_reward:.3f})."
    )
    download_table, download_steps = st.columns(2)  # the CSV text is made only when a button is clicked
    download_table.download_button(
        "Download this table (CSV)", lambda: table.to_csv(index=False), file_name="ensemble_table.csv", mime="text/csv",
        key=f"{PAGE}:download_table", on_click="ignore",
    )  # fmt: skip
    download_steps.download_button(
        "Download the median and 10–90% band per step (CSV)",
        lambda: _ensemble_steps_frame(summaries).to_csv(index=False),
        file_name="ensemble_per_step.csv", mime="text/csv", key=f"{PAGE}:download_steps", on_click="ignore",
    )  # fmt: skip

    # --- The landscape ----------------------------------------------------------------------------
    st.header("The landscape: uphill or downhill")
    finals = {h: run.final_bias for h, run in side.runs.items()}
    low, high, step = _slider_range(*landscape_range(config, list(finals.values())))
    look_from_key = f"{PAGE}:look_from"
    st.session_state[look_from_key] = min(max(float(st.session_state[look_from_key]), low), high)
    look_from = st.slider(
        "Look at the average push from bias =", low, high, key=look_from_key, step=step, format="%g",
        help=f"All runs start at bias {config.initial_bias:g}. Move this to see the push from anywhere.",
    )  # fmt: skip
    land = _landscape(config, tuple(finals.items()), look_from)
    landscape_column, landscape_words = st.columns([2.4, 1], gap="medium")
    landscape_column.plotly_chart(
        _figure(_landscape_chart(config, tuple(finals.items()), look_from)), width="stretch", config=PLOTLY_CONFIG,
        key=f"{PAGE}:landscape",
    )  # fmt: skip
    with landscape_words:
        st.markdown(
            f"**Top:** the expected reward J for every bias; the peak is the best bias, {optimum}. Dots: where "
            f"each run is now. Arrows: the average step each rule takes from bias {charts.signed(look_from)}."
        )
        st.markdown(
            "**Bottom:** the average push per step. **Sign respected** pushes uphill from both sides, so the "
            "bias is pulled into the peak. **Sign flipped** pushes exactly the other way: downhill, away from "
            "the peak, until the ground is flat (always one place). **Sign ignored** has no average push at "
            "all: only the luck of the draws moves the bias."
        )
        for handling, drift in land.drift_at_look_from.items():
            st.markdown(
                f"{_swatch(handling)} {HANDLING_LABELS[handling]}: {charts.signed(drift, 2)} per step",
                unsafe_allow_html=True,
            )

    # --- Definitions ------------------------------------------------------------------------------
    with st.expander("How the verdicts are decided"):
        st.markdown(
            f"- **Settles**: the rule pulls the bias back to the best bias ({optimum}) from both sides, and "
            f"at least 80% of the last quarter of the steps has the bias within ±{SETTLED_BAND:g} of it (or, "
            "with big steps, the last quarter averages within that band).\n"
            "- Near the best bias with no pull back (the sign ignored) is luck: that run **wanders**.\n"
            "- Otherwise the verdict follows the average push where the run ended: toward the best bias "
            "(**heading there**), away from it (**runs away**), or none at all (**wanders**); a bias that no "
            "longer moves because p(B) is 0 or 1 everywhere is **stuck**.\n"
            "- **Diverged at step n**: from step n on, the bias stays farther from the best bias than where it "
            f"started (plus {SETTLED_BAND:g}); it never comes back.\n"
            "- The same seed gives the same hunger values and draws to every rule (common random numbers), "
            "so any difference between the runs comes from the rule alone."
        )

    sync_url(
        config, FIELDS, EXTRAS, {"seeds": n_seeds, "ignore_reward": include_ignore_reward, "look_from": look_from}, BASE
    )


# --- Pieces of the page -------------------------------------------------------------------------


def _swatch(handling: str) -> str:
    """A short line in the handling's colour, as in the charts' legends."""
    return f"<span style='color:{HANDLING_COLOURS[handling]};font-weight:900'>━━</span>"


def _describe_run(handling: str, run, side) -> None:
    """The words beside the chart: rule, verdict badge, what the rule does, where the run ended."""
    _, text, icon, colour = charts.verdict_badge(run.verdict, side.optimum)
    st.markdown(f"{_swatch(handling)} **{HANDLING_LABELS[handling]}**", unsafe_allow_html=True)
    st.badge(
        text, icon=icon, color=colour,
        help=f"Ends at bias {charts.signed(run.final_bias)}, expected reward {run.final_expected_reward:.2f} "
        f"(best possible {side.best_reward:.2f}).",
    )  # fmt: skip
    words = MECHANISM[handling]
    if handling == "ignore_reward" and side.config.reward_size == 1:
        words += " With rewards of ±1 it is exactly 'sign ignored': its line hides that one."
    st.caption(f"`{HANDLING_FORMULAS[handling]}`: {words}")


def _first_steps_table(side) -> pd.DataFrame:
    """The first steps of every run: shared hunger and draw, then each rule's action and bias."""
    table = {
        "step": range(1, len(side.first_hunger) + 1),
        "hunger": side.first_hunger,  # full precision: a test compares them with the random streams
        "draw": side.first_draws,
    }
    for handling, run in side.runs.items():
        short = SHORT_NAMES[handling]
        table[f"{short}: place"] = ["B" if a else "A" for a in run.first_actions]
        table[f"{short}: bias"] = run.first_biases.round(3)
    return pd.DataFrame(table)


def _ensembles(config: TrainingConfig, handlings, n_seeds: int) -> dict:
    """One cached ensemble per rule; a progress bar when the work is big enough to wait for."""
    work = n_seeds * config.steps * len(handlings)
    progress = None
    if work > SLOW_SEED_STEPS:
        progress = st.progress(0.0, text=f"Training {n_seeds:,} seeds × {config.steps:,} steps per rule…")
    summaries = {}
    for done, handling in enumerate(handlings, start=1):
        summaries[handling] = _ensemble(config.replace(reward_handling=handling), n_seeds)
        if progress is not None:
            progress.progress(done / len(handlings), text=f"Trained {done} of {len(handlings)} rules…")
    if progress is not None:
        progress.empty()
    return summaries


def _ensemble_table(summaries) -> pd.DataFrame:
    """One row per rule: share settled, median final expected reward and bias, spread of the final bias."""
    rows = []
    for handling, summary in summaries.items():
        low, high = summary.final_bias_range
        rows.append(
            {
                "rule": HANDLING_LABELS[handling],
                "settled near the optimum": summary.share_settled,
                "median final expected reward": summary.median_final_expected_reward,
                "median final bias": summary.median_final_bias,
                "final bias, 10%": low,
                "final bias, 90%": high,
            }
        )
    return pd.DataFrame(rows)


def _ensemble_steps_frame(summaries) -> pd.DataFrame:
    """The ensemble chart's numbers, one row per rule and displayed step."""
    frames = [
        pd.DataFrame(
            {
                "rule": handling,
                "step": summary.steps,
                "bias_10%": summary.low,
                "bias_median": summary.median,
                "bias_90%": summary.high,
            }
        )
        for handling, summary in summaries.items()
    ]
    return pd.concat(frames, ignore_index=True)


def _slider_range(low: float, high: float) -> tuple[float, float, float]:
    """Slider limits on round numbers and a round step giving about 100–1,000 positions."""
    step = float(10 ** math.floor(math.log10(max(high - low, 1e-3) / 100)))
    return math.floor(low / step) * step, math.ceil(high / step) * step, step
