"""The policy-gradient simulator: ``streamlit run app.py``."""

import streamlit as st

st.set_page_config(page_title="Policy gradient: where to get a snack", page_icon="🍟", layout="wide")


def home():
    st.title("How a network learns from rewards")
    st.write(
        "One neuron decides where to go for a snack: Place A (small fries) or Place B (large fries), "
        "depending on how hungry it is. It learns from rewards, not labels."
    )


st.navigation([st.Page(home, title="Home", icon="🍟", default=True)]).run()
