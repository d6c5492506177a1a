"""What the live room looks like on the walk-through: the sidebar's controls, the room's bar, the QR code.

The lecturer's bar shows the room code large enough to read from the back of a hall, the join link,
how many pages follow, and a QR code of the link (drawn by ``segno``). A student's bar names the room
and has the "Follow the lecturer" switch, so that a phone (whose sidebar is folded away) has it too.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import streamlit as st

import room
from ui.lecture import room as lr
from ui.lecture import room_member as rm
from ui.lecture import room_results
from ui.lecture.room_listener import listen

CSS = """
<style>
.room-code {font: 700 2.6rem/1.1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; letter-spacing: 0.12em;
  color: #111111;}
.room-join {font-size: 1.05rem; color: #111111;}
@media (max-width: 640px) { .room-code {font-size: 1.8rem;} }
</style>
"""


def join_link(code: str) -> str:
    """The students' link: this server's address with ``/?room=CODE`` (never the presenter's secret)."""
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    except Exception:  # no browser (AppTest)
        base = ""
    return f"{base}/?room={code}"


def presenter_link(code: str, secret: str) -> str:
    return f"{join_link(code)}&presenter={secret}"


@st.cache_data(max_entries=64, show_spinner=False)
def qr_png(link: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def sidebar(role: lr.Role | None) -> None:
    st.subheader("Live room", anchor=False)
    if role is None and lr.waiting():
        st.markdown(f"Waiting for room **{lr.waiting()[0]}**.")
        st.button("Leave the room", key="room_leave", on_click=lr.leave)
        return
    if role is None:
        st.button(
            "Open a live room", key="room_open", icon=":material/groups:", on_click=lr.open_room,
            help="Students open the link or scan the QR code; their pages follow your clicks, and in "
            "'Ask before revealing' mode they vote before you reveal.",
        )  # fmt: skip
        with st.form("room_join", border=False, enter_to_submit=True):
            st.text_input("Join a room: its code", key=lr.JOIN_INPUT, max_chars=12, placeholder="e.g. K7QM2X")
            st.form_submit_button("Join", on_click=lr.join_typed)
        return
    if role.presenter:
        st.markdown(f"You present room **{role.code}**.")
        with st.expander("Your presenter link (keep it private)"):
            st.caption(
                "It moves the room: open it to present from another browser, or after the server restarted. "
                "This browser remembers it by itself."
            )
            st.code(presenter_link(role.code, st.session_state[lr.SECRET]), language=None, wrap_lines=True)
        room_results.summary(role.code)
    else:
        st.markdown(f"You are in room **{role.code}**.")
    st.button("Leave the room", key="room_leave", on_click=lr.leave)


def banner(role: lr.Role) -> None:
    """Under the title: the code and link (lecturer), or the room and the follow switch (student)."""
    st.html(CSS)
    row = st.container(horizontal=True, gap="medium", vertical_alignment="center", key="room_banner")
    if role.presenter:
        link = join_link(role.code)
        row.html(f"<div class='room-code'>{role.code}</div>")
        with row:
            _join_and_count(role.code, link)
        with row.popover("QR code", icon=":material/qr_code_2:"):
            st.image(qr_png(link), caption=f"QR code of {link}", width=320)
        return
    row.markdown(f"Room **{role.code}**")
    row.toggle("Follow the lecturer", key=lr.FOLLOWING, on_change=lr.follow_changed)
    row.caption(
        "Your page moves with the lecturer's."
        if role.following
        else "Exploring on your own: turn on Follow to go back to the lecturer's step."
    )


@st.fragment(run_every=5.0)
def _join_and_count(code: str, link: str) -> None:
    """The join link and how many are in the room, counted again every few seconds (only on the lecturer's page)."""
    try:
        present = f"{room.store().present(code)} in the room"
    except room.RoomUnreachable:
        present = "The room cannot be reached at the moment."
    st.markdown(f"<div class='room-join'>Join: <b>{link}</b><br>{present}</div>", unsafe_allow_html=True)


WAIT_WORDS = {
    "gone": "Room {} is not open at the moment: the server may have restarted. This page rejoins by itself as soon "
    "as the lecturer's page opens it again.",
    "unreachable": "Room {} cannot be reached at the moment. This page tries again by itself every few seconds.",
}


def message() -> None:
    text = st.session_state.pop(rm.MESSAGE, None)
    if text:
        st.error(text, icon=":material/error:")
    waiting = lr.waiting()
    if waiting:
        code, why = waiting
        st.info(WAIT_WORDS[why].format(code), icon=":material/hourglass_top:")
        _wait_for(code)


@st.fragment(run_every=3.0)
def _wait_for(code: str) -> None:
    """While the page waits for its room: ask every few seconds, and rerun the page when the room is back."""
    try:
        back = room.store().room(code) is not None
    except room.RoomUnreachable:
        back = False
    if back:
        st.rerun()


def listener(role: lr.Role | None) -> None:
    """The page's ear on the room (``ui.lecture.room_listener``); polling instead where the stream cannot open.

    It also keeps this browser's member id and presenter secret, and forgets the secret on Leave.
    """
    state = st.session_state
    keep = {"member": _member() if role else "", "attempt": state.get(lr.ATTEMPT, "")}
    keep["save_member"] = state.get(rm.SAVE_MEMBER)
    if role is None:
        waiting, forget = lr.waiting(), state.get(lr.FORGET)
        if waiting:  # the presenter's own browser finds its secret and opens the room again
            listen("follow", waiting[0], 0, stream=False, look_for_secret=True, on_change=lr.listener_changed, **keep)
        elif forget:
            listen("follow", forget, 0, stream=False, forget_secret=True, **keep)
        return
    if role.presenter:
        listen("follow", role.code, role.room.revision, stream=False, save_secret=state[lr.SECRET], **keep)
        return
    push = not state.get(lr.PUSH_OFF)
    listen(
        "follow", role.code, state.get(lr.APPLIED) or role.room.revision, stream=role.following and push,
        look_for_secret=True, on_change=lr.listener_changed, **keep,
    )  # fmt: skip
    if role.following and not push:
        _poll(role.code, role.room.revision)


def _member() -> str:
    """This browser's member id ("" if it cannot have one now: too many new pages from its network)."""
    try:
        return rm.member()
    except room.RoomError:
        return ""


@st.fragment(run_every=3.0)
def _poll(code: str, drawn: int) -> None:
    try:
        current = room.store().room(code)
        room.store().seen(code, rm.member())  # a polling page is connected too
    except room.RoomError:
        return
    if current is None or current.revision != drawn:
        st.rerun()
