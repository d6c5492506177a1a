"""The live room's names in a page's session, and a page's role in its room (``ui.lecture.room`` and its helpers)."""

from __future__ import annotations

from dataclasses import dataclass

import room

CODE = "room_code"
SECRET = "room_secret"
FOLLOWING = "room_following"
APPLIED = "room_applied"  # the room's revision this page last drew
ROUND = "room_round"
LINK_READ = "room_link_read"
JOIN_INPUT = "room_join_code"
PUSH_OFF = "room_push_off"  # the event stream could not be opened: ask the server every few seconds
LISTENER = "room_listener_follow"
WAITING = "room_waiting"  # the room is gone for now ("gone") or its store does not answer ("unreachable")
ATTEMPT = "room_attempt"  # a new one at each (re)join: the browser opens its event stream afresh
FORGET = "room_forget"  # the code whose presenter secret this browser should forget (Leave)
DRAWN_WHOLE = "room_drawn_whole"  # a whole page's run hands its Role to the page's room part (ui.lecture.page)
DRAWN_WITH = "room_drawn_with"  # the room's walk-through, without its place, that the whole page was drawn with
PLACE = ("update", "substep")  # what a move within the same numbers changes in the room's walk-through


@dataclass(frozen=True)
class Role:
    code: str
    presenter: bool
    following: bool
    room: room.Room
    round: int  # questions are asked afresh after each Restart
