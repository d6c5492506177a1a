"""A following page takes the room's walk-through: the whole of it (``apply``), or only its new place when
nothing else changed (``follow_move``: the page then redraws only its room part, ``ui.lecture.page``)."""

from __future__ import annotations

import streamlit as st

import room
from ui.lecture import state as ls
from ui.lecture.room_keys import APPLIED, CODE, DRAWN_WITH, FOLLOWING, PLACE, ROUND, SECRET, WAITING, Role
from ui.lecture.url import read_lecture_url


def apply(current: room.Room, force: bool = False) -> None:
    """Draw the walk-through at the room's place: settings, position, toggles, and the answers revealed."""
    state = st.session_state
    if state.get(APPLIED) == current.revision and not force:
        return
    lecture = dict(current.lecture)
    loaded = read_lecture_url(_walkthrough_of(lecture))
    state[ls.SETTINGS], state[ls.RANDOM_ON] = loaded.settings, loaded.random
    for key, value in ((ls.EXACT_KEY, loaded.exact), (ls.PREDICT_KEY, loaded.predict)):
        state[key] = value
        state.setdefault(ls.TOGGLES, {})[key] = value
    ls.load_inputs(loaded.settings)
    state[DRAWN_WITH] = _without_place(lecture)
    _apply_place(current, loaded.position)


def _apply_place(current: room.Room, position) -> None:
    """The room's place and the answers it has revealed (this round's)."""
    state = st.session_state
    round_ = int(current.lecture.get("round", 0))
    state[ls.POSITION], state[ROUND] = position, round_
    prefix = f"{round_}."
    state[ls.ANSWERS] = {
        _answer_key(q[len(prefix) :]): ("", False) for q in current.revealed if q.startswith(prefix)
    }  # fmt: skip
    state[APPLIED] = current.revision


def _without_place(lecture: dict) -> dict:
    return {k: v for k, v in lecture.items() if k not in PLACE}


def follows_a_room() -> bool:
    """This session is a member page that follows its room (not the presenter, not exploring on its own)."""
    state = st.session_state
    return bool(state.get(CODE)) and not state.get(SECRET) and bool(state.get(FOLLOWING, True))


def _walkthrough_of(lecture: dict) -> dict:
    """The room's walk-through as a link's query (its round is the room's own)."""
    return {k: v for k, v in lecture.items() if k != "round"}


def follow_move() -> Role | None:
    """The room moved, and this following page redraws only its room part: the page's role at the room's new
    place. None if the move changed more than the place (the whole page is drawn again), or the room cannot
    be read now (the whole page says why)."""
    state = st.session_state
    if not follows_a_room() or state.get(WAITING):
        return None
    code = state[CODE]
    try:
        current = room.store().room(code)
    except room.RoomError:
        return None
    if current is None or _without_place(current.lecture) != state.get(DRAWN_WITH):
        return None
    if state.get(APPLIED) != current.revision:
        _apply_place(current, read_lecture_url(_walkthrough_of(current.lecture)).position)
    return Role(code, False, True, current, int(current.lecture.get("round", 0)))


def _answer_key(question: str) -> tuple[int, str]:
    update, _, kind = question.partition(":")
    return int(update), kind
