"""The lecture's navigation in one place: the row of Back, Next, End of update, Continue and Restart, and what
each does to the position (``ui.lecture.state`` keeps it; ``sim.walkthrough_position`` says where each goes).

In predict mode Next waits for the answer, and End of update stops at the first question not yet answered.
"""

from __future__ import annotations

import streamlit as st

from sim.walkthrough_position import (
    LAST_SUBSTEP,
    SUBSTEPS,
    Position,
    can_start_update,
    end_of_update,
    next_position,
    previous_position,
)
from ui.common import keyboard
from ui.lecture import predict
from ui.lecture import room as lecture_room
from ui.lecture import state as ls


def buttons(position: Position, settings, asking: bool) -> None:
    """Back, Next, End of update, Continue, Restart. While the class is asked, only Back and Restart."""
    random_on = ls.random_on(settings)
    at_end = position.substep == LAST_SUBSTEP and not can_start_update(
        position.update + 1, len(settings.draws), random_on
    )
    # One row that wraps on a narrow screen; each button as wide as its words and its key.
    row = st.container(horizontal=True, gap="small", vertical_alignment="center", key="lecture_controls")
    row.button(
        "Back", key="lecture_back", on_click=go_back, disabled=position == Position(), shortcut="Left",
    )  # fmt: skip
    row.button(
        "Next", key="lecture_next", type="primary", on_click=go_next, disabled=at_end or asking,
        help="Answer the question first." if asking else None, shortcut="Right",
    )  # fmt: skip
    row.button(
        "End of update", key="lecture_skip", on_click=go_to_end, disabled=at_end or asking, shortcut="End",
    )  # fmt: skip
    row.button(
        "Continue with random draws",
        icon=":material/casino:",
        key="lecture_continue",
        on_click=continue_randomly,
        disabled=random_on or not at_end,
        help="After the scripted draws: keep going with random draws (the same ones every time, from the seed).",
    )
    row.button("Restart", key="lecture_restart", on_click=_restart, shortcut="Home")
    with row:
        keyboard.help_popover(KEYS)


def remote_keys() -> None:
    """A presenter's remote sends PageDown and PageUp: the same as → and ←; P switches presentation mode."""
    keyboard.extra_keys(
        "lecture",
        {
            "PageDown": keyboard.button("lecture_next"),
            "PageUp": keyboard.button("lecture_back"),
            "p": keyboard.toggle(ls.PRESENTATION_KEY),  # Streamlit's toggle takes no shortcut
        },
    )


def _restart() -> None:
    ls.restart()
    lecture_room.restarted()  # in a live room: a new round of questions


KEYS = [
    ("→ or PageDown", "Next"),
    ("← or PageUp", "Back"),
    ("End", "End of update"),
    ("Home", "Restart"),
    ("P", "Presentation mode on or off"),
]


def _move(to) -> None:
    settings = st.session_state[ls.SETTINGS]
    st.session_state[ls.POSITION] = to(st.session_state[ls.POSITION], len(settings.draws), ls.random_on(settings))


def go_next() -> None:
    _move(next_position)


def go_back() -> None:
    st.session_state[ls.POSITION] = previous_position(st.session_state[ls.POSITION])


def continue_randomly() -> None:
    st.session_state[ls.RANDOM_ON] = True
    _move(next_position)


def stop_at_question(position: Position, target: Position, scripted: int, random_on: bool) -> Position:
    """Where "End of update" should land in predict mode: the first unanswered question on the way to ``target``."""
    while predict.on() and position != target:
        following = next_position(position, scripted, random_on)
        if following == position:
            break
        position = following
        if predict.pending_at(position, SUBSTEPS[position.substep]):
            return position
    return target


def go_to_end() -> None:
    """On "End of update": to the end of the update, or in predict mode the first question not answered on the way."""
    settings = st.session_state[ls.SETTINGS]
    position, scripted, random = st.session_state[ls.POSITION], len(settings.draws), ls.random_on(settings)
    st.session_state[ls.POSITION] = stop_at_question(
        position, end_of_update(position, scripted, random), scripted, random
    )
