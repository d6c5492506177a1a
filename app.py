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
    from ui.lecture.room_turns import turn

    # A page that follows a live room is drawn when its turn comes, one at a time (ui/lecture/room_turns.py): a
    # hall redrawing all at once would keep the lecturer's own page, and everyone else's, waiting for all of it.
    with turn():
        st.set_page_config(page_title="Policy gradient: where to get a snack", page_icon="🍟", layout="wide")

        # Less empty space above each view, so more of it fits on a projector at 1280x720.
        st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 3rem; }</style>")
        # Streamlit's 5rem at each side of the page is a fifth of a 4:3 projector's or a tablet's width: less there.
        st.html(
            "<style>@media (min-width: 641px) and (max-width: 1100px) { [data-testid='stMainBlockContainer']"
            " { padding-left: 1.5rem; padding-right: 1.5rem; } }</style>"
        )
        # Columns side by side while each has room for its words, else the next ones wrap under (a title row's switches,
        # a chart's words beside it): decided by the browser from the width there is, at any width and zoom.
        st.html(
            "<style>[data-testid='stHorizontalBlock'] { flex-wrap: wrap; }"
            " [data-testid='stColumn'] { min-width: min(100%, 12rem); }"
            # Columns inside a column (answer buttons side by side) stay side by side, as Streamlit draws them.
            " [data-testid='stColumn'] [data-testid='stColumn'] { min-width: 0; }"
            # A view's title row: each switch as wide as its words, the title taking the rest, or a row of its own.
            " .st-key-title_row [data-testid='stColumn'] { flex: 0 1 auto; width: auto; min-width: max-content; }"
            " .st-key-title_row [data-testid='stColumn']:first-child { flex: 1 1 18rem; min-width: min(100%, 18rem); }"
            # A button's words wrap onto a second line rather than end in "…" where its column is narrow.
            " [data-testid='stDownloadButton'] button *, [data-testid='stButton'] button * { white-space: normal; }"
            "</style>"
        )
        # A phone's header bar is taller: keep each view's title below it.
        st.html(
            "<style>@media (max-width: 640px) { [data-testid='stMainBlockContainer'] { padding-top: 4rem; } }</style>"
        )
        # A phone has no keyboard: no "Keyboard" help button (with its column) taking a row of the screen.
        st.html("<style>@media (max-width: 640px) { .st-key-keyboard_help { display: none; } }</style>")
        # Keyboard users see where the focus is: Plotly's toolbar shows while one of its buttons has it, with a ring.
        st.html(
            "<style>.js-plotly-plot .modebar-group:focus-within { opacity: 1 !important; }"
            " .js-plotly-plot .modebar-btn:focus-visible"
            " { outline: 3px solid #0072B2 !important; outline-offset: 1px; }"
            "</style>"
        )

        # How wide this visitor's page is, measured by their browser: every view's layout is decided by it.
        from ui.common.device import page_width, presentation_link, waiting

        wait = waiting()  # a browser's first page: drawn once it has measured the width, so its charts are sent once
        if wait and presentation_link():  # measured with the sidebar folded, as the page will be drawn: drawn once
            st.set_page_config(initial_sidebar_state="collapsed")
        page_width()

        pages = [
            st.Page(
                "views/lecture.py",
                title="Lecture walk-through",
                icon=":material/school:",
                url_path="lecture",
                default=True,
            ),
            st.Page("views/lab.py", title="Training lab", icon=":material/monitoring:", url_path="lab"),
            st.Page("views/compare.py", title="Why the sign matters", icon=":material/balance:", url_path="compare"),
        ]
        page = st.navigation(pages)
        if wait:
            st.container(key="page_width_wait").caption("Laying the page out for your screen…")
        else:
            page.run()
