"""The baseline page for ``python -m bench.page``: a bare Streamlit page showing one small Plotly chart."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[0, 1, 0, 1])), width="stretch")
