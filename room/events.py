"""Push: the room's changes reach each following page as a stream of server-sent events.

``GET /room-events/{code}`` (``?votes=1`` for the lecturer's tally) answers ``text/event-stream``: the
room's counters at once, then again after every change, and a comment every ``KEEP_ALIVE`` seconds
so that proxies keep the connection open. A page's listener (``ui.lecture.room_listener``) reruns the page only
when a counter it cares about grows, so a class that sits still costs the server nothing but open
connections, and a vote wakes only the lecturer's page, not every student's.

``Fanout`` hands each change to the connections of this process: directly from ``MemoryStore``, or
from Redis's channel when rooms live in Redis (every replica listens, whichever one the lecturer's
click reached). Changes come from script threads; each connection lives on the server's event loop,
so they are handed over with ``call_soon_threadsafe`` and only the newest counters are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from dataclasses import dataclass, field

from room.codes import normalize
from room.store import Event

PATH = "/room-events/{code}"
KEEP_ALIVE = 20.0  # seconds between comments on a quiet stream


@dataclass(eq=False)
class Subscriber:
    code: str
    votes: bool  # the lecturer's tally: woken by votes too
    loop: asyncio.AbstractEventLoop
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    latest: Event | None = None

    def push(self, event: Event) -> None:  # on the event loop
        self.latest = event
        self.wake.set()


class Fanout:
    """The open event streams of this process, by room."""

    def __init__(self):
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._lock = threading.Lock()

    def subscribe(self, code: str, votes: bool) -> Subscriber:
        subscriber = Subscriber(code, votes, asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(code, set()).add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            room = self._subscribers.get(subscriber.code, set())
            room.discard(subscriber)
            if not room:
                self._subscribers.pop(subscriber.code, None)

    def count(self, code: str | None = None) -> int:
        with self._lock:
            rooms = [self._subscribers.get(code, set())] if code else self._subscribers.values()
            return sum(len(r) for r in rooms)

    def deliver(self, event: Event) -> None:
        """From any thread: wake the streams of ``event``'s room that care about it."""
        with self._lock:
            woken = [s for s in self._subscribers.get(event.code, ()) if event.kind == "move" or s.votes]
        for subscriber in woken:
            with contextlib.suppress(RuntimeError):  # its loop has closed (the server is stopping)
                subscriber.loop.call_soon_threadsafe(subscriber.push, event)


def message(revision: int, votes: int) -> str:
    return f"data: {json.dumps({'revision': revision, 'votes': votes})}\n\n"


async def stream(subscriber: Subscriber, first: str, fanout: Fanout):
    """The body of one event stream: the counters now, then after each change."""
    try:
        yield first
        while True:
            try:
                await asyncio.wait_for(subscriber.wake.wait(), KEEP_ALIVE)
            except TimeoutError:
                yield ": still here\n\n"
                continue
            subscriber.wake.clear()
            event = subscriber.latest
            yield message(event.revision, event.votes)
    finally:
        fanout.unsubscribe(subscriber)


def route(get_store, fanout: Fanout, start_listening=None):
    """The Starlette route of the event stream, for ``st.App(..., routes=[...])``."""
    from starlette.responses import PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    async def events(request):
        code = normalize(request.path_params["code"])
        store = get_store()
        room = store.room(code) if code else None
        if room is None:
            return PlainTextResponse("No such room", status_code=404)
        if start_listening is not None:
            await start_listening()
        subscriber = fanout.subscribe(code, votes=request.query_params.get("votes") == "1")
        body = stream(subscriber, message(room.revision, room.votes), fanout)
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(body, media_type="text/event-stream", headers=headers)

    return Route(PATH, events, methods=["GET"])
