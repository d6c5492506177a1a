"""The training lab: watch the bias, p(B) and the gradient move as the agent trains, step by step.

The server trains the whole run once per setting (cached) and sends it as one chart with a
timeline of every step; Play, Pause, Fast, the step buttons and the scrubber all run in the browser
(``ui.lab.charts``, ``ui.player.timeline``, ``ui.player.sync``). When playback rests, the browser reports the
step shown and the page writes it to the URL, so a link opens on that step.

A setting change trains the new run, and the browser opens it at the step the old run showed
at that moment (if the new run has it, else at its end), still playing if it was playing:
nothing is lost mid-play. A fresh visitor opens a link at the step in the URL.

Read top to bottom: settings, one call into ``sim``, the player,
then the explanation and downloads (``ui.lab.text``).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from sim import History, TrainingConfig, train
from ui.common import device, keyboard
from ui.common.device import chart_config
from ui.common.screen import PHONE, Screen
from ui.common.settings import MAX_LAB_STEPS, load_from_url, now, sidebar_controls, sync_url
from ui.common.url import Extra, UrlState, flag, whole_number
from ui.lab import notebook as lab_notebook
from ui.lab import text as lab_text
from ui.lab.charts import player_figure, run_title
from ui.lab.display import lab_display
from ui.lab.layout import TWO_COLUMNS
from ui.lab.playback import playback
from ui.player.animation import offline_html
from ui.player.layered_chart import layered_chart
from ui.player.layers import layers
from ui.player.timeline import entry_steps

PAGE = "lab"
FIELDS = (
    "steps", "learning_rate", "weight", "train_weight", "initial_bias", "hunger",
    "reward_threshold", "reward_size", "reward_handling", "reward_offset", "baseline", "baseline_rate",
    "optimizer", "large_order_odds", "seed",
)  # fmt: skip

# Session-state keys. The step and presentation mode are page extras (also in the URL).
STEP = f"{PAGE}:step"  # the step the browser last showed at rest
PRESENTATION = f"{PAGE}:presentation"
OPENED = "lab_opened"  # (config, presentation, step) the chart on screen was built for
CHART = "lab_player"  # the chart's key (and its CSS class, st-key-lab_player)

EXTRAS = {
    "step": Extra(0, whole_number(0, MAX_LAB_STEPS, "step")),
    "presentation": Extra(False, flag("presentation"), lambda on: "1" if on else "0"),
}


def _step_within_run(state: UrlState) -> None:
    """A link's step must lie within its run."""
    step, steps = state.extras["step"], state.config.steps
    if step > steps:
        state.problems.append(f"step={step} is out of range; allowed: whole number 0..{steps:,} (the run's steps)")
        state.extras["step"] = EXTRAS["step"].default


@st.cache_data(max_entries=16, show_spinner="Training the agent…")
def trained(config: TrainingConfig) -> History:
    """The full run, trained once per config and shared by all visitors; at most 16 runs are kept."""
    return train(config)


@st.cache_data(max_entries=32, show_spinner="Preparing the chart…")
def player_spec(config: TrainingConfig, start: int, screen: Screen) -> dict:
    """The player chart of a run, opening at ``start``: a figure dict with its timeline (built once)."""
    history = trained(config)
    shown = playback(history, entry_steps(config.steps, also=[start]))
    spec = player_figure(lab_display(history), shown, config, start, screen)
    spec["layout"]["meta"] = chart_version(config, start, screen)
    return spec


@st.cache_data(max_entries=32, show_spinner=False)
def player_layers(config: TrainingConfig, start: int, screen: Screen) -> tuple[dict, dict]:
    """The player chart as the page draws it: its still lines and the player over them (``ui.player.layers``)."""
    return layers(player_spec(config, start, screen))


def chart_version(config: TrainingConfig, start: int, screen: Screen) -> str:
    """A name for one build of the chart; the browser tells a new chart from the one it replaces by it."""
    return hashlib.sha1(repr((config, start, screen)).encode()).hexdigest()[:12]


def offline_file(config: TrainingConfig, start: int, presentation: bool) -> bytes:
    """The same player as one HTML file that plays offline (built only when downloaded)."""
    title = run_title(config).replace("<br>", ": ")
    return offline_html(
        player_spec(config, start, Screen(presentation, TWO_COLUMNS)),
        title,
        lab_text.player_alt(config, trained(config), start),
        narrow=player_spec(config, start, Screen(presentation, PHONE.width)),
        wide_from=TWO_COLUMNS,
    )


# --- the page -----------------------------------------------------------------------------------


def render():
    extras = load_from_url(PAGE, FIELDS, EXTRAS, check=_step_within_run)
    presentation = extras["presentation"]
    _page_look(presentation)

    title, switch, keys = st.container(key="title_row").columns([3, 1.1, 0.8], vertical_alignment="bottom")
    if presentation:  # the chart's own title names the run; every pixel goes to the chart
        title.markdown("#### Training lab")
    else:
        title.title("Training lab")
    switch.toggle("Presentation mode", bool(now(PRESENTATION)), key=PRESENTATION,
                  help="For a projector: larger text and lines, the sidebar folded away, only the essential charts. "
                  "Also saved in the link. Key: P.")  # fmt: skip
    with keys:
        keyboard.help_popover(KEYS)
        keyboard.extra_keys("lab", {"p": keyboard.toggle(PRESENTATION)})  # Streamlit's toggle takes no shortcut
    if not presentation:
        st.caption(
            "The agent sees a random hunger each step, picks a place, and nudges its bias by "
            "learning rate × (p(B) − ideal) × reward. Faint lines are the steps not reached yet; press **▶ Play** "
            "above the chart and watch where the bias goes."
        )

    config = sidebar_controls(PAGE, FIELDS)
    history = trained(config)
    start = _opening_step(config, presentation)
    _player(config, start, presentation)

    if not presentation:
        lab_notebook.show(config, history)
        with st.expander("The chart's data as a table"):
            st.dataframe(lab_text.player_table(history), hide_index=True, width="stretch")
        lab_text.what_to_look_for(config, history)
        lab_text.downloads(config, lambda: offline_file(config, start, presentation))
        lab_text.explanation(config)
    else:  # the projector's chart as a file, for slides or a hall without a network: below the chart, out of sight
        lab_text.offline_download(config, lambda: offline_file(config, start, presentation), projector=True)
    sync_url(config, FIELDS, EXTRAS, _extras_now())


KEYS = [
    ("Space", "Play or pause"),
    ("→ or PageDown", "One step forward"),
    ("← or PageUp", "One step back"),
    ("Home", "Back to step 0"),
    ("End", "The last step"),
    ("P", "Presentation mode on or off"),
]


def _page_look(presentation: bool) -> None:
    # Fold the sidebar away on a projector; unfold it again when presentation mode ends.
    st.set_page_config(initial_sidebar_state="collapsed" if presentation else "auto")
    if presentation:  # a small heading, clear of Streamlit's header bar
        st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 3.5rem; }</style>")


def _extras_now() -> dict:
    return {name: st.session_state.get(f"{PAGE}:{name}", spec.default) for name, spec in EXTRAS.items()}


def _opening_step(config: TrainingConfig, presentation: bool) -> int:
    """The step the chart opens at. It changes only when a new chart is needed (a setting changed).

    While the same chart stays on screen, the browser's reports move only the step in the URL:
    rebuilding the chart at each report would redraw it for nothing.
    """
    step = min(int(st.session_state.get(STEP, 0)), config.steps)  # a shorter run opens at its end
    st.session_state[STEP] = step
    opened = st.session_state.get(OPENED)
    if opened is None or opened[:2] != (config, presentation):
        opened = (config, presentation, step)
        st.session_state[OPENED] = opened
    return opened[2]


def _reported() -> None:
    """The browser paused, stepped or scrubbed: remember the step it shows (the URL follows)."""
    step = st.session_state[f"{CHART}_bar"].get("step")
    if isinstance(step, int) and 0 <= step <= MAX_LAB_STEPS:
        st.session_state[STEP] = step


def _player(config: TrainingConfig, start: int, presentation: bool) -> None:
    lines, player = player_layers(config, start, device.screen(presentation))  # a phone gets one column
    # On a projector the figure's own, larger fonts win over Streamlit's theme.
    layered_chart(
        (lines, player), CHART, chart_config(), theme=None if presentation else "streamlit",
        alt=lab_text.player_alt(config, trained(config), start), lines_alt=lab_text.lines_alt(config),
        shown=st.session_state[STEP], on_step=_reported,
    )  # fmt: skip
