"""The lecture walk-through (stub: issue 3 builds it)."""

import streamlit as st


def render():
    st.title("The lecture, step by step")
