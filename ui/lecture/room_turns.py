"""Pages that follow a live room are drawn one at a time, so that a full hall never keeps the lecturer waiting.

When the lecturer clicks, every follower's browser asks the server to draw its page again, all at once.
Each of those runs is a thread; the threads share one Python interpreter, and what they draw reaches the
browsers through the server's one event loop, which then gets a sliver of the interpreter. Measured with
``python -m bench.room`` (one server): every page, the lecturer's own among them, was done only when all of
them were; with 500 followers the lecturer's click took 11-13 s to finish on the lecturer's own page.

So a following page waits for its turn before it is drawn (``turn``), and when it is drawn, waits until the
event loop has run what was handed to it so far (the page is on its way) before the next one starts. A page
waiting for its turn sleeps on a lock and costs the others nothing. The lecturer's page, and every page that
does not follow a room, never waits: it shares the interpreter with one follower at most. The room's pages
are done one after another, the first ones at once. (The room hears of a move a moment after the lecturer's
page has drawn it: ``room.events.SETTLE_S``.) ``docs/PERFORMANCE.md`` has the measurements.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

import room
from ui.lecture.room_follow import follows_a_room

CATCH_UP_S = 2.0  # at most this long for the event loop to get to it (a stopping server never does)
_turn = threading.RLock()  # a page's run holds it, and its room part, run inside it, takes it again


@contextlib.contextmanager
def turn():
    """A following page: wait for its turn, and after it, for the event loop; any other page goes straight on."""
    if not follows_a_room():
        yield
        return
    with _turn:
        try:
            yield
        finally:
            _server_catches_up()


def _server_catches_up() -> None:
    """Return once the server's event loop has run what was handed to it before now (or after ``CATCH_UP_S``)."""
    loop = room.fanout.loop  # known once a stream has opened; a page that follows has one
    if loop is None or loop.is_closed():
        return
    with contextlib.suppress(Exception):  # a timeout, or a loop that closed meanwhile: the page is done anyway
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result(timeout=CATCH_UP_S)
