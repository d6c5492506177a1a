"""Why the reward's sign matters (stub: issue 5 builds it)."""

import streamlit as st


def render():
    st.title("Why the reward's sign matters")
