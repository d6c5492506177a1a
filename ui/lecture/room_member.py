"""Who a page is in a live room: its browser's member id, its client, and its own limits per session.

A browser is one member in every room: its id is signed by the server (``room.codes``) and kept in a
cookie (``MEMBER_COOKIE``, written by the page's listener, ``ui.lecture.room_listener``), which the
server reads when a page starts, so that a reload or a second tab is the same member and keeps its
vote. The client is the page's network address: the room's limits per client (``room.store.LIMITS``)
count by it, across sessions, so that opening new sessions does not reset them.
"""

from __future__ import annotations

import time

import streamlit as st

import room
from ui.lecture.room_listener import MEMBER_COOKIE

MEMBER = "room_member"
SAVE_MEMBER = "room_save_member"  # a member id new to this browser: its listener writes the cookie
MESSAGE = "room_message"
TRIES = "room_tries"  # recent joins and votes of this session, for the rate limit
RATE = {"join": (8, 60.0), "vote": (30, 60.0)}  # at most n per window (seconds), per session


def allowed(kind: str) -> bool:
    """Rate limit per session: joins and votes."""
    limit, window = RATE[kind]
    now = time.monotonic()
    tries = st.session_state.setdefault(TRIES, {}).setdefault(kind, [])
    tries[:] = [t for t in tries if now - t < window]
    if len(tries) >= limit:
        st.session_state[MESSAGE] = f"Too many tries at once: wait {window:.0f} seconds and try again."
        return False
    tries.append(now)
    return True


def client() -> str:
    """This page's client for the room's limits: its network address ("local" on the server's machine)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser (AppTest)
        address = None
    return address if isinstance(address, str) and address else "local"


def member() -> str:
    """This browser's id in rooms: the one its cookie keeps, else a new one (its listener writes the cookie)."""
    state = st.session_state
    if state.get(MEMBER):
        return state[MEMBER]
    try:
        kept = st.context.cookies.get(MEMBER_COOKIE)
    except Exception:  # no browser (AppTest)
        kept = None
    kept = kept if isinstance(kept, str) else None
    if room.store().is_member(kept):
        state[MEMBER] = kept
    else:
        state[MEMBER] = state[SAVE_MEMBER] = room.store().new_member(client())
    return state[MEMBER]
