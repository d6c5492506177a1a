"""The room's event stream (room.events), called as Starlette calls it, without a server."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from types import SimpleNamespace

from room import events
from room.memory_store import MemoryStore
from room.store import LIMITS

LECTURE = {"update": "1"}


def test_a_move_while_a_stream_opens_reaches_it():
    # A clean-clone run saw a student who had just joined miss the lecturer's first Next: the stream read the
    # room, the lecturer moved it, and only then did the stream subscribe, so it said the old place and nothing more.
    store = MemoryStore(limits=LIMITS | {"member": (10_000, 600.0)})
    fanout = events.Fanout()
    store.listeners.append(fanout.deliver)
    code, secret = store.open(LECTURE)
    member = store.new_member()
    reading, moves = store.room, []

    def room_then_a_move(asked):  # the lecturer's click lands just after the stream read the room (once)
        current = reading(asked)
        if not moves:
            moves.append(None)  # the move reads the room too
            moves[0] = store.move(code, secret, {"update": "1", "substep": "draw"})
        return current

    store.room = room_then_a_move
    endpoint = events.route(lambda: store, fanout).endpoint
    request = SimpleNamespace(
        path_params={"code": code}, query_params={"member": member}, client=SimpleNamespace(host="203.0.113.7")
    )

    async def heard() -> list[str]:
        response = await endpoint(request)
        body = response.body_iterator
        said = [await asyncio.wait_for(anext(body), 2)]
        with contextlib.suppress(TimeoutError):  # the old place only, and then nothing: the move was lost
            said.append(await asyncio.wait_for(anext(body), 2))
        await body.aclose()
        return said

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # its own loop, whatever loop this thread runs
        said = pool.submit(asyncio.run, heard()).result()
    assert moves and f'"revision": {moves[0].revision}' in said[-1], said
