"""The lab's note for StatQuest's notebook: its one reported bias beside this project's distribution over seeds."""

from __future__ import annotations

import streamlit as st

from sim import History, TrainingConfig
from sim.experiments.notebook import NotebookDistribution, is_statquest, notebook_distribution
from ui.common.beyond_text import notebook_summary, notebook_words


@st.cache_data(max_entries=4, show_spinner="Training the notebook's setting for 200 seeds…")
def distribution(config: TrainingConfig) -> NotebookDistribution:
    """The notebook's setting over 200 seeds (one ensemble, shared by every visitor: the key ignores seed and steps)."""
    return notebook_distribution(config)


def show(config: TrainingConfig, history: History) -> None:
    """Draw the note when the lab runs the notebook's setting (any seed, any steps)."""
    if not is_statquest(config):
        return
    numbers = distribution(config.replace(seed=0, steps=280))
    bias_at = {at.step: float(history.bias[at.step - 1]) for at in numbers.at if at.step <= len(history)}
    with st.container(border=True, key="lab_notebook"):
        st.markdown("**StatQuest's notebook, over many seeds.**")
        st.markdown("\n".join(notebook_words(numbers, config.seed, bias_at)))
        st.caption(notebook_summary(numbers) + " Press ▶ Play to watch this seed's run.")
