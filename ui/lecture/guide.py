"""The walk-through's words for someone who was not in the lecture: the opening, and where to go at the end."""

from __future__ import annotations

import dataclasses

import streamlit as st

from sim.walkthrough import WalkthroughSettings
from ui.lecture import state as ls

OPENING = (
    "**The problem.** An agent with one neuron decides where to get a snack: **Place A** (small fries) or "
    "**Place B** (large fries). Its one input is its hunger, from 0 to 1. Small fries are the right choice when "
    "it is not hungry (hunger below 0.5), large fries when it is: the reward is **+1** for the right choice and "
    "**−1** for the wrong one. Nobody tells it the answer; press **Next** to watch it learn from the reward, "
    "one step at a time."
)
# The same steps for a hungry agent: hunger 1, and a bias of −20 so that p(B) starts at 0.5 again (20 · 1 − 20 = 0).
HUNGRY = {"hunger": 1.0, "initial_bias": -20.0}


def opening(first_update: bool = True) -> None:
    """The problem, in words: in full during the first update; later folded under its name, so the step and its
    what-if table keep the first screen (a 1024 x 768 laptop beside the sidebar)."""
    if first_update:
        st.markdown(OPENING)
    else:
        with st.expander("The problem: where to get a snack"):
            st.markdown(OPENING)


def onward() -> None:
    """At the end of the scripted updates: a hungry example, the lab and the comparison."""
    with st.container(border=True, key="lecture_onward"):
        st.markdown("**Where next?**")
        if not _is_hungry(st.session_state[ls.SETTINGS]):
            st.button(
                "The same steps, hungry (hunger 1)", key="lecture_hungry", icon=":material/lunch_dining:",
                on_click=_go_hungry, help="Hunger 1 and a bias of −20, so p(B) starts at 0.5 again: now large "
                "fries (B) are the right choice. The what-if inputs in the sidebar change any number.",
            )  # fmt: skip
        st.page_link(
            "views/lab.py", label="Training lab: thousands of such steps, at random hungers",
            icon=":material/monitoring:",
        )  # fmt: skip
        st.page_link(
            "views/compare.py", label="Why the sign matters: the same draws with the sign ignored or flipped",
            icon=":material/balance:",
        )  # fmt: skip


def _is_hungry(settings: WalkthroughSettings) -> bool:
    return settings.hunger >= settings.reward_threshold


def _go_hungry() -> None:
    old = st.session_state[ls.SETTINGS]
    st.session_state[ls.SETTINGS] = dataclasses.replace(old, **HUNGRY)
    ls.load_inputs(st.session_state[ls.SETTINGS])
    ls.restart()
    st.session_state[ls.NOTICE] = (
        "A hungry agent: hunger 1, bias −20 (so p(B) = σ(20 · 1 − 20) = 0.5). Large fries (B) are now the right "
        "choice: watch the reward's sign turn the updates around. **The lecture's numbers** in the sidebar go back."
    )
