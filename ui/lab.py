"""The training lab (stub: issue 4 builds it)."""

import streamlit as st

from ui.settings import load_from_url, sidebar_controls, sync_url

FIELDS = (
    "steps", "learning_rate", "weight", "train_weight", "initial_bias", "hunger",
    "reward_threshold", "reward_size", "reward_handling", "seed",
)  # fmt: skip


def render():
    st.title("Training lab")
    extras = load_from_url("lab", FIELDS, {})
    config = sidebar_controls("lab", FIELDS)
    sync_url(config, FIELDS, {}, extras)
    st.write(config)
