"""The training lab's words and downloads: what to look for, how it works, and what to take away."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

import streamlit as st

from sim import History, TrainingConfig, optimal_bias, train
from sim.display import rolling_window
from ui.theme import signed


def history_csv(config: TrainingConfig) -> bytes:
    """Every step of the run, every quantity, as CSV (trained again on download: cheap, and nothing kept)."""
    return train(config).to_frame().to_csv(index=False).encode()


def config_json(config: TrainingConfig) -> bytes:
    """The run's settings: ``TrainingConfig(**json.load(file))`` trains the same run again."""
    return json.dumps(config.to_dict(), indent=2).encode()


def what_to_look_for(config: TrainingConfig, history: History) -> None:
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
only the reward turns it into an **update** that pulls one way (means over the last
{rolling_window(len(history)):,} steps).
"""
    )


def downloads(config: TrainingConfig, offline: Callable[[], bytes]) -> None:
    st.subheader("Take it with you")
    csv, settings, html = st.columns(3, vertical_alignment="center")
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
    html.download_button(
        "Download as offline HTML", data=offline, file_name=f"{name}.html", mime="text/html",
        on_click="ignore", key="lab_download_html", icon=":material/slideshow:",
        help="This chart, with Play, as one file (about 5 MB) that plays in any browser with no server and no "
        "internet: for slides, or a lecture hall without a network.",
    )  # fmt: skip
    st.caption(
        "The address bar holds every setting and, once playback rests, the step shown: copy it to share this "
        "exact run. The chart's camera icon saves a PNG."
    )


def explanation() -> None:
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

**Playing happens in your browser.** The server trains the whole run once, as soon as a setting
changes (same settings and seed, same run), and sends it as one chart. **▶ Play**, **▶▶ Fast**,
**❚❚ Pause**, the scrubber and the buttons under the chart (keys: Space, ← and →) reveal it frame by
frame without asking the server. When it rests, the step shown goes into the address bar. A new
setting opens the new run at the same step if it has that step, otherwise at its end.
"""
        )
