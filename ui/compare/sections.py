"""The comparison page's sections, in the order they appear; ``ui.compare.page.render`` calls them top to bottom.

Every number comes from ``sim.experiments.comparison`` (cached in ``ui.compare.data``); tables are in
``ui.compare.tables``.
"""

from __future__ import annotations

import streamlit as st

from sim import TrainingConfig
from sim.experiments.comparison import SETTLED_BAND, landscape_range
from sim.experiments.offsets import BASELINE_SIDE, side_config
from sim.truth.best import NEAR_BEST_REWARD
from sim.truth.facts import facts
from sim.truth.verdicts import MIN_STEPS
from ui.common import device, keyboard, outcomes
from ui.common.device import chart_config
from ui.common.problem_words import cannot_choose_well, good_regions
from ui.common.screen import Screen
from ui.common.settings import now
from ui.common.theme import HANDLING_COLOURS, HANDLING_FORMULAS, HANDLING_LABELS, signed
from ui.compare import data, text
from ui.compare.charts import verdict_badge
from ui.compare.tables import ensemble_steps_frame, ensemble_table, first_steps_table, slider_range
from ui.player.layered_chart import layered_chart

PAGE = "compare"

KEYS = [("Space", "▶ Play or pause the replay"), ("F", "▶▶ Fast"), ("S", "❚❚ Pause"), ("← →", "One step back or on"),
        ("Home", "Back to step 0")]  # fmt: skip
VERDICT_KEY = "compare_verdict_"  # the verdict badges beside the replay: keys VERDICT_KEY + rule
WORDS_BESIDE = 860  # pixels of page from which the words on each rule go beside the side-by-side chart
SLOW_SEED_STEPS = 4_000_000  # ensembles bigger than this (seeds x steps x handlings) get a progress bar


def presenting() -> bool:
    """Presentation mode (for a projector): larger text and lines, the sidebar folded away; in the link."""
    return bool(st.session_state.get(f"{PAGE}:presentation"))


def screen() -> Screen:
    """The screen the charts are built for: presentation mode, and whether the visitor has a phone."""
    return device.screen(presenting())


def _chart_and_words(share: float, gap: str):
    """A chart's column and its words' column (the words take 1 to the chart's ``share``), side by side where the page
    is at least ``WORDS_BESIDE`` wide, else one under the other; and the screen the chart is built for: its column's."""
    page = screen()
    if page.width < WORDS_BESIDE:
        return st.container(), st.container(), page
    chart, words = st.columns([share, 1], gap=gap)
    return chart, words, Screen(page.presentation, round(page.width * share / (share + 1)))


def headline(side) -> None:
    title, switch = st.container(key="title_row").columns([4, 1.1], vertical_alignment="center")
    title.title("The reward's sign decides the direction")
    switch.toggle(
        "Presentation mode", bool(now(f"{PAGE}:presentation")), key=f"{PAGE}:presentation",
        help="For a projector: larger text and lines, the sidebar folded away. Also saved in the link. Key: P.",
    )  # fmt: skip
    keyboard.extra_keys("compare_presentation", {"p": keyboard.toggle(f"{PAGE}:presentation")})
    st.markdown(
        "##### Same agent, same hunger values, same random draws. The only difference: what the update does "
        "with the reward's sign."
    )
    note = text.best_note(side)
    if note:
        st.info(note, icon=":material/info:")
    cannot = cannot_choose_well(side.config.weight, side.config.hunger, facts(side.config))
    if cannot:
        st.info(
            f"{cannot}. No rule can make it choose well; they differ only in how close they get to the best it can do.",
            icon=":material/block:",
        )


def side_by_side(config: TrainingConfig, handlings: tuple[str, ...], side) -> None:
    """The runs side by side with their replay (plays in the browser), and the words on each rule: beside the chart
    where the page is wide enough for both, else under it."""
    chart_column, words_column, chart_screen = _chart_and_words(2.7, "small")
    with chart_column:
        layered_chart(
            data.side_by_side_layers(config, handlings, chart_screen), f"{PAGE}:side_by_side",
            chart_config(), theme=None if presenting() else "streamlit",
            alt=text.side_by_side_alt(side), lines_alt=text.side_by_side_lines_alt(side),
            keys={"f": "fast", "s": "pause"},
        )  # fmt: skip
        with st.expander("The chart's data as a table"):
            st.dataframe(text.side_by_side_table(side), hide_index=True, width="stretch")
        caption, download, keys = st.columns([1.5, 1, 0.75], vertical_alignment="center")
        caption.caption(
            "**▶ Play** replays the runs from step 0 in your browser; **▶▶ Fast** is quicker, and the slider goes "
            f"to any step. The badges {'under the chart' if chart_screen.narrow else 'at the right'} judge each run."
        )
        download.download_button(
            "Download as offline HTML", lambda: data.side_by_side_html(config, handlings),
            file_name=f"same_draws_seed{config.seed}_{config.steps}_steps.html", mime="text/html",
            key=f"{PAGE}:download_html", on_click="ignore", width="stretch",
            help="One file that plays this chart with no server and no internet (for slides: open it in a browser).",
        )  # fmt: skip
        with keys:
            keyboard.help_popover(KEYS)
    with words_column:
        # The replay's player marks its chart while the verdicts are not reached (ui/player/player.js): these wait too.
        st.html(f"<style>html[data-verdicts-hidden] [class*='st-key-{VERDICT_KEY}'] {{ visibility: hidden; }}</style>")
        for handling, run in side.runs.items():
            _describe_run(handling, run, side)


def proof(config: TrainingConfig, side) -> None:
    with st.expander(f"Proof: all {config.steps:,} steps used the same hunger values and draws in every run"):
        if side.same_streams:
            st.success(f"Seed {config.seed}: every run saw the identical {config.steps:,} hunger values and draws.")
        else:  # cannot happen with train(); said out loud if it ever does
            st.error("The runs did not see the same hunger values and draws.")
        st.dataframe(
            first_steps_table(side),
            hide_index=True,
            width="stretch",
            column_config={name: st.column_config.NumberColumn(format="%.3f") for name in ("hunger", "draw")},
        )
        st.caption(
            "Step 1 is the same for every rule: same bias 0, same draw, same action. Then the update uses the "
            "reward differently, the biases part, and the same draw can pick a different place."
        )


def policies(config: TrainingConfig, handlings: tuple[str, ...]) -> None:
    st.header("The policy each run ended with")
    st.plotly_chart(
        data.figure(data.policies_chart(config, handlings, screen())), width="stretch",
        config=chart_config(), theme=None if presenting() else "streamlit",
        key=f"{PAGE}:policies", alt=text.policies_alt(data.side_by_side_runs(config, handlings)),
    )  # fmt: skip
    st.caption(
        f"Shaded: the better choice. {good_regions(config.reward_threshold, facts(config))} Dotted: the best "
        "this neuron can do with its weight fixed."
    )


def ensemble(config: TrainingConfig, handlings: tuple[str, ...], n_seeds: int, side) -> None:
    st.header(f"Not a lucky seed: {n_seeds:,} seeds per rule")
    summaries = _ensembles(config, handlings, n_seeds)
    st.markdown(
        f"{text.ensemble_seed_words(config.seed, n_seeds)} Each trained {config.steps:,} steps with every rule. "
        f"What to look for: {text.ensemble_words(side, summaries)}"
    )
    st.plotly_chart(
        data.figure(data.ensemble_chart(config, handlings, n_seeds, screen())), width="stretch",
        config=chart_config(), theme=None if presenting() else "streamlit",
        key=f"{PAGE}:ensemble", alt=text.ensemble_alt(summaries),
    )  # fmt: skip
    table = ensemble_table(summaries)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "settled near the best": st.column_config.NumberColumn(format="percent"),
            "median final expected reward": st.column_config.NumberColumn(format="%.3f"),
            "median final bias": st.column_config.NumberColumn(format="%.2f"),
            "mean final bias": st.column_config.NumberColumn(format="%.2f"),
            "final bias, 10%": st.column_config.NumberColumn(format="%.2f"),
            "final bias, 90%": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    where = "" if side.best.saturated else f", and that bias within ±{SETTLED_BAND:g} of the best bias"
    st.caption(
        f"Settled near the best: over the last quarter of the steps, the mean bias gives an expected reward within "
        f"{NEAR_BEST_REWARD * side.config.reward_size:g} of the best ({side.best.reward:.3f}, at {side.best.words})"
        f"{where}. Expected reward: the average reward of the final policy over the hunger values the run sees."
    )
    download_table, download_steps = st.columns(2)  # the CSV text is made only when a button is clicked
    download_table.download_button(
        "Download this table (CSV)", lambda: table.to_csv(index=False), file_name="ensemble_table.csv", mime="text/csv",
        key=f"{PAGE}:download_table", on_click="ignore",
    )  # fmt: skip
    download_steps.download_button(
        "Download the median and 10–90% band per step (CSV)",
        lambda: ensemble_steps_frame(summaries).to_csv(index=False),
        file_name="ensemble_per_step.csv", mime="text/csv", key=f"{PAGE}:download_steps", on_click="ignore",
    )  # fmt: skip


def landscape(config: TrainingConfig, side) -> float:
    """J over the bias and each rule's push from a bias the visitor picks; returns that bias."""
    st.header("The landscape: uphill or downhill")
    # The baseline side pushes on average exactly like the sign respected: the landscape shows the rules.
    finals = tuple((h, run.final_bias) for h, run in side.runs.items() if h != BASELINE_SIDE)
    low, high, step = slider_range(*landscape_range(config, [bias for _, bias in finals]))
    look_from_key = f"{PAGE}:look_from"
    st.session_state[look_from_key] = min(max(float(st.session_state[look_from_key]), low), high)
    look_from = st.slider(
        "Look at the average push from bias =", low, high, key=look_from_key, step=step, format="%g",
        help=f"All runs start at bias {config.initial_bias:g}. Move this to see the push from anywhere.",
    )  # fmt: skip
    land = data.landscape_numbers(config, finals, look_from)
    landscape_column, landscape_words, chart_screen = _chart_and_words(2.4, "medium")
    landscape_column.plotly_chart(
        data.figure(data.landscape_chart(config, finals, look_from, chart_screen)), width="stretch",
        config=chart_config(), theme=None if presenting() else "streamlit",
        key=f"{PAGE}:landscape", alt=text.landscape_alt(land),
    )  # fmt: skip
    with landscape_words:
        st.markdown(f"**Top:** the expected reward J for every bias. {text.shape_words(side)} Dots: where each run "
                    f"is now. Arrows: the average step each rule takes from bias {signed(look_from, 3)}.")  # fmt: skip
        st.markdown(f"**Bottom:** the average push per step. {text.push_words(side)}")
        for handling, drift in land.push_at_look_from.items():
            st.markdown(
                f"{_swatch(handling)} {HANDLING_LABELS[handling]}: {signed(drift, 2)} per step",
                unsafe_allow_html=True,
            )
    return look_from


def definitions(side) -> None:
    with st.expander("How the verdicts are decided"):
        has_best = facts(side.config).has_best
        band = "" if side.best.saturated or not has_best else f" and the bias within ±{SETTLED_BAND:g} of the best bias"
        rules = [
            f"The best policy here is **{side.best.words}** (expected reward {side.best.reward:.3f}). Each run is "
            "judged over its last quarter of steps, by these rules in this order:",
            *outcomes.definitions(MIN_STEPS, f"{side.config.problem.margin:.3g}", band, SETTLED_BAND),
            *([] if has_best else [outcomes.NO_BEST]),
            "- The same seed gives the same hunger values and draws to every rule (common random numbers), "
            "so any difference between the runs comes from the rule alone.",
        ]
        st.markdown("\n".join(rules))


# --- Pieces of the sections ---------------------------------------------------------------------


def _swatch(handling: str) -> str:
    """A short line in the handling's colour, as in the charts' legends."""
    return f"<span style='color:{HANDLING_COLOURS[handling]};font-weight:900'>━━</span>"


def _describe_run(handling: str, run, side) -> None:
    """The words beside the chart: rule, verdict badge, what the rule does, where the run ended."""
    _, verdict, icon, colour = verdict_badge(run.verdict, side)
    st.markdown(f"{_swatch(handling)} **{HANDLING_LABELS[handling]}**", unsafe_allow_html=True)
    with st.container(key=f"{VERDICT_KEY}{handling}"):  # hidden while the replay has not reached the end
        st.badge(
            verdict, icon=icon, color=colour,
            help=f"Ends at bias {signed(run.final_bias, 3)}, expected reward {run.final_expected_reward:.2f} "
            f"(best possible {side.best.reward:.2f}).",
        )  # fmt: skip
    st.caption(f"`{HANDLING_FORMULAS[handling]}`: {text.mechanism_words(handling, side.config)}")


def _ensembles(config: TrainingConfig, handlings, n_seeds: int) -> dict:
    """One cached ensemble per rule; a progress bar when the work is big enough to wait for."""
    work = n_seeds * config.steps * len(handlings)
    progress = None
    if work > SLOW_SEED_STEPS:
        progress = st.progress(0.0, text=f"Training {n_seeds:,} seeds × {config.steps:,} steps per rule…")
    summaries = {}
    for done, handling in enumerate(handlings, start=1):
        summaries[handling] = data.ensemble(side_config(config, handling), n_seeds)
        if progress is not None:
            progress.progress(done / len(handlings), text=f"Trained {done} of {len(handlings)} rules…")
    if progress is not None:
        progress.empty()
    return summaries
