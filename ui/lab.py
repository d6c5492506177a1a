"""The training lab: watch the bias, p(B) and the gradient move as the agent trains, step by step.

The whole run is trained once (cached by its config); playing only moves the step shown
forward, one tick of a Streamlit fragment at a time, so Pause works at any moment and the
rest of the page stays live. Read top to bottom: settings, one call into ``sim``, the
player (transport, readouts, charts), then downloads and the explanation.
"""

from __future__ import annotations

import json
import math
from functools import partial

import streamlit as st

from sim import (
    History,
    TrainingConfig,
    divergence_verdict,
    expected_reward,
    optimal_bias,
    probability_of_b,
    train,
)
from sim.display import LabDisplay, decision_boundary, lab_display, policy_curve
from ui.lab_charts import policy_at, policy_template, training_at, training_template
from ui.settings import (
    MAX_LAB_STEPS,
    Extra,
    UrlState,
    flag,
    load_from_url,
    sidebar_controls,
    sync_url,
    whole_number,
)
from ui.theme import PLOTLY_CONFIG, signed

PAGE = "lab"
FIELDS = (
    "steps", "learning_rate", "weight", "train_weight", "initial_bias", "hunger",
    "reward_threshold", "reward_size", "reward_handling", "seed",
)  # fmt: skip

TICK_SECONDS = 0.25  # a browser redraws these charts about 5-10 times a second; faster play = more steps per tick
AUTO_TICKS = 100  # "auto" speed plays any run in about this many ticks
SPEEDS = ("auto", "1", "2", "5", "10", "20", "50", "100", "200", "500", "1000", "5000")

# Session-state keys. The step, speed and presentation mode are page extras (also in the URL).
STEP = f"{PAGE}:step"
SPEED = f"{PAGE}:speed"
PRESENTATION = f"{PAGE}:presentation"
PLAYING = "lab_playing"
TICKING = "lab_ticking"  # whether the player fragment was set up with a timer in the last full run
SCRUB = "lab_scrub"  # the step slider's key is this plus a version number (see _scrubber)


def _parse_speed(text: str) -> str:
    if text not in SPEEDS:
        raise ValueError(f"speed={text!r} is not allowed; allowed: {', '.join(SPEEDS)}")
    return text


EXTRAS = {
    "step": Extra(0, whole_number(0, MAX_LAB_STEPS, "step")),
    "speed": Extra("auto", _parse_speed),
    "presentation": Extra(False, flag("presentation"), lambda on: "1" if on else "0"),
}


def _step_within_run(state: UrlState) -> None:
    """A link's step must lie within its run."""
    step, steps = state.extras["step"], state.config.steps
    if step > steps:
        state.problems.append(f"step={step} is out of range; allowed: whole number 0..{steps:,} (the run's steps)")
        state.extras["step"] = EXTRAS["step"].default


def steps_per_tick(speed: str, steps: int) -> int:
    """How far one tick moves the step shown."""
    return max(1, math.ceil(steps / AUTO_TICKS)) if speed == "auto" else int(speed)


PLAYING_POINTS, PLAYING_DOTS = 400, 250  # per trace while playing: each tick is drawn quickly


@st.cache_data(max_entries=16, show_spinner="Training the agent…")
def trained(config: TrainingConfig) -> tuple[History, LabDisplay, LabDisplay]:
    """The full run and what the charts draw of it, at rest and (lighter) while playing.

    Computed once per config and shared by all visitors; at most 16 runs are kept.
    """
    history = train(config)
    return history, lab_display(history), lab_display(history, PLAYING_POINTS, PLAYING_DOTS)


def history_csv(config: TrainingConfig) -> bytes:
    """Every step of the run, every quantity, as CSV (trained again on download: cheap, and nothing kept)."""
    return train(config).to_frame().to_csv(index=False).encode()


def config_json(config: TrainingConfig) -> bytes:
    """The run's settings: ``TrainingConfig(**json.load(file))`` trains the same run again."""
    return json.dumps(config.to_dict(), indent=2).encode()


# --- the page -----------------------------------------------------------------------------------


def render():
    extras = load_from_url(PAGE, FIELDS, EXTRAS, check=_step_within_run)
    presentation = extras["presentation"]
    _page_look(presentation)

    title, switch = st.columns([3, 1], vertical_alignment="bottom")
    title.title("Training lab")
    switch.toggle("Presentation mode", key=PRESENTATION, help="For a projector: larger text and lines, the sidebar "
                  "folded away, only the essential charts. Also saved in the link.")  # fmt: skip
    if not presentation:
        st.caption(
            "The agent sees a random hunger each step, picks a place, and nudges its bias by "
            "learning rate × (p(B) − ideal) × reward. Press **Play** and watch where the bias goes."
        )

    config = sidebar_controls(PAGE, FIELDS)
    history, display, _ = trained(config)
    st.session_state[STEP] = min(st.session_state.get(STEP, 0), config.steps)  # the run may have got shorter

    _player(config, history, display, presentation)

    if not presentation:
        _downloads(config)
        _explanation(config)
    sync_url(config, FIELDS, EXTRAS, _extras_now())


def _page_look(presentation: bool) -> None:
    # Fold the sidebar away on a projector; unfold it again when presentation mode ends.
    st.set_page_config(initial_sidebar_state="collapsed" if presentation else "auto")
    value, label = ("2.4rem", "1.15rem") if presentation else ("1.6rem", "0.9rem")
    st.html(
        f"<style>[data-testid='stMetricValue'] {{ font-size: {value}; }}"
        f"[data-testid='stMetricLabel'] p {{ font-size: {label}; }}</style>"
    )


def _extras_now() -> dict:
    return {name: st.session_state.get(f"{PAGE}:{name}", spec.default) for name, spec in EXTRAS.items()}


# --- transport: callbacks run before the rerun they cause, so labels drawn afterwards are current ---


def _play_pause(steps: int, play: bool) -> None:
    # Set the state the button's label promised rather than toggle: a repeated click cannot undo it.
    if play and not st.session_state.get(PLAYING, False) and st.session_state[STEP] >= steps:
        st.session_state[STEP] = 0  # at the end: play again from the start
    st.session_state[PLAYING] = play


def _move(steps: int, by: int) -> None:
    st.session_state[PLAYING] = False
    st.session_state[STEP] = min(steps, st.session_state[STEP] + by)


def _reset() -> None:
    st.session_state[PLAYING] = False
    st.session_state[STEP] = 0


def _scrubbed(key: str, shown: int) -> None:
    if st.session_state[key] == shown:  # the browser repeating what it was shown, not a drag
        return
    st.session_state[PLAYING] = False
    st.session_state[STEP] = st.session_state[key]


def _player(config: TrainingConfig, history: History, display: LabDisplay, presentation: bool) -> None:
    """Transport, then readouts and charts in one fragment: while playing, a timer reruns just that part.

    The transport sits outside the fragment, so each of its buttons reruns the whole page once:
    a click that landed in a ticking fragment could be delivered twice or lost while it reruns.
    """
    playing = st.session_state.setdefault(PLAYING, False)
    st.session_state[TICKING] = playing
    _transport(config)

    @st.fragment(run_every=TICK_SECONDS if playing else None)
    def player():
        if st.session_state[PLAYING] != st.session_state[TICKING]:
            st.rerun()  # Play or Pause was pressed: rerun the page to start or stop the timer
        steps = config.steps
        if st.session_state[PLAYING]:  # one tick
            step = min(steps, st.session_state[STEP] + steps_per_tick(st.session_state.get(SPEED, "auto"), steps))
            st.session_state[STEP] = step
            if step >= steps:
                st.session_state[PLAYING] = False
                st.rerun()  # the whole page: stop the timer and turn the button back into Play
        step = st.session_state[STEP]
        if st.session_state[PLAYING]:  # the step slider rests while playing; this bar moves instead
            st.progress(step / steps, text=f"Playing: step {step:,} of {steps:,}")
        policy, training = _figures(config, history, step, presentation, st.session_state[PLAYING])
        if not presentation:
            _readouts(config, history, step)
        # The step chart goes first, so its top row (the bias) is on screen on a projector.
        steps_column, policy_column = st.columns([5, 2])
        with steps_column:
            _steady_chart("lab_training", training, presentation)
        with policy_column:
            _steady_chart("lab_policy", policy, presentation)
            if not presentation:
                _what_to_look_for(config, display)
        if presentation:  # on a projector the charts come first, the numbers under them
            _readouts(config, history, step)
        if not st.session_state[PLAYING]:
            sync_url(config, FIELDS, EXTRAS, _extras_now())  # the URL follows the step once it rests

    player()


def _transport(config: TrainingConfig) -> None:
    steps = config.steps
    playing = st.session_state[PLAYING]
    play, one, ten, hundred, reset, speed = st.columns([1.2, 1, 1, 1, 1, 3.2], vertical_alignment="bottom")
    play.button("Pause" if playing else "Play", key="lab_play", on_click=_play_pause, args=(steps, not playing),
                icon=":material/pause:" if playing else ":material/play_arrow:", type="primary", width="stretch",
                help="Play the run forward; press again to pause.")  # fmt: skip
    one.button("Step", key="lab_step", on_click=_move, args=(steps, 1), width="stretch", help="One step forward.")
    ten.button("+10", key="lab_plus10", on_click=_move, args=(steps, 10), width="stretch", help="Ten steps forward.")
    hundred.button("+100", key="lab_plus100", on_click=_move, args=(steps, 100), width="stretch",
                   help="A hundred steps forward.")  # fmt: skip
    reset.button("Reset", key="lab_reset", on_click=_reset, width="stretch", help="Back to step 0, before training.")
    speed.select_slider(
        "Speed (steps per tick)", SPEEDS, key=SPEED,
        format_func=lambda s: f"auto ({math.ceil(steps / AUTO_TICKS):,})" if s == "auto" else s,
        help=f"How many steps one tick of Play moves (about {1 / TICK_SECONDS:.0f} ticks a second at most). "
        f"Auto plays the whole run in about {AUTO_TICKS} ticks.",
    )  # fmt: skip
    if not playing:
        _scrubber(steps)


def _scrubber(steps: int) -> None:
    """The step slider. When anything but the slider moves the step, the slider is made anew.

    Setting a slider's value through session state is not enough here: during play the browser
    sends back the value it showed one tick earlier, which would look like a drag and stop play.
    With a new key per outside change, and reports of the value it was drawn with ignored,
    the slider only ever moves the step when someone drags it.
    """
    step = st.session_state[STEP]
    version = st.session_state.get(f"{SCRUB}_version", 0)
    if st.session_state.get(f"{SCRUB}_{version}", step) != step:
        version += 1
        st.session_state[f"{SCRUB}_version"] = version
    key = f"{SCRUB}_{version}"
    st.slider("Step shown", 0, steps, value=step, key=key, on_change=_scrubbed, args=(key, step),
              help="Drag to any step to see the state there; step 0 is before the first update.")  # fmt: skip


def _state_at(config: TrainingConfig, history: History, step: int) -> tuple[float, float, float]:
    """Weight, bias and expected reward after ``step`` updates (step 0: the starting policy)."""
    if step == 0:
        reward = expected_reward(config.weight, config.initial_bias, config.reward_threshold, config.reward_size)
        return config.weight, config.initial_bias, reward
    index = step - 1
    return float(history.weight[index]), float(history.bias[index]), float(history.expected_reward[index])


def _readouts(config: TrainingConfig, history: History, step: int) -> None:
    weight, bias, reward = _state_at(config, history, step)
    optimum = optimal_bias(weight, config.reward_threshold)
    top = st.columns([1, 1, 1.25, 1.2, 1.2, 1.3])
    bottom = top[3:]
    top[0].metric("Step", f"{step:,}", help=f"Updates so far, of {config.steps:,}.")
    top[1].metric("Bias", f"{bias:.2f}".replace("-", "−"), help=f"The optimum is −weight × threshold = {optimum:.3g}.")
    top[2].metric("Expected reward", f"{reward:.3f}".replace("-", "−"), help=f"Average reward of this policy; at "
                  f"most {config.reward_size:g} (every choice good).")  # fmt: skip
    bottom[0].metric("p(B | hunger 0)", f"{probability_of_b(0.0, weight, bias):.3f}",
                     help="Chance of large fries when not hungry at all (should fall toward 0).")  # fmt: skip
    bottom[1].metric("p(B | hunger 1)", f"{probability_of_b(1.0, weight, bias):.3f}",
                     help="Chance of large fries when starving (should rise toward 1).")  # fmt: skip
    if step == 0:
        kind, text = "not started", "press Play or Step, or drag the step slider."
    else:
        verdict = divergence_verdict(config, history.bias[:step], history.weight[:step])
        kind, text = verdict.kind, verdict.text
    bottom[2].metric(
        "Verdict", kind, help="From the bias so far: settling, approaching, wandering, running away or stuck."
    )
    st.caption(f"**At step {step:,}:** {text}".replace("-", "−"))


@st.cache_data(max_entries=32, show_spinner=False)
def chart_templates(config: TrainingConfig, presentation: bool, playing: bool) -> tuple[dict, dict]:
    """Both charts of the whole run, built and checked once; each tick only cuts them at its step."""
    _, display, playing_display = trained(config)
    hunger, start = policy_curve(config.weight, config.initial_bias)
    return (
        policy_template(config, hunger, start, presentation),
        training_template(playing_display if playing else display, config, presentation),
    )


def _figures(config: TrainingConfig, history: History, step: int, presentation: bool, playing: bool):
    """The policy curve and the step chart as they are at ``step``."""
    weight, bias, _ = _state_at(config, history, step)
    _, now = policy_curve(weight, bias)
    policy, training = chart_templates(config, presentation, playing)
    return policy_at(policy, now, step, decision_boundary(weight, bias)), training_at(training, step, config.steps)


def _steady_chart(name: str, figure, presentation: bool = False) -> None:
    """Draw a Plotly chart that changes every tick without blinking.

    Streamlit replaces a Plotly chart whose figure changed by a new one that starts blank,
    so a chart redrawn a few times a second would flash. Two copies sit on top of each
    other: the one with the new figure goes on top, and the other keeps the previous
    figure unchanged (so Streamlit leaves it alone) and shows through until the new one is drawn.
    """
    buffers = st.session_state.setdefault(f"{name}_buffers", [None, None])
    new = 1 - st.session_state.get(f"{name}_top", 1)
    old = 1 - new
    if buffers[old] is not None and buffers[old].layout.height != figure.layout.height:
        buffers[old] = None  # a different shape would stick out below the new chart
    buffers[new] = figure
    st.session_state[f"{name}_top"] = new
    st.html(
        f"<style>.st-key-{name}_stack {{ display: grid; grid-template-columns: minmax(0, 1fr); }}"
        f".st-key-{name}_stack > div {{ grid-area: 1 / 1; width: 100%; }}"
        f".st-key-{name}_{new} {{ z-index: 2; }} .st-key-{name}_{old} {{ z-index: 1; }}</style>"
    )
    with st.container(key=f"{name}_stack", gap=None):
        for slot in (0, 1):
            with st.container(key=f"{name}_{slot}"):
                if buffers[slot] is not None:
                    # On a projector the figure's own, larger fonts win over Streamlit's theme.
                    st.plotly_chart(
                        buffers[slot], width="stretch", config=PLOTLY_CONFIG, key=f"{name}_chart_{slot}",
                        theme=None if presentation else "streamlit",
                    )  # fmt: skip


def _what_to_look_for(config: TrainingConfig, display: LabDisplay) -> None:
    if config.train_weight:
        target = "(the dashed line, which moves as the weight learns)"
    else:
        target = f"= **{signed(optimal_bias(config.weight, config.reward_threshold))}**"
    st.markdown(
        f"""
**What to look for.** With the reward's sign respected the **bias** walks to about
−weight × threshold {target} and jitters there;
**p(B)** falls toward 0 at hunger 0 and rises toward 1 at hunger 1, and the **policy** curve
crosses 0.5 near hunger {config.reward_threshold:g}. The grey **derivative** alone averages to zero:
only the reward turns it into an **update** that pulls one way (means over the last {display.window:,} steps).
"""
    )


def _downloads(config: TrainingConfig) -> None:
    st.subheader("Take it with you")
    csv, settings, note = st.columns([1.2, 1.2, 2], vertical_alignment="center")
    name = f"lab_{config.reward_handling}_seed{config.seed}_{config.steps}steps"
    csv.download_button(
        "Download history (CSV)", data=partial(history_csv, config), file_name=f"{name}.csv", mime="text/csv",
        on_click="ignore", key="lab_download_csv", icon=":material/download:",
        help="Every step of the run: hunger, draw, p(B), action, ideal, derivative, reward, update, bias, ...",
    )  # fmt: skip
    settings.download_button(
        "Download settings (JSON)", data=config_json(config), file_name=f"{name}.json", mime="application/json",
        on_click="ignore", key="lab_download_config", icon=":material/settings:",
        help="The run's settings; the same settings (and seed) give the same run.",
    )  # fmt: skip
    note.caption(
        "The address bar holds every setting and the step shown: copy it to share this exact run. "
        "Each chart's camera icon saves it as a PNG."
    )


def _explanation(config: TrainingConfig) -> None:
    with st.expander("How the lab works", expanded=False):
        st.markdown(
            """
Each step the agent gets a hunger value (random between 0 and 1, or fixed), computes
p(B) = sigmoid(weight × hunger + bias), draws a number u on the 0..1 line and picks **B** (large fries)
if u ≥ 1 − p(B), else **A**. It pretends the choice was right (ideal = 1 for B, 0 for A), takes the
derivative p(B) − ideal, multiplies it by the reward (+1 for a good choice, −1 for a bad one) and
moves the bias: bias ← bias − learning rate × derivative × reward.

**The lesson: the reward's sign decides the direction.** Try the presets:
*sign ignored* reinforces every choice, so the bias only random-walks;
*sign flipped* pushes the bias away from the optimum until the agent always picks one place.

The run is trained in full as soon as a setting changes (same settings and seed, same run);
Play only reveals it step by step.
"""
        )
