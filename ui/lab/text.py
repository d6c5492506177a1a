"""The training lab's words and downloads: what to look for, how it works, and what to take away."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from sim import History, TrainingConfig, probability_of_b, train
from sim.truth.facts import facts
from ui.common.beyond_text import beyond_lecture, extras_label, extras_sentences
from ui.common.problem_words import cannot_choose_well, flat_reason
from ui.common.theme import HANDLING_LABELS, PLACE_NAMES, signed
from ui.lab.display import rolling_window
from ui.lab.playback import state_after

TABLE_ROWS = 21  # rows of the chart's data table: the start, every 5% of the run, the end


def history_csv(config: TrainingConfig) -> bytes:
    """Every step of the run, every quantity, as CSV (trained again on download: cheap, and nothing kept)."""
    return train(config).to_frame().to_csv(index=False).encode()


def config_json(config: TrainingConfig) -> bytes:
    """The run's settings: ``TrainingConfig(**json.load(file))`` trains the same run again."""
    return json.dumps(config.to_dict(), indent=2).encode()


def what_to_look_for(config: TrainingConfig, history: History) -> None:
    """What the run should show, said only as far as it holds for these settings (facts from ``sim``)."""
    st.markdown("**What to look for.** " + " ".join(expectations(config, history)))


def expectations(config: TrainingConfig, history: History) -> list[str]:
    """Sentences true at these settings and of this run, each chosen by a fact from ``sim.truth.facts``: where the rule
    pushes the bias, what the best policy is, and, beyond the lecture's rule, whether this run got there."""
    known, verdict = facts(config, history), history.verdict()
    best = config.problem.best(config.weight)
    said = []
    if config.hunger is not None:
        h = config.hunger
        good = PLACE_NAMES.get(known.right_at(h, config.reward_threshold))
        there = f"{good} is right there" if good else "neither place earns more than the other there"
        said.append(f"Hunger is fixed at {h:g}, so only p(B | hunger {h:g}) matters: {there}.")
    noisy = beyond_lecture(config) and verdict.kind != "settling"
    said.append(_rule(config, best, known, arrives=not noisy))
    what_pushes = "a reward whose sign depends on the choice"
    if config.reward_offset or config.large_order_odds is not None:
        what_pushes = "the part of the reward that differs between good and bad choices"
    said.append(
        f"The grey **derivative** p(B) − ideal averages to zero over the agent's own choices; only {what_pushes} "
        f"turns it into an **update** that pushes one way (means over the last {rolling_window(len(history)):,} "
        "steps)."
    )
    if beyond_lecture(config):
        said.extend(extras_sentences(config, known))
        said.append(f"**This run:** {verdict.text}.")
    return said


def _rule(config: TrainingConfig, best, known, arrives: bool) -> str:
    """Where this rule pushes the bias on average (``known.push`` times the respected rule's), and to what."""
    if not known.has_best and (known.same_odds or not config.train_weight):  # no weight can make a best
        return (
            f"Here {flat_reason(known)}: every bias earns the same expected reward. No bias is best, and no rule "
            "has an average push on the **bias** (every rule's is a multiple of the slope of the expected reward, "
            "0 everywhere): it random-walks, and stops only where p(B) is saturated."
        )
    if known.push == 0:
        return (
            "Every sampled choice is reinforced, good or bad: the average push on the **bias** is zero, so it only "
            "random-walks, and stops only where p(B) is saturated."
        )
    if known.push < 0:
        rule = "the sign flipped" if config.reward_handling == "flip_sign" else "this rule and offset"
        where = f"toward the worst bias ({signed(best.turn, 3)})" if best.shape == "valley" else "until p(B) saturates"
        return (
            f"With {rule}, bad choices are reinforced: the **bias** is pushed downhill on the expected reward, away "
            f"from the best policy for these settings ({best.words}), {where}."
        )
    subject = "With the reward's sign respected"
    if config.reward_handling != "correct":
        hard = "as hard as" if known.push == 1 else f"{known.push:.2g}× as hard as"
        subject = f"With this offset the rule still pushes uphill on average, {hard} the sign respected; so"
    return _uphill(config, best, known, arrives, subject)


def _uphill(config: TrainingConfig, best, known, arrives: bool, subject: str) -> str:
    """A rule that climbs the expected reward: what it climbs to."""
    if config.train_weight:
        said = f"{subject}, the weight and the bias both climb the expected reward"
        if known.weight_change:
            said += f": in this run the **weight** {'grows' if known.weight_change > 0 else 'falls'}"
        return said + ", and the **bias** follows the best bias for the weight so far (the dashed line)."
    inner = subject[0].lower() + subject[1:]  # the subject inside a sentence
    cannot = cannot_choose_well(config.weight, config.hunger, known)
    if cannot:
        return (
            f"{cannot} (the weight is not trained). The best it can do is {best.words}, expected reward "
            f"{best.reward:.3f}; {inner} the **bias** heads that way."
        )
    if math.isinf(best.bias):
        return (
            f"Here the best policy is {best.words}: {inner} the **bias** keeps moving that "
            f"way until p(B) saturates and the steps vanish (expected reward {best.reward:.3f})."
        )
    p0, p1 = (float(probability_of_b(h, config.weight, best.bias)) for h in (0.0, 1.0))
    pushed = "is pushed toward" if config.reward_handling != "correct" else "is pushed uphill on average toward"
    moves = "climbs the expected reward to" if arrives else pushed  # (the subject of another rule says "uphill")
    return (
        f"{subject} the **bias** {moves} the best bias for these "
        f"settings, **{signed(best.bias, 3)}**{', and jitters around it' if arrives else ''}. "
        f"There p(B | hunger 0) = {p0:.2f} and "
        f"p(B | hunger 1) = {p1:.2f}, and the expected reward is {best.reward:.3f}."
    )


def lines_alt(config: TrainingConfig) -> str:
    """The still lines under the player, in words (the player's own text alternative says what they show)."""
    return (
        f"The lines of all {config.steps:,} steps of the training run, under the player described next, which "
        "reveals them step by step."
    )


def player_alt(config: TrainingConfig, history: History, start: int) -> str:
    """The player chart in words (its text alternative): the whole run's outcome and verdict, and the opening step.

    The chart plays in the browser, so the words cannot follow each frame: they say where the run ends and
    what the chart shows when it opens.
    """
    weight, bias, reward = state_after(history, len(history))
    best = config.problem.best(weight)
    _, bias_then, reward_then = state_after(history, start)
    low, high = (float(probability_of_b(h, weight, bias)) for h in (0.0, 1.0))
    trained_weight = f", weight {signed(weight, 3)}" if config.train_weight else ""
    verdict = history.verdict().text.rstrip(".")
    rule = ", ".join(filter(None, [HANDLING_LABELS[config.reward_handling], extras_label(config)]))
    return (
        f"Training run, {rule}, {len(history):,} steps, seed {config.seed}: the "
        f"bias goes from {signed(config.initial_bias, 3)} to {signed(bias, 3)}{trained_weight} (best: "
        f"{best.words}), p(B) from hunger 0 to 1 ends at {low:.2f} to {high:.2f}, expected reward {reward:.3f} of "
        f"a best {best.reward:.3f}. Verdict: {verdict}. The chart opens at step {start:,} (bias "
        f"{signed(bias_then, 3)}, expected reward {reward_then:.3f}); Play reveals the steps after it."
    )


def player_table(history: History) -> pd.DataFrame:
    """The run at about TABLE_ROWS steps: the bias, p(B) at three hunger values and the expected reward."""
    steps = np.unique(np.linspace(0, len(history), TABLE_ROWS).round().astype(int))
    rows = []
    for step in steps:
        weight, bias, reward = state_after(history, int(step))
        row = {"step": int(step), "bias": round(bias, 3)}
        if history.config.train_weight:
            row["weight"] = round(weight, 3)
        for hunger in (0.0, 0.5, 1.0):
            row[f"p(B) at hunger {hunger:g}"] = round(float(probability_of_b(hunger, weight, bias)), 3)
        row["expected reward"] = round(reward, 3)
        rows.append(row)
    return pd.DataFrame(rows)


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
    with html:
        offline_download(config, offline)
    st.caption(
        "The address bar holds every setting and, once playback rests, the step shown: copy it to share this "
        "exact run. The chart's camera icon saves a PNG."
    )


def offline_download(config: TrainingConfig, offline: Callable[[], bytes], projector: bool = False) -> None:
    """The button for the chart as one offline HTML file; in presentation mode, the projector-sized chart."""
    name = f"lab_{config.reward_handling}_seed{config.seed}_{config.steps}steps" + ("_projector" * projector)
    st.download_button(
        "Download as offline HTML" + (" (projector size)" * projector), data=offline, file_name=f"{name}.html",
        mime="text/html", on_click="ignore", key="lab_download_html", icon=":material/slideshow:",
        help="This chart, with Play, as one file (about 5 MB) that plays in any browser with no server and no "
        "internet: for slides, or a lecture hall without a network. In presentation mode it is the projector's "
        "chart, made for a 1280 × 720 screen.",
    )  # fmt: skip


def explanation(config: TrainingConfig) -> None:
    size = signed(config.reward_size)
    with st.expander("How the lab works", expanded=False):
        st.markdown(
            f"""
Each step the agent gets a hunger value (random between 0 and 1, or fixed), computes
p(B) = sigmoid(weight × hunger + bias), draws a number u on the 0..1 line and picks **B** (large fries)
if u ≥ 1 − p(B), else **A**. It pretends the choice was right (ideal = 1 for B, 0 for A), takes the
derivative p(B) − ideal, multiplies it by the reward (+{size} for a good choice, −{size} for a bad one;
B is good from hunger {config.reward_threshold:g} up) and moves the bias:
bias ← bias − learning rate × derivative × reward.

**The lesson: the reward's sign decides the direction.** Try the presets:
*sign ignored* reinforces every choice, so the bias only random-walks;
*sign flipped* pushes the bias downhill, away from the best bias, until p(B) saturates.

**Playing happens in your browser.** The server trains the whole run once, as soon as a setting
changes (same settings and seed, same run), and sends it as one chart. **▶ Play**, **▶▶ Fast**,
**❚❚ Pause**, the scrubber and the buttons under the chart (keys: Space, ← and →) reveal it frame by
frame without asking the server. When it rests, the step shown goes into the address bar. A new
setting opens the new run at the step shown (or at its end, if it is shorter), still playing if it was.
"""
        )
        if beyond_lecture(config):
            st.markdown(
                "**Beyond the lecture, in this run:** the reward is shifted by the offset before the handling, the "
                "baseline b is subtracted (update = derivative × (reward − b)), Adam replaces learning rate × "
                "update by its own step, and with portions by chance the reward follows the portion received. "
                "The history (CSV) has a column for each: handled_reward, baseline, step_size, large_order."
            )
