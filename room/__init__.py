"""The live room: a lecturer's walk-through that students' pages follow, with votes (no Streamlit here).

``store()`` is this process's one room store: in memory (the default, for one process such as
Streamlit Community Cloud), or in Redis when the environment variable ``ROOM_REDIS_URL`` (or the
Streamlit secret of that name) names one, so that replicas share rooms. ``routes()`` is the event
stream that pushes the room's changes to the pages (``room.events``); ``app.py`` mounts it.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

from room import keys
from room.events import Fanout, route
from room.memory_store import MemoryStore
from room.store import TTL, Event, Room, RoomError, RoomStore, RoomUnreachable, Tally, question_id

__all__ = [
    "Event", "Room", "RoomError", "RoomStore", "RoomUnreachable", "Tally", "TTL", "fanout", "question_id", "routes",
    "store",
]  # fmt: skip

fanout = Fanout()
_store: RoomStore | None = None
_lock = threading.Lock()
_listening: asyncio.Task | None = None


def redis_url() -> str | None:
    url = os.environ.get("ROOM_REDIS_URL", "").strip()
    if not url:
        try:
            import streamlit as st

            url = str(st.secrets.get("ROOM_REDIS_URL", "")).strip()
        except Exception:  # no secrets file: the default, rooms in memory
            url = ""
    return url or None


def store() -> RoomStore:
    """This process's room store, made on first use."""
    global _store
    with _lock:
        if _store is None:
            url = redis_url()
            if url:
                from room.redis_store import RedisStore

                _store = RedisStore(url=url, key=keys.configured())
            else:
                _store = MemoryStore(key=keys.configured(), key_file=keys.key_file())
                _store.listeners.append(fanout.deliver)
        return _store


async def _listen_to_redis() -> None:
    """Once per process: hand every change published in Redis (by any replica) to this process's streams."""
    global _listening
    if _listening is not None and not _listening.done():
        return
    import redis.asyncio as aioredis

    from room.redis_store import CHANNEL

    async def listen():
        while True:
            try:
                client = aioredis.Redis.from_url(redis_url(), decode_responses=True)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            fanout.deliver(Event(**json.loads(item["data"])))
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: try again in a moment
                await asyncio.sleep(1.0)

    _listening = asyncio.get_running_loop().create_task(listen())


def open_files_to_the_limit() -> None:
    """Raise this process's soft limit on open files to its hard limit: each follower holds two connections."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):  # not Linux, or not allowed: the streams' own limits still hold
        pass


def routes() -> list:
    """The custom HTTP routes for ``st.App``: the room's event stream."""
    open_files_to_the_limit()

    async def start_listening():
        if isinstance(store(), MemoryStore):
            return
        await _listen_to_redis()

    return [route(store, fanout, start_listening)]
