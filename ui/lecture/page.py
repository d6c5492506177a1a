"""The lecture walk-through: click through the worked example one sub-step at a time.

The session state and the URL live in ``ui.lecture.state``, the what-if sidebar in ``ui.lecture.inputs``,
the words and formulas in ``ui.lecture.text``. This module draws the page top to bottom: controls,
compute, charts, ledger, what-if panel, history.
"""

from __future__ import annotations

import streamlit as st

import room
from sim.walkthrough import Update, WalkthroughSettings, walkthrough
from sim.walkthrough_position import LAST_SUBSTEP, SUBSTEP_TITLES, SUBSTEPS, Position
from ui.common import device
from ui.common.link_text import warn_about_link
from ui.common.screen import Screen
from ui.common.settings import now
from ui.lecture import guide, navigation, predict, room_panel, room_turns, room_votes
from ui.lecture import room as lecture_room
from ui.lecture import state as ls
from ui.lecture.diagrams import diagram
from ui.lecture.focus import follow
from ui.lecture.inputs import what_if_inputs
from ui.lecture.layout import CSS, PRESENTATION_CSS, lecture_layout
from ui.lecture.room_follow import follow_move
from ui.lecture.room_keys import DRAWN_WHOLE
from ui.lecture.text import (
    caption,
    history_rows,
    ledger_latex,
    line_alt,
    network_alt,
    sign_summary,
    sign_table_latex,
    status_line,
)
from ui.player.animation import Prebuilt

__all__ = ["history_rows", "ledger_latex", "render"]


def render():
    """The page; if the live room's store stops answering halfway, the page waits for it (no traceback)."""
    try:
        _render()
    except room.RoomUnreachable:
        st.session_state[lecture_room.WAITING] = "unreachable"
        st.rerun()


def _render():
    """The page, top to bottom: title and switches, controls, one call into ``sim``, the step, the history."""
    ls.start_session()
    role = lecture_room.start()  # in a live room: the room's place, if this page follows it
    following = role is not None and role.following
    presentation = bool(st.session_state[ls.PRESENTATION_KEY])
    predict_column, switches = _top(role, presentation)

    # --- Controls -----------------------------------------------------------------------------
    exact = _switches(predict_column, switches, following)
    settings, position = _controls(role, following)

    if following:  # the room's moves redraw only this part (a fragment), not the title, switches and sidebar
        st.session_state[DRAWN_WHOLE] = role
        _followed(exact, presentation)
    else:
        _stage(role, settings, position, exact, presentation)


def _stage(role, settings: WalkthroughSettings, position: Position, exact: bool, presentation: bool) -> None:
    """Where the walk-through is: the status line, the sub-step, the history, and what ends the page."""
    # --- Compute: one call into sim -------------------------------------------------------------
    updates = walkthrough(settings, position.updates_needed)
    shown = [u if exact else u.rounded() for u in updates]
    st.caption(status_line(settings, position, shown[position.update], exact))

    # --- Charts, ledger and explanation (in predict mode: the question first, then the reveal) -----------
    _step(shown[position.update], position, settings, exact, role, device.screen(presentation))

    # --- History: one row per finished update ---------------------------------------------------
    _history(shown[: position.update + (1 if position.substep == LAST_SUBSTEP else 0)], settings.seed, exact)
    _page_end(position, role)


@st.fragment
def _followed(exact: bool, presentation: bool) -> None:
    """A following page's room part. When the room moves, its listener (in here) reruns only this: a few elements,
    where the whole page has many. A move that changes more than the place (new numbers, a restart, exact or
    predict mode) draws the whole page again; so does a room that cannot be read at the moment."""
    state = st.session_state
    with room_turns.turn():  # a rerun of this part alone is a follower's redraw too: one at a time
        role = state.pop(DRAWN_WHOLE, None) or follow_move()  # this page's run's role, or the room's new place
        if role is None:
            st.rerun(scope="app")
        try:
            _stage(role, state[ls.SETTINGS], state[ls.POSITION], exact, presentation)
        except room.RoomUnreachable:
            state[lecture_room.WAITING] = "unreachable"
            st.rerun(scope="app")


def _top(role, presentation: bool):
    """The page's setup, the title row (its two columns for the switches returned), notices, the opening words."""
    # On a projector the sidebar folds away (and unfolds again when presentation mode ends), as in the lab.
    st.set_page_config(initial_sidebar_state="collapsed" if presentation else "auto")
    st.html(CSS)
    if presentation:
        st.html(PRESENTATION_CSS)
    title, predict_column, switch_column = st.container(key="title_row").columns(
        [3, 1.4, 1.4], vertical_alignment="center"
    )
    switches = switch_column.container(gap=None, key="lecture_switches")  # two toggles, one above the other
    title.title("The lecture, step by step")
    _url_warning()
    room_panel.message()
    if role is not None:
        room_panel.banner(role)
    if not (presentation or st.session_state[ls.PREDICT_KEY] or role):  # for someone with no lecturer to say it
        guide.opening(first_update=st.session_state[ls.POSITION].update == 0)
    return predict_column, switches


def _switches(predict_column, switches, following: bool) -> bool:
    """Ask before revealing, Exact values, Presentation mode; returns whether values are exact."""
    predict_column.toggle(
        "Ask before revealing", bool(now(ls.PREDICT_KEY)), key=ls.PREDICT_KEY, disabled=following,
        help="The class predicts each decision (the place, the signs, which way the bias moves) with one click "
        "before it is shown. The tally resets with Restart.",
    )  # fmt: skip
    exact = switches.toggle(
        "Exact values", bool(now(ls.EXACT_KEY)), key=ls.EXACT_KEY, disabled=following,
        help="Off: rounded like the lecture. On: 4 decimals.",
    )  # fmt: skip
    switches.toggle(
        "Presentation mode", bool(now(ls.PRESENTATION_KEY)), key=ls.PRESENTATION_KEY,
        help="For a projector: larger text and lines in the diagrams, the sidebar folded away. Also saved in the "
        "link. Key: P.",
    )  # fmt: skip
    return exact


def _controls(role, following: bool) -> tuple[WalkthroughSettings, Position]:
    """The sidebar (live room, what-if inputs), the buttons and their notices; returns the settings and position."""
    # In the sidebar, not a popover: a closed popover's inputs are not in the browser, and would come back
    # showing their minimum values instead of the ones in use.
    with st.sidebar:
        room_panel.sidebar(role)
        st.subheader("What if…?", anchor=False)
        what_if_inputs()
    settings = st.session_state[ls.SETTINGS]
    position: Position = st.session_state[ls.POSITION]
    if not following:  # a page that follows a live room moves with the lecturer's clicks, not its own
        navigation.buttons(position, settings, asking=predict.pending_at(position, SUBSTEPS[position.substep]))
    if st.session_state.get(ls.NOTICE):
        st.info(st.session_state.pop(ls.NOTICE), icon=":material/restart_alt:")
    if st.session_state.get(ls.PROBLEM):
        st.error(st.session_state[ls.PROBLEM], icon=":material/error:")
    return settings, position


def _step(update: Update, position: Position, settings: WalkthroughSettings, exact: bool, role, screen: Screen) -> None:
    """The sub-step: the network, the ledger beside the sampling line and its words (or the question), the panel."""
    substep = SUBSTEPS[position.substep]
    kind = predict.ASKED_AT.get(substep)
    asking = predict.pending(position, kind)
    drawn = SUBSTEPS[position.substep - 1] if asking else substep  # while asking, the charts show the step before
    what_if_asked = substep == "reward" and not asking and predict.pending(position, predict.WHAT_IF)
    room = lecture_layout(
        screen
    )  # the network in two rows, the ledger's names above the formulas, no toolbar over labels
    config = device.chart_config()
    st.plotly_chart(
        Prebuilt(diagram("network", update, drawn, exact, screen)), width="stretch", config=config,
        key="lecture_network",
        alt=network_alt(update, drawn, exact),
    )  # fmt: skip
    ledger_column, words_column = st.columns([1.9, 1]) if room.beside else (st.container(), st.container())
    with ledger_column:
        st.latex(ledger_latex(update, position.substep, exact, hide_current=asking, stacked=room.stacked))
    with words_column.container(key="lecture_words"):
        st.plotly_chart(
            Prebuilt(diagram("line", update, drawn, exact, screen, room.words)), width="stretch",
            config=config, key="lecture_line",
            alt=line_alt(update, drawn, exact),
        )  # fmt: skip
        # In a live room the room votes (ui.lecture.room_votes); otherwise this page answers for itself (predict).
        if asking:
            room_votes.ask(role, update, position, kind, exact)
        else:
            explained = room_votes.feedback(role, update, position, kind, exact)
            if what_if_asked:  # here, not in the panel: it stays in view
                room_votes.ask(role, update, position, predict.WHAT_IF, exact)
            elif not (explained and substep == "reward"):  # the reason already says what the caption would
                st.markdown(f"**{position.substep + 1}. {SUBSTEP_TITLES[substep]}.** {caption(update, substep, exact)}")
    if substep == "reward" and not asking and not what_if_asked:  # the ledger is still short: the panel stays in view
        with ledger_column:  # under the ledger's five lines, on the first screen
            _sign_panel(update, position, exact, role, narrow=room.narrow_table)

    if position.substep == LAST_SUBSTEP and position.update + 1 >= len(settings.draws) and not asking:
        with ledger_column:  # the scripted updates are done: where next
            guide.onward()


def _page_end(position: Position, role) -> None:
    """What takes no room, last: the presenter's remote keys, the scroll to the step, the URL and the live room."""
    navigation.remote_keys()  # last on the page: it takes no room
    follow(f"{position.update}-{position.substep}", position == Position(), ".st-key-lecture_words")
    ls.sync_url(lecture_room.url_extra(role))
    room_panel.listener(role)
    lecture_room.publish(role)  # the lecturer's click moves the room: last, when this page has sent all it draws


def _url_warning():
    """One warning, once per session, naming every value of the link that could not be used."""
    warn_about_link(st.session_state.pop(ls.URL_PROBLEMS, None) or [])


def _history(finished: list[Update], seed: int, exact: bool) -> None:
    """One row per finished update."""
    if not finished:
        return
    st.markdown("**Updates so far**")
    st.dataframe(
        history_rows(finished, exact),
        hide_index=True,
        width="stretch",
        height=_table_height(finished),
        column_config={name: st.column_config.TextColumn(width="small") for name in ("update", "place", "reward")},
    )
    if not finished[-1].scripted:
        st.caption(f"\\* a random draw, cut to two decimals; seed {seed} gives the same ones every time.")


def _sign_panel(update: Update, position: Position, exact: bool, role, narrow: bool = False):
    """What if we ignored (or flipped) the reward's sign? The same step, going the wrong way (asked first)."""
    with st.container(border=True, key="lecture_sign_panel"):
        st.markdown("**What if we ignored the reward's sign?**")
        room_votes.feedback(role, update, position, predict.WHAT_IF, exact)
        st.latex(sign_table_latex(update, exact, narrow))
        st.caption(sign_summary(update))


def _table_height(rows: list) -> int:
    return 38 + 35 * min(len(rows), 6)
