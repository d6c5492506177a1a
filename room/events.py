"""Push: the room's changes reach each following page as a stream of server-sent events.

``GET /room-events/{code}?member=ID`` (``&votes=1`` for the lecturer's tally) answers
``text/event-stream``: the room's counters at once, then again after every change, and a comment every
``KEEP_ALIVE`` seconds so that proxies keep the connection open. Each comment also tells the store that
this browser is still in the room (``RoomStore.seen``): "N in the room" counts open pages, not past
visits. A page's listener (``ui.lecture.room_listener``) reruns the page only when a counter it cares
about grows, so a class that sits still costs the server nothing but open connections, and a vote
wakes only the lecturer's page, not every student's. When the lecturer closes the room, every stream
says so (``{"ended": true}``) and ends; a stream whose room is gone ends at its next keep-alive.

Bounded: at most ``MAX_STREAMS`` streams per room, per client (a network address) and per member (a
browser's tabs), and none while the process is short of file descriptors (``headroom``): a refused
stream gets a 429 or 503, and its page asks the server every few seconds instead. The store is never
called on the server's event loop: a stalled Redis costs a stream request a 503 after ``STORE_WAIT``
seconds, never the other pages' time.

``Fanout`` hands each change to the connections of this process: directly from ``MemoryStore``, or
from Redis's channel when rooms live in Redis (every replica listens, whichever one the lecturer's
click reached). Changes come from script threads; each connection lives on the server's event loop,
so they are handed over with ``call_soon_threadsafe`` and only the newest counters are kept. A move is handed
over ``SETTLE_S`` late: the lecturer's page, whose click made it, finishes drawing before the room redraws.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from room.codes import normalize
from room.store import Event, RoomError, RoomUnreachable

PATH = "/room-events/{code}"
KEEP_ALIVE = 20.0  # seconds between comments on a quiet stream
STORE_WAIT = 3.0  # seconds a stream request waits for the store before it gives up (503)
MAX_STREAMS = {"room": 1000, "client": 600, "member": 4}
RESERVE_FDS = 256  # file descriptors kept free for everything else (pages, static files, Redis)
# A move reaches the streams this long after it was made, so that the lecturer's own page has finished drawing
# it before the room asks to be drawn again (bench.room, 500 followers: the lecturer's click took 0.8-1.2 s
# with the room woken at once, 0.04 s with it woken 0.15 s later, as long as with nobody in the room).
SETTLE_S = 0.15
LOCAL = frozenset({"127.0.0.1", "::1", None})
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="room-events")


def client_of(host: str | None) -> str:
    """A request's client for the limits: its network address ("local" on this machine, as ``st.context``)."""
    return "local" if host in LOCAL else str(host)


@dataclass(eq=False)
class Subscriber:
    code: str
    member: str
    client: str
    votes: bool  # the lecturer's tally: woken by votes too
    loop: asyncio.AbstractEventLoop
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    latest: Event | None = None

    def push(self, event: Event) -> None:  # on the event loop
        self.latest = event
        self.wake.set()


class Fanout:
    """The open event streams of this process, by room."""

    def __init__(self, limits: dict | None = None):
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._lock = threading.Lock()
        self.limits = dict(limits or MAX_STREAMS)
        self.loop: asyncio.AbstractEventLoop | None = None  # the server's event loop, once a stream has opened

    def subscribe(self, code: str, member: str, client: str, votes: bool) -> Subscriber | str:
        """A new stream, or why not ("room", "client" or "member": which limit it would pass)."""
        subscriber = Subscriber(code, member, client, votes, asyncio.get_running_loop())
        self.loop = subscriber.loop
        with self._lock:
            room = self._subscribers.setdefault(code, set())
            if len(room) >= self.limits["room"]:
                return "room"
            if sum(s.member == member for s in room) >= self.limits["member"]:
                return "member"
            if sum(s.client == client for r in self._subscribers.values() for s in r) >= self.limits["client"]:
                return "client"
            room.add(subscriber)
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
            woken = [s for s in self._subscribers.get(event.code, ()) if event.kind != "vote" or s.votes]
        for subscriber in woken:
            with contextlib.suppress(RuntimeError):  # its loop has closed (the server is stopping)
                if event.kind == "move":  # the lecturer's page, which made it, draws first
                    subscriber.loop.call_soon_threadsafe(subscriber.loop.call_later, SETTLE_S, subscriber.push, event)
                else:
                    subscriber.loop.call_soon_threadsafe(subscriber.push, event)


def message(revision: int, votes: int) -> str:
    return f"data: {json.dumps({'revision': revision, 'votes': votes})}\n\n"


ENDED = f"data: {json.dumps({'ended': True})}\n\n"


async def in_thread(function, *args):
    """``function(*args)`` on the room's threads, never on the event loop; ``TimeoutError`` after ``STORE_WAIT``."""
    loop = asyncio.get_running_loop()
    return await asyncio.wait_for(loop.run_in_executor(_pool, function, *args), STORE_WAIT)


def headroom() -> bool:
    """Are enough file descriptors left for one more stream (and everything else)?"""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        return soft == resource.RLIM_INFINITY or len(os.listdir("/proc/self/fd")) < soft - RESERVE_FDS
    except (ImportError, OSError):  # not Linux: nothing to count with
        return True


def _still_there(store, subscriber: Subscriber) -> bool:
    """Is the room still there? A student's stream also says its browser is (the lecturer's tally does not count)."""
    if subscriber.votes:
        return store.room(subscriber.code) is not None
    return store.seen(subscriber.code, subscriber.member)


def _opening(store, code: str, member: str, tally: bool):
    """The room a new stream follows (None if it is not open); a student's browser counts as in it."""
    if not store.is_member(member):
        raise PermissionError
    current = store.room(code)
    if current is not None and not tally:
        store.seen(code, member)
    return current


async def stream(subscriber: Subscriber, first: str, fanout: Fanout, store):
    """The body of one event stream: the counters now, then after each change, until the room ends."""
    try:
        yield first
        while True:
            try:
                await asyncio.wait_for(subscriber.wake.wait(), KEEP_ALIVE)
            except TimeoutError:
                try:
                    if not await in_thread(_still_there, store, subscriber):
                        yield ENDED  # the room is gone
                        return
                except (RoomError, TimeoutError):
                    pass  # the store is unreachable for a moment: keep the stream
                yield ": still here\n\n"
                continue
            subscriber.wake.clear()
            event = subscriber.latest
            if event.kind == "end":
                yield ENDED
                return
            yield message(event.revision, event.votes)
    finally:
        fanout.unsubscribe(subscriber)


def route(get_store, fanout: Fanout, start_listening=None):
    """The Starlette route of the event stream, for ``st.App(..., routes=[...])``."""
    from starlette.responses import PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    async def events(request):
        code, member = normalize(request.path_params["code"]), request.query_params.get("member")
        if code is None:
            return PlainTextResponse("No such room", status_code=404)
        if not headroom():
            return PlainTextResponse("The server is busy: ask again in a moment", status_code=503)
        store, tally = get_store(), request.query_params.get("votes") == "1"
        if start_listening is not None:
            await start_listening()
        client = client_of(request.client.host if request.client else None)
        # Subscribed before the room is read: a move between the two reaches this stream as an event, and one
        # before them is in the revision read. Read first, a move in between was lost until the next one.
        subscriber = fanout.subscribe(code, member, client, votes=tally)
        if isinstance(subscriber, str):
            return PlainTextResponse(f"Too many event streams for this {subscriber}", status_code=429)
        try:
            current = await in_thread(_opening, store, code, member, tally)
        except PermissionError:
            fanout.unsubscribe(subscriber)
            return PlainTextResponse("Not a member id of this app", status_code=403)
        except (TimeoutError, RoomError) as error:
            fanout.unsubscribe(subscriber)
            unreachable = isinstance(error, TimeoutError | RoomUnreachable)
            return PlainTextResponse(str(error) or "No such room", status_code=503 if unreachable else 404)
        if current is None:
            fanout.unsubscribe(subscriber)
            return PlainTextResponse("No such room", status_code=404)
        body = stream(subscriber, message(current.revision, current.votes), fanout, store)
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(body, media_type="text/event-stream", headers=headers)

    return Route(PATH, events, methods=["GET"])
