"""The policy-gradient simulator: ``streamlit run app.py``. Thin: each view lives in its package under ``ui/``.

Streamlit reads this file in two ways. ``streamlit run app.py`` first imports it to find an ``App``
(``app`` below) and serves that: Streamlit plus one route of our own, the live room's event stream
(``room.routes``). Then, for every visitor, it runs this same file as the page script, under the name
``__main__``: the pages.
"""

import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run` (or an ASGI server): the web server
    import room

    app = st.App(__file__, routes=room.routes())
else:  # run for a visitor: the pages
    st.set_page_config(page_title="Policy gradient: where to get a snack", page_icon="🍟", layout="wide")

    # Less empty space above each view, so more of it fits on a projector at 1280x720.
    st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }</style>")
    # A phone's header bar is taller: keep each view's title below it.
    st.html("<style>@media (max-width: 640px) { [data-testid='stMainBlockContainer'] { padding-top: 4rem; } }</style>")
    # A phone has no keyboard: no "Keyboard" help button (with its column) taking a row of the screen.
    st.html("<style>@media (max-width: 640px) { .st-key-keyboard_help { display: none; } }</style>")
    # Keyboard users see where the focus is: Plotly's toolbar shows while one of its buttons has it, with a ring.
    st.html(
        "<style>.js-plotly-plot .modebar-group:focus-within { opacity: 1 !important; }"
        " .js-plotly-plot .modebar-btn:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 1px; }"
        "</style>"
    )

    pages = [
        st.Page(
            "views/lecture.py", title="Lecture walk-through", icon=":material/school:", url_path="lecture", default=True
        ),
        st.Page("views/lab.py", title="Training lab", icon=":material/monitoring:", url_path="lab"),
        st.Page("views/compare.py", title="Why the sign matters", icon=":material/balance:", url_path="compare"),
    ]
    st.navigation(pages).run()
