"""The live room on the lecture walk-through: open it, join it, follow it (the page's session side).

A page is in no room, presents one (its session holds the presenter's secret), or is a member: it
follows the lecturer (its walk-through is the room's, redrawn at each of the lecturer's clicks) or
explores on its own. The room itself, its rules and its limits are ``room`` (no Streamlit); what the
room looks like on the page is ``ui.lecture.room_panel``, the votes ``ui.lecture.room_votes``.

What the room shares is the lecturer's walk-through as the query of its link (``shared_lecture``):
position, settings, exact or rounded, predict mode; not presentation mode, which is each screen's own.
Its ``round`` grows with every Restart, so that questions are asked afresh.

Links: ``/?room=CODE`` joins (the students' link); ``/?room=CODE&presenter=SECRET`` is the lecturer's
own link, for another browser or after a server restart. The secret leaves the address bar at once.

A browser is one member in every room (``ui.lecture.room_member``): a reload or a second tab keeps its vote.
A room that is gone without being closed (a restart of the server or of Redis) or cannot be reached
for a moment leaves the page *waiting* (``WAITING``): it keeps the code, asks every few seconds, and
rejoins by itself; the presenter's own page opens the room again, at its own place.
"""

from __future__ import annotations

import contextlib
import secrets

import streamlit as st

import room
from room.codes import normalize
from ui.lecture import state as ls
from ui.lecture.room_follow import apply
from ui.lecture.room_keys import (
    APPLIED,
    ATTEMPT,
    CODE,
    FOLLOWING,
    FORGET,
    JOIN_INPUT,
    LINK_READ,
    LISTENER,
    PUSH_OFF,
    ROUND,
    SECRET,
    WAITING,
    Role,
)
from ui.lecture.room_member import MESSAGE, allowed, client, member
from ui.lecture.url import write_lecture_url


def shared_lecture() -> dict[str, str]:
    """What followers copy: the walk-through's link (without presentation mode) and the round."""
    state = ls.current()
    state.presentation = False
    return write_lecture_url(state) | {"round": str(st.session_state.get(ROUND, 0))}


# --- Links, opening, joining, leaving -------------------------------------------------------------


def _from_link() -> None:
    """First run of this session: a room named in the link (and the presenter's secret, if given)."""
    state = st.session_state
    if state.get(LINK_READ):
        return
    state[LINK_READ] = True
    text = st.query_params.get("room")
    if text is None:
        return
    secret = st.query_params.get("presenter")
    if secret is not None:
        _reopen(text, secret)
    else:
        _join(text, from_link=True)


def _bad_code(text: str) -> str:
    shown = text.strip().upper() if len(text) <= 12 and text.replace("-", "").replace(" ", "").isalnum() else ""
    return f"No room {shown}: check the code on the slide." if shown else "That is not a room code: check the slide."


def _join(text: str, from_link: bool = False) -> None:
    """Join a room by its code. From a link (a reload, a restart), a room that is not open is waited for."""
    code = normalize(text)
    if code is None:
        st.session_state[MESSAGE] = _bad_code(text)
        return
    joined = {CODE: code, FOLLOWING: True, APPLIED: None, SECRET: None, WAITING: None, ATTEMPT: secrets.token_hex(4)}
    try:
        store = room.store()
        if from_link and store.room(code) is None and not store.ended(code):
            st.session_state.update(joined | {WAITING: "gone"})
            return
        store.join(code, member())
    except room.RoomUnreachable:
        st.session_state.update(joined | {WAITING: "unreachable"})
        return
    except room.RoomError as error:
        st.session_state[MESSAGE] = ended(code) if room.store().ended(code) else str(error)
        return
    st.session_state.update(joined)


def ended(code: str) -> str:
    return f"Room {code} has ended: its lecturer closed it."


def _reopen(text: str, secret: str) -> None:
    code = normalize(text)
    if code is None:
        st.session_state[MESSAGE] = _bad_code(text)
        return
    try:
        opened = room.store().reopen(code, secret, shared_lecture())
    except room.RoomError as error:
        st.session_state[MESSAGE] = str(error)
        return
    st.session_state.update({CODE: code, SECRET: secret, FOLLOWING: False})
    apply(opened, force=True)  # back where the room is


def open_room() -> None:
    try:
        code, secret = room.store().open(shared_lecture() | {"round": "0"}, client())
    except room.RoomError as error:
        st.session_state[MESSAGE] = str(error)
        return
    st.session_state.update({CODE: code, SECRET: secret, FOLLOWING: False, ROUND: 0, ls.ANSWERS: {}})


def join_typed() -> None:
    if allowed("join"):
        _join(str(st.session_state.get(JOIN_INPUT, "")))


def leave() -> None:
    """Leave the room; the lecturer's Leave closes it for everyone, and this browser forgets its secret."""
    state = st.session_state
    code, secret = state.get(CODE), state.get(SECRET)
    if code and secret:
        state[FORGET] = code
        with contextlib.suppress(room.RoomError):  # already gone, or unreachable: it ends by itself when unused
            room.store().close(code, secret)
    for key in (CODE, SECRET, APPLIED, PUSH_OFF, WAITING):
        state.pop(key, None)


def follow_changed() -> None:
    st.session_state[APPLIED] = None  # following again: redraw at the room's place


def secret_from_browser() -> None:
    """The listener found this room's presenter secret in this browser: the lecturer reloaded the page.

    If the room is gone (a restart), the secret opens it again at this page's place, as the presenter's.
    """
    secret = (st.session_state.get(LISTENER) or {}).get("secret")
    code = st.session_state.get(CODE)
    if not code:
        return
    try:
        store = room.store()
        _reopen_if_lost(store, code, secret)
        if store.is_presenter(code, secret):
            st.session_state.update({SECRET: secret, FOLLOWING: False, WAITING: None})
            st.session_state[ROUND] = int(store.room(code).lecture.get("round", 0))
    except room.RoomError as error:
        st.session_state[MESSAGE] = str(error)


def listener_changed() -> None:
    """The browser heard the room change (the rerun follows), or could not open the event stream."""
    heard = st.session_state.get(LISTENER) or {}
    if heard.get("push") is False:
        st.session_state[PUSH_OFF] = True
    if heard.get("secret"):
        secret_from_browser()


# --- Every run ------------------------------------------------------------------------------------


def start() -> Role | None:
    """At the top of the walk-through's run: this page's role, the room's place applied if following.

    None when the page is in no room, or waits for its room (``waiting()`` tells which).
    """
    _from_link()
    state = st.session_state
    code = state.get(CODE)
    if not code:
        return None
    try:
        current, presenter = _current(code)
    except room.RoomUnreachable:
        state[WAITING] = "unreachable"
        return None
    except room.RoomError as error:
        state[MESSAGE] = str(error)
        leave()
        return None
    if current is None:
        return None
    if state.get(WAITING):  # back after a restart or a fault: a fresh stream, and following (its switch was not drawn)
        state.update({WAITING: None, ATTEMPT: secrets.token_hex(4), APPLIED: None, FOLLOWING: True})
        state.pop(PUSH_OFF, None)
    following = not presenter and bool(state.get(FOLLOWING, True))
    if following:
        apply(current)
    round_ = state.get(ROUND, 0) if presenter or not following else int(current.lecture.get("round", 0))
    return Role(code, presenter, following, current, round_)


def _current(code: str) -> tuple[room.Room | None, bool]:
    """The room and whether this page presents it; None while it is gone (the page waits), or it has ended."""
    state, store = st.session_state, room.store()
    secret = state.get(SECRET)
    _reopen_if_lost(store, code, secret)
    presenter = bool(secret) and store.is_presenter(code, secret)
    if presenter:
        return store.room(code), True
    if store.room(code) is not None:
        return store.join(code, member()), False
    if store.ended(code):
        raise room.RoomError(ended(code))
    state[WAITING] = "gone"
    return None, False


def _reopen_if_lost(store: room.RoomStore, code: str, secret: str | None) -> None:
    """A room lost without being closed (a restart) opens again for its presenter's secret, at this page's place."""
    if secret and store.room(code) is None and not store.ended(code):
        store.reopen(code, secret, shared_lecture())


def waiting() -> tuple[str, str] | None:
    """(code, why) while this page waits for its room to come back, else None."""
    state = st.session_state
    return (state[CODE], state[WAITING]) if state.get(CODE) and state.get(WAITING) else None


def question_id(role: Role, update: int, kind: str) -> str:
    return room.question_id(role.round, update, kind)


def publish(role: Role | None) -> None:
    """At the end of the lecturer's run: if the walk-through moved, the room moves with it."""
    if role is None or not role.presenter:
        return
    lecture = shared_lecture()
    if lecture != role.room.lecture:
        try:
            room.store().move(role.code, st.session_state[SECRET], lecture)
        except room.RoomError as error:
            st.session_state[MESSAGE] = str(error)


def restarted() -> None:
    """Restart in a room: a new round, so every question is asked again."""
    if st.session_state.get(SECRET):
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def url_extra(role: Role | None) -> dict[str, str]:
    """The room in the address bar, also while the page waits for it, so that a reload rejoins."""
    code = role.code if role is not None else st.session_state.get(CODE)
    return {"room": code} if code else {}
