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
    present = room.store().present(code)
    st.markdown(f"<div class='room-join'>Join: <b>{link}</b><br>{present} in the room</div>", unsafe_allow_html=True)


def message() -> None:
    text = st.session_state.pop(lr.MESSAGE, None)
    if text:
        st.error(text, icon=":material/error:")


def listener(role: lr.Role | None) -> None:
    """The page's ear on the room (``ui.lecture.room_listener``); polling instead where the stream cannot open."""
    if role is None:
        return
    state = st.session_state
    if role.presenter:
        listen("follow", role.code, role.room.revision, stream=False, save_secret=state[lr.SECRET])
        return
    push = not state.get(lr.PUSH_OFF)
    listen(
        "follow", role.code, state.get(lr.APPLIED) or role.room.revision, stream=role.following and push,
        look_for_secret=True, on_change=lr.listener_changed,
    )  # fmt: skip
    if role.following and not push:
        _poll(role.code, role.room.revision)


@st.fragment(run_every=3.0)
def _poll(code: str, drawn: int) -> None:
    current = room.store().room(code)
    if current is None or current.revision != drawn:
        st.rerun()
